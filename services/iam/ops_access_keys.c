/* Access keys of users. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/credentials.h"
#include "../core/params.h"
#include "access_keys.h"
#include "ops.h"
#include "principals.h"

#define ACCESS_KEYS_PER_USER 2

static void identity_of_user(const cJSON *user, struct issued_identity *out)
{
    memset(out, 0, sizeof *out);
    const char *arn = iam_string(user, "Arn");
    /* arn:<partition>:iam::<account>:user/… — the account is the fifth field. */
    const char *p = arn;
    for (int colons = 0; p && *p && colons < 4; p++)
        colons += *p == ':';
    size_t len = p ? strcspn(p, ":") : 0;
    snprintf(out->account, sizeof out->account, "%.*s", (int)len, p ? p : "");
    snprintf(out->arn, sizeof out->arn, "%s", arn);
    snprintf(out->user_id, sizeof out->user_id, "%s", iam_string(user, "UserId"));
}

void iam_access_keys_follow_user(const cJSON *user)
{
    struct issued_identity identity;
    identity_of_user(user, &identity);
    const cJSON *key;
    cJSON_ArrayForEach(key, cJSON_GetObjectItemCaseSensitive(user, IAM_ACCESS_KEYS)) {
        const char *id = iam_string(key, "AccessKeyId");
        if (credentials_revoke(id))
            credentials_restore(id, &identity);
    }
}

static cJSON *find_key(const cJSON *user, const char *id)
{
    const cJSON *key;
    cJSON_ArrayForEach(key, cJSON_GetObjectItemCaseSensitive(user, IAM_ACCESS_KEYS)) {
        if (id && strcmp(iam_string(key, "AccessKeyId"), id) == 0)
            return (cJSON *)key;
    }
    return NULL;
}

static int no_such_key(struct call *c, const char *id)
{
    return iam_fail_no_such_entity(c, "The Access Key with id %s cannot be found", id ? id : "");
}

cJSON *iam_user_or_caller(struct call *c, const struct iam_account *a, const cJSON *in)
{
    const char *name = param_string(in, "UserName");
    if (name)
        return principal_get(c, a, &iam_user_kind, name);
    const struct issued_identity *who = credentials_lookup(c->route->access_key);
    const char *key_id = param_string(in, "AccessKeyId");
    const cJSON *u;
    cJSON_ArrayForEach(u, a->users) {
        if (who && strcmp(iam_string(u, "Arn"), who->arn) == 0)
            return (cJSON *)u;
    }
    /* A caller that is no user of the account (its root) names a key of one of its users. */
    cJSON_ArrayForEach(u, a->users) {
        if (key_id && find_key(u, key_id))
            return (cJSON *)u;
    }
    if (key_id) {
        no_such_key(c, key_id);
        return NULL;
    }
    iam_fail_validation(c, "Must specify userName when calling with non-User credentials");
    return NULL;
}

static void random_secret(char out[41])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint8_t bytes[40];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        memset(bytes, 3, sizeof bytes);
    for (int i = 0; i < 40; i++)
        out[i] = alphabet[bytes[i] % 64];
    out[40] = '\0';
}

int iam_create_access_key(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    cJSON *keys = iam_array(user, IAM_ACCESS_KEYS);
    if (cJSON_GetArraySize(keys) >= ACCESS_KEYS_PER_USER)
        return iam_fail_limit(c, "Cannot exceed quota for AccessKeysPerUser: %d",
                              ACCESS_KEYS_PER_USER);
    struct issued_identity identity;
    identity_of_user(user, &identity);
    char key_id[21], secret[41];
    credentials_issue(&identity, "AKIA", key_id);
    random_secret(secret);

    cJSON *key = cJSON_CreateObject();
    cJSON_AddStringToObject(key, "AccessKeyId", key_id);
    cJSON_AddStringToObject(key, "Status", "Active");
    result_add_timestamp(key, "CreateDate", (double)time(NULL));
    cJSON_AddItemToArray(keys, key);

    cJSON *answer = cJSON_AddObjectToObject(out, "AccessKey");
    cJSON_AddStringToObject(answer, "UserName", iam_string(user, "UserName"));
    cJSON_AddStringToObject(answer, "AccessKeyId", key_id);
    cJSON_AddStringToObject(answer, "Status", "Active");
    cJSON_AddStringToObject(answer, "SecretAccessKey", secret);
    result_add_timestamp(answer, "CreateDate", (double)time(NULL));
    return 0;
}

int iam_update_access_key(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    const char *id = param_string(in, "AccessKeyId");
    const char *status = param_string(in, "Status");
    cJSON *key = find_key(user, id);
    if (!key)
        return no_such_key(c, id);
    if (!status || (strcmp(status, "Active") != 0 && strcmp(status, "Inactive") != 0))
        return iam_fail_validation(c,
                                   "1 validation error detected: Value '%s' at 'status' failed to "
                                   "satisfy constraint: Member must satisfy enum value set: "
                                   "[Active, Inactive, Expired]",
                                   status ? status : "");
    cJSON_ReplaceItemInObjectCaseSensitive(key, "Status", cJSON_CreateString(status));
    return 0;
}

int iam_delete_access_key(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    const char *id = param_string(in, "AccessKeyId");
    cJSON *key = find_key(user, id);
    if (!key)
        return no_such_key(c, id);
    credentials_revoke(id);
    cJSON_DetachItemViaPointer(iam_array(user, IAM_ACCESS_KEYS), key);
    cJSON_Delete(key);
    return 0;
}

static cJSON *render_key(const cJSON *key, void *user)
{
    cJSON *out = cJSON_Duplicate(key, true);
    cJSON_AddStringToObject(out, "UserName", iam_string(user, "UserName"));
    return out;
}

int iam_list_access_keys(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "AccessKeyMetadata", iam_array(user, IAM_ACCESS_KEYS), NULL,
                         render_key, user);
}

int iam_get_access_key_last_used(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *id = param_string(in, "AccessKeyId");
    const cJSON *user;
    cJSON_ArrayForEach(user, a->users) {
        const cJSON *key = find_key(user, id);
        if (!key)
            continue;
        cJSON_AddStringToObject(out, "UserName", iam_string(user, "UserName"));
        cJSON *last = cJSON_AddObjectToObject(out, "AccessKeyLastUsed");
        struct credential_use use;
        if (!credentials_last_use(id, &use) || use.when == 0) {
            /* AWS's answer for a key never used. */
            cJSON_AddStringToObject(last, "ServiceName", "N/A");
            cJSON_AddStringToObject(last, "Region", "N/A");
            return 0;
        }
        result_add_timestamp(last, "LastUsedDate", use.when);
        cJSON_AddStringToObject(last, "ServiceName", use.service);
        cJSON_AddStringToObject(last, "Region", use.region);
        return 0;
    }
    return iam_fail_no_such_entity(c, "The Access Key with id %s cannot be found", id ? id : "");
}
