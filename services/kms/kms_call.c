/* Helpers every KMS operation uses: the named key (and its key policy), blobs, the clock. */
#include "kms_call.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "../core/route.h"
#include "key_policy.h"
#include "state.h"

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

struct kms_key *call_key(struct call *c, const cJSON *in, const char *member,
                         enum key_naming naming)
{
    kms_region_expire(c->route->account, c->route->region, kms_now());
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
    if (key_policy_denies(k->policy, action, k->arn, c->route->account)) {
        call_fail(c, 400, "AccessDeniedException",
                  "User: arn:%s:iam::%s:root is not authorized to perform: %s on resource: %s "
                  "with an explicit deny in a resource-based policy",
                  partition_for_region(c->route->region), c->route->account, action, k->arn);
        return NULL;
    }
    if (strcmp(k->account, c->route->account) != 0 &&
        !key_policy_allows(k->policy, action, k->arn, c->route->account)) {
        call_fail(c, 400, "AccessDeniedException",
                  "User: arn:%s:iam::%s:root is not authorized to perform: %s on resource: %s "
                  "because no resource-based policy allows the %s action",
                  partition_for_region(c->route->region), c->route->account, action, k->arn,
                  action);
        return NULL;
    }
    return k;
}

void call_note_key_use(struct call *c, struct kms_key *k)
{
    snprintf(k->last_used_operation, sizeof k->last_used_operation, "%s",
             c->op ? c->op->name : "");
    snprintf(k->last_used_request_id, sizeof k->last_used_request_id, "%s",
             c->request_id ? c->request_id : "");
    k->last_used_at = kms_now();
}

struct kms_key *call_usable_key(struct call *c, const cJSON *in, const char *member)
{
    struct kms_key *k = call_key(c, in, member, KEY_ID_ARN_OR_ALIAS);
    if (k && key_check_usable(k, c->err) != 0)
        return NULL;
    return k;
}
