/* IAM's state per account and partition, and its persistence: one record per account holding
 * its entity lists as they are kept. */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/backend.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "../core/tags.h"

#define RECORD_FORMAT_VERSION 1

/* The lists of an account, by the member names records keep them under. */
#define IAM_LISTS(X)                                                                    \
    X(users) X(groups) X(roles) X(policies) X(instance_profiles) X(aliases) X(mfa_devices) \
    X(saml_providers) X(oidc_providers) X(server_certificates)

#define COUNT_LIST(name) +1
enum { IAM_LIST_COUNT = 0 IAM_LISTS(COUNT_LIST) };
#undef COUNT_LIST

static void *account_create(const char *account, const char *partition)
{
    struct iam_account *a = xcalloc(1, sizeof *a);
    snprintf(a->account, sizeof a->account, "%s", account);
    snprintf(a->partition, sizeof a->partition, "%s", partition);
#define CREATE_LIST(name) a->name = cJSON_CreateArray();
    IAM_LISTS(CREATE_LIST)
#undef CREATE_LIST
    return a;
}

static void account_destroy(void *state)
{
    struct iam_account *a = state;
#define DELETE_LIST(name) cJSON_Delete(a->name);
    IAM_LISTS(DELETE_LIST)
#undef DELETE_LIST
    cJSON_Delete(a->password_policy);
    cJSON_Delete(a->credential_report);
    cJSON_Delete(a->outbound_federation);
    free(a);
}

/* The regional_state table keyed by account and partition: IAM is global within a partition. */
static struct regional_states accounts = REGIONAL_STATES_INIT(account_create, account_destroy);

struct iam_account *iam_account_for_call(const struct call *c)
{
    return regional_state(&accounts, c->route->account, partition_for_region(c->route->region));
}

struct iam_account *iam_account_find(const char *account, const char *partition)
{
    return regional_state_find(&accounts, account, partition);
}

cJSON *iam_entity_find(const cJSON *list, const char *name_member, const char *name)
{
    if (!name)
        return NULL;
    const cJSON *entity;
    cJSON_ArrayForEach(entity, list) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(entity, name_member);
        if (cJSON_IsString(n) && strcasecmp(n->valuestring, name) == 0)
            return (cJSON *)entity;
    }
    return NULL;
}

void iam_accounts_reset(void)
{
    regional_states_reset(&accounts);
}

static cJSON *account_record(const struct iam_account *a)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "account", a->account);
    cJSON_AddStringToObject(record, "region", a->partition);
#define ADD_LIST(name) record_add_json(record, #name, a->name);
    IAM_LISTS(ADD_LIST)
#undef ADD_LIST
    record_add_json(record, "password_policy", a->password_policy);
    record_add_json(record, "credential_report", a->credential_report);
    record_add_json(record, "outbound_federation", a->outbound_federation);
    if (a->global_endpoint_token_version)
        cJSON_AddNumberToObject(record, "global_endpoint_token_version",
                                a->global_endpoint_token_version);
    return record;
}

cJSON *iam_accounts_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < accounts.count; i++)
        cJSON_AddItemToArray(list, account_record(accounts.entries[i].state));
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "accounts", list);
    return out;
}

/* ---- persistence ---- */

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < accounts.count; i++)
        if (record_write(w, account_record(accounts.entries[i].state)) != 0)
            return -1;
    return 0;
}

/* ---- checks of loaded entities: operations read these members without checking them ---- */

static bool has_strings(const cJSON *object, const char *const *members)
{
    if (!cJSON_IsObject(object))
        return false;
    for (; *members; members++)
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(object, *members)))
            return false;
    return true;
}

/* An optional member that, when present, is a list of strings. */
static bool string_list(const cJSON *entity, const char *member)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(entity, member);
    if (!list)
        return true;
    if (!cJSON_IsArray(list))
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        if (!cJSON_IsString(item))
            return false;
    }
    return true;
}

/* An optional member that, when present, is a list of objects with those string members. */
static bool object_list(const cJSON *entity, const char *member, const char *const *required)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(entity, member);
    if (!list)
        return true;
    if (!cJSON_IsArray(list))
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        if (!has_strings(item, required))
            return false;
    }
    return true;
}

static bool entity_valid(const cJSON *e, const char *const *required)
{
    static const char *const key[] = {"AccessKeyId", "Status", NULL};
    static const char *const version[] = {"VersionId", "Document", NULL};
    static const char *const serial[] = {"SerialNumber", NULL};
    static const char *const ssh[] = {"SSHPublicKeyId", "Fingerprint", "Status", NULL};
    static const char *const cert[] = {"CertificateId", "Status", NULL};
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(e, "Tags");
    const cJSON *inline_policies = cJSON_GetObjectItemCaseSensitive(e, "_InlinePolicies");
    if (!has_strings(e, required) || (tags && !tags_set_valid(tags)))
        return false;
    if (inline_policies) {
        if (!cJSON_IsObject(inline_policies))
            return false;
        const cJSON *p;
        cJSON_ArrayForEach(p, inline_policies) {
            if (!cJSON_IsString(p))
                return false;
        }
    }
    return string_list(e, "_AttachedPolicies") && string_list(e, "_Members") &&
           string_list(e, "_Roles") && object_list(e, "_AccessKeys", key) &&
           object_list(e, "_Versions", version) && object_list(e, "_MFADevices", serial) &&
           object_list(e, "_SSHPublicKeys", ssh) && object_list(e, "_SigningCertificates", cert);
}

static bool entities_valid(const cJSON *list, const char *const *required)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (!entity_valid(e, required))
            return false;
    }
    return true;
}

/* The members each list's entities must have, in IAM_LISTS order. */
static bool lists_valid(cJSON *const *lists)
{
    static const char *const users[] = {"UserName", "UserId", "Arn", "Path", NULL};
    static const char *const groups[] = {"GroupName", "GroupId", "Arn", "Path", NULL};
    static const char *const roles[] = {"RoleName", "RoleId", "Arn", "Path",
                                        "_AssumeRolePolicyDocument", NULL};
    static const char *const policies[] = {"PolicyName", "PolicyId", "Arn", "Path", NULL};
    static const char *const profiles[] = {"InstanceProfileName", "InstanceProfileId", "Arn",
                                           "Path", NULL};
    static const char *const devices[] = {"SerialNumber", NULL};
    static const char *const saml[] = {"Arn", NULL};
    static const char *const oidc[] = {"Arn", "Url", NULL};
    static const char *const certificates[] = {"ServerCertificateName", "Arn", "Path", NULL};
    const cJSON *alias;
    cJSON_ArrayForEach(alias, lists[5]) {
        if (!cJSON_IsString(alias))
            return false;
    }
    return entities_valid(lists[0], users) && entities_valid(lists[1], groups) &&
           entities_valid(lists[2], roles) && entities_valid(lists[3], policies) &&
           entities_valid(lists[4], profiles) && entities_valid(lists[6], devices) &&
           entities_valid(lists[7], saml) && entities_valid(lists[8], oidc) &&
           entities_valid(lists[9], certificates);
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *account, *partition;
    if (!record_account_region(r, record, &account, &partition))
        return -1;
    cJSON *lists[IAM_LIST_COUNT];
    int n = 0;
    bool valid = true;
#define READ_LIST(name)                                  \
    lists[n] = record_json(record, #name, cJSON_IsArray); \
    if (!lists[n++])                                      \
        valid = false;
    IAM_LISTS(READ_LIST)
#undef READ_LIST
    if (!valid || !lists_valid(lists)) {
        for (int i = 0; i < n; i++)
            cJSON_Delete(lists[i]);
        return state_refuse(r, "IAM account %s without valid entity lists", account);
    }
    struct iam_account *a = regional_state(&accounts, account, partition);
    n = 0;
#define TAKE_LIST(name) cJSON_Delete(a->name); a->name = lists[n++];
    IAM_LISTS(TAKE_LIST)
#undef TAKE_LIST
    cJSON_Delete(a->password_policy);
    a->password_policy = record_json(record, "password_policy", cJSON_IsObject);
    cJSON_Delete(a->credential_report);
    a->credential_report = record_json(record, "credential_report", cJSON_IsObject);
    cJSON_Delete(a->outbound_federation);
    a->outbound_federation = record_json(record, "outbound_federation", cJSON_IsObject);
    long token_version = 0;
    record_int(record, "global_endpoint_token_version", 1, 2, &token_version);
    a->global_endpoint_token_version = (int)token_version;
    return 0;
}

const struct service_persistence iam_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &accounts,
};
