/* The persistence contract: how a backend saves its whole state and loads it back. The kit owns
 * the files (layout, format version, checksums, atomic replacement, error reports naming file and
 * offset); a backend only turns its state into records and records back into state.
 *
 * A save is a stream of records, JSON objects written one at a time, so saving never holds more
 * than one record in memory: a table of a million items is a million records, not one. Large
 * byte payloads (S3 object bodies) are not records: they are files kept beside them, linked or
 * copied, never read into memory. */
#ifndef MOTOC_PERSIST_H
#define MOTOC_PERSIST_H

#include <stdarg.h>
#include <stdio.h>

#include <cjson/cJSON.h>

/* Where a backend's save goes. */
struct state_writer {
    /* Appends record (not taken). 0, or -1 after an I/O error: the whole save then fails. */
    int (*record)(struct state_writer *w, const cJSON *record);
    /* Keeps the bytes of the file at path beside the records under name (unique within the
     * service's save; letters, digits, '.', '_' and '-'). 0, or -1 as above. */
    int (*file)(struct state_writer *w, const char *path, const char *name);
};

/* What a backend's load reads from besides the records themselves. */
struct state_reader {
    /* The path of the file saved under name, or NULL when the save holds none by that name. The
     * file belongs to the save: a backend that keeps it links or copies it (link_or_copy.h). The
     * path is valid until load returns. */
    const char *(*file_path)(struct state_reader *r, const char *name);
    /* Refuses the load; message says what is wrong with the record being loaded. The kit adds
     * the file and offset. */
    void (*refuse)(struct state_reader *r, const char *message);
};

/* Refuses the load with a formatted message and returns -1, so loaders can
 * `return state_refuse(r, "queue without a name");`. */
static inline int state_refuse(struct state_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int state_refuse(struct state_reader *r, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    r->refuse(r, message);
    return -1;
}

/* A backend's side of the contract (struct service_backend's persistence member). */
struct regional_states;

struct service_persistence {
    /* The version of this service's record format, written into every save; a save with a
     * newer version than the running motoc knows is refused. Unknown members of a record are
     * ignored, so adding members does not need a new version. */
    int format_version;
    /* Writes every record of the whole state (every account and region). 0, or -1. */
    int (*save)(struct state_writer *w);
    /* Rebuilds state from one record, called for each record in the order they were saved, on
     * an empty state. version is the save's format_version. 0, or -1 after state_refuse(). */
    int (*load)(struct state_reader *r, const cJSON *record, int version);
    /* A load first moves the running state aside (the service is then empty), and afterwards
     * either discards it (the load succeeded) or, after a refused load, resets the half-loaded
     * state and attaches the old one back as it was: nothing ever runs half-loaded. */
    void *(*detach)(void);
    void (*attach)(void *detached);
    void (*discard)(void *detached);
    /* A service whose whole state is one regional_states table names it here instead of giving
     * detach, attach and discard: the table's own are used. */
    struct regional_states *regional_states;
};

/* A service's detach, attach and discard, from its functions or its regional_states table. */
void *persistence_detach(const struct service_persistence *p);
void persistence_attach(const struct service_persistence *p, void *detached);
void persistence_discard(const struct service_persistence *p, void *detached);

#endif
