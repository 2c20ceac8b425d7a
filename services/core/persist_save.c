/* Saving: every backend's records into its file of a new generation, the files it keeps beside
 * them, a manifest, then the switch to the new generation. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "link_or_copy.h"
#include "persist_dir.h"
#include "persist_file.h"
#include "persist_layout.h"
#include "persist_store.h"

/* A backend's state_writer: records go to its file, files into its folder. */
struct record_sink {
    struct state_writer base;
    struct persist_file_writer *file;
    char *files_dir;
    bool files_dir_made;
    char error[512]; /* a failure of file(), which the record file does not know of */
};

static int sink_record(struct state_writer *w, const cJSON *record)
{
    struct record_sink *s = (struct record_sink *)w;
    if (s->error[0])
        return -1;
    return persist_file_append(s->file, record);
}

static int sink_file(struct state_writer *w, const char *path, const char *name)
{
    struct record_sink *s = (struct record_sink *)w;
    if (s->error[0])
        return -1;
    if (!persist_valid_file_name(name)) {
        snprintf(s->error, sizeof s->error, "cannot keep a file named '%s' in a save", name);
        return -1;
    }
    if (!s->files_dir_made) {
        if (mkdir(s->files_dir, 0700) != 0 && errno != EEXIST) {
            snprintf(s->error, sizeof s->error, "%s: %s", s->files_dir, strerror(errno));
            return -1;
        }
        s->files_dir_made = true;
    }
    struct buf to = BUF_INIT;
    buf_printf(&to, "%s/%s", s->files_dir, name);
    int rc = link_or_copy(path, to.data);
    if (rc != 0)
        snprintf(s->error, sizeof s->error, "cannot keep %s as %s: %s", path, to.data,
                 errno == EEXIST ? "the save already holds a file of that name"
                                 : strerror(errno));
    buf_free(&to);
    return rc;
}

/* Saves one backend into generation; its manifest entry on success. */
static int save_backend(const struct service_backend *b, const char *generation,
                        cJSON **entry, char *err, size_t size)
{
    const struct service_persistence *p = b->persistence;
    struct buf path = BUF_INIT, file = BUF_INIT, files_dir = BUF_INIT;
    buf_printf(&file, "%s" PERSIST_RECORDS_SUFFIX, b->service);
    buf_printf(&path, "%s/%s", generation, file.data);
    buf_printf(&files_dir, "%s/%s" PERSIST_FILES_SUFFIX, generation, b->service);
    struct record_sink sink = {
        .base = {sink_record, sink_file},
        .file = persist_file_create(path.data, b->service, p->format_version, err, size),
        .files_dir = files_dir.data,
    };
    int rc = -1;
    if (sink.file) {
        int saved = p->save(&sink.base);
        uint64_t records = 0;
        if (sink.error[0]) {
            persist_file_abandon(sink.file);
            snprintf(err, size, "%s", sink.error);
        } else if (persist_file_finish(sink.file, &records, err, size) != 0) {
            /* err says why */
        } else if (saved != 0) {
            snprintf(err, size, "the %s service could not save its state", b->service);
        } else {
            *entry = cJSON_CreateObject();
            cJSON_AddStringToObject(*entry, "service", b->service);
            cJSON_AddStringToObject(*entry, "file", file.data);
            cJSON_AddNumberToObject(*entry, "records", (double)records);
            rc = 0;
        }
    }
    buf_free(&path);
    buf_free(&file);
    buf_free(&files_dir);
    return rc;
}

static int save_into(const struct service_backend *const *backends, const char *generation,
                     char *err, size_t size)
{
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/" PERSIST_MANIFEST_FILE, generation);
    struct persist_file_writer *manifest = persist_file_create(
        path.data, PERSIST_MANIFEST_SERVICE, PERSIST_MANIFEST_VERSION, err, size);
    buf_free(&path);
    if (!manifest)
        return -1;
    for (const struct service_backend *const *b = backends; *b; b++) {
        if (!(*b)->persistence) {
            log_msg(LOG_WARN, "the %s service has no persistence: its state is not saved",
                    (*b)->service);
            continue;
        }
        cJSON *entry = NULL;
        int rc = save_backend(*b, generation, &entry, err, size);
        if (rc == 0)
            rc = persist_file_append(manifest, entry);
        cJSON_Delete(entry);
        if (rc != 0) {
            persist_file_abandon(manifest);
            return -1;
        }
    }
    return persist_file_finish(manifest, NULL, err, size);
}

int persist_save_backends(const struct service_backend *const *backends, const char *dir,
                          char *err, size_t size)
{
    struct save_dir d;
    if (save_dir_open(&d, dir, true, err, size) != 1)
        return -1;
    char *generation = NULL;
    int rc = save_dir_begin(&d, &generation, err, size);
    if (rc == 0) {
        rc = save_into(backends, generation, err, size);
        if (rc == 0)
            rc = save_dir_commit(&d, generation, err, size);
        if (rc != 0)
            save_dir_discard(generation);
    }
    free(generation);
    save_dir_close(&d);
    return rc;
}
