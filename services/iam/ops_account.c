/* The account itself: its password policy, its alias, its summary; and the tags of users and
 * roles. */
#include <ctype.h>
#include <string.h>

#include "../core/params.h"
#include "ops.h"
#include "principals.h"

/* ---- password policy ---- */

static const char *const password_flags[] = {
    "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
    "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry", NULL};

int iam_update_account_password_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *policy = cJSON_CreateObject();
    cJSON_AddNumberToObject(policy, "MinimumPasswordLength",
                            (double)param_int(in, "MinimumPasswordLength", 6));
    for (const char *const *flag = password_flags; *flag; flag++)
        cJSON_AddBoolToObject(policy, *flag, param_true(in, *flag));
    long long max_age = param_int(in, "MaxPasswordAge", 0);
    cJSON_AddBoolToObject(policy, "ExpirePasswords", max_age > 0);
    cJSON_AddNumberToObject(policy, "MaxPasswordAge", (double)max_age);
    if (cJSON_HasObjectItem(in, "PasswordReusePrevention"))
        cJSON_AddNumberToObject(policy, "PasswordReusePrevention",
                                (double)param_int(in, "PasswordReusePrevention", 0));
    cJSON_Delete(a->password_policy);
    a->password_policy = policy;
    return 0;
}

static int no_password_policy(struct call *c, const struct iam_account *a)
{
    return iam_fail_no_such_entity(c, "The Password Policy with domain name %s cannot be found.",
                                   a->account);
}

int iam_get_account_password_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    if (!a->password_policy)
        return no_password_policy(c, a);
    cJSON_AddItemToObject(out, "PasswordPolicy", cJSON_Duplicate(a->password_policy, true));
    return 0;
}

int iam_delete_account_password_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    if (!a->password_policy)
        return no_password_policy(c, a);
    cJSON_Delete(a->password_policy);
    a->password_policy = NULL;
    return 0;
}

/* ---- account alias ---- */

/* ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$ */
static bool is_account_alias(const char *alias)
{
    size_t len = alias ? strlen(alias) : 0;
    if (len < 3 || len > 63 || alias[0] == '-' || alias[len - 1] == '-')
        return false;
    for (size_t i = 0; i < len; i++) {
        bool plain = islower((unsigned char)alias[i]) || isdigit((unsigned char)alias[i]);
        if (!plain && (alias[i] != '-' || alias[i + 1] == '-'))
            return false;
    }
    return true;
}

int iam_create_account_alias(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    const char *alias = param_string(in, "AccountAlias");
    if (!is_account_alias(alias))
        return iam_fail_validation(c,
                                   "1 validation error detected: Value '%s' at 'accountAlias' "
                                   "failed to satisfy constraint: Member must satisfy regular "
                                   "expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
                                   alias ? alias : "");
    /* An account has one alias: a new one replaces it. */
    cJSON_Delete(a->aliases);
    a->aliases = cJSON_CreateArray();
    cJSON_AddItemToArray(a->aliases, cJSON_CreateString(alias));
    return 0;
}

int iam_delete_account_alias(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    const char *alias = param_string(in, "AccountAlias");
    if (!alias || !iam_strings_remove(a->aliases, alias))
        return iam_fail_no_such_entity(c, "The account alias %s cannot be found.",
                                       alias ? alias : "");
    return 0;
}

static cJSON *render_alias(const cJSON *alias, void *arg)
{
    (void)arg;
    return cJSON_Duplicate(alias, false);
}

int iam_list_account_aliases(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    return iam_list_page(c, in, out, "AccountAliases", a->aliases, NULL, render_alias, NULL);
}

/* ---- summary ---- */

static int count_members(const cJSON *list, const char *member)
{
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        n += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, member));
    }
    return n;
}

int iam_get_account_summary(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    int in_use = 0, mfa_in_use = count_members(a->users, IAM_MFA_DEVICES);
    const cJSON *lists[] = {a->users, a->groups, a->roles};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const cJSON *principal, *arn;
        cJSON_ArrayForEach(principal, lists[i]) {
            cJSON_ArrayForEach(arn, cJSON_GetObjectItemCaseSensitive(principal,
                                                                     IAM_ATTACHED_POLICIES)) {
                in_use += iam_policy_find(a, arn->valuestring) != NULL;
            }
        }
    }
    struct {
        const char *name;
        int value;
    } entries[] = {
        {"Users", cJSON_GetArraySize(a->users)},
        {"UsersQuota", 5000},
        {"Groups", cJSON_GetArraySize(a->groups)},
        {"GroupsQuota", 300},
        {"Roles", cJSON_GetArraySize(a->roles)},
        {"RolesQuota", 1000},
        {"InstanceProfiles", cJSON_GetArraySize(a->instance_profiles)},
        {"InstanceProfilesQuota", 1000},
        {"Policies", cJSON_GetArraySize(a->policies)},
        {"PoliciesQuota", 1500},
        {"PolicyVersionsInUse", in_use},
        {"PolicyVersionsInUseQuota", 10000},
        {"VersionsPerPolicyQuota", 5},
        {"PolicySizeQuota", 6144},
        {"GroupsPerUserQuota", 10},
        {"AttachedPoliciesPerUserQuota", 10},
        {"AttachedPoliciesPerGroupQuota", 10},
        {"AttachedPoliciesPerRoleQuota", 10},
        {"UserPolicySizeQuota", 2048},
        {"GroupPolicySizeQuota", 5120},
        {"RolePolicySizeQuota", 10240},
        {"AssumeRolePolicySizeQuota", 2048},
        {"AccessKeysPerUserQuota", 2},
        {"SigningCertificatesPerUserQuota", 2},
        {"ServerCertificates", cJSON_GetArraySize(a->server_certificates)},
        {"ServerCertificatesQuota", 20},
        {"MFADevices", cJSON_GetArraySize(a->mfa_devices)},
        {"MFADevicesInUse", mfa_in_use},
        {"AccountMFAEnabled", 0},
        {"AccountAccessKeysPresent", 0},
        {"AccountSigningCertificatesPresent", 0},
        {"Providers", cJSON_GetArraySize(a->saml_providers) +
                          cJSON_GetArraySize(a->oidc_providers)},
        {"GlobalEndpointTokenVersion",
         a->global_endpoint_token_version ? a->global_endpoint_token_version : 1},
    };
    cJSON *map = cJSON_AddObjectToObject(out, "SummaryMap");
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        cJSON_AddNumberToObject(map, entries[i].name, entries[i].value);
    return 0;
}

/* Which session tokens the global STS endpoint issues: version 1 (valid in the regions enabled
 * by default) or version 2 (valid in every region); GetAccountSummary reports it. */
int iam_set_security_token_service_preferences(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    const char *version = param_string(in, "GlobalEndpointTokenVersion");
    if (!version || (strcmp(version, "v1Token") != 0 && strcmp(version, "v2Token") != 0))
        return iam_fail_validation(c, "1 validation error detected: Value '%s' at "
                                      "'globalEndpointTokenVersion' failed to satisfy constraint: "
                                      "Member must satisfy enum value set: [v1Token, v2Token]",
                                   version ? version : "");
    iam_account_for_call(c)->global_endpoint_token_version = version[1] == '2' ? 2 : 1;
    return 0;
}

/* ---- tags of users and roles ---- */

#define ENTITY_TAG_OPERATIONS(kind, tag, untag, list)                                   \
    int tag(struct call *c, const cJSON *in, cJSON *out)                              \
    {                                                                                 \
        (void)out;                                                                    \
        struct iam_account *a = iam_account_for_call(c);                              \
        cJSON *e = principal_get(c, a, &kind, param_string(in, kind.name_member));    \
        return e ? iam_tag_entity(c, e, in) : -1;                                     \
    }                                                                                 \
    int untag(struct call *c, const cJSON *in, cJSON *out)                            \
    {                                                                                 \
        (void)out;                                                                    \
        struct iam_account *a = iam_account_for_call(c);                              \
        cJSON *e = principal_get(c, a, &kind, param_string(in, kind.name_member));    \
        return e ? iam_untag_entity(c, e, in) : -1;                                   \
    }                                                                                 \
    int list(struct call *c, const cJSON *in, cJSON *out)                             \
    {                                                                                 \
        struct iam_account *a = iam_account_for_call(c);                              \
        cJSON *e = principal_get(c, a, &kind, param_string(in, kind.name_member));    \
        return e ? iam_list_entity_tags(c, e, in, out) : -1;                          \
    }

ENTITY_TAG_OPERATIONS(iam_user_kind, iam_tag_user, iam_untag_user, iam_list_user_tags)
ENTITY_TAG_OPERATIONS(iam_role_kind, iam_tag_role, iam_untag_role, iam_list_role_tags)
