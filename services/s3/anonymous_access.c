/* Reads without credentials: an object is public through an AllUsers grant in its ACL, or a
 * bucket policy that allows s3:GetObject to every principal on a resource matching the key. */
#include "anonymous_access.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
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

/* A string, or a list of strings, one of which matches text. */
static bool any_matches(const cJSON *patterns, const char *text, bool ignore_case)
{
    if (cJSON_IsString(patterns))
        return policy_wildcard_match(patterns->valuestring, text, ignore_case);
    const cJSON *item;
    cJSON_ArrayForEach(item, patterns)
    {
        if (cJSON_IsString(item) && policy_wildcard_match(item->valuestring, text, ignore_case))
            return true;
    }
    return false;
}

static bool principal_is_everyone(const cJSON *principal)
{
    if (cJSON_IsString(principal))
        return strcmp(principal->valuestring, "*") == 0;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    if (cJSON_IsString(aws))
        return strcmp(aws->valuestring, "*") == 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, aws)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, "*") == 0)
            return true;
    }
    return false;
}

/* Whether the statement grants (or, when deny, refuses) every principal s3:GetObject on
 * resource. Statements with conditions are left out: motoc does not evaluate them. */
static bool statement_applies(const cJSON *s, const char *resource, bool deny)
{
    const char *effect = param_string(s, "Effect");
    return effect && strcmp(effect, deny ? "Deny" : "Allow") == 0 &&
           !cJSON_GetObjectItemCaseSensitive(s, "Condition") &&
           principal_is_everyone(cJSON_GetObjectItemCaseSensitive(s, "Principal")) &&
           any_matches(cJSON_GetObjectItemCaseSensitive(s, "Action"), "s3:GetObject", true) &&
           any_matches(cJSON_GetObjectItemCaseSensitive(s, "Resource"), resource, false);
}

static bool policy_is_public_read(const cJSON *policy, const char *bucket, const char *key)
{
    if (!cJSON_IsString(policy))
        return false;
    cJSON *doc = cJSON_Parse(policy->valuestring);
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    struct buf resource = BUF_INIT;
    buf_printf(&resource, "arn:aws:s3:::%s/%s", bucket, key);
    bool allowed = false, denied = false;
    if (cJSON_IsObject(statements)) {
        allowed = statement_applies(statements, resource.data, false);
        denied = statement_applies(statements, resource.data, true);
    } else {
        const cJSON *s;
        cJSON_ArrayForEach(s, statements)
        {
            allowed = allowed || statement_applies(s, resource.data, false);
            denied = denied || statement_applies(s, resource.data, true);
        }
    }
    buf_free(&resource);
    cJSON_Delete(doc);
    return allowed && !denied;
}

bool anonymous_may_read(const struct bucket *b, const char *key, const struct object_version *v)
{
    return acl_is_public_read(v->acl) || policy_is_public_read(b->config[CONFIG_POLICY], b->name, key);
}
