/* Roles (trust policy, session duration, boundary, description) and instance profiles. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "ops.h"
#include "principals.h"
#include "roles.h"

#define MIN_SESSION_SECONDS 3600
#define MAX_SESSION_SECONDS 43200

static const char *const role_members[] = {"Path", "RoleName", "RoleId", "Arn", "CreateDate",
                                           "Description", "MaxSessionDuration",
                                           "PermissionsBoundary", "Tags", "RoleLastUsed", NULL};
static const char *const role_list_members[] = {"Path", "RoleName", "RoleId", "Arn",
                                                "CreateDate", "Description",
                                                "MaxSessionDuration", NULL};
static const char *const profile_members[] = {"Path", "InstanceProfileName", "InstanceProfileId",
                                              "Arn", "CreateDate", "Tags", NULL};

static cJSON *render_profile(const cJSON *profile, void *account);

static cJSON *render_role_with(const cJSON *role, const char *const *members)
{
    cJSON *out = iam_render(role, members);
    iam_add_document(out, "AssumeRolePolicyDocument", iam_string(role, IAM_TRUST_POLICY));
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "Tags")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(out, "Tags");
    return out;
}

static cJSON *render_role(const cJSON *role, void *arg)
{
    (void)arg;
    return render_role_with(role, role_members);
}

static cJSON *render_list_role(const cJSON *role, void *arg)
{
    (void)arg;
    return render_role_with(role, role_list_members);
}

static int check_session_duration(struct call *c, const cJSON *in)
{
    long long seconds = param_int(in, "MaxSessionDuration", MIN_SESSION_SECONDS);
    if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS)
        return iam_fail_validation(c,
                                   "1 validation error detected: Value '%lld' at "
                                   "'maxSessionDuration' failed to satisfy constraint: Member "
                                   "must have value less than or equal to 43200",
                                   seconds);
    return 0;
}

static cJSON *role_new(const struct iam_account *a, const char *name, const char *path,
                       const char *trust, const char *description)
{
    cJSON *role = iam_entity_new(a, "role", "RoleName", name, "RoleId", "AROA", path);
    cJSON_AddStringToObject(role, IAM_TRUST_POLICY, trust ? trust : "");
    if (description)
        cJSON_AddStringToObject(role, "Description", description);
    cJSON_AddNumberToObject(role, "MaxSessionDuration", MIN_SESSION_SECONDS);
    cJSON_AddObjectToObject(role, "RoleLastUsed");
    return role;
}

cJSON *iam_role_add(struct iam_account *a, const char *name, const char *path, const char *trust,
                    const char *description)
{
    cJSON *role = role_new(a, name, path, trust, description);
    cJSON_AddItemToArray(a->roles, role);
    return role;
}

cJSON *iam_render_role(const cJSON *role)
{
    return render_role_with(role, role_members);
}

cJSON *iam_render_instance_profile(const struct iam_account *a, const cJSON *profile)
{
    return render_profile(profile, (void *)a);
}

int iam_create_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "RoleName");
    const char *path = iam_path_param(c, in, "Path");
    const char *trust = param_string(in, "AssumeRolePolicyDocument");
    if (!path || iam_check_name(c, name, "roleName") != 0 || check_session_duration(c, in) != 0)
        return -1;
    if (iam_entity_find(a->roles, "RoleName", name))
        return iam_fail_exists(c, "Role with name %s already exists.", name);
    /* Unlike UpdateAssumeRolePolicy, the trust policy a role is created with is taken as it
     * is: test suites written against moto commonly create roles with placeholder documents. */
    cJSON *role = role_new(a, name, path, trust, param_string(in, "Description"));
    cJSON_ReplaceItemInObjectCaseSensitive(
        role, "MaxSessionDuration",
        cJSON_CreateNumber((double)param_int(in, "MaxSessionDuration", MIN_SESSION_SECONDS)));
    if (iam_tags_add(c, role, in) != 0 ||
        iam_set_permissions_boundary(c, a, role, param_string(in, "PermissionsBoundary")) != 0) {
        cJSON_Delete(role);
        return -1;
    }
    cJSON_AddItemToArray(a->roles, role);
    cJSON *answer = render_role(role, NULL);
    cJSON_DeleteItemFromObjectCaseSensitive(answer, "RoleLastUsed");
    cJSON_AddItemToObject(out, "Role", answer);
    return 0;
}

static cJSON *role_param(struct call *c, struct iam_account *a, const cJSON *in)
{
    return principal_get(c, a, &iam_role_kind, param_string(in, "RoleName"));
}

int iam_get_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    if (!role)
        return -1;
    cJSON_AddItemToObject(out, "Role", render_role(role, NULL));
    return 0;
}

static bool path_prefix_keeps(const cJSON *entity, void *prefix)
{
    return iam_path_matches(entity, prefix);
}

int iam_list_roles(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    return iam_list_page(c, in, out, "Roles", a->roles, path_prefix_keeps, render_list_role,
                         (void *)param_string(in, "PathPrefix"));
}

static int update_role_fields(struct call *c, const cJSON *in, cJSON *role)
{
    if (cJSON_HasObjectItem(in, "MaxSessionDuration")) {
        if (check_session_duration(c, in) != 0)
            return -1;
        cJSON_ReplaceItemInObjectCaseSensitive(
            role, "MaxSessionDuration",
            cJSON_CreateNumber((double)param_int(in, "MaxSessionDuration", MIN_SESSION_SECONDS)));
    }
    /* UpdateRole sets the description it is given and drops it when given none. */
    const char *description = param_string(in, "Description");
    cJSON_DeleteItemFromObjectCaseSensitive(role, "Description");
    if (description)
        cJSON_AddStringToObject(role, "Description", description);
    return 0;
}

int iam_update_role(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    return role ? update_role_fields(c, in, role) : -1;
}

int iam_update_role_description(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    if (!role || update_role_fields(c, in, role) != 0)
        return -1;
    cJSON_AddItemToObject(out, "Role", render_role(role, NULL));
    return 0;
}

int iam_update_assume_role_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    const char *trust = param_string(in, "PolicyDocument");
    if (!role || iam_check_policy_document(c, trust, true) != 0)
        return -1;
    cJSON_ReplaceItemInObjectCaseSensitive(role, IAM_TRUST_POLICY, cJSON_CreateString(trust));
    return 0;
}

int iam_put_role_permissions_boundary(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    return role ? iam_set_permissions_boundary(c, a, role,
                                               param_string(in, "PermissionsBoundary"))
                : -1;
}

int iam_delete_role_permissions_boundary(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    if (!role)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(role, "PermissionsBoundary");
    return 0;
}

int iam_put_user_permissions_boundary(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    return user ? iam_set_permissions_boundary(c, a, user,
                                               param_string(in, "PermissionsBoundary"))
                : -1;
}

int iam_delete_user_permissions_boundary(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(user, "PermissionsBoundary");
    return 0;
}

static bool in_any_profile(const struct iam_account *a, const char *role_name)
{
    const cJSON *profile;
    cJSON_ArrayForEach(profile, a->instance_profiles) {
        if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(profile, IAM_PROFILE_ROLES),
                                role_name))
            return true;
    }
    return false;
}

int iam_delete_role(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    if (!role)
        return -1;
    const char *conflict = iam_policies_conflict(role);
    if (!conflict && in_any_profile(a, iam_string(role, "RoleName")))
        conflict = "Cannot delete entity, must remove roles from instance profile first.";
    if (conflict)
        return iam_fail_delete_conflict(c, conflict);
    cJSON_DetachItemViaPointer(a->roles, role);
    cJSON_Delete(role);
    return 0;
}

/* ---- what STS asks (roles.h) ---- */

static cJSON *role_of_arn(const char *account, const char *partition, const char *role_name)
{
    struct iam_account *a = iam_account_find(account, partition);
    return a ? iam_entity_find(a->roles, "RoleName", role_name) : NULL;
}

bool iam_role_max_session_duration(const char *account, const char *partition,
                                   const char *role_name, long *seconds)
{
    const cJSON *role = role_of_arn(account, partition, role_name);
    if (!role)
        return false;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(role, "MaxSessionDuration");
    *seconds = cJSON_IsNumber(max) ? (long)max->valuedouble : MIN_SESSION_SECONDS;
    return true;
}

bool iam_role_unique_id(const char *account, const char *partition, const char *role_name,
                        char id[22])
{
    const char *role_id = iam_string(role_of_arn(account, partition, role_name), "RoleId");
    if (!role_id || strlen(role_id) > 21)
        return false;
    strcpy(id, role_id);
    return true;
}

void iam_role_note_use(const char *account, const char *partition, const char *role_name,
                       const char *region, double when)
{
    cJSON *role = role_of_arn(account, partition, role_name);
    if (!role)
        return;
    cJSON *last = cJSON_CreateObject();
    result_add_timestamp(last, "LastUsedDate", when);
    cJSON_AddStringToObject(last, "Region", region);
    cJSON_DeleteItemFromObjectCaseSensitive(role, "RoleLastUsed");
    cJSON_AddItemToObject(role, "RoleLastUsed", last);
}

/* ---- instance profiles ---- */

static cJSON *render_profile(const cJSON *profile, void *account)
{
    const struct iam_account *a = account;
    cJSON *out = iam_render(profile, profile_members);
    cJSON *roles = cJSON_AddArrayToObject(out, "Roles");
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(profile, IAM_PROFILE_ROLES)) {
        const cJSON *role = iam_entity_find(a->roles, "RoleName", name->valuestring);
        if (role)
            cJSON_AddItemToArray(roles, render_role_with(role, role_list_members));
    }
    return out;
}

static cJSON *profile_get(struct call *c, const struct iam_account *a, const char *name)
{
    cJSON *p = iam_entity_find(a->instance_profiles, "InstanceProfileName", name);
    if (!p)
        iam_fail_no_such_entity(c, "Instance Profile %s cannot be found.", name ? name : "");
    return p;
}

int iam_create_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "InstanceProfileName");
    const char *path = iam_path_param(c, in, "Path");
    if (!path || iam_check_name(c, name, "instanceProfileName") != 0)
        return -1;
    if (iam_entity_find(a->instance_profiles, "InstanceProfileName", name))
        return iam_fail_exists(c, "Instance Profile %s already exists.", name);
    cJSON *profile = iam_entity_new(a, "instance-profile", "InstanceProfileName", name,
                                    "InstanceProfileId", "AIPA", path);
    iam_array(profile, "Tags");
    if (iam_tags_add(c, profile, in) != 0) {
        cJSON_Delete(profile);
        return -1;
    }
    cJSON_AddItemToArray(a->instance_profiles, profile);
    cJSON_AddItemToObject(out, "InstanceProfile", render_profile(profile, a));
    return 0;
}

int iam_get_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    if (!profile)
        return -1;
    cJSON_AddItemToObject(out, "InstanceProfile", render_profile(profile, a));
    return 0;
}

struct profile_filter {
    const char *path_prefix;
    const char *role_name;
    struct iam_account *account;
};

static bool profile_kept(const cJSON *profile, void *arg)
{
    const struct profile_filter *f = arg;
    if (f->role_name)
        return iam_strings_contain(cJSON_GetObjectItemCaseSensitive(profile, IAM_PROFILE_ROLES),
                                   f->role_name);
    return iam_path_matches(profile, (void *)f->path_prefix);
}

static cJSON *render_filtered_profile(const cJSON *profile, void *arg)
{
    return render_profile(profile, ((struct profile_filter *)arg)->account);
}

int iam_list_instance_profiles(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    struct profile_filter f = {param_string(in, "PathPrefix"), NULL, a};
    return iam_list_page(c, in, out, "InstanceProfiles", a->instance_profiles, profile_kept,
                         render_filtered_profile, &f);
}

int iam_list_instance_profiles_for_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = role_param(c, a, in);
    if (!role)
        return -1;
    struct profile_filter f = {NULL, iam_string(role, "RoleName"), a};
    return iam_list_page(c, in, out, "InstanceProfiles", a->instance_profiles, profile_kept,
                         render_filtered_profile, &f);
}

int iam_delete_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    if (!profile)
        return -1;
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(profile, IAM_PROFILE_ROLES)))
        return iam_fail_delete_conflict(
            c, "Cannot delete entity, must remove roles from instance profile first.");
    cJSON_DetachItemViaPointer(a->instance_profiles, profile);
    cJSON_Delete(profile);
    return 0;
}

int iam_add_role_to_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    cJSON *role = profile ? role_param(c, a, in) : NULL;
    if (!role)
        return -1;
    cJSON *roles = iam_array(profile, IAM_PROFILE_ROLES);
    /* An instance profile holds one role at most. */
    if (cJSON_GetArraySize(roles) >= 1)
        return iam_fail_limit(c, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
    cJSON_AddItemToArray(roles, cJSON_CreateString(iam_string(role, "RoleName")));
    return 0;
}

int iam_remove_role_from_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    cJSON *role = profile ? role_param(c, a, in) : NULL;
    if (!role)
        return -1;
    if (!iam_strings_remove(iam_array(profile, IAM_PROFILE_ROLES), iam_string(role, "RoleName")))
        return iam_fail_no_such_entity(c, "The role with name %s cannot be found.",
                                       iam_string(role, "RoleName"));
    return 0;
}

int iam_tag_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    return profile ? iam_tag_entity(c, profile, in) : -1;
}

int iam_untag_instance_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    return profile ? iam_untag_entity(c, profile, in) : -1;
}

int iam_list_instance_profile_tags(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *profile = profile_get(c, a, param_string(in, "InstanceProfileName"));
    return profile ? iam_list_entity_tags(c, profile, in, out) : -1;
}
