/* Saved Logs Insights query definitions: created and replaced whole by PutQueryDefinition,
 * listed by name prefix a page at a time, deleted by id. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "groups.h"
#include "ops.h"

static cJSON *definition_for_call(struct call *c, const struct logs_region *r, const char *id)
{
    cJSON *d = entry_named(r->query_definitions, "queryDefinitionId", id);
    if (!d)
        call_fail_resource_not_found(c, "The specified query definition does not exist.");
    return d;
}

/* Keeps the list in name order (then id), as DescribeQueryDefinitions pages through it. */
static void insert_by_name(cJSON *list, cJSON *d)
{
    const char *name = param_string(d, "name");
    const char *id = param_string(d, "queryDefinitionId");
    int at = 0;
    const cJSON *other;
    cJSON_ArrayForEach(other, list) {
        int order = strcmp(param_string(other, "name"), name);
        if (order > 0 || (order == 0 && strcmp(param_string(other, "queryDefinitionId"), id) > 0))
            break;
        at++;
    }
    if (at < cJSON_GetArraySize(list))
        cJSON_InsertItemInArray(list, at, d);
    else
        cJSON_AddItemToArray(list, d);
}

OPERATION(logs_put_query_definition)
{
    struct logs_region *r = logs_state(c);
    const char *id = param_string(in, "queryDefinitionId");
    char fresh[37];
    const char *token = param_string(in, "clientToken");
    /* A retried create (same client token) answers the definition the first try made. */
    const cJSON *made = token && !id ? entry_named(r->query_definitions, "_clientToken", token)
                                     : NULL;
    if (made) {
        cJSON_AddStringToObject(out, "queryDefinitionId", param_string(made, "queryDefinitionId"));
        return 0;
    }
    if (id) {
        cJSON *old = definition_for_call(c, r, id);
        if (!old)
            return -1;
        cJSON_Delete(cJSON_DetachItemViaPointer(r->query_definitions, old));
    } else {
        uuid_new(fresh);
        id = fresh;
    }
    /* An update replaces every member: what the request leaves out is gone. */
    cJSON *d = cJSON_CreateObject();
    const char *language = param_string(in, "queryLanguage");
    cJSON_AddStringToObject(d, "queryLanguage", language ? language : "CWLI");
    cJSON_AddStringToObject(d, "queryDefinitionId", id);
    cJSON_AddStringToObject(d, "name", param_string(in, "name"));
    cJSON_AddStringToObject(d, "queryString", param_string(in, "queryString"));
    cJSON_AddNumberToObject(d, "lastModified", (double)logs_now_ms());
    cJSON *groups = param_copy(in, "logGroupNames");
    cJSON_AddItemToObject(d, "logGroupNames", groups ? groups : cJSON_CreateArray());
    cJSON *parameters = param_copy(in, "parameters");
    if (parameters)
        cJSON_AddItemToObject(d, "parameters", parameters);
    if (token)
        cJSON_AddStringToObject(d, "_clientToken", token);
    insert_by_name(r->query_definitions, d);
    cJSON_AddStringToObject(out, "queryDefinitionId", id);
    return 0;
}

OPERATION(logs_describe_query_definitions)
{
    struct logs_region *r = logs_state(c);
    const char *prefix = param_string(in, "queryDefinitionNamePrefix");
    const char *language = param_string(in, "queryLanguage");
    long size;
    if (page_size_read(in, "maxResults", 1, 1000, 1000, &size) != 0)
        return logs_fail_invalid_parameter(c, "maxResults must be between 1 and 1000.");
    long from = page_token_index(param_string(in, "nextToken"));
    if (from < 0)
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    cJSON *list = cJSON_AddArrayToObject(out, "queryDefinitions");
    long matched = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, r->query_definitions) {
        if (prefix && strncmp(param_string(d, "name"), prefix, strlen(prefix)) != 0)
            continue;
        if (language && strcmp(param_string(d, "queryLanguage"), language) != 0)
            continue;
        if (matched >= from + size) {
            page_token_add_index(out, "nextToken", (size_t)(from + size));
            break;
        }
        if (matched >= from)
            cJSON_AddItemToArray(list, json_public_copy(d));
        matched++;
    }
    return 0;
}

OPERATION(logs_delete_query_definition)
{
    struct logs_region *r = logs_state(c);
    cJSON *d = definition_for_call(c, r, param_string(in, "queryDefinitionId"));
    if (!d)
        return -1;
    cJSON_Delete(cJSON_DetachItemViaPointer(r->query_definitions, d));
    cJSON_AddBoolToObject(out, "success", true);
    return 0;
}
