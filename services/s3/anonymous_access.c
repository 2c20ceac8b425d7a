/* Reads without credentials: an object is public through an AllUsers grant in its ACL, or a
 * bucket policy that allows s3:GetObject to every principal on it (IAM's evaluation logic:
 * wildcards, Not* elements, conditions and explicit denies). */
#include "anonymous_access.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../iam/policy_eval.h"

#define ALL_USERS "http://acs.amazonaws.com/groups/global/AllUsers"

static bool acl_is_public_read(const cJSON *acl)
{
    const cJSON *grant;
    cJSON_ArrayForEach(grant, cJSON_GetObjectItemCaseSensitive(acl, "Grants"))
    {
        const char *uri = param_string(cJSON_GetObjectItemCaseSensitive(grant, "Grantee"), "URI");
        const char *permission = param_string(grant, "Permission");
        if (uri && strcmp(uri, ALL_USERS) == 0 && permission &&
            (strcmp(permission, "READ") == 0 || strcmp(permission, "FULL_CONTROL") == 0))
            return true;
    }
    return false;
}

/* The bucket policy, evaluated as IAM does for a request that names no principal: only
 * statements for every principal ("*") can allow it, and an explicit Deny wins. */
static bool policy_is_public_read(const struct bucket *b, const char *key)
{
    const cJSON *policy = b->config[CONFIG_POLICY];
    if (!cJSON_IsString(policy))
        return false;
    cJSON *doc = cJSON_Parse(policy->valuestring);
    if (!doc)
        return false;
    struct buf resource = BUF_INIT;
    buf_printf(&resource, "arn:%s:s3:::%s/%s", partition_for_region(b->region), b->name, key);
    struct eval_policies policies = {NULL, 0, NULL, 0, doc};
    struct eval_request request = {"s3:GetObject", resource.data, "*", NULL, 0, false};
    struct eval_result result;
    policy_evaluate(&policies, &request, &result);
    buf_free(&resource);
    cJSON_Delete(doc);
    return result.decision == EVAL_ALLOWED;
}

bool anonymous_may_read(const struct bucket *b, const char *key, const struct object_version *v)
{
    return acl_is_public_read(v->acl) || policy_is_public_read(b, key);
}
