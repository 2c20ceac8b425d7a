/* Users and groups, and which users each group holds. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/arn.h"
#include "../core/credentials.h"
#include "../core/params.h"
#include "access_keys.h"
#include "ops.h"
#include "principals.h"

static const char *const user_members[] = {"Path", "UserName", "UserId", "Arn", "CreateDate",
                                           "PasswordLastUsed", "PermissionsBoundary", "Tags",
                                           NULL};
static const char *const user_list_members[] = {"Path", "UserName", "UserId", "Arn",
                                                "CreateDate", "PasswordLastUsed", NULL};
static const char *const group_members[] = {"Path", "GroupName", "GroupId", "Arn", "CreateDate",
                                            NULL};


int iam_set_permissions_boundary(struct call *c, const struct iam_account *a, cJSON *entity,
                                 const char *arn)
{
    (void)a;
    if (!arn)
        return 0;
    /* Any policy ARN will do: IAM checks its form here, not that the policy exists. */
    struct arn parsed;
    const char *name;
    if (!arn_parse_resource(arn, "iam", "policy", &parsed, &name) || parsed.region[0] ||
        !*name)
        return iam_fail_validation(c, "Value (%s) for parameter PermissionsBoundary is invalid.",
                                   arn);
    cJSON_DeleteItemFromObjectCaseSensitive(entity, "PermissionsBoundary");
    cJSON *boundary = cJSON_AddObjectToObject(entity, "PermissionsBoundary");
    cJSON_AddStringToObject(boundary, "PermissionsBoundaryType", "PermissionsBoundaryPolicy");
    cJSON_AddStringToObject(boundary, "PermissionsBoundaryArn", arn);
    return 0;
}

int iam_create_user(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "UserName");
    const char *path = iam_path_param(c, in, "Path");
    if (!path || iam_check_name(c, name, "userName") != 0)
        return -1;
    if (iam_entity_find(a->users, "UserName", name))
        return iam_fail_exists(c, "User with name %s already exists.", name);
    cJSON *user = iam_entity_new(a, "user", "UserName", name, "UserId", "AIDA", path);
    if (iam_tags_add(c, user, in) != 0 ||
        iam_set_permissions_boundary(c, a, user, param_string(in, "PermissionsBoundary")) != 0) {
        cJSON_Delete(user);
        return -1;
    }
    cJSON_AddItemToArray(a->users, user);
    cJSON *rendered = iam_render(user, user_members);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rendered, "Tags")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(rendered, "Tags");
    cJSON_AddItemToObject(out, "User", rendered);
    return 0;
}

/* The user a call without UserName is about: the caller's own, or for callers that are no user
 * of the account (keys motoc did not issue), the account's default user. */
static cJSON *caller_user(const struct call *c, const struct iam_account *a)
{
    const struct issued_identity *who = credentials_lookup(c->route->access_key);
    cJSON *user = NULL;
    if (who) {
        const cJSON *u;
        cJSON_ArrayForEach(u, a->users) {
            if (strcmp(iam_string(u, "Arn"), who->arn) == 0)
                user = iam_render(u, user_members);
        }
    }
    if (!user) {
        /* The account's default user, as STS's GetCallerIdentity names it. */
        user = cJSON_CreateObject();
        cJSON_AddStringToObject(user, "Path", "/");
        cJSON_AddStringToObject(user, "UserName", "moto");
        cJSON_AddStringToObject(user, "UserId", "AKIAIOSFODNN7EXAMPLE");
        char *arn = iam_arn(a, "user", "/", "moto");
        cJSON_AddStringToObject(user, "Arn", arn);
        free(arn);
        result_add_timestamp(user, "CreateDate", 0);
    }
    return user;
}

int iam_get_user(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "UserName");
    if (!name) {
        cJSON_AddItemToObject(out, "User", caller_user(c, a));
        return 0;
    }
    cJSON *user = principal_get(c, a, &iam_user_kind, name);
    if (!user)
        return -1;
    cJSON *rendered = iam_render(user, user_members);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rendered, "Tags")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(rendered, "Tags");
    cJSON_AddItemToObject(out, "User", rendered);
    return 0;
}

static bool path_prefix_keeps(const cJSON *entity, void *prefix)
{
    return iam_path_matches(entity, prefix);
}

static cJSON *render_list_user(const cJSON *user, void *arg)
{
    (void)arg;
    return iam_render(user, user_list_members);
}

int iam_list_users(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    return iam_list_page(c, in, out, "Users", a->users, path_prefix_keeps, render_list_user,
                         (void *)param_string(in, "PathPrefix"));
}

/* Renames member in every group's member list. */
static void rename_member(struct iam_account *a, const char *old_name, const char *new_name)
{
    cJSON *group;
    cJSON_ArrayForEach(group, a->groups) {
        cJSON *members = iam_array(group, IAM_GROUP_MEMBERS);
        if (iam_strings_remove(members, old_name))
            cJSON_AddItemToArray(members, cJSON_CreateString(new_name));
    }
}

/* Sets entity's Path, name and Arn after an Update* call. */
static void move_entity(const struct iam_account *a, cJSON *entity, const char *type,
                        const char *name_member, const char *name, const char *path)
{
    cJSON_ReplaceItemInObjectCaseSensitive(entity, name_member, cJSON_CreateString(name));
    cJSON_ReplaceItemInObjectCaseSensitive(entity, "Path", cJSON_CreateString(path));
    char *arn = iam_arn(a, type, path, name);
    cJSON_ReplaceItemInObjectCaseSensitive(entity, "Arn", cJSON_CreateString(arn));
    free(arn);
}

int iam_update_user(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    const char *new_name = param_string(in, "NewUserName");
    const char *new_path = param_string(in, "NewPath") ? iam_path_param(c, in, "NewPath")
                                                        : iam_string(user, "Path");
    if (!new_path || (new_name && iam_check_name(c, new_name, "newUserName") != 0))
        return -1;
    char *old_name = xstrdup(iam_string(user, "UserName"));
    if (new_name && strcasecmp(new_name, old_name) != 0 &&
        iam_entity_find(a->users, "UserName", new_name)) {
        free(old_name);
        return iam_fail_exists(c, "User with name %s already exists.", new_name);
    }
    if (!new_name)
        new_name = old_name;
    char *name = xstrdup(new_name), *path = xstrdup(new_path);
    move_entity(a, user, "user", "UserName", name, path);
    rename_member(a, old_name, name);
    iam_access_keys_follow_user(user);
    free(old_name);
    free(name);
    free(path);
    return 0;
}

static bool in_any_group(const struct iam_account *a, const char *user_name)
{
    const cJSON *group;
    cJSON_ArrayForEach(group, a->groups) {
        if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(group, IAM_GROUP_MEMBERS),
                                user_name))
            return true;
    }
    return false;
}


const char *iam_policies_conflict(const cJSON *principal)
{
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(principal, IAM_ATTACHED_POLICIES)))
        return "Cannot delete entity, must detach all policies first.";
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(principal, IAM_INLINE_POLICIES)))
        return "Cannot delete entity, must delete policies first.";
    return NULL;
}

int iam_delete_user(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    const char *conflict = iam_policies_conflict(user);
    if (!conflict && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_ACCESS_KEYS)))
        conflict = "Cannot delete entity, must delete access keys first.";
    if (!conflict && cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE))
        conflict = "Cannot delete entity, must delete login profile first.";
    if (!conflict && in_any_group(a, iam_string(user, "UserName")))
        conflict = "Cannot delete entity, must remove user from all groups first.";
    if (!conflict && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_MFA_DEVICES)))
        conflict = "Cannot delete entity, must delete MFA device first.";
    if (!conflict &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_SIGNING_CERTIFICATES)))
        conflict = "Cannot delete entity, must delete signing certificates first.";
    if (!conflict && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_SSH_KEYS)))
        conflict = "Cannot delete entity, must delete SSH public keys first.";
    if (!conflict &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_SERVICE_CREDENTIALS)))
        conflict = "Cannot delete entity, must delete service specific credentials first.";
    if (conflict)
        return iam_fail_delete_conflict(c, conflict);
    cJSON_DetachItemViaPointer(a->users, user);
    cJSON_Delete(user);
    return 0;
}

/* ---- groups ---- */

int iam_create_group(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "GroupName");
    const char *path = iam_path_param(c, in, "Path");
    if (!path || iam_check_name(c, name, "groupName") != 0)
        return -1;
    if (iam_entity_find(a->groups, "GroupName", name))
        return iam_fail_exists(c, "Group with name %s already exists.", name);
    cJSON *group = iam_entity_new(a, "group", "GroupName", name, "GroupId", "AGPA", path);
    cJSON_AddItemToArray(a->groups, group);
    cJSON_AddItemToObject(out, "Group", iam_render(group, group_members));
    return 0;
}

static bool member_of(const cJSON *user, void *group)
{
    return iam_strings_contain(cJSON_GetObjectItemCaseSensitive(group, IAM_GROUP_MEMBERS),
                               iam_string(user, "UserName"));
}

int iam_get_group(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *group = principal_get(c, a, &iam_group_kind, param_string(in, "GroupName"));
    if (!group)
        return -1;
    cJSON_AddItemToObject(out, "Group", iam_render(group, group_members));
    return iam_list_page(c, in, out, "Users", a->users, member_of, render_list_user, group);
}

static cJSON *render_group(const cJSON *group, void *arg)
{
    (void)arg;
    return iam_render(group, group_members);
}

int iam_list_groups(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    return iam_list_page(c, in, out, "Groups", a->groups, path_prefix_keeps, render_group,
                         (void *)param_string(in, "PathPrefix"));
}

static bool holds_user(const cJSON *group, void *user)
{
    return member_of(user, (void *)group);
}

int iam_list_groups_for_user(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "Groups", a->groups, holds_user, render_group, user);
}

int iam_update_group(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *group = principal_get(c, a, &iam_group_kind, param_string(in, "GroupName"));
    if (!group)
        return -1;
    const char *new_name = param_string(in, "NewGroupName");
    const char *new_path = param_string(in, "NewPath") ? iam_path_param(c, in, "NewPath")
                                                        : iam_string(group, "Path");
    if (!new_path || (new_name && iam_check_name(c, new_name, "newGroupName") != 0))
        return -1;
    if (new_name && strcasecmp(new_name, iam_string(group, "GroupName")) != 0 &&
        iam_entity_find(a->groups, "GroupName", new_name))
        return iam_fail_exists(c, "Group with name %s already exists.", new_name);
    char *name = xstrdup(new_name ? new_name : iam_string(group, "GroupName"));
    char *path = xstrdup(new_path);
    move_entity(a, group, "group", "GroupName", name, path);
    free(name);
    free(path);
    return 0;
}

int iam_delete_group(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *group = principal_get(c, a, &iam_group_kind, param_string(in, "GroupName"));
    if (!group)
        return -1;
    const char *conflict = iam_policies_conflict(group);
    if (!conflict && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(group, IAM_GROUP_MEMBERS)))
        conflict = "Cannot delete entity, must remove users from group first.";
    if (conflict)
        return iam_fail_delete_conflict(c, conflict);
    cJSON_DetachItemViaPointer(a->groups, group);
    cJSON_Delete(group);
    return 0;
}

int iam_add_user_to_group(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    cJSON *group = user ? principal_get(c, a, &iam_group_kind, param_string(in, "GroupName"))
                        : NULL;
    if (!group)
        return -1;
    cJSON *members = iam_array(group, IAM_GROUP_MEMBERS);
    if (!iam_strings_contain(members, iam_string(user, "UserName")))
        cJSON_AddItemToArray(members, cJSON_CreateString(iam_string(user, "UserName")));
    return 0;
}

int iam_remove_user_from_group(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    cJSON *group = user ? principal_get(c, a, &iam_group_kind, param_string(in, "GroupName"))
                        : NULL;
    if (!group)
        return -1;
    if (!iam_strings_remove(iam_array(group, IAM_GROUP_MEMBERS), iam_string(user, "UserName")))
        return iam_fail_no_such_entity(c, "User %s is not in group %s.",
                                       iam_string(user, "UserName"),
                                       iam_string(group, "GroupName"));
    return 0;
}
