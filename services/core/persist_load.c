/* Loading: the current generation's manifest, then every backend's records into an emptied
 * state; a refusal anywhere puts every backend's previous state back. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "persist_dir.h"
#include "persist_file.h"
#include "persist_layout.h"
#include "persist_store.h"
#include "regional_state.h"

/* A backend's state_reader: its folder of kept files, and what it refused. */
struct record_source {
    struct state_reader base;
    char *files_dir;
    char **paths; /* handed out for the record being loaded */
    size_t path_count, path_cap;
    bool refused;
    char refusal[512];
};

static const char *source_file_path(struct state_reader *r, const char *name)
{
    struct record_source *s = (struct record_source *)r;
    if (!name || !persist_valid_file_name(name))
        return NULL;
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/%s", s->files_dir, name);
    struct stat st;
    if (stat(path.data, &st) != 0 || !S_ISREG(st.st_mode)) {
        buf_free(&path);
        return NULL;
    }
    if (s->path_count == s->path_cap) {
        s->path_cap = s->path_cap ? s->path_cap * 2 : 4;
        s->paths = xrealloc(s->paths, s->path_cap * sizeof *s->paths);
    }
    s->paths[s->path_count] = buf_take(&path);
    return s->paths[s->path_count++];
}

static void source_refuse(struct state_reader *r, const char *message)
{
    struct record_source *s = (struct record_source *)r;
    if (s->refused)
        return;
    s->refused = true;
    snprintf(s->refusal, sizeof s->refusal, "%s", message);
}

static void source_forget_paths(struct record_source *s)
{
    for (size_t i = 0; i < s->path_count; i++)
        free(s->paths[i]);
    s->path_count = 0;
}

/* The manifest's entries, checked: an array of {"service", "file", "records"}. */
static int read_manifest(const char *generation, cJSON **entries, char *err, size_t size)
{
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/" PERSIST_MANIFEST_FILE, generation);
    struct persist_file_reader *r = persist_file_open(path.data, err, size);
    buf_free(&path);
    if (!r)
        return -1;
    int rc = 0;
    if (strcmp(persist_file_service(r), PERSIST_MANIFEST_SERVICE) != 0) {
        snprintf(err, size, "%s: byte 0: not a manifest", persist_file_path(r));
        rc = -1;
    }
    *entries = cJSON_CreateArray();
    const cJSON *entry;
    while (rc == 0 && (rc = persist_file_next(r, &entry, err, size)) == 1) {
        const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "file"));
        const char *service =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "service"));
        if (!service || !file || !persist_valid_file_name(file)) {
            snprintf(err, size, "%s: byte %" PRIu64 ": an entry without a service or file name",
                     persist_file_path(r), persist_file_record_offset(r));
            rc = -1;
            break;
        }
        cJSON_AddItemToArray(*entries, cJSON_Duplicate(entry, true));
        rc = 0;
    }
    persist_file_close(r);
    if (rc != 0) {
        cJSON_Delete(*entries);
        *entries = NULL;
        return -1;
    }
    return 0;
}

static const cJSON *manifest_entry(const cJSON *entries, const char *service)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, entries)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "service"));
        if (strcmp(name, service) == 0)
            return e;
    }
    return NULL;
}

static int load_records(const struct service_persistence *p, struct persist_file_reader *r,
                        struct record_source *src, uint64_t *count, char *err, size_t size)
{
    int version = persist_file_service_version(r);
    const cJSON *record;
    int got;
    *count = 0;
    while ((got = persist_file_next(r, &record, err, size)) == 1) {
        int rc = p->load(&src->base, record, version);
        source_forget_paths(src);
        if (rc != 0 || src->refused) {
            snprintf(err, size, "%s: byte %" PRIu64 ": %s", persist_file_path(r),
                     persist_file_record_offset(r),
                     src->refused ? src->refusal : "the record could not be loaded");
            return -1;
        }
        (*count)++;
    }
    return got;
}

static int load_backend(const struct service_backend *b, const char *generation,
                        const cJSON *entry, char *err, size_t size)
{
    const struct service_persistence *p = b->persistence;
    struct buf path = BUF_INIT, files_dir = BUF_INIT;
    buf_printf(&path, "%s/%s", generation,
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "file")));
    buf_printf(&files_dir, "%s/%s" PERSIST_FILES_SUFFIX, generation, b->service);
    struct persist_file_reader *r = persist_file_open(path.data, err, size);
    buf_free(&path);
    struct record_source src = {.base = {source_file_path, source_refuse},
                                .files_dir = files_dir.data};
    int rc = r ? 0 : -1;
    if (rc == 0 && strcmp(persist_file_service(r), b->service) != 0) {
        snprintf(err, size, "%s: byte 0: holds the state of %s, not of %s", persist_file_path(r),
                 persist_file_service(r), b->service);
        rc = -1;
    } else if (rc == 0 && persist_file_service_version(r) > p->format_version) {
        snprintf(err, size,
                 "%s: byte 0: saved by a newer motoc (%s records of version %d; this motoc "
                 "reads version %d and older)",
                 persist_file_path(r), b->service, persist_file_service_version(r),
                 p->format_version);
        rc = -1;
    }
    uint64_t count = 0;
    if (rc == 0)
        rc = load_records(p, r, &src, &count, err, size);
    const cJSON *listed = cJSON_GetObjectItemCaseSensitive(entry, "records");
    if (rc == 0 && cJSON_IsNumber(listed) && listed->valuedouble != (double)count) {
        snprintf(err, size, "%s: holds %" PRIu64 " records, its manifest lists %.0f: the save is "
                 "corrupted", persist_file_path(r), count, listed->valuedouble);
        rc = -1;
    }
    persist_file_close(r);
    source_forget_paths(&src);
    free(src.paths);
    buf_free(&files_dir);
    return rc;
}

static void warn_unknown_services(const struct service_backend *const *backends,
                                  const cJSON *entries)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, entries)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "service"));
        bool known = false;
        for (const struct service_backend *const *b = backends; *b && !known; b++)
            known = strcmp((*b)->service, name) == 0 && (*b)->persistence;
        if (!known)
            log_msg(LOG_WARN, "the save holds state of %s, which this motoc does not load", name);
    }
}

void *persistence_detach(const struct service_persistence *p)
{
    return p->regional_states ? regional_states_detach(p->regional_states) : p->detach();
}

void persistence_attach(const struct service_persistence *p, void *detached)
{
    if (p->regional_states)
        regional_states_attach(p->regional_states, detached);
    else
        p->attach(detached);
}

void persistence_discard(const struct service_persistence *p, void *detached)
{
    if (p->regional_states)
        regional_states_discard(detached);
    else
        p->discard(detached);
}

static int load_generation(const struct service_backend *const *backends, const char *generation,
                           char *err, size_t size)
{
    cJSON *entries;
    if (read_manifest(generation, &entries, err, size) != 0)
        return -1;
    warn_unknown_services(backends, entries);
    size_t n = 0;
    while (backends[n])
        n++;
    void **detached = xcalloc(n + 1, sizeof *detached);
    for (size_t i = 0; i < n; i++)
        if (backends[i]->persistence)
            detached[i] = persistence_detach(backends[i]->persistence);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const cJSON *entry = manifest_entry(entries, backends[i]->service);
        if (backends[i]->persistence && entry)
            rc = load_backend(backends[i], generation, entry, err, size);
    }
    for (size_t i = 0; i < n; i++) {
        const struct service_persistence *p = backends[i]->persistence;
        if (!p)
            continue;
        if (rc == 0) {
            persistence_discard(p, detached[i]);
            continue;
        }
        /* What the refused load made goes first, then the state from before comes back. */
        if (backends[i]->reset)
            backends[i]->reset();
        persistence_attach(p, detached[i]);
    }
    free(detached);
    cJSON_Delete(entries);
    return rc;
}

int persist_load_backends(const struct service_backend *const *backends, const char *dir,
                          char *err, size_t size)
{
    struct save_dir d;
    int rc = save_dir_open(&d, dir, false, err, size);
    if (rc <= 0)
        return rc < 0 ? -1 : PERSIST_NOTHING_SAVED;
    char *generation = NULL;
    rc = save_dir_current(&d, &generation, err, size);
    if (rc == 1)
        rc = load_generation(backends, generation, err, size) == 0 ? PERSIST_LOADED : -1;
    else if (rc == 0)
        rc = PERSIST_NOTHING_SAVED;
    free(generation);
    save_dir_close(&d);
    return rc;
}
