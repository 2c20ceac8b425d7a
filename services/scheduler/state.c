/* scheduler: the state per account and region, and its persistence.
 * A save is one record per region holding its schedule groups with their schedules and tags,
 * and the ClientTokens it remembers. */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/idempotency.h"
#include "../core/json_array.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "../core/tags.h"
#include "firing.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1
/* How long a ClientToken is remembered. */
#define TOKEN_LIFETIME_SECONDS (8 * 3600.0)

double scheduler_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

cJSON *scheduler_group_add(struct scheduler_region *r, const char *name, double now)
{
    cJSON *group = cJSON_CreateObject();
    char *arn = arn_build("scheduler", r->region, r->account, "schedule-group/%s", name);
    cJSON_AddStringToObject(group, "Arn", arn);
    free(arn);
    cJSON_AddStringToObject(group, "Name", name);
    cJSON_AddStringToObject(group, "State", "ACTIVE");
    cJSON_AddNumberToObject(group, "CreationDate", now);
    cJSON_AddNumberToObject(group, "LastModificationDate", now);
    cJSON_AddItemToObject(group, "_tags", cJSON_CreateArray());
    cJSON_AddItemToObject(group, "_schedules", cJSON_CreateArray());
    json_sorted_insert(r->groups, group, "Name");
    return group;
}

static void *region_create(const char *account, const char *region)
{
    struct scheduler_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->groups = cJSON_CreateArray();
    r->tokens = idempotency_store_new(TOKEN_LIFETIME_SECONDS);
    scheduler_group_add(r, "default", scheduler_now());
    return r;
}

static void region_destroy(void *state)
{
    struct scheduler_region *r = state;
    cJSON_Delete(r->groups);
    idempotency_store_free(r->tokens);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct scheduler_region *scheduler_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct scheduler_region *scheduler_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void scheduler_regions_each(void (*fn)(struct scheduler_region *r, void *arg), void *arg)
{
    for (size_t i = 0; i < regions.count; i++)
        fn(regions.entries[i].state, arg);
}

void scheduler_regions_reset(void)
{
    regional_states_reset(&regions);
    scheduler_firing_refresh();
}

cJSON *scheduler_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct scheduler_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON_AddItemToObject(item, "schedule_groups", cJSON_Duplicate(r->groups, 1));
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
        const struct scheduler_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddItemReferenceToObject(record, "groups", r->groups);
        cJSON *tokens = idempotency_store_save(r->tokens);
        if (tokens)
            cJSON_AddItemToObject(record, "tokens", tokens);
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

static bool schedule_valid(const cJSON *schedule)
{
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(schedule, "Target");
    return record_string(schedule, "Name") && record_string(schedule, "Arn") &&
           record_string(schedule, "ScheduleExpression") && record_string(target, "Arn") &&
           cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(schedule, "_next"));
}

static bool group_valid(const cJSON *group)
{
    const cJSON *schedules = cJSON_GetObjectItemCaseSensitive(group, "_schedules");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(group, "_tags");
    if (!record_string(group, "Name") || !record_string(group, "Arn") ||
        !cJSON_IsArray(schedules) || !tags_set_valid(tags))
        return false;
    const cJSON *schedule;
    cJSON_ArrayForEach(schedule, schedules)
        if (!schedule_valid(schedule))
            return false;
    return true;
}

static int load_region(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    struct scheduler_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(record, "groups");
    if (!cJSON_IsArray(groups))
        return state_refuse(r, "a region without its schedule groups");
    const cJSON *group;
    cJSON_ArrayForEach(group, groups)
        if (!group_valid(group))
            return state_refuse(r, "a schedule group without a name, an ARN, tags or schedules");
    const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(record, "tokens");
    struct scheduler_region *state = scheduler_region_get(account, region);
    if (tokens && idempotency_store_load(state->tokens, tokens) != 0)
        return state_refuse(r, "client tokens that are not a saved token list");
    cJSON_Delete(state->groups);
    state->groups = cJSON_Duplicate(groups, 1);
    scheduler_firing_refresh();
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

const struct service_persistence scheduler_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
