/* Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A key has one policy, named
 * "default". */
#include <stdlib.h>
#include <string.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "kms_call.h"
#include "ops.h"

static int policy_name_check(struct call *c, const cJSON *in)
{
    const char *name = param_string(in, "PolicyName");
    if (name && strcmp(name, "default") != 0)
        return call_fail(c, 400, "NotFoundException", "No such policy exists");
    return 0;
}

OPERATION(kms_get_key_policy)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k || policy_name_check(c, in) != 0)
        return -1;
    if (k->policy)
        cJSON_AddStringToObject(out, "Policy", k->policy);
    cJSON_AddStringToObject(out, "PolicyName", "default");
    return 0;
}

OPERATION(kms_put_key_policy)
{
    (void)out;
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k || policy_name_check(c, in) != 0)
        return -1;
    if (k->state == KEY_PENDING_DELETION)
        return key_fail_state(k, c->err);
    const char *policy = param_string(in, "Policy");
    free(k->policy);
    k->policy = xstrdup(policy ? policy : "");
    return 0;
}

OPERATION(kms_list_key_policies)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    cJSON *names = cJSON_AddArrayToObject(out, "PolicyNames");
    cJSON_AddItemToArray(names, cJSON_CreateString("default"));
    cJSON_AddBoolToObject(out, "Truncated", false);
    return 0;
}
