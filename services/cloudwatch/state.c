/* cloudwatch: the state per account and region, and its persistence.
 * A save is one record per region holding the region's whole document. */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/regional_state.h"
#include "../core/persist_record.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

double cloudwatch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

static void *region_create(const char *account, const char *region)
{
    struct cloudwatch_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->doc = cJSON_CreateObject();
    return r;
}

static void region_destroy(void *state)
{
    struct cloudwatch_region *r = state;
    cJSON_Delete(r->doc);
    cJSON_Delete(r->service_metrics);
    free(r);
}

static cJSON *member(struct cloudwatch_region *r, const char *name, bool array)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(r->doc, name);
    if (!m || (array ? !cJSON_IsArray(m) : !cJSON_IsObject(m))) {
        cJSON_DeleteItemFromObjectCaseSensitive(r->doc, name);
        m = array ? cJSON_CreateArray() : cJSON_CreateObject();
        cJSON_AddItemToObject(r->doc, name, m);
    }
    return m;
}

cJSON *cloudwatch_list(struct cloudwatch_region *r, const char *name)
{
    return member(r, name, true);
}

cJSON *cloudwatch_object(struct cloudwatch_region *r, const char *name)
{
    return member(r, name, false);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct cloudwatch_region *cloudwatch_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct cloudwatch_region *cloudwatch_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void cloudwatch_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *cloudwatch_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct cloudwatch_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON_AddItemToObject(item, "state", cJSON_Duplicate(r->doc, true));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct cloudwatch_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddItemToObject(record, "state", cJSON_Duplicate(r->doc, true));
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static bool fits(const char *text, size_t size)
{
    return text && text[0] && strlen(text) < size;
}

static int load_region(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    struct cloudwatch_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    const cJSON *doc = cJSON_GetObjectItemCaseSensitive(record, "state");
    if (doc && !cJSON_IsObject(doc))
        return state_refuse(r, "a region's state must be an object");
    struct cloudwatch_region *loaded = cloudwatch_region_get(account, region);
    if (doc) {
        cJSON_Delete(loaded->doc);
        loaded->doc = cJSON_Duplicate(doc, true);
    }
    return 0;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(r, "a record without a type");
    if (strcmp(type, "region") == 0)
        return load_region(r, record);
    return state_refuse(r, "unknown record type %s", type);
}

const struct service_persistence cloudwatch_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
