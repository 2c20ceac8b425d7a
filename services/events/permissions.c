/* Event bus permissions: PutPermission (a statement per StatementId, or a whole Policy),
 * RemovePermission, and whether a bus's policy lets another account put events on it. */
#include "permissions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/policy.h"
#include "../iam/policy_eval.h"
#include "buses.h"
#include "ops.h"

#define PUT_EVENTS "events:PutEvents"

static void set_policy(cJSON *bus, cJSON *doc)
{
    cJSON_DeleteItemFromObjectCaseSensitive(bus, "Policy");
    if (doc && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "Statement")) > 0) {
        char *text = cJSON_PrintUnformatted(doc);
        cJSON_AddStringToObject(bus, "Policy", text);
        free(text);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(bus, "LastModifiedTime");
    cJSON_AddNumberToObject(bus, "LastModifiedTime", events_now());
}

/* The statement PutPermission writes for Principal (an account or "*") and Condition. */
static cJSON *statement_for(const cJSON *in, const char *bus_arn, const char *region)
{
    cJSON *statement = cJSON_CreateObject();
    cJSON_AddStringToObject(statement, "Sid", param_string(in, "StatementId"));
    cJSON_AddStringToObject(statement, "Effect", "Allow");
    const char *principal = param_string(in, "Principal");
    if (strcmp(principal, "*") == 0) {
        cJSON_AddStringToObject(statement, "Principal", "*");
    } else {
        char *root = arn_build_global("iam", region, principal, "root");
        cJSON_AddStringToObject(cJSON_AddObjectToObject(statement, "Principal"), "AWS", root);
        free(root);
    }
    cJSON_AddStringToObject(statement, "Action", param_string(in, "Action"));
    cJSON_AddStringToObject(statement, "Resource", bus_arn);
    const cJSON *condition = cJSON_GetObjectItemCaseSensitive(in, "Condition");
    if (condition) {
        cJSON *test = cJSON_AddObjectToObject(
            cJSON_AddObjectToObject(statement, "Condition"), param_string(condition, "Type"));
        cJSON_AddStringToObject(test, param_string(condition, "Key"),
                                param_string(condition, "Value"));
    }
    return statement;
}

OPERATION(events_put_permission)
{
    (void)out;
    cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    if (!bus)
        return -1;
    const char *policy = param_string(in, "Policy");
    if (policy) {
        struct policy_problem problem;
        if (policy_check(policy, POLICY_WITH_STATEMENT, &problem) != 0)
            return call_fail_validation(c, "Policy is not valid. Reason: %s", problem.message);
        cJSON *doc = cJSON_Parse(policy);
        set_policy(bus, doc);
        cJSON_Delete(doc);
        return 0;
    }
    const char *action = param_string(in, "Action");
    const char *principal = param_string(in, "Principal");
    const char *sid = param_string(in, "StatementId");
    if (!action || !principal || !sid)
        return call_fail_validation(c, "One of the following parameters must be specified: "
                                       "Policy or (Action, Principal, StatementId).");
    if (strcmp(action, PUT_EVENTS) != 0)
        return call_fail_validation(c, "Provided value in parameter 'action' is not supported.");
    if (strcmp(principal, "*") != 0 &&
        (strlen(principal) != 12 || strspn(principal, "0123456789") != 12))
        return call_fail_validation(c, "Parameter Principal is not valid. Reason: Principal "
                                       "must be either * or a valid AWS account ID.");
    cJSON *doc = policy_document_for_edit(param_string(bus, "Policy"), "2012-10-17", NULL);
    policy_statement_remove(doc, sid);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(doc, "Statement"),
                         statement_for(in, param_string(bus, "Arn"), c->route->region));
    set_policy(bus, doc);
    cJSON_Delete(doc);
    return 0;
}

OPERATION(events_remove_permission)
{
    (void)out;
    cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    if (!bus)
        return -1;
    const char *policy = param_string(bus, "Policy");
    if (param_true(in, "RemoveAllPermissions")) {
        set_policy(bus, NULL);
        return 0;
    }
    if (!policy)
        return call_fail_resource_not_found(c, "EventBus does not have a policy.");
    cJSON *doc = policy_document_for_edit(policy, "2012-10-17", NULL);
    const char *sid = param_string(in, "StatementId");
    if (!sid || !policy_statement_remove(doc, sid)) {
        cJSON_Delete(doc);
        return call_fail_resource_not_found(c, "Statement with the provided id does not exist.");
    }
    set_policy(bus, doc);
    cJSON_Delete(doc);
    return 0;
}

/* ---- evaluation ---- */

bool bus_policy_allows_put_events(const cJSON *bus, const char *account)
{
    const char *policy = param_string(bus, "Policy");
    if (!policy)
        return false;
    cJSON *resource_policy = cJSON_Parse(policy);
    /* the caller is the other account's root, whose own policies allow everything: the bus's
     * policy decides */
    cJSON *root = cJSON_Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                              "\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    const cJSON *identity[] = {root};
    struct eval_policies policies = {
        .identity = identity,
        .identity_count = 1,
        .resource_policy = resource_policy,
    };
    char principal[64];
    snprintf(principal, sizeof principal, "arn:aws:iam::%s:root", account);
    const char *const accounts[] = {account};
    const struct eval_context_entry context[] = {{"aws:PrincipalAccount", accounts, 1}};
    struct eval_request request = {
        .action = PUT_EVENTS,
        .resource = param_string(bus, "Arn"),
        .principal = principal,
        .context = context,
        .context_count = 1,
        .cross_account = true,
    };
    struct eval_result result;
    policy_evaluate(&policies, &request, &result);
    cJSON_Delete(root);
    cJSON_Delete(resource_policy);
    return result.decision == EVAL_ALLOWED;
}
