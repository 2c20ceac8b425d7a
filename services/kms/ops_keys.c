/* Keys: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, UpdateKeyDescription, GetKeyLastUsage, ReplicateKey, UpdatePrimaryRegion,
 * and DescribeCustomKeyStores (an account here has none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/call_error.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "crypto.h"
#include "key_tags.h"
#include "kms_call.h"
#include "managed_keys.h"
#include "ops.h"
#include "state.h"

#define SECONDS_PER_DAY 86400.0

static const struct key_spec *requested_spec(struct call *c, const cJSON *in)
{
    const char *name = param_string(in, "KeySpec");
    if (!name)
        name = param_string(in, "CustomerMasterKeySpec");
    if (!name)
        name = "SYMMETRIC_DEFAULT";
    const struct key_spec *spec = key_spec_find(name);
    if (!spec)
        call_fail(c, 400, "UnsupportedOperationException",
                  "KeySpec %s is not supported in this region.", name);
    return spec;
}

static int requested_usage(struct call *c, const cJSON *in, const struct key_spec *spec)
{
    const char *name = param_string(in, "KeyUsage");
    enum key_usage usage = name ? key_usage_from_name(name) : USAGE_ENCRYPT_DECRYPT;
    if (!(spec->usages & usage))
        return call_fail_validation(c, "KeyUsage %s is not compatible with KeySpec %s",
                                    key_usage_name(usage), spec->name);
    return (int)usage;
}

OPERATION(kms_create_key)
{
    const struct key_spec *spec = requested_spec(c, in);
    if (!spec)
        return -1;
    int usage = requested_usage(c, in, spec);
    if (usage < 0)
        return -1;
    const char *origin = param_string(in, "Origin");
    bool external = origin && strcmp(origin, "EXTERNAL") == 0;
    if (origin && !external && strcmp(origin, "AWS_KMS") != 0)
        return call_fail(c, 400, "CustomKeyStoreNotFoundException",
                         "Origin %s needs a custom key store, which this account does not have.",
                         origin);
    bool multi_region = param_true(in, "MultiRegion");
    char id[40];
    key_id_new(multi_region, id);
    struct kms_key *k = key_new(c->route->account, c->route->region, id, spec, usage);
    if (key_tags_add(k, cJSON_GetObjectItemCaseSensitive(in, "Tags"), c->err) != 0) {
        key_free(k);
        return -1;
    }
    k->created = kms_now();
    k->external = external;
    k->multi_region = multi_region;
    if (multi_region)
        snprintf(k->primary_region, sizeof k->primary_region, "%s", c->route->region);
    const char *description = param_string(in, "Description");
    if (description) {
        free(k->description);
        k->description = xstrdup(description);
    }
    const char *policy = param_string(in, "Policy");
    k->policy = policy ? xstrdup(policy) : key_default_policy(c->route->account, c->route->region);
    if (external) {
        k->state = KEY_PENDING_IMPORT;
    } else {
        struct buf material = BUF_INIT;
        if (!crypto_generate_material(spec, &material)) {
            key_free(k);
            return call_fail(c, 500, "KMSInternalException", "The key material could not be made.");
        }
        key_add_material(k, &material, k->created);
    }
    kms_region_add_key(k);
    cJSON_AddItemToObject(out, "KeyMetadata", key_metadata(k));
    return 0;
}

OPERATION(kms_describe_key)
{
    /* Describing a predefined alias/aws/<service> creates its AWS managed key, as in AWS. */
    const char *service = kms_aws_managed_service(c->route->account, c->route->region,
                                                  param_string(in, "KeyId"));
    struct kms_key *k = service ? kms_aws_managed_key(c->route->account, c->route->region, service)
                                : call_key(c, in, "KeyId", KEY_ID_ARN_OR_ALIAS);
    if (!k)
        return -1;
    cJSON_AddItemToObject(out, "KeyMetadata", key_metadata(k));
    return 0;
}

OPERATION(kms_list_keys)
{
    long limit;
    if (page_size_read(in, "Limit", 1, 1000, 100, &limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 1000", limit);
    long start = page_token_index(param_string(in, "Marker"));
    kms_region_expire(c->route->account, c->route->region, kms_now());
    struct kms_region *r = kms_region_find(c->route->account, c->route->region);
    size_t count = r ? r->n_keys : 0;
    if (start < 0 || (size_t)start > count)
        return call_fail(c, 400, "InvalidMarkerException", "Invalid marker");
    cJSON *keys = cJSON_AddArrayToObject(out, "Keys");
    size_t i = (size_t)start;
    for (; i < count && i - (size_t)start < (size_t)limit; i++) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "KeyId", r->keys[i]->id);
        cJSON_AddStringToObject(entry, "KeyArn", r->keys[i]->arn);
        cJSON_AddItemToArray(keys, entry);
    }
    cJSON_AddBoolToObject(out, "Truncated", i < count);
    if (i < count)
        page_token_add_index(out, "NextMarker", i);
    return 0;
}

/* EnableKey and DisableKey: neither applies to a key pending deletion or import. */
static int switch_key(struct call *c, const cJSON *in, enum key_state to)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->state == KEY_PENDING_DELETION || k->state == KEY_PENDING_IMPORT)
        return key_fail_state(k, c->err);
    k->state = to;
    return 0;
}

OPERATION(kms_enable_key)
{
    (void)out;
    return switch_key(c, in, KEY_ENABLED);
}

OPERATION(kms_disable_key)
{
    (void)out;
    return switch_key(c, in, KEY_DISABLED);
}

OPERATION(kms_schedule_key_deletion)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    long long days = param_int(in, "PendingWindowInDays", 30);
    if (days < 7 || days > 30)
        return call_fail_validation(
            c, "1 validation error detected: Value '%lld' at 'pendingWindowInDays' failed to "
               "satisfy constraint: Member must have value %s",
            days, days < 7 ? "greater than or equal to 7" : "less than or equal to 30");
    if (k->state == KEY_PENDING_DELETION)
        return key_fail_state(k, c->err);
    if (k->aws_managed)
        return call_fail(c, 400, "UnsupportedOperationException",
                         "%s is an AWS managed key, which cannot be deleted.", k->arn);
    k->state = KEY_PENDING_DELETION;
    k->pending_window_days = (int)days;
    k->deletion_date = kms_now() + (double)days * SECONDS_PER_DAY;
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    result_add_timestamp(out, "DeletionDate", k->deletion_date);
    cJSON_AddStringToObject(out, "KeyState", key_state_name(k->state));
    cJSON_AddNumberToObject(out, "PendingWindowInDays", (double)days);
    return 0;
}

OPERATION(kms_cancel_key_deletion)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->state != KEY_PENDING_DELETION)
        return call_fail(c, 400, "KMSInvalidStateException", "%s is not pending deletion.",
                         k->arn);
    k->state = k->external && k->n_materials == 0 ? KEY_PENDING_IMPORT : KEY_DISABLED;
    k->deletion_date = 0;
    k->pending_window_days = 0;
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    return 0;
}

OPERATION(kms_update_key_description)
{
    (void)out;
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->state == KEY_PENDING_DELETION)
        return key_fail_state(k, c->err);
    const char *description = param_string(in, "Description");
    free(k->description);
    k->description = xstrdup(description ? description : "");
    return 0;
}

static bool names_region(const cJSON *regions, const char *region)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, regions)
        if (cJSON_IsString(r) && strcmp(r->valuestring, region) == 0)
            return true;
    return false;
}

static struct kms_key *primary_key(struct call *c, const cJSON *in)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return NULL;
    if (!k->multi_region) {
        call_fail(c, 400, "UnsupportedOperationException", "%s is not a multi-Region key",
                  k->arn);
        return NULL;
    }
    if (strcmp(k->primary_region, k->region) != 0) {
        call_fail(c, 400, "UnsupportedOperationException", "%s is not a primary key", k->arn);
        return NULL;
    }
    return k;
}

OPERATION(kms_replicate_key)
{
    struct kms_key *primary = primary_key(c, in);
    if (!primary)
        return -1;
    if (primary->state == KEY_PENDING_DELETION)
        return key_fail_state(primary, c->err);
    const char *region = param_string(in, "ReplicaRegion");
    if (!region || strcmp(region, primary->region) == 0 ||
        names_region(primary->replica_regions, region))
        return call_fail(c, 400, "AlreadyExistsException",
                         "Key %s already exists in %s.", primary->id, region ? region : "");
    struct kms_key *replica = key_replica(primary, region);
    replica->created = kms_now();
    const char *description = param_string(in, "Description");
    free(replica->description);
    replica->description = xstrdup(description ? description : primary->description);
    const char *policy = param_string(in, "Policy");
    replica->policy = policy ? xstrdup(policy) : key_default_policy(primary->account, region);
    if (key_tags_add(replica, cJSON_GetObjectItemCaseSensitive(in, "Tags"), c->err) != 0) {
        key_free(replica);
        return -1;
    }
    cJSON_AddItemToArray(primary->replica_regions, cJSON_CreateString(region));
    kms_region_add_key(replica);
    cJSON_AddItemToObject(out, "ReplicaKeyMetadata", key_metadata(replica));
    cJSON_AddStringToObject(out, "ReplicaPolicy", replica->policy);
    cJSON_AddItemToObject(out, "ReplicaTags", key_tags_list(replica));
    return 0;
}

/* Every copy of a multi-region key now names region as its primary; the new primary lists the
 * others as its replicas. */
OPERATION(kms_update_primary_region)
{
    (void)out;
    struct kms_key *primary = primary_key(c, in);
    if (!primary)
        return -1;
    const char *region = param_string(in, "PrimaryRegion");
    if (!region || !names_region(primary->replica_regions, region))
        return call_fail(c, 400, "NotFoundException", "Key '%s' has no replica in %s", primary->arn,
                         region ? region : "");
    struct kms_key *next = kms_key_find(primary->account, region, primary->id);
    if (!next)
        return call_fail(c, 400, "NotFoundException", "Key '%s' has no replica in %s",
                         primary->arn, region);
    cJSON *regions = primary->replica_regions;
    primary->replica_regions = cJSON_CreateArray();
    cJSON_Delete(next->replica_regions);
    next->replica_regions = cJSON_CreateArray();
    cJSON_AddItemToArray(next->replica_regions, cJSON_CreateString(primary->region));
    const cJSON *r;
    cJSON_ArrayForEach(r, regions) {
        if (strcmp(r->valuestring, region) != 0)
            cJSON_AddItemToArray(next->replica_regions, cJSON_CreateString(r->valuestring));
        struct kms_key *copy = kms_key_find(primary->account, r->valuestring, primary->id);
        if (copy)
            snprintf(copy->primary_region, sizeof copy->primary_region, "%s", region);
    }
    snprintf(primary->primary_region, sizeof primary->primary_region, "%s", region);
    cJSON_Delete(regions);
    return 0;
}

OPERATION(kms_get_key_last_usage)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_ARN_OR_ALIAS);
    if (!k)
        return -1;
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    if (k->last_used_at > 0) {
        cJSON *usage = cJSON_AddObjectToObject(out, "KeyLastUsage");
        cJSON_AddStringToObject(usage, "Operation", k->last_used_operation);
        result_add_timestamp(usage, "Timestamp", k->last_used_at);
        cJSON_AddStringToObject(usage, "KmsRequestId", k->last_used_request_id);
    }
    result_add_timestamp(out, "TrackingStartDate", k->created);
    result_add_timestamp(out, "KeyCreationDate", k->created);
    return 0;
}

OPERATION(kms_describe_custom_key_stores)
{
    const char *id = param_string(in, "CustomKeyStoreId");
    const char *name = param_string(in, "CustomKeyStoreName");
    if (id || name)
        return call_fail(c, 400, "CustomKeyStoreNotFoundException",
                         "Custom key store %s does not exist.", id ? id : name);
    cJSON_AddArrayToObject(out, "CustomKeyStores");
    cJSON_AddBoolToObject(out, "Truncated", false);
    return 0;
}
