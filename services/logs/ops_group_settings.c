/* Settings a log group carries beside its events: a data protection policy, a field index
 * policy, a transformer and deletion protection. motoc stores and answers them; it does not
 * mask, index or transform events. */
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "groups.h"
#include "ops.h"

/* The JSON document a request member holds, parsed; NULL after failing the call when it is not
 * a JSON object. */
static cJSON *policy_document(struct call *c, const cJSON *in, const char *member,
                              const char *what)
{
    cJSON *doc = cJSON_Parse(param_string(in, member));
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        logs_fail_invalid_parameter(c, "The %s is not a valid JSON document.", what);
        return NULL;
    }
    return doc;
}

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddItemToObject(obj, name, value);
}

/* The identifier a group is answered under: the ARN without ":*" when asked by ARN, else the
 * name, as the request gave it. */
static const char *identifier_asked(const cJSON *in)
{
    const char *id = param_string(in, "logGroupIdentifier");
    return id ? id : param_string(in, "logGroupName");
}

/* ---- data protection ---- */

OPERATION(logs_put_data_protection_policy)
{
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    cJSON *doc = policy_document(c, in, "policyDocument", "data protection policy");
    if (!doc)
        return -1;
    bool has_statements = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "Statement"));
    cJSON_Delete(doc);
    if (!has_statements)
        return logs_fail_invalid_parameter(c, "A data protection policy needs a Statement list.");
    double now = (double)logs_now_ms();
    cJSON *policy = cJSON_CreateObject();
    cJSON_AddStringToObject(policy, "policyDocument", param_string(in, "policyDocument"));
    cJSON_AddNumberToObject(policy, "lastUpdatedTime", now);
    set_member(g, "_dataProtectionPolicy", policy);
    set_member(g, "dataProtectionStatus", cJSON_CreateString("ACTIVATED"));
    cJSON_AddStringToObject(out, "logGroupIdentifier", identifier_asked(in));
    cJSON_AddStringToObject(out, "policyDocument", param_string(in, "policyDocument"));
    cJSON_AddNumberToObject(out, "lastUpdatedTime", now);
    return 0;
}

OPERATION(logs_get_data_protection_policy)
{
    const cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    cJSON_AddStringToObject(out, "logGroupIdentifier", identifier_asked(in));
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(g, "_dataProtectionPolicy");
    if (policy) {
        cJSON_AddStringToObject(out, "policyDocument", param_string(policy, "policyDocument"));
        cJSON_AddNumberToObject(out, "lastUpdatedTime",
                                param_number(policy, "lastUpdatedTime", 0));
    }
    return 0;
}

OPERATION(logs_delete_data_protection_policy)
{
    (void)out;
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(g, "_dataProtectionPolicy"))
        return call_fail_resource_not_found(c, "The specified log group does not have a data "
                                               "protection policy.");
    cJSON_DeleteItemFromObjectCaseSensitive(g, "_dataProtectionPolicy");
    set_member(g, "dataProtectionStatus", cJSON_CreateString("DELETED"));
    return 0;
}

/* ---- field index policies ---- */

static cJSON *index_policy_answer(const cJSON *g, const cJSON *policy)
{
    cJSON *answer = cJSON_CreateObject();
    cJSON_AddStringToObject(answer, "logGroupIdentifier", param_string(g, "logGroupArn"));
    cJSON_AddNumberToObject(answer, "lastUpdateTime", param_number(policy, "lastUpdateTime", 0));
    cJSON_AddStringToObject(answer, "policyDocument", param_string(policy, "policyDocument"));
    cJSON_AddStringToObject(answer, "policyName", "Default");
    cJSON_AddStringToObject(answer, "source", "LOG_GROUP");
    return answer;
}

OPERATION(logs_put_index_policy)
{
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    cJSON *doc = policy_document(c, in, "policyDocument", "index policy");
    if (!doc)
        return -1;
    bool has_fields = cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "Fields"));
    cJSON_Delete(doc);
    if (!has_fields)
        return logs_fail_invalid_parameter(c, "An index policy needs a Fields list.");
    cJSON *policy = cJSON_CreateObject();
    cJSON_AddStringToObject(policy, "policyDocument", param_string(in, "policyDocument"));
    cJSON_AddNumberToObject(policy, "lastUpdateTime", (double)logs_now_ms());
    set_member(g, "_indexPolicy", policy);
    cJSON_AddItemToObject(out, "indexPolicy", index_policy_answer(g, policy));
    return 0;
}

OPERATION(logs_describe_index_policies)
{
    struct logs_region *r = logs_state(c);
    cJSON *list = cJSON_AddArrayToObject(out, "indexPolicies");
    const cJSON *id;
    cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(in, "logGroupIdentifiers")) {
        const cJSON *g = strncmp(id->valuestring, "arn:", 4) == 0
                             ? group_from_arn(r, id->valuestring)
                             : group_find(r, id->valuestring);
        if (!g)
            return call_fail_resource_not_found(c, "The specified log group does not exist.");
        const cJSON *policy = cJSON_GetObjectItemCaseSensitive(g, "_indexPolicy");
        if (policy)
            cJSON_AddItemToArray(list, index_policy_answer(g, policy));
    }
    return 0;
}

OPERATION(logs_delete_index_policy)
{
    (void)out;
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(g, "_indexPolicy"))
        return call_fail_resource_not_found(c, "The specified log group does not have an index "
                                               "policy.");
    cJSON_DeleteItemFromObjectCaseSensitive(g, "_indexPolicy");
    return 0;
}

/* ---- transformers ---- */

OPERATION(logs_put_transformer)
{
    (void)out;
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    const char *class = param_string(g, "logGroupClass");
    if (class && strcmp(class, "STANDARD") != 0)
        return call_fail(c, 400, "InvalidOperationException",
                         "Transformers can only be created for log groups in the Standard log "
                         "class.");
    double now = (double)logs_now_ms();
    const cJSON *old = cJSON_GetObjectItemCaseSensitive(g, "_transformer");
    cJSON *transformer = cJSON_CreateObject();
    cJSON_AddNumberToObject(transformer, "creationTime",
                            old ? param_number(old, "creationTime", now) : now);
    cJSON_AddNumberToObject(transformer, "lastModifiedTime", now);
    cJSON_AddItemToObject(transformer, "transformerConfig", param_copy(in, "transformerConfig"));
    set_member(g, "_transformer", transformer);
    return 0;
}

OPERATION(logs_get_transformer)
{
    const cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    const cJSON *transformer = cJSON_GetObjectItemCaseSensitive(g, "_transformer");
    if (!transformer)
        return call_fail_resource_not_found(c, "The specified log group does not have a "
                                               "transformer.");
    cJSON_AddStringToObject(out, "logGroupIdentifier", identifier_asked(in));
    const cJSON *member;
    cJSON_ArrayForEach(member, transformer)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    return 0;
}

OPERATION(logs_delete_transformer)
{
    (void)out;
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(g, "_transformer"))
        return call_fail_resource_not_found(c, "The specified log group does not have a "
                                               "transformer.");
    cJSON_DeleteItemFromObjectCaseSensitive(g, "_transformer");
    return 0;
}

/* ---- deletion protection ---- */

OPERATION(logs_put_log_group_deletion_protection)
{
    (void)out;
    cJSON *g = group_from_request(c, logs_state(c), in);
    if (!g)
        return -1;
    set_member(g, "deletionProtectionEnabled",
               cJSON_CreateBool(param_true(in, "deletionProtectionEnabled")));
    return 0;
}
