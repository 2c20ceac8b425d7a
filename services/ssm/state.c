/* ssm: the state per account and region, and its persistence. A save is one record per region
 * (its documents, commands and maintenance windows) followed by one record per parameter. */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/regional_state.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

double ssm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

static void *region_create(const char *account, const char *region)
{
    struct ssm_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->parameters = cJSON_CreateArray();
    r->documents = cJSON_CreateArray();
    r->commands = cJSON_CreateArray();
    r->maintenance_windows = cJSON_CreateArray();
    return r;
}

static void region_destroy(void *state)
{
    struct ssm_region *r = state;
    strmap_clear(&r->parameters_by_name);
    cJSON_Delete(r->parameters);
    cJSON_Delete(r->documents);
    cJSON_Delete(r->commands);
    cJSON_Delete(r->maintenance_windows);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct ssm_region *ssm_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct ssm_region *ssm_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

const char *member_string(const cJSON *object, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Parameter Store takes "/name" and "name" for one parameter when the name has no other
 * slash: the key is the name without that slash. */
static const char *parameter_key(const char *name)
{
    return name[0] == '/' && !strchr(name + 1, '/') ? name + 1 : name;
}

cJSON *ssm_parameter_find(struct ssm_region *r, const char *name)
{
    return name ? strmap_get(&r->parameters_by_name, parameter_key(name)) : NULL;
}

void ssm_parameter_insert(struct ssm_region *r, cJSON *parameter)
{
    cJSON_AddItemToArray(r->parameters, parameter);
    strmap_put(&r->parameters_by_name, parameter_key(member_string(parameter, "Name")), parameter);
}

bool ssm_parameter_delete(struct ssm_region *r, const char *name)
{
    cJSON *parameter = strmap_remove(&r->parameters_by_name, parameter_key(name));
    if (!parameter)
        return false;
    cJSON_Delete(cJSON_DetachItemViaPointer(r->parameters, parameter));
    return true;
}

void ssm_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *ssm_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct ssm_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *names = cJSON_AddArrayToObject(item, "parameters");
        const cJSON *p;
        cJSON_ArrayForEach(p, r->parameters)
            cJSON_AddItemToArray(names, cJSON_CreateString(member_string(p, "Name")));
        cJSON_AddNumberToObject(item, "documents", cJSON_GetArraySize(r->documents));
        cJSON_AddNumberToObject(item, "commands", cJSON_GetArraySize(r->commands));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static cJSON *record_new(const char *type, const struct ssm_region *r)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", type);
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    return record;
}

/* Writes record and drops it; 0 or -1. */
static int write_record(struct state_writer *w, cJSON *record)
{
    int rc = w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct ssm_region *r = regions.entries[i].state;
        cJSON *record = record_new("region", r);
        cJSON_AddItemReferenceToObject(record, "documents", r->documents);
        cJSON_AddItemReferenceToObject(record, "commands", r->commands);
        cJSON_AddItemReferenceToObject(record, "maintenance_windows", r->maintenance_windows);
        if (write_record(w, record) != 0)
            return -1;
        const cJSON *p;
        cJSON_ArrayForEach(p, r->parameters) {
            record = record_new("parameter", r);
            cJSON_AddItemReferenceToObject(record, "parameter", (cJSON *)p);
            if (write_record(w, record) != 0)
                return -1;
        }
    }
    return 0;
}

static bool fits(const char *text, size_t size)
{
    return text && text[0] && strlen(text) < size;
}

static struct ssm_region *record_region(struct state_reader *reader, const cJSON *record)
{
    const char *account = member_string(record, "account");
    const char *region = member_string(record, "region");
    struct ssm_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region)) {
        state_refuse(reader, "a record needs an account and a region");
        return NULL;
    }
    return ssm_region_get(account, region);
}

/* Replaces *slot with a copy of record[name] when it is an array. */
static int load_list(struct state_reader *reader, const cJSON *record, const char *name,
                     cJSON **slot)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(record, name);
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return state_refuse(reader, "%s is not a list", name);
    cJSON_Delete(*slot);
    *slot = cJSON_Duplicate(list, true);
    return 0;
}

static int load_region(struct state_reader *reader, const cJSON *record)
{
    struct ssm_region *r = record_region(reader, record);
    if (!r)
        return -1;
    if (load_list(reader, record, "documents", &r->documents) != 0 ||
        load_list(reader, record, "commands", &r->commands) != 0 ||
        load_list(reader, record, "maintenance_windows", &r->maintenance_windows) != 0)
        return -1;
    return 0;
}

static int load_parameter(struct state_reader *reader, const cJSON *record)
{
    struct ssm_region *r = record_region(reader, record);
    if (!r)
        return -1;
    const cJSON *parameter = cJSON_GetObjectItemCaseSensitive(record, "parameter");
    const char *name = member_string(parameter, "Name");
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(parameter, "Versions");
    if (!name || !cJSON_IsArray(versions) || cJSON_GetArraySize(versions) == 0)
        return state_refuse(reader, "a parameter needs a name and versions");
    if (ssm_parameter_find(r, name))
        return state_refuse(reader, "parameter %s saved twice", name);
    ssm_parameter_insert(r, cJSON_Duplicate(parameter, true));
    return 0;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = member_string(record, "type");
    if (!type)
        return state_refuse(r, "a record without a type");
    if (strcmp(type, "region") == 0)
        return load_region(r, record);
    if (strcmp(type, "parameter") == 0)
        return load_parameter(r, record);
    return 0; /* record kinds of a newer motoc are passed over */
}

const struct service_persistence ssm_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
