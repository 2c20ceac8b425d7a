/* Users, groups and roles as one kind of thing, and the managed policies they attach. */
#include "principals.h"

#include <stddef.h>
#include <string.h>

#include "aws_policies.h"

const struct principal_kind iam_user_kind = {"user", "UserName", "UserId",
                                             offsetof(struct iam_account, users)};
const struct principal_kind iam_group_kind = {"group", "GroupName", "GroupId",
                                              offsetof(struct iam_account, groups)};
const struct principal_kind iam_role_kind = {"role", "RoleName", "RoleId",
                                             offsetof(struct iam_account, roles)};

cJSON *principal_list(const struct iam_account *a, const struct principal_kind *kind)
{
    return *(cJSON *const *)((const char *)a + kind->list_offset);
}

cJSON *principal_get(struct call *c, const struct iam_account *a,
                     const struct principal_kind *kind, const char *name)
{
    cJSON *p = iam_entity_find(principal_list(a, kind), kind->name_member, name);
    if (!p)
        iam_fail_no_such_entity(c, "The %s with name %s cannot be found.", kind->label,
                                name ? name : "");
    return p;
}

cJSON *iam_policy_find(const struct iam_account *a, const char *arn)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, a->policies) {
        const char *policy_arn = iam_string(p, "Arn");
        if (arn && policy_arn && strcmp(policy_arn, arn) == 0)
            return (cJSON *)p;
    }
    return NULL;
}

cJSON *principal_from_arn(struct call *c, const struct iam_account *a, const char *arn,
                          const struct principal_kind **kind)
{
    const char *resource = arn ? strstr(arn, ":iam::") : NULL;
    resource = resource ? strchr(resource + 6, ':') : NULL;
    const char *name = resource ? strrchr(resource, '/') : NULL;
    *kind = NULL;
    if (resource && strncmp(resource, ":user/", 6) == 0)
        *kind = &iam_user_kind;
    else if (resource && strncmp(resource, ":group/", 7) == 0)
        *kind = &iam_group_kind;
    else if (resource && strncmp(resource, ":role/", 6) == 0)
        *kind = &iam_role_kind;
    if (!*kind || !name) {
        call_fail(c, 400, "InvalidInput", "Invalid ARN: %s", arn ? arn : "");
        return NULL;
    }
    return principal_get(c, a, *kind, name + 1);
}

const char *iam_managed_policy_document(const struct iam_account *a, const char *arn)
{
    const cJSON *policy = iam_policy_find(a, arn);
    if (!policy)
        return iam_aws_policy_document(arn);
    const cJSON *version;
    cJSON_ArrayForEach(version, cJSON_GetObjectItemCaseSensitive(policy, IAM_POLICY_VERSIONS))
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(version, "IsDefaultVersion")))
            return iam_string(version, "Document");
    return NULL;
}

int iam_check_attachable(struct call *c, const struct iam_account *a, const char *arn)
{
    if (iam_policy_find(a, arn) || iam_aws_policy_exists(arn))
        return 0;
    return iam_fail_no_such_entity(c, "Policy %s does not exist or is not attachable.",
                                   arn ? arn : "");
}

const char *iam_policy_name_of(const char *arn)
{
    const char *slash = arn ? strrchr(arn, '/') : NULL;
    return slash ? slash + 1 : arn ? arn : "";
}
