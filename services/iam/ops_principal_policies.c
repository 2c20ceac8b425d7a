/* The policies of users, groups and roles: inline ones (Put/Get/List/Delete*Policy) and attached
 * managed ones (Attach/Detach/ListAttached*Policies, ListEntitiesForPolicy). One generic
 * function per kind of operation; the user, group and role operations name their kind. */
#include <string.h>

#include "../core/params.h"
#include "ops.h"
#include "principals.h"

static cJSON *principal_param(struct call *c, const cJSON *in, const struct principal_kind *kind)
{
    struct iam_account *a = iam_account_for_call(c);
    return principal_get(c, a, kind, param_string(in, kind->name_member));
}

/* ---- inline policies ---- */

static int put_inline(struct call *c, const cJSON *in, const struct principal_kind *kind)
{
    cJSON *principal = principal_param(c, in, kind);
    const char *name = param_string(in, "PolicyName");
    const char *document = param_string(in, "PolicyDocument");
    if (!principal || iam_check_name(c, name, "policyName") != 0 ||
        iam_check_policy_document(c, document, false) != 0)
        return -1;
    cJSON *policies = iam_object(principal, IAM_INLINE_POLICIES);
    cJSON_DeleteItemFromObjectCaseSensitive(policies, name);
    cJSON_AddStringToObject(policies, name, document);
    return 0;
}

static const cJSON *inline_get(struct call *c, const cJSON *principal,
                               const struct principal_kind *kind, const char *name)
{
    const cJSON *policies = cJSON_GetObjectItemCaseSensitive(principal, IAM_INLINE_POLICIES);
    const cJSON *document = name ? cJSON_GetObjectItemCaseSensitive(policies, name) : NULL;
    if (!cJSON_IsString(document))
        iam_fail_no_such_entity(c, "The %s policy with name %s cannot be found.", kind->label,
                                name ? name : "");
    return cJSON_IsString(document) ? document : NULL;
}

static int get_inline(struct call *c, const cJSON *in, cJSON *out,
                      const struct principal_kind *kind)
{
    cJSON *principal = principal_param(c, in, kind);
    const char *name = param_string(in, "PolicyName");
    const cJSON *document = principal ? inline_get(c, principal, kind, name) : NULL;
    if (!document)
        return -1;
    cJSON_AddStringToObject(out, kind->name_member, iam_string(principal, kind->name_member));
    cJSON_AddStringToObject(out, "PolicyName", document->string);
    iam_add_document(out, "PolicyDocument", document->valuestring);
    return 0;
}

static cJSON *render_name(const cJSON *policy, void *arg)
{
    (void)arg;
    return cJSON_CreateString(policy->string);
}

static int list_inline(struct call *c, const cJSON *in, cJSON *out,
                       const struct principal_kind *kind)
{
    cJSON *principal = principal_param(c, in, kind);
    if (!principal)
        return -1;
    return iam_list_page(c, in, out, "PolicyNames", iam_object(principal, IAM_INLINE_POLICIES),
                         NULL, render_name, NULL);
}

static int delete_inline(struct call *c, const cJSON *in, const struct principal_kind *kind)
{
    cJSON *principal = principal_param(c, in, kind);
    const char *name = param_string(in, "PolicyName");
    if (!principal || !inline_get(c, principal, kind, name))
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(iam_object(principal, IAM_INLINE_POLICIES), name);
    return 0;
}

/* ---- attached managed policies ---- */

static int attach(struct call *c, const cJSON *in, const struct principal_kind *kind)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *principal = principal_param(c, in, kind);
    const char *arn = param_string(in, "PolicyArn");
    if (!principal || iam_check_attachable(c, a, arn) != 0)
        return -1;
    cJSON *attached = iam_array(principal, IAM_ATTACHED_POLICIES);
    if (!iam_strings_contain(attached, arn))
        cJSON_AddItemToArray(attached, cJSON_CreateString(arn));
    return 0;
}

static int detach(struct call *c, const cJSON *in, const struct principal_kind *kind)
{
    cJSON *principal = principal_param(c, in, kind);
    const char *arn = param_string(in, "PolicyArn");
    if (!principal)
        return -1;
    if (!arn || !iam_strings_remove(iam_array(principal, IAM_ATTACHED_POLICIES), arn))
        return iam_fail_no_such_entity(c, "Policy %s was not found.", arn ? arn : "");
    return 0;
}

struct attached_filter {
    const struct iam_account *account;
    const char *path_prefix;
};

static bool attached_kept(const cJSON *arn, void *arg)
{
    const struct attached_filter *f = arg;
    if (!f->path_prefix)
        return true;
    const cJSON *policy = iam_policy_find(f->account, arn->valuestring);
    if (policy)
        return iam_path_matches(policy, f->path_prefix);
    /* An AWS managed policy's path is what its ARN holds between "policy" and its name. */
    const char *path = strstr(arn->valuestring, ":policy/");
    return path && strncmp(path + 7, f->path_prefix, strlen(f->path_prefix)) == 0;
}

static cJSON *render_attached(const cJSON *arn, void *arg)
{
    (void)arg;
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "PolicyName", iam_policy_name_of(arn->valuestring));
    cJSON_AddStringToObject(out, "PolicyArn", arn->valuestring);
    return out;
}

static int list_attached(struct call *c, const cJSON *in, cJSON *out,
                         const struct principal_kind *kind)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *principal = principal_param(c, in, kind);
    if (!principal)
        return -1;
    struct attached_filter f = {a, param_string(in, "PathPrefix")};
    return iam_list_page(c, in, out, "AttachedPolicies",
                         iam_array(principal, IAM_ATTACHED_POLICIES), attached_kept,
                         render_attached, &f);
}

/* The operations, per kind. */
#define PRINCIPAL_POLICY_OPERATIONS(kind, put, get, list, del, att, det, list_att) \
    int put(struct call *c, const cJSON *in, cJSON *out)                          \
    {                                                                             \
        (void)out;                                                                \
        return put_inline(c, in, &kind);                                          \
    }                                                                             \
    int get(struct call *c, const cJSON *in, cJSON *out)                          \
    {                                                                             \
        return get_inline(c, in, out, &kind);                                     \
    }                                                                             \
    int list(struct call *c, const cJSON *in, cJSON *out)                         \
    {                                                                             \
        return list_inline(c, in, out, &kind);                                    \
    }                                                                             \
    int del(struct call *c, const cJSON *in, cJSON *out)                          \
    {                                                                             \
        (void)out;                                                                \
        return delete_inline(c, in, &kind);                                       \
    }                                                                             \
    int att(struct call *c, const cJSON *in, cJSON *out)                          \
    {                                                                             \
        (void)out;                                                                \
        return attach(c, in, &kind);                                              \
    }                                                                             \
    int det(struct call *c, const cJSON *in, cJSON *out)                          \
    {                                                                             \
        (void)out;                                                                \
        return detach(c, in, &kind);                                              \
    }                                                                             \
    int list_att(struct call *c, const cJSON *in, cJSON *out)                     \
    {                                                                             \
        return list_attached(c, in, out, &kind);                                  \
    }

PRINCIPAL_POLICY_OPERATIONS(iam_user_kind, iam_put_user_policy, iam_get_user_policy,
                            iam_list_user_policies, iam_delete_user_policy,
                            iam_attach_user_policy, iam_detach_user_policy,
                            iam_list_attached_user_policies)
PRINCIPAL_POLICY_OPERATIONS(iam_group_kind, iam_put_group_policy, iam_get_group_policy,
                            iam_list_group_policies, iam_delete_group_policy,
                            iam_attach_group_policy, iam_detach_group_policy,
                            iam_list_attached_group_policies)
PRINCIPAL_POLICY_OPERATIONS(iam_role_kind, iam_put_role_policy, iam_get_role_policy,
                            iam_list_role_policies, iam_delete_role_policy,
                            iam_attach_role_policy, iam_detach_role_policy,
                            iam_list_attached_role_policies)

/* ---- ListEntitiesForPolicy ---- */

static void add_entities(const cJSON *list, const struct principal_kind *kind, const char *arn,
                         const char *path_prefix, struct iam_page *page, cJSON *out)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, list) {
        if (!iam_strings_contain(cJSON_GetObjectItemCaseSensitive(p, IAM_ATTACHED_POLICIES), arn) ||
            !iam_path_matches(p, path_prefix) || !iam_page_take(page))
            continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, kind->name_member, iam_string(p, kind->name_member));
        cJSON_AddStringToObject(entry, kind->id_member, iam_string(p, kind->id_member));
        cJSON_AddItemToArray(out, entry);
    }
}

int iam_list_entities_for_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *arn = param_string(in, "PolicyArn");
    struct iam_page page;
    if (iam_check_attachable(c, a, arn) != 0 || iam_page_begin(c, in, &page) != 0)
        return -1;
    /* User, Role and Group pick one kind; the policy filters (LocalManagedPolicy,
     * AWSManagedPolicy) keep them all. */
    const char *filter = param_string(in, "EntityFilter");
    if (filter && strcmp(filter, "User") != 0 && strcmp(filter, "Role") != 0 &&
        strcmp(filter, "Group") != 0)
        filter = NULL;
    const char *prefix = param_string(in, "PathPrefix");
    struct {
        const char *filter, *member;
        const cJSON *list;
        const struct principal_kind *kind;
    } kinds[] = {{"Group", "PolicyGroups", a->groups, &iam_group_kind},
                 {"User", "PolicyUsers", a->users, &iam_user_kind},
                 {"Role", "PolicyRoles", a->roles, &iam_role_kind}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        cJSON *entries = cJSON_AddArrayToObject(out, kinds[i].member);
        if (!filter || strcmp(filter, kinds[i].filter) == 0)
            add_entities(kinds[i].list, kinds[i].kind, arn, prefix, &page, entries);
    }
    iam_page_end(&page, out);
    return 0;
}
