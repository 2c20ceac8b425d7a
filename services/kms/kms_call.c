/* Helpers every KMS operation uses: the named key, key policy denials, blobs, the clock. */
#include "kms_call.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "../core/codec_util.h"
#include "../core/params.h"
#include "../core/route.h"

double kms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

bool param_blob(const cJSON *in, const char *name, struct buf *out)
{
    const char *text = param_string(in, name);
    return text && base64_decode(text, strlen(text), out);
}

void result_add_blob(cJSON *out, const char *name, const void *bytes, size_t len)
{
    struct buf text = BUF_INIT;
    base64_encode(len ? bytes : "", len, &text);
    cJSON_AddStringToObject(out, name, text.data ? text.data : "");
    buf_wipe_free(&text);
}

void buf_wipe_free(struct buf *b)
{
    if (b->data)
        OPENSSL_cleanse(b->data, b->len);
    buf_free(b);
}

/* "kms:Describe*" against "kms:DescribeKey": IAM action patterns, case-insensitive. */
static bool action_matches(const char *pattern, const char *action)
{
    for (; *pattern; pattern++, action++) {
        if (*pattern == '*') {
            for (const char *rest = action;; rest++) {
                if (action_matches(pattern + 1, rest))
                    return true;
                if (!*rest)
                    return false;
            }
        }
        if (!*action || (*pattern != '?' && tolower((unsigned char)*pattern) !=
                                                tolower((unsigned char)*action)))
            return false;
    }
    return !*action;
}

static bool any_matches(const cJSON *patterns, const char *value)
{
    if (cJSON_IsString(patterns))
        return action_matches(patterns->valuestring, value);
    const cJSON *p;
    cJSON_ArrayForEach(p, (cJSON_IsArray(patterns) ? patterns : NULL))
        if (cJSON_IsString(p) && action_matches(p->valuestring, value))
            return true;
    return false;
}

/* Whether a statement's Principal covers a caller of account: everyone, or that account. */
static bool principal_covers(const cJSON *principal, const char *account)
{
    if (!principal || (cJSON_IsString(principal) && strcmp(principal->valuestring, "*") == 0))
        return true;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    const cJSON *p;
    if (cJSON_IsString(aws))
        return strcmp(aws->valuestring, "*") == 0 || strstr(aws->valuestring, account);
    cJSON_ArrayForEach(p, (cJSON_IsArray(aws) ? aws : NULL))
        if (cJSON_IsString(p) && (strcmp(p->valuestring, "*") == 0 ||
                                  strstr(p->valuestring, account)))
            return true;
    return false;
}

/* An explicit Deny of the key's policy for action (kms:Operation) on the key. */
static bool policy_denies(const struct kms_key *k, const char *action, const char *account)
{
    cJSON *policy = k->policy ? cJSON_Parse(k->policy) : NULL;
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(policy, "Statement");
    bool denied = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, (cJSON_IsArray(statements) ? statements : NULL)) {
        const char *effect = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "Effect"));
        const cJSON *resource = cJSON_GetObjectItemCaseSensitive(s, "Resource");
        if (effect && strcasecmp(effect, "Deny") == 0 &&
            any_matches(cJSON_GetObjectItemCaseSensitive(s, "Action"), action) &&
            (any_matches(resource, k->arn)) &&
            principal_covers(cJSON_GetObjectItemCaseSensitive(s, "Principal"), account)) {
            denied = true;
            break;
        }
    }
    cJSON_Delete(policy);
    return denied;
}

struct kms_key *call_key(struct call *c, const cJSON *in, const char *member,
                         enum key_naming naming)
{
    struct kms_key *k = key_lookup(c->route->account, c->route->region,
                                   param_string(in, member), naming, c->err);
    if (k && !key_rotate_if_due(k, kms_now())) {
        call_fail(c, 500, "KMSInternalException", "The key material could not be made.");
        return NULL;
    }
    if (!k || !c->op)
        return k;
    char action[160];
    snprintf(action, sizeof action, "kms:%s", c->op->name);
    if (policy_denies(k, action, c->route->account)) {
        call_fail(c, 400, "AccessDeniedException",
                  "User: arn:aws:iam::%s:root is not authorized to perform: %s on resource: %s "
                  "with an explicit deny in a resource-based policy",
                  c->route->account, action, k->arn);
        return NULL;
    }
    return k;
}

struct kms_key *call_usable_key(struct call *c, const cJSON *in, const char *member)
{
    struct kms_key *k = call_key(c, in, member, KEY_ID_ARN_OR_ALIAS);
    if (k && key_check_usable(k, c->err) != 0)
        return NULL;
    return k;
}
