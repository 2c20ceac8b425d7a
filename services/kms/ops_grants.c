/* Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. A key keeps
 * its grants as GrantListEntry objects plus the token that can retire each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "crypto.h"
#include "kms_call.h"
#include "ops.h"
#include "state.h"

static void random_text(size_t bytes, bool hex, char *out, size_t size)
{
    struct buf raw = BUF_INIT;
    if (!crypto_random(bytes, &raw))
        abort(); /* no randomness: nothing KMS answers could be trusted */
    size_t n = 0;
    for (size_t i = 0; i < raw.len && n + 2 < size; i++) {
        unsigned char b = (unsigned char)raw.data[i];
        if (hex) {
            out[n++] = "0123456789abcdef"[b >> 4];
            out[n++] = "0123456789abcdef"[b & 15];
        } else {
            out[n++] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[b & 63];
        }
    }
    out[n] = '\0';
    buf_free(&raw);
}

static const char *grant_string(const cJSON *grant, const char *name)
{
    return param_string(grant, name);
}

static bool matches(const cJSON *grant, const char *member, const char *wanted)
{
    const char *value = param_string(grant, member);
    return !wanted || (value && strcmp(value, wanted) == 0);
}

OPERATION(kms_create_grant)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->state == KEY_PENDING_DELETION)
        return key_fail_state(k, c->err);
    const char *name = param_string(in, "Name");
    /* A grant with the same name and settings is the same grant (AWS's retry safety). */
    const cJSON *existing;
    cJSON_ArrayForEach(existing, k->grants) {
        if (name && matches(existing, "Name", name) &&
            matches(existing, "GranteePrincipal", param_string(in, "GranteePrincipal"))) {
            cJSON_AddStringToObject(out, "GrantToken", grant_string(existing, "GrantToken"));
            cJSON_AddStringToObject(out, "GrantId", grant_string(existing, "GrantId"));
            return 0;
        }
    }
    if (param_true(in, "DryRun"))
        return call_fail(c, 412, "DryRunOperationException",
                         "The request would have succeeded, but the DryRun option is set.");
    char grant_id[65], token[129];
    random_text(32, true, grant_id, sizeof grant_id);
    random_text(96, false, token, sizeof token);
    cJSON *grant = cJSON_CreateObject();
    cJSON_AddStringToObject(grant, "KeyId", k->arn);
    cJSON_AddStringToObject(grant, "GrantId", grant_id);
    if (name)
        cJSON_AddStringToObject(grant, "Name", name);
    result_add_timestamp(grant, "CreationDate", kms_now());
    cJSON_AddStringToObject(grant, "GranteePrincipal", param_string(in, "GranteePrincipal"));
    if (param_string(in, "RetiringPrincipal"))
        cJSON_AddStringToObject(grant, "RetiringPrincipal", param_string(in, "RetiringPrincipal"));
    char issuer[64];
    snprintf(issuer, sizeof issuer, "arn:%s:iam::%s:root", partition_for_region(c->route->region),
             c->route->account);
    cJSON_AddStringToObject(grant, "IssuingAccount", issuer);
    cJSON_AddItemToObject(grant, "Operations", param_copy(in, "Operations"));
    if (cJSON_GetObjectItemCaseSensitive(in, "Constraints"))
        cJSON_AddItemToObject(grant, "Constraints", param_copy(in, "Constraints"));
    cJSON_AddStringToObject(grant, "GrantToken", token);
    cJSON_AddItemToArray(k->grants, grant);
    cJSON_AddStringToObject(out, "GrantToken", token);
    cJSON_AddStringToObject(out, "GrantId", grant_id);
    return 0;
}

/* A grant as ListGrants shows it: without its token. */
static cJSON *grant_entry(const cJSON *grant)
{
    cJSON *entry = cJSON_Duplicate(grant, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(entry, "GrantToken");
    return entry;
}

/* Adds the page of grants that follows start; the list is freed. */
static int page_of_grants(struct call *c, const cJSON *in, cJSON *grants, cJSON *out)
{
    long limit;
    if (page_size_read(in, "Limit", 1, 1000, 50, &limit) != 0) {
        cJSON_Delete(grants);
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 1000", limit);
    }
    long start = page_token_index(param_string(in, "Marker"));
    size_t count = (size_t)cJSON_GetArraySize(grants);
    if (start < 0 || (size_t)start > count) {
        cJSON_Delete(grants);
        return call_fail(c, 400, "InvalidMarkerException", "Invalid marker");
    }
    cJSON *page = cJSON_AddArrayToObject(out, "Grants");
    size_t i = (size_t)start;
    for (; i < count && i - (size_t)start < (size_t)limit; i++)
        cJSON_AddItemToArray(page, grant_entry(cJSON_GetArrayItem(grants, (int)i)));
    cJSON_AddBoolToObject(out, "Truncated", i < count);
    if (i < count)
        page_token_add_index(out, "NextMarker", i);
    cJSON_Delete(grants);
    return 0;
}

OPERATION(kms_list_grants)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    cJSON *grants = cJSON_CreateArray();
    const cJSON *g;
    cJSON_ArrayForEach(g, k->grants)
        if (matches(g, "GrantId", param_string(in, "GrantId")) &&
            matches(g, "GranteePrincipal", param_string(in, "GranteePrincipal")))
            cJSON_AddItemToArray(grants, cJSON_Duplicate(g, 1));
    return page_of_grants(c, in, grants, out);
}

OPERATION(kms_list_retirable_grants)
{
    const char *principal = param_string(in, "RetiringPrincipal");
    struct kms_region *r = kms_region_find(c->route->account, c->route->region);
    cJSON *grants = cJSON_CreateArray();
    for (size_t i = 0; r && i < r->n_keys; i++) {
        const cJSON *g;
        cJSON_ArrayForEach(g, r->keys[i]->grants)
            if (principal && matches(g, "RetiringPrincipal", principal))
                cJSON_AddItemToArray(grants, cJSON_Duplicate(g, 1));
    }
    return page_of_grants(c, in, grants, out);
}

static bool remove_grant(struct kms_key *k, const char *member, const char *value)
{
    int i = 0;
    const cJSON *g;
    cJSON_ArrayForEach(g, k->grants) {
        if (matches(g, member, value)) {
            cJSON_DeleteItemFromArray(k->grants, i);
            return true;
        }
        i++;
    }
    return false;
}

OPERATION(kms_revoke_grant)
{
    (void)out;
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    const char *grant_id = param_string(in, "GrantId");
    if (!grant_id || !remove_grant(k, "GrantId", grant_id))
        return call_fail(c, 400, "NotFoundException", "Grant ID %s not found",
                         grant_id ? grant_id : "");
    return 0;
}

OPERATION(kms_retire_grant)
{
    (void)out;
    const char *token = param_string(in, "GrantToken");
    const char *grant_id = param_string(in, "GrantId");
    if (token) {
        struct kms_region *r = kms_region_find(c->route->account, c->route->region);
        for (size_t i = 0; r && i < r->n_keys; i++)
            if (remove_grant(r->keys[i], "GrantToken", token))
                return 0;
        return call_fail(c, 400, "InvalidGrantTokenException", "The grant token is invalid.");
    }
    if (!grant_id || !param_string(in, "KeyId"))
        return call_fail_validation(c, "Either a grant token, or a key ARN and a grant ID, must "
                                       "be given.");
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (!remove_grant(k, "GrantId", grant_id))
        return call_fail(c, 400, "NotFoundException", "Grant ID %s not found", grant_id);
    return 0;
}
