/* Account-level policies (data protection, subscription filter, field index, transformer and
 * metric extraction policies that apply to every log group, or to those selectionCriteria
 * picks), stored and listed per type. */
#include <string.h>

#include "../core/params.h"
#include "groups.h"
#include "ops.h"

/* Policies of a type an account may hold: data protection is one policy per account. */
static int max_policies(const char *type)
{
    return strcmp(type, "DATA_PROTECTION_POLICY") == 0 ? 1 : 20;
}

static cJSON *policy_named(const cJSON *policies, const char *type, const char *name)
{
    cJSON *p;
    cJSON_ArrayForEach(p, policies) {
        if (strcmp(param_string(p, "policyType"), type) == 0 &&
            (!name || strcmp(param_string(p, "policyName"), name) == 0))
            return p;
    }
    return NULL;
}

OPERATION(logs_put_account_policy)
{
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "policyName");
    const char *type = param_string(in, "policyType");
    cJSON *doc = cJSON_Parse(param_string(in, "policyDocument"));
    bool is_object = cJSON_IsObject(doc);
    cJSON_Delete(doc);
    if (!is_object)
        return logs_fail_invalid_parameter(c, "The policy document is not a valid JSON document.");
    cJSON *policy = policy_named(r->account_policies, type, name);
    if (!policy) {
        int count = 0;
        const cJSON *p;
        cJSON_ArrayForEach(p, r->account_policies)
            count += strcmp(param_string(p, "policyType"), type) == 0;
        if (count >= max_policies(type))
            return call_fail(c, 400, "LimitExceededException",
                             "The account already has the most %s policies it can have.", type);
        policy = cJSON_CreateObject();
        cJSON_AddStringToObject(policy, "policyName", name);
        cJSON_AddStringToObject(policy, "policyType", type);
        cJSON_AddStringToObject(policy, "accountId", c->route->account);
        cJSON_AddItemToArray(r->account_policies, policy);
    }
    static const char *const members[] = {"policyDocument", "scope", "selectionCriteria",
                                          "lastUpdatedTime"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(policy, members[i]);
    cJSON_AddStringToObject(policy, "policyDocument", param_string(in, "policyDocument"));
    cJSON_AddStringToObject(policy, "scope", param_string(in, "scope") ? param_string(in, "scope")
                                                                        : "ALL");
    if (param_string(in, "selectionCriteria"))
        cJSON_AddStringToObject(policy, "selectionCriteria", param_string(in, "selectionCriteria"));
    cJSON_AddNumberToObject(policy, "lastUpdatedTime", (double)logs_now_ms());
    cJSON_AddItemToObject(out, "accountPolicy", cJSON_Duplicate(policy, 1));
    return 0;
}

OPERATION(logs_describe_account_policies)
{
    struct logs_region *r = logs_state(c);
    const char *type = param_string(in, "policyType");
    const char *name = param_string(in, "policyName");
    cJSON *list = cJSON_AddArrayToObject(out, "accountPolicies");
    const cJSON *p;
    cJSON_ArrayForEach(p, r->account_policies) {
        if (strcmp(param_string(p, "policyType"), type) == 0 &&
            (!name || strcmp(param_string(p, "policyName"), name) == 0))
            cJSON_AddItemToArray(list, cJSON_Duplicate(p, 1));
    }
    return 0;
}

OPERATION(logs_delete_account_policy)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    cJSON *policy = policy_named(r->account_policies, param_string(in, "policyType"),
                                 param_string(in, "policyName"));
    if (!policy)
        return call_fail_resource_not_found(c, "Policy with name [%s] does not exist",
                                            param_string(in, "policyName"));
    cJSON_Delete(cJSON_DetachItemViaPointer(r->account_policies, policy));
    return 0;
}
