/* STS's operation table, the caller's identity and credential minting. */
#include "sts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "persist.h"

static const struct operation_entry sts_operations[] = {STS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend sts_backend = {
    .service = "sts",
    OPERATION_TABLE(sts_operations),
    .reset = credentials_reset,
    .persistence = &sts_persistence,
};

void sts_caller_identity(const struct call *c, struct issued_identity *out)
{
    const struct issued_identity *issued = credentials_lookup(c->route->access_key);
    if (issued) {
        *out = *issued;
        return;
    }
    /* Long-term keys motoc did not issue belong to the account's default user, as in moto. */
    memset(out, 0, sizeof *out);
    snprintf(out->account, sizeof out->account, "%s", c->route->account);
    char *arn = arn_build_global("iam", c->route->region, c->route->account, "user/moto");
    snprintf(out->arn, sizeof out->arn, "%s", arn);
    free(arn);
    snprintf(out->user_id, sizeof out->user_id, "AKIAIOSFODNN7EXAMPLE");
}

static void random_bytes(uint8_t *bytes, size_t n_bytes)
{
    if (getrandom(bytes, n_bytes, 0) != (ssize_t)n_bytes)
        memset(bytes, 0x5a, n_bytes);
}

static void random_base64(size_t n_bytes, struct buf *out)
{
    uint8_t bytes[512];
    if (n_bytes > sizeof bytes)
        n_bytes = sizeof bytes;
    random_bytes(bytes, n_bytes);
    base64_encode(bytes, n_bytes, out);
}

void sts_add_credentials(cJSON *out, const struct issued_identity *identity, long long duration)
{
    char key[21];
    credentials_issue(identity, "ASIA", key);
    cJSON *creds = cJSON_AddObjectToObject(out, "Credentials");
    cJSON_AddStringToObject(creds, "AccessKeyId", key);

    struct buf secret = BUF_INIT;
    random_base64(30, &secret);
    cJSON_AddStringToObject(creds, "SecretAccessKey", secret.data);
    buf_free(&secret);

    /* Real session tokens are opaque base64 blobs that open with STS's token header (version
     * byte, the "er/aws" origin, then the first field's tag: "FQoGZXIvYXdzE" once encoded); SDKs
     * only pass them back. 267 bytes make a token of the length AssumeRole's tokens of that
     * format have, without base64 padding. */
    static const uint8_t token_header[] = {0x15, 0x0a, 0x06, 'e', 'r', '/', 'a', 'w', 's', 0x10};
    uint8_t token_bytes[267];
    memcpy(token_bytes, token_header, sizeof token_header);
    random_bytes(token_bytes + sizeof token_header, sizeof token_bytes - sizeof token_header);
    struct buf token = BUF_INIT;
    base64_encode(token_bytes, sizeof token_bytes, &token);
    cJSON_AddStringToObject(creds, "SessionToken", token.data);
    buf_free(&token);

    result_add_timestamp(creds, "Expiration", (double)(time(NULL) + duration));
}

int sts_check_session_policy(struct call *c, const cJSON *in, cJSON *out)
{
    const char *policy = param_string(in, "Policy");
    const cJSON *policy_arns = cJSON_GetObjectItemCaseSensitive(in, "PolicyArns");
    if (policy) {
        cJSON *doc = cJSON_Parse(policy);
        bool valid = cJSON_IsObject(doc);
        cJSON_Delete(doc);
        if (!valid)
            return call_fail(c, 400, "MalformedPolicyDocument",
                             "The policy is not in the valid JSON format.");
    }
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (policy || cJSON_GetArraySize(policy_arns) > 0 || cJSON_GetArraySize(tags) > 0) {
        /* The share of the packed-policy allowance used, in percent, as STS reports it: session
         * policies and session tags share that allowance. */
        size_t size = policy ? strlen(policy) : 0;
        size += 64 * (size_t)cJSON_GetArraySize(policy_arns);
        const cJSON *tag;
        cJSON_ArrayForEach(tag, tags) {
            const char *key = param_string(tag, "Key"), *value = param_string(tag, "Value");
            size += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 8;
        }
        cJSON_AddNumberToObject(out, "PackedPolicySize", (double)((size * 100 + 2047) / 2048));
    }
    return 0;
}

int sts_get_caller_identity(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct issued_identity who;
    sts_caller_identity(c, &who);
    cJSON_AddStringToObject(out, "UserId", who.user_id);
    cJSON_AddStringToObject(out, "Account", who.account);
    cJSON_AddStringToObject(out, "Arn", who.arn);
    return 0;
}

int sts_get_session_token(struct call *c, const cJSON *in, cJSON *out)
{
    struct issued_identity who;
    sts_caller_identity(c, &who);
    if (strstr(who.arn, ":assumed-role/"))
        return call_fail(c, 403, "AccessDenied",
                         "Cannot call GetSessionToken with session credentials");
    sts_add_credentials(out, &who, param_int(in, "DurationSeconds", 43200));
    return 0;
}

int sts_get_federation_token(struct call *c, const cJSON *in, cJSON *out)
{
    const char *name = param_string(in, "Name");
    if (sts_check_session_policy(c, in, out) != 0)
        return -1;
    struct issued_identity who;
    sts_caller_identity(c, &who);
    if (strstr(who.arn, ":assumed-role/"))
        return call_fail(c, 403, "AccessDenied",
                         "Cannot call GetFederationToken with session credentials");
    struct issued_identity federated;
    memset(&federated, 0, sizeof federated);
    snprintf(federated.account, sizeof federated.account, "%s", who.account);
    char *arn = arn_build_global("sts", c->route->region, who.account, "federated-user/%s", name);
    snprintf(federated.arn, sizeof federated.arn, "%s", arn);
    free(arn);
    snprintf(federated.user_id, sizeof federated.user_id, "%s:%s", who.account, name);
    sts_add_credentials(out, &federated, param_int(in, "DurationSeconds", 43200));
    cJSON *user = cJSON_AddObjectToObject(out, "FederatedUser");
    cJSON_AddStringToObject(user, "FederatedUserId", federated.user_id);
    cJSON_AddStringToObject(user, "Arn", federated.arn);
    return 0;
}

int sts_get_access_key_info(struct call *c, const cJSON *in, cJSON *out)
{
    const struct issued_identity *issued = credentials_lookup(param_string(in, "AccessKeyId"));
    cJSON_AddStringToObject(out, "Account", issued ? issued->account : c->route->account);
    return 0;
}

int sts_decode_authorization_message(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    (void)out;
    /* motoc never encodes authorization failures, so no message can be one of its own. */
    return call_fail(c, 400, "InvalidAuthorizationMessageException",
                     "The encoded authorization message is invalid.");
}
