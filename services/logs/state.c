/* logs: the state per account and region, and its persistence.
 * A save is one record per region (its destinations, policies, query definitions, queries,
 * deliveries, export tasks and account policies), followed by one record per log group holding the group's
 * streams and events. */
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

static void *region_create(const char *account, const char *region)
{
    struct logs_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->groups = cJSON_CreateArray();
    r->destinations = cJSON_CreateArray();
    r->resource_policies = cJSON_CreateArray();
    r->query_definitions = cJSON_CreateArray();
    r->queries = cJSON_CreateArray();
    r->delivery_sources = cJSON_CreateArray();
    r->delivery_destinations = cJSON_CreateArray();
    r->deliveries = cJSON_CreateArray();
    r->export_tasks = cJSON_CreateArray();
    r->account_policies = cJSON_CreateArray();
    r->next_event_id = 1;
    return r;
}

static void region_destroy(void *state)
{
    struct logs_region *r = state;
    cJSON_Delete(r->groups);
    cJSON_Delete(r->destinations);
    cJSON_Delete(r->resource_policies);
    cJSON_Delete(r->query_definitions);
    cJSON_Delete(r->queries);
    cJSON_Delete(r->delivery_sources);
    cJSON_Delete(r->delivery_destinations);
    cJSON_Delete(r->deliveries);
    cJSON_Delete(r->export_tasks);
    cJSON_Delete(r->account_policies);
    free(r);
}

int64_t logs_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct logs_region *logs_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct logs_region *logs_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void logs_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *logs_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct logs_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON_AddItemToObject(item, "log_groups", cJSON_Duplicate(r->groups, 1));
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
        const struct logs_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddNumberToObject(record, "nextEventId", (double)r->next_event_id);
        cJSON_AddItemReferenceToObject(record, "destinations", r->destinations);
        cJSON_AddItemReferenceToObject(record, "resourcePolicies", r->resource_policies);
        cJSON_AddItemReferenceToObject(record, "queryDefinitions", r->query_definitions);
        cJSON_AddItemReferenceToObject(record, "queries", r->queries);
        cJSON_AddItemReferenceToObject(record, "deliverySources", r->delivery_sources);
        cJSON_AddItemReferenceToObject(record, "deliveryDestinations", r->delivery_destinations);
        cJSON_AddItemReferenceToObject(record, "deliveries", r->deliveries);
        cJSON_AddItemReferenceToObject(record, "exportTasks", r->export_tasks);
        cJSON_AddItemReferenceToObject(record, "accountPolicies", r->account_policies);
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0)
            return -1;
        const cJSON *group;
        cJSON_ArrayForEach(group, r->groups) {
            record = cJSON_CreateObject();
            cJSON_AddStringToObject(record, "type", "logGroup");
            cJSON_AddStringToObject(record, "account", r->account);
            cJSON_AddStringToObject(record, "region", r->region);
            cJSON_AddItemReferenceToObject(record, "group", (cJSON *)group);
            rc = w->record(w, record);
            cJSON_Delete(record);
            if (rc != 0)
                return -1;
        }
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
    struct logs_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    struct logs_region *state = logs_region_get(account, region);
    static const char *const lists[] = {"destinations",         "resourcePolicies",
                                        "queryDefinitions",     "queries",
                                        "deliverySources",      "deliveryDestinations",
                                        "deliveries",           "exportTasks",
                                        "accountPolicies"};
    cJSON **targets[] = {&state->destinations,          &state->resource_policies,
                         &state->query_definitions,     &state->queries,
                         &state->delivery_sources,      &state->delivery_destinations,
                         &state->deliveries,            &state->export_tasks,
                         &state->account_policies};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(record, lists[i]);
        if (!list)
            continue;
        if (!cJSON_IsArray(list))
            return state_refuse(r, "a region's %s is not a list", lists[i]);
        cJSON_Delete(*targets[i]);
        *targets[i] = cJSON_Duplicate(list, 1);
    }
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(record, "nextEventId");
    if (cJSON_IsNumber(next) && next->valuedouble >= 1)
        state->next_event_id = (uint64_t)next->valuedouble;
    return 0;
}

static int load_group(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    const cJSON *group = cJSON_GetObjectItemCaseSensitive(record, "group");
    struct logs_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a log group record needs an account and a region");
    if (!cJSON_IsObject(group) || !record_string(group, "logGroupName") ||
        !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(group, "_streams")))
        return state_refuse(r, "a log group record without a named group and its streams");
    struct logs_region *state = logs_region_get(account, region);
    /* Saved in name order, so appending keeps the list sorted. */
    cJSON_AddItemToArray(state->groups, cJSON_Duplicate(group, 1));
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
    if (strcmp(type, "logGroup") == 0)
        return load_group(r, record);
    return state_refuse(r, "unknown record type %s", type);
}

const struct service_persistence logs_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
