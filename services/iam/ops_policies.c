/* Managed policies and their versions: the account's own (five versions at most, one the
 * default), which it can change, and AWS's, which it can only read and attach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/params.h"
#include "aws_policies.h"
#include "ops.h"
#include "principals.h"

#define VERSIONS_PER_POLICY 5

static const char *const policy_members[] = {"PolicyName", "PolicyId", "Arn", "Path",
                                             "DefaultVersionId", "IsAttachable", "Description",
                                             "CreateDate", "UpdateDate", "Tags", NULL};
static const char *const policy_list_members[] = {"PolicyName", "PolicyId", "Arn", "Path",
                                                  "DefaultVersionId", "IsAttachable",
                                                  "CreateDate", "UpdateDate", NULL};

static bool attaches(const cJSON *principal, const char *arn)
{
    return iam_strings_contain(cJSON_GetObjectItemCaseSensitive(principal, IAM_ATTACHED_POLICIES),
                               arn);
}

static bool bounded_by(const cJSON *principal, const char *arn)
{
    const cJSON *boundary = cJSON_GetObjectItemCaseSensitive(principal, "PermissionsBoundary");
    const char *boundary_arn = iam_string(boundary, "PermissionsBoundaryArn");
    return boundary_arn && strcmp(boundary_arn, arn) == 0;
}

/* How many principals of the account satisfy test for arn. */
static int count_principals(const struct iam_account *a, const char *arn,
                            bool (*test)(const cJSON *principal, const char *arn))
{
    const cJSON *lists[] = {a->users, a->groups, a->roles};
    int count = 0;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const cJSON *p;
        cJSON_ArrayForEach(p, lists[i]) {
            count += test(p, arn);
        }
    }
    return count;
}

bool iam_policy_in_use(const struct iam_account *a, const char *arn)
{
    return count_principals(a, arn, attaches) > 0 || count_principals(a, arn, bounded_by) > 0;
}

static cJSON *render_policy_with(const struct iam_account *a, const cJSON *policy,
                                 const char *const *members)
{
    cJSON *out = iam_render(policy, members);
    const char *arn = iam_string(policy, "Arn");
    cJSON_AddNumberToObject(out, "AttachmentCount", count_principals(a, arn, attaches));
    cJSON_AddNumberToObject(out, "PermissionsBoundaryUsageCount",
                            count_principals(a, arn, bounded_by));
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "Tags")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(out, "Tags");
    return out;
}

cJSON *iam_render_policy(const struct iam_account *a, const cJSON *policy)
{
    return render_policy_with(a, policy, policy_members);
}

static cJSON *policy_get(struct call *c, const struct iam_account *a, const char *arn)
{
    cJSON *policy = iam_policy_find(a, arn);
    if (!policy)
        iam_fail_no_such_entity(c, "Policy %s does not exist or is not attachable.",
                                arn ? arn : "");
    return policy;
}

/* The policy arn for reading: the account's own, or else an AWS managed one built into *scratch,
 * which the caller deletes. */
static const cJSON *policy_read(struct call *c, const struct iam_account *a, const char *arn,
                                cJSON **scratch)
{
    *scratch = NULL;
    const cJSON *policy = iam_policy_find(a, arn);
    if (!policy)
        policy = *scratch = iam_aws_policy_entity(arn);
    if (!policy)
        iam_fail_no_such_entity(c, "Policy %s does not exist or is not attachable.",
                                arn ? arn : "");
    return policy;
}

static cJSON *version_new(int number, const char *document, bool is_default)
{
    cJSON *v = cJSON_CreateObject();
    char id[24];
    snprintf(id, sizeof id, "v%d", number);
    cJSON_AddStringToObject(v, "VersionId", id);
    cJSON_AddStringToObject(v, "Document", document);
    cJSON_AddBoolToObject(v, "IsDefaultVersion", is_default);
    result_add_timestamp(v, "CreateDate", (double)time(NULL));
    return v;
}

int iam_create_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "PolicyName");
    const char *path = iam_path_param(c, in, "Path");
    const char *document = param_string(in, "PolicyDocument");
    if (!path || iam_check_name(c, name, "policyName") != 0 ||
        iam_check_policy_document(c, document, false) != 0)
        return -1;
    char *arn = iam_arn(a, "policy", path, name);
    bool exists = iam_policy_find(a, arn) != NULL;
    free(arn);
    if (exists)
        return iam_fail_exists(c, "A policy called %s already exists. Duplicate names are not "
                                  "allowed.",
                               name);
    cJSON *policy = iam_entity_new(a, "policy", "PolicyName", name, "PolicyId", "ANPA", path);
    cJSON_AddStringToObject(policy, "DefaultVersionId", "v1");
    cJSON_AddBoolToObject(policy, "IsAttachable", true);
    if (param_string(in, "Description"))
        cJSON_AddStringToObject(policy, "Description", param_string(in, "Description"));
    cJSON_AddItemToObject(policy, "UpdateDate",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(policy, "CreateDate"),
                                          true));
    cJSON_AddItemToArray(iam_array(policy, IAM_POLICY_VERSIONS), version_new(1, document, true));
    cJSON_AddNumberToObject(policy, "_NextVersion", 2);
    if (iam_tags_add(c, policy, in) != 0) {
        cJSON_Delete(policy);
        return -1;
    }
    cJSON_AddItemToArray(a->policies, policy);
    cJSON_AddItemToObject(out, "Policy", render_policy_with(a, policy, policy_members));
    return 0;
}

int iam_get_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *scratch;
    const cJSON *policy = policy_read(c, a, param_string(in, "PolicyArn"), &scratch);
    if (!policy)
        return -1;
    cJSON_AddItemToObject(out, "Policy", render_policy_with(a, policy, policy_members));
    cJSON_Delete(scratch);
    return 0;
}

struct policy_filter {
    const struct iam_account *account;
    const char *path_prefix;
    bool only_attached;
    const char *usage; /* PermissionsPolicy, PermissionsBoundary or NULL */
};

static bool policy_kept(const cJSON *policy, void *arg)
{
    const struct policy_filter *f = arg;
    const char *arn = iam_string(policy, "Arn");
    if (!iam_path_matches(policy, (char *)f->path_prefix))
        return false;
    if (f->only_attached && count_principals(f->account, arn, attaches) == 0)
        return false;
    if (f->usage && strcmp(f->usage, "PermissionsBoundary") == 0)
        return count_principals(f->account, arn, bounded_by) > 0;
    return true;
}

static cJSON *render_listed_policy(const cJSON *policy, void *arg)
{
    const struct policy_filter *f = arg;
    return render_policy_with(f->account, policy, policy_list_members);
}

int iam_list_policies(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    struct policy_filter f = {a, param_string(in, "PathPrefix"), param_true(in, "OnlyAttached"),
                              param_string(in, "PolicyUsageFilter")};
    const char *scope = param_string(in, "Scope");
    bool aws = !scope || strcmp(scope, "Local") != 0;
    bool local = !scope || strcmp(scope, "AWS") != 0;
    /* All lists AWS's policies first, then the account's own, as AWS does. */
    cJSON *listed = aws ? iam_aws_policy_entities(a->partition) : cJSON_CreateArray();
    const cJSON *own;
    cJSON_ArrayForEach(own, a->policies) {
        if (local)
            cJSON_AddItemReferenceToArray(listed, (cJSON *)own);
    }
    int rc = iam_list_page(c, in, out, "Policies", listed, policy_kept, render_listed_policy, &f);
    cJSON_Delete(listed);
    return rc;
}

int iam_delete_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    if (!policy)
        return -1;
    if (count_principals(a, iam_string(policy, "Arn"), attaches) > 0)
        return iam_fail_delete_conflict(c, "Cannot delete a policy attached to entities.");
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(policy, IAM_POLICY_VERSIONS)) > 1)
        return iam_fail_delete_conflict(
            c, "This policy has more than one version. Before you delete a policy, you must "
               "delete the policy's versions. The default version is deleted with the policy.");
    cJSON_DetachItemViaPointer(a->policies, policy);
    cJSON_Delete(policy);
    return 0;
}

/* ---- versions ---- */

static cJSON *render_version(const cJSON *version)
{
    static const char *const members[] = {"VersionId", "IsDefaultVersion", "CreateDate", NULL};
    cJSON *out = iam_render(version, members);
    iam_add_document(out, "Document", iam_string(version, "Document"));
    return out;
}

static cJSON *version_find(const cJSON *policy, const char *id)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(policy, IAM_POLICY_VERSIONS)) {
        if (id && strcmp(iam_string(v, "VersionId"), id) == 0)
            return (cJSON *)v;
    }
    return NULL;
}

static cJSON *version_get(struct call *c, const cJSON *policy, const char *id)
{
    cJSON *v = version_find(policy, id);
    if (!v)
        iam_fail_no_such_entity(c, "Policy %s version %s does not exist or is not attachable.",
                                iam_string(policy, "Arn"), id ? id : "");
    return v;
}

/* Makes version the default of policy. */
static void make_default(cJSON *policy, cJSON *version)
{
    cJSON *v;
    cJSON_ArrayForEach(v, iam_array(policy, IAM_POLICY_VERSIONS)) {
        cJSON_ReplaceItemInObjectCaseSensitive(v, "IsDefaultVersion", cJSON_CreateBool(v == version));
    }
    cJSON_ReplaceItemInObjectCaseSensitive(policy, "DefaultVersionId",
                                           cJSON_CreateString(iam_string(version, "VersionId")));
    cJSON_ReplaceItemInObjectCaseSensitive(policy, "UpdateDate",
                                           cJSON_CreateNumber((double)time(NULL)));
}

int iam_create_policy_version(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    const char *document = param_string(in, "PolicyDocument");
    if (!policy || iam_check_policy_document(c, document, false) != 0)
        return -1;
    cJSON *versions = iam_array(policy, IAM_POLICY_VERSIONS);
    if (cJSON_GetArraySize(versions) >= VERSIONS_PER_POLICY)
        return iam_fail_limit(c, "A managed policy can have up to %d versions. Before you create "
                                 "a new version, you must delete an existing version.",
                              VERSIONS_PER_POLICY);
    cJSON *next = cJSON_GetObjectItemCaseSensitive(policy, "_NextVersion");
    int number = cJSON_IsNumber(next) ? next->valueint : cJSON_GetArraySize(versions) + 1;
    cJSON_ReplaceItemInObjectCaseSensitive(policy, "_NextVersion", cJSON_CreateNumber(number + 1));
    cJSON *version = version_new(number, document, false);
    cJSON_AddItemToArray(versions, version);
    if (param_true(in, "SetAsDefault"))
        make_default(policy, version);
    cJSON_AddItemToObject(out, "PolicyVersion", render_version(version));
    return 0;
}

int iam_get_policy_version(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *scratch;
    const cJSON *policy = policy_read(c, a, param_string(in, "PolicyArn"), &scratch);
    cJSON *version = policy ? version_get(c, policy, param_string(in, "VersionId")) : NULL;
    if (version)
        cJSON_AddItemToObject(out, "PolicyVersion", render_version(version));
    cJSON_Delete(scratch);
    return version ? 0 : -1;
}

static cJSON *render_listed_version(const cJSON *version, void *arg)
{
    (void)arg;
    return render_version(version);
}

int iam_list_policy_versions(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *scratch;
    const cJSON *policy = policy_read(c, a, param_string(in, "PolicyArn"), &scratch);
    if (!policy)
        return -1;
    int rc = iam_list_page(c, in, out, "Versions",
                           cJSON_GetObjectItemCaseSensitive(policy, IAM_POLICY_VERSIONS), NULL,
                           render_listed_version, NULL);
    cJSON_Delete(scratch);
    return rc;
}

int iam_delete_policy_version(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    cJSON *version = policy ? version_get(c, policy, param_string(in, "VersionId")) : NULL;
    if (!version)
        return -1;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(version, "IsDefaultVersion")))
        return iam_fail_delete_conflict(c, "Cannot delete the default version of the policy.");
    cJSON_DetachItemViaPointer(iam_array(policy, IAM_POLICY_VERSIONS), version);
    cJSON_Delete(version);
    return 0;
}

static bool is_version_id(const char *id)
{
    if (!id || id[0] != 'v' || id[1] < '1' || id[1] > '9')
        return false;
    for (id += 2; *id >= '0' && *id <= '9'; id++)
        ;
    return *id == '\0' || *id == '.';
}

int iam_set_default_policy_version(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    const char *id = param_string(in, "VersionId");
    if (!is_version_id(id))
        return iam_fail_validation(c,
                                   "Value '%s' at 'versionId' failed to satisfy constraint: Member "
                                   "must satisfy regular expression pattern: "
                                   "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
                                   id ? id : "");
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    if (!policy)
        return -1;
    cJSON *version = version_find(policy, id);
    if (!version)
        return iam_fail_no_such_entity(c, "Policy %s version %s does not exist or is not "
                                          "attachable.",
                                       iam_string(policy, "Arn"), id);
    make_default(policy, version);
    return 0;
}

int iam_tag_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    return policy ? iam_tag_entity(c, policy, in) : -1;
}

int iam_untag_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    return policy ? iam_untag_entity(c, policy, in) : -1;
}

int iam_list_policy_tags(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = policy_get(c, a, param_string(in, "PolicyArn"));
    return policy ? iam_list_entity_tags(c, policy, in, out) : -1;
}
