/* events: the state per account and region, and its persistence.
 * A save is one record per region holding its event buses with their rules and targets. */
#include "state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "archives.h"
#include "buses.h"
#include "schedule.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

static void *region_create(const char *account, const char *region)
{
    struct events_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->buses = cJSON_CreateArray();
    r->archives = cJSON_CreateArray();
    r->replays = cJSON_CreateArray();
    r->connections = cJSON_CreateArray();
    r->api_destinations = cJSON_CreateArray();
    bus_add(r, "default");
    return r;
}

static void region_destroy(void *state)
{
    struct events_region *r = state;
    cJSON_Delete(r->buses);
    cJSON_Delete(r->archives);
    cJSON_Delete(r->replays);
    cJSON_Delete(r->connections);
    cJSON_Delete(r->api_destinations);
    free(r);
}

double events_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct events_region *events_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct events_region *events_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void events_regions_reset(void)
{
    regional_states_reset(&regions);
}

void events_regions_each(void (*fn)(struct events_region *r, void *arg), void *arg)
{
    for (size_t i = 0; i < regions.count; i++)
        fn(regions.entries[i].state, arg);
}

cJSON *events_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct events_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON_AddItemToObject(item, "event_buses", cJSON_Duplicate(r->buses, 1));
        cJSON_AddItemToObject(item, "archives", cJSON_Duplicate(r->archives, 1));
        cJSON_AddItemToObject(item, "replays", cJSON_Duplicate(r->replays, 1));
        cJSON_AddItemToObject(item, "connections", cJSON_Duplicate(r->connections, 1));
        cJSON_AddItemToObject(item, "api_destinations", cJSON_Duplicate(r->api_destinations, 1));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

/* The lists a region record carries beside its buses, each an array of objects saved whole. */
static const struct {
    const char *name;
    size_t offset;
} region_lists[] = {
    {"archives", offsetof(struct events_region, archives)},
    {"replays", offsetof(struct events_region, replays)},
    {"connections", offsetof(struct events_region, connections)},
    {"api_destinations", offsetof(struct events_region, api_destinations)},
};

static cJSON **region_list(const struct events_region *r, size_t offset)
{
    return (cJSON **)((char *)r + offset);
}

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct events_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddItemReferenceToObject(record, "buses", r->buses);
        for (size_t k = 0; k < sizeof region_lists / sizeof region_lists[0]; k++)
            cJSON_AddItemReferenceToObject(record, region_lists[k].name,
                                           *region_list(r, region_lists[k].offset));
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
    struct events_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    const cJSON *buses = cJSON_GetObjectItemCaseSensitive(record, "buses");
    const cJSON *bus;
    cJSON_ArrayForEach(bus, buses) {
        if (!record_string(bus, "Name") || !record_string(bus, "Arn") ||
            !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(bus, "_rules")))
            return state_refuse(r, "an event bus without a name, an ARN or its rules");
    }
    for (size_t k = 0; k < sizeof region_lists / sizeof region_lists[0]; k++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(record, region_lists[k].name);
        if (list && !cJSON_IsArray(list))
            return state_refuse(r, "%s that are not a list", region_lists[k].name);
        const cJSON *item;
        cJSON_ArrayForEach(item, list) {
            if (!cJSON_IsObject(item))
                return state_refuse(r, "one of the %s is not an object", region_lists[k].name);
        }
    }
    struct events_region *state = events_region_get(account, region);
    if (cJSON_IsArray(buses)) {
        cJSON_Delete(state->buses);
        state->buses = cJSON_Duplicate(buses, 1);
    }
    for (size_t k = 0; k < sizeof region_lists / sizeof region_lists[0]; k++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(record, region_lists[k].name);
        if (!list)
            continue;
        cJSON **mine = region_list(state, region_lists[k].offset);
        cJSON_Delete(*mine);
        *mine = cJSON_Duplicate(list, 1);
    }
    /* a load at start comes before the event loop runs (and before the services replays and
     * schedules deliver to are loaded): they move on once it does */
    loop_call_when_running(events_replays_resume);
    loop_call_when_running(events_schedules_changed);
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

const struct service_persistence events_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
