/* A persistence round trip for unit tests (persist.h): the backend's whole state saved into
 * memory, loaded into the emptied service, and saved again must give the same records and the
 * same /moto-api/data.json state. Include after check.h. */
#ifndef MOTOC_TEST_PERSISTENCE_CHECK_H
#define MOTOC_TEST_PERSISTENCE_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../services/core/backend.h"

/* A save kept in memory: the records, and no files (these states hold none). */
struct memory_writer {
    struct state_writer base;
    cJSON *records;
};

static inline int keep_record(struct state_writer *w, const cJSON *record)
{
    struct memory_writer *m = (struct memory_writer *)w;
    cJSON_AddItemToArray(m->records, cJSON_Duplicate(record, true));
    return 0;
}

static inline int refuse_file(struct state_writer *w, const char *path, const char *name)
{
    (void)w, (void)path, (void)name;
    return -1;
}

static inline cJSON *save_to_memory(const struct service_persistence *p)
{
    struct memory_writer w = {{keep_record, refuse_file}, cJSON_CreateArray()};
    CHECK(p->save(&w.base) == 0, "saves");
    return w.records;
}

struct memory_reader {
    struct state_reader base;
    char refusal[512];
};

static inline const char *no_file(struct state_reader *r, const char *name)
{
    (void)r, (void)name;
    return NULL;
}

static inline void note_refusal(struct state_reader *r, const char *message)
{
    struct memory_reader *m = (struct memory_reader *)r;
    snprintf(m->refusal, sizeof m->refusal, "%s", message);
}

static inline char *state_text(const struct service_backend *b)
{
    cJSON *state = b->state_json ? b->state_json() : NULL;
    char *text = state ? cJSON_PrintUnformatted(state) : NULL;
    cJSON_Delete(state);
    return text;
}

/* Save, load into an emptied service, save again: the same records and the same state. */
static inline void check_persistence_round_trip(const struct service_backend *b)
{
    const struct service_persistence *p = b->persistence;
    if (!p)
        return;
    CHECK(p->format_version >= 1 && p->save && p->load &&
              (p->regional_states || (p->detach && p->attach && p->discard)),
          "%s implements the whole contract", b->service);
    char *state_before = state_text(b);
    cJSON *saved = save_to_memory(p);
    void *running = persistence_detach(p);
    struct memory_reader reader = {{no_file, note_refusal}, ""};
    const cJSON *record;
    cJSON_ArrayForEach(record, saved)
        CHECK(p->load(&reader.base, record, p->format_version) == 0, "%s loads its record: %s",
              b->service, reader.refusal);
    persistence_discard(p, running);
    cJSON *saved_again = save_to_memory(p);
    CHECK(cJSON_Compare(saved, saved_again, true), "%s saves what it loaded", b->service);
    char *state_after = state_text(b);
    CHECK((!state_before && !state_after) ||
              (state_before && state_after && strcmp(state_before, state_after) == 0),
          "%s has the state it saved", b->service);
    cJSON_Delete(saved);
    cJSON_Delete(saved_again);
    free(state_before);
    free(state_after);
}

#endif
