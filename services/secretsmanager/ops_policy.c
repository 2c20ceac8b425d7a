/* Resource policies: PutResourcePolicy (refusing a public one when BlockPublicPolicy),
 * GetResourcePolicy, DeleteResourcePolicy and ValidateResourcePolicy. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/policy.h"
#include "lookup.h"
#include "ops.h"
#include "public_policy.h"

static void answer_secret(cJSON *out, const struct sm_secret *s)
{
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
}

static int fail_malformed(struct call *c, const struct policy_problem *problem)
{
    return call_fail(c, 400, "MalformedPolicyDocumentException", "%s",
                     problem->not_json ? "This resource policy contains a syntax error."
                                       : problem->message);
}

OPERATION(secretsmanager_put_resource_policy)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    const char *text = param_string(in, "ResourcePolicy");
    struct policy_problem problem;
    if (policy_check(text, POLICY_COMPLETE, &problem) != 0)
        return fail_malformed(c, &problem);
    if (param_true(in, "BlockPublicPolicy") && policy_is_public(text))
        return call_fail(c, 400, "PublicPolicyException",
                         "The BlockPublicPolicy parameter is set to true, and the resource policy "
                         "did not prevent broad access to the secret.");
    free(s->policy);
    s->policy = xstrdup(text);
    s->last_changed = sm_now();
    answer_secret(out, s);
    sm_sync_replicas(c, s);
    return 0;
}

OPERATION(secretsmanager_get_resource_policy)
{
    struct sm_secret *s = secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    answer_secret(out, s);
    if (s->policy)
        cJSON_AddStringToObject(out, "ResourcePolicy", s->policy);
    return 0;
}

OPERATION(secretsmanager_delete_resource_policy)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    free(s->policy);
    s->policy = NULL;
    s->last_changed = sm_now();
    answer_secret(out, s);
    sm_sync_replicas(c, s);
    return 0;
}

static void add_validation_error(cJSON *errors, const char *check, const char *message)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "CheckName", check);
    cJSON_AddStringToObject(entry, "ErrorMessage", message);
    cJSON_AddItemToArray(errors, entry);
}

OPERATION(secretsmanager_validate_resource_policy)
{
    const char *id = param_string(in, "SecretId");
    if (id && !secret_for_call(c, sm_region(c), id))
        return -1;
    const char *text = param_string(in, "ResourcePolicy");
    struct policy_problem problem;
    if (policy_check(text, POLICY_COMPLETE, &problem) != 0 && problem.not_json)
        return fail_malformed(c, &problem);
    cJSON *errors = cJSON_CreateArray();
    if (policy_check(text, POLICY_COMPLETE, &problem) != 0)
        add_validation_error(errors, "SYNTAX_CHECK", problem.message);
    else if (policy_is_public(text))
        add_validation_error(errors, "BLOCK_PUBLIC_POLICY_CHECK",
                             "The resource policy grants broad access to the secret: a statement "
                             "allows every principal without a condition.");
    cJSON_AddBoolToObject(out, "PolicyValidationPassed", cJSON_GetArraySize(errors) == 0);
    cJSON_AddItemToObject(out, "ValidationErrors", errors);
    return 0;
}
