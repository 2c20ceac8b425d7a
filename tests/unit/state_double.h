/* An in-memory stand-in for the persistence kit (services/core/persist.h): records go through
 * JSON text into an array, as a save file would carry them, and kept files are copied into a
 * temporary directory. Loads run as the kit runs them: detach, load every record, then discard
 * the old state or, after a refusal, attach it back. */
#ifndef MOTOC_TEST_STATE_DOUBLE_H
#define MOTOC_TEST_STATE_DOUBLE_H

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../../services/core/persist.h"

struct state_double {
    struct state_writer writer;
    struct state_reader reader;
    cJSON *records; /* the records saved, parsed back from their text */
    char dir[64];   /* where kept files are copied */
    char path[PATH_MAX + 128];
    int files_kept;
    int duplicate_file_names;
    char refusal[512]; /* the last refusal's message, "" if none */
};

static int double_record(struct state_writer *w, const cJSON *record)
{
    struct state_double *d = (struct state_double *)w;
    char *text = cJSON_PrintUnformatted(record);
    cJSON *parsed = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!parsed)
        return -1;
    cJSON_AddItemToArray(d->records, parsed);
    return 0;
}

static int double_file(struct state_writer *w, const char *path, const char *name)
{
    struct state_double *d = (struct state_double *)w;
    char to[PATH_MAX + 128];
    snprintf(to, sizeof to, "%s/%s", d->dir, name);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0)
        d->duplicate_file_names++;
    bool ok = in >= 0 && out >= 0;
    char chunk[65536];
    ssize_t n;
    while (ok && (n = read(in, chunk, sizeof chunk)) > 0)
        ok = write(out, chunk, (size_t)n) == n;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    d->files_kept++;
    return ok ? 0 : -1;
}

static const char *double_file_path(struct state_reader *r, const char *name)
{
    struct state_double *d = (struct state_double *)((char *)r - offsetof(struct state_double,
                                                                          reader));
    snprintf(d->path, sizeof d->path, "%s/%s", d->dir, name);
    return access(d->path, R_OK) == 0 ? d->path : NULL;
}

static void double_refuse(struct state_reader *r, const char *message)
{
    struct state_double *d = (struct state_double *)((char *)r - offsetof(struct state_double,
                                                                          reader));
    snprintf(d->refusal, sizeof d->refusal, "%s", message);
}

static void state_double_init(struct state_double *d)
{
    memset(d, 0, sizeof *d);
    d->writer.record = double_record;
    d->writer.file = double_file;
    d->reader.file_path = double_file_path;
    d->reader.refuse = double_refuse;
    d->records = cJSON_CreateArray();
    snprintf(d->dir, sizeof d->dir, "/tmp/motoc-state-test-XXXXXX");
    if (!mkdtemp(d->dir)) {
        perror("mkdtemp");
        exit(1);
    }
}

/* Empties the save (records and files) for another one. */
static void state_double_clear(struct state_double *d)
{
    cJSON_Delete(d->records);
    d->records = cJSON_CreateArray();
    char command[128];
    snprintf(command, sizeof command, "rm -f %s/*", d->dir);
    if (system(command) != 0)
        fprintf(stderr, "cannot empty %s\n", d->dir);
    d->files_kept = d->duplicate_file_names = 0;
}

static void state_double_free(struct state_double *d)
{
    state_double_clear(d);
    rmdir(d->dir);
    cJSON_Delete(d->records);
    d->records = NULL;
}

static int state_double_save(struct state_double *d, const struct service_persistence *p)
{
    state_double_clear(d);
    return p->save(&d->writer);
}

/* Loads records (the save's, when NULL) as the kit does; 0 or -1 after a refusal. */
static int state_double_load_records(struct state_double *d, const struct service_persistence *p,
                                     const cJSON *records)
{
    d->refusal[0] = '\0';
    if (!records)
        records = d->records;
    void *previous = persistence_detach(p);
    const cJSON *rec;
    cJSON_ArrayForEach(rec, records)
    {
        if (p->load(&d->reader, rec, p->format_version) != 0) {
            persistence_attach(p, previous);
            return -1;
        }
    }
    persistence_discard(p, previous);
    return 0;
}

static int state_double_load(struct state_double *d, const struct service_persistence *p)
{
    return state_double_load_records(d, p, NULL);
}

#endif
