/* Buckets themselves: create, delete, head, list, location, versioning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/route.h"
#include "acl.h"
#include "bucket.h"
#include "object.h"
#include "object_access.h"
#include "ops.h"
#include "s3_call.h"

#define MAX_LIST_BUCKETS 10000

/* "EU" is the legacy name of eu-west-1. */
static const char *region_of_constraint(const char *constraint)
{
    return strcmp(constraint, "EU") == 0 ? "eu-west-1" : constraint;
}

static int fail_location_constraint(struct call *c, const char *constraint)
{
    call_fail(c, 400, "InvalidLocationConstraint",
              "The specified location-constraint is not valid");
    call_error_field(c, "LocationConstraint", constraint);
    return -1;
}

static int fail_incompatible_constraint(struct call *c, const char *constraint)
{
    char message[256];
    snprintf(message, sizeof message,
             "The %s location constraint is incompatible for the region specific endpoint this "
             "request was sent to.",
             constraint ? constraint : "unspecified");
    return call_fail(c, 400, "IllegalLocationConstraintException", "%s", message);
}

/* The region the new bucket lives in, from the endpoint and LocationConstraint; NULL after
 * failing the call. The global endpoint (us-east-1) takes any constraint but its own name. */
static const char *creation_region(struct call *c, const cJSON *in)
{
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(in, "CreateBucketConfiguration");
    const char *constraint = param_string(config, "LocationConstraint");
    const char *endpoint_region = c->route->region;
    if (!constraint || !*constraint) {
        if (strcmp(endpoint_region, "us-east-1") != 0) {
            fail_incompatible_constraint(c, NULL);
            return NULL;
        }
        return "us-east-1";
    }
    /* us-east-1 is no constraint S3 takes; a regional endpoint says so as it does for any
     * region but its own. */
    if (strcmp(constraint, "us-east-1") == 0 && strcmp(endpoint_region, "us-east-1") != 0) {
        fail_incompatible_constraint(c, constraint);
        return NULL;
    }
    if (strcmp(constraint, "us-east-1") == 0 ||
        (strcmp(constraint, "EU") != 0 && !looks_like_region(constraint, strlen(constraint)))) {
        fail_location_constraint(c, constraint);
        return NULL;
    }
    const char *region = region_of_constraint(constraint);
    if (strcmp(endpoint_region, "us-east-1") != 0 && strcmp(endpoint_region, region) != 0) {
        fail_incompatible_constraint(c, constraint);
        return NULL;
    }
    return region;
}

/* A bucket in the account regional namespace is named "<prefix>-<account>-<region>-an". */
static int check_namespace(struct call *c, const cJSON *in, const char *name, const char *region)
{
    const char *space = param_string(in, "BucketNamespace");
    if (!space || strcmp(space, "global") == 0)
        return 0;
    if (strcmp(space, "account-regional") != 0)
        return s3_fail_invalid_argument(c, "Invalid bucket namespace", "x-amz-bucket-namespace",
                                        space);
    char suffix[96];
    snprintf(suffix, sizeof suffix, "-%s-%s-an", c->route->account, region);
    size_t len = strlen(name), suffix_len = strlen(suffix);
    if (len > suffix_len && strcmp(name + len - suffix_len, suffix) == 0)
        return 0;
    return call_fail_fields(c, 400, "InvalidNamespaceHeader",
                            "The bucket name does not follow the naming rules of the account "
                            "regional namespace: it must end with the account ID and Region "
                            "followed by -an",
                            "BucketName", name, NULL);
}

static int fail_bucket_exists(struct call *c, const struct bucket *b)
{
    if (strcmp(b->account, c->route->account) == 0)
        call_fail(c, 409, "BucketAlreadyOwnedByYou",
                  "Your previous request to create the named bucket succeeded and you already own "
                  "it.");
    else
        call_fail(c, 409, "BucketAlreadyExists",
                  "The requested bucket name is not available. The bucket namespace is shared by "
                  "all users of the system. Please select a different name and try again.");
    call_error_field(c, "BucketName", b->name);
    return -1;
}

static void set_creation_defaults(struct bucket *b, const cJSON *in)
{
    /* What S3 gives every new bucket since 2023: SSE-S3 by default, public access blocked,
     * ACLs disabled unless the creator asks for another ownership setting. */
    cJSON *encryption = cJSON_Parse("{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":"
                                    "{\"SSEAlgorithm\":\"AES256\"},\"BucketKeyEnabled\":false}]}");
    bucket_set_config(b, CONFIG_ENCRYPTION, encryption);
    cJSON *block = cJSON_Parse("{\"BlockPublicAcls\":true,\"IgnorePublicAcls\":true,"
                               "\"BlockPublicPolicy\":true,\"RestrictPublicBuckets\":true}");
    bucket_set_config(b, CONFIG_PUBLIC_ACCESS_BLOCK, block);
    const char *ownership = param_string(in, "ObjectOwnership");
    cJSON *controls = cJSON_CreateObject();
    cJSON *rules = cJSON_AddArrayToObject(controls, "Rules");
    cJSON *rule = cJSON_CreateObject();
    cJSON_AddStringToObject(rule, "ObjectOwnership", ownership ? ownership : "BucketOwnerEnforced");
    cJSON_AddItemToArray(rules, rule);
    bucket_set_config(b, CONFIG_OWNERSHIP_CONTROLS, controls);
    bucket_set_config(b, CONFIG_ACL, acl_from_request(in, b->account));
}

OPERATION(s3_create_bucket)
{
    if (s3_check_request(c) != 0)
        return -1;
    const char *name = param_string(in, "Bucket");
    if (!name || !bucket_name_is_valid(name)) {
        call_fail(c, 400, "InvalidBucketName", "The specified bucket is not valid.");
        call_error_field(c, "BucketName", name ? name : "");
        return -1;
    }
    const char *region = creation_region(c, in);
    if (!region || check_namespace(c, in, name, region) != 0)
        return -1;
    struct bucket *existing = bucket_find(name);
    if (existing) {
        /* The legacy us-east-1 behaviour: re-creating one's own bucket there succeeds. */
        if (strcmp(existing->account, c->route->account) == 0 &&
            strcmp(existing->region, "us-east-1") == 0 && strcmp(region, "us-east-1") == 0) {
            struct buf location = BUF_INIT;
            buf_printf(&location, "/%s", name);
            cJSON_AddStringToObject(out, "Location", location.data);
            buf_free(&location);
            return 0;
        }
        return fail_bucket_exists(c, existing);
    }
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(in, "CreateBucketConfiguration");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(config, "Tags");
    if (cJSON_IsArray(tags) && s3_tags_check(c, tags, S3_TAGGED_BUCKET) != 0)
        return -1;
    struct bucket *b = bucket_create(name, c->route->account, region);
    b->created = s3_now();
    set_creation_defaults(b, in);
    if (param_true(in, "ObjectLockEnabledForBucket")) {
        b->object_lock_enabled = true;
        b->versioning = VERSIONING_ENABLED;
        bucket_set_config(b, CONFIG_OBJECT_LOCK, cJSON_Parse("{\"ObjectLockEnabled\":\"Enabled\"}"));
    }
    if (cJSON_IsArray(tags) && cJSON_GetArraySize(tags) > 0) {
        cJSON *tagging = cJSON_CreateObject();
        cJSON_AddItemToObject(tagging, "TagSet", cJSON_Duplicate(tags, true));
        bucket_set_config(b, CONFIG_TAGGING, tagging);
    }
    struct buf location = BUF_INIT;
    if (strcmp(region, "us-east-1") == 0)
        buf_printf(&location, "/%s", name);
    else
        buf_printf(&location, "http://%s.s3.amazonaws.com/", name);
    cJSON_AddStringToObject(out, "Location", location.data);
    buf_free(&location);
    char *arn = arn_build_global("s3", c->route->region, "", "%s", name);
    cJSON_AddStringToObject(out, "BucketArn", arn);
    free(arn);
    return 0;
}

static bool has_versions_or_markers(const struct bucket *b)
{
    const struct sorted_node *n = sorted_map_seek(b->objects, NULL, false);
    for (; n; n = sorted_map_next(n)) {
        const struct object_key *k = sorted_node_value(n);
        if (k->newest && (k->newest->delete_marker || k->newest->older))
            return true;
    }
    return false;
}

OPERATION(s3_delete_bucket)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    if (!bucket_is_empty(b)) {
        call_fail(c, 409, "BucketNotEmpty", "%s",
                  b->versioning != VERSIONING_NEVER && has_versions_or_markers(b)
                      ? "The bucket you tried to delete is not empty. You must delete all versions "
                        "in the bucket."
                      : "The bucket you tried to delete is not empty");
        call_error_field(c, "BucketName", b->name);
        return -1;
    }
    bucket_delete(b);
    return 0;
}

OPERATION(s3_head_bucket)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    cJSON_AddStringToObject(out, "BucketRegion", b->region);
    cJSON_AddBoolToObject(out, "AccessPointAlias", false);
    return 0;
}

static int fail_max_buckets(struct call *c, const char *value)
{
    return s3_fail_invalid_argument(c, "Argument max-buckets must be an integer between 1 and "
                                       "10000",
                                    "max-buckets", value);
}

static bool listed_bucket(const struct bucket *b, const struct call *c, const cJSON *in)
{
    const char *prefix = param_string(in, "Prefix");
    const char *region = param_string(in, "BucketRegion");
    return strcmp(b->account, c->route->account) == 0 &&
           (!prefix || strncmp(b->name, prefix, strlen(prefix)) == 0) &&
           (!region || strcmp(b->region, region) == 0);
}

OPERATION(s3_list_buckets)
{
    if (s3_check_request(c) != 0)
        return -1;
    double max = param_number(in, "MaxBuckets", MAX_LIST_BUCKETS);
    if (max < 1 || max > MAX_LIST_BUCKETS) {
        char text[32];
        snprintf(text, sizeof text, "%.0f", max);
        return fail_max_buckets(c, text);
    }
    const char *token = param_string(in, "ContinuationToken");
    char *after = token ? page_token_name(token) : NULL;
    if (token && !after)
        return s3_fail_invalid_argument(c, "The continuation token provided is incorrect",
                                        "continuation-token", token);
    cJSON *list = cJSON_AddArrayToObject(out, "Buckets");
    long count = 0;
    const struct sorted_node *n = sorted_map_seek(bucket_registry(), after, true);
    const char *last = NULL;
    bool more = false;
    for (; n; n = sorted_map_next(n)) {
        const struct bucket *b = sorted_node_value(n);
        if (!listed_bucket(b, c, in))
            continue;
        if (count == (long)max) {
            more = true;
            break;
        }
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "Name", b->name);
        cJSON_AddNumberToObject(entry, "CreationDate", b->created);
        cJSON_AddStringToObject(entry, "BucketRegion", b->region);
        cJSON_AddItemToArray(list, entry);
        last = b->name;
        count++;
    }
    free(after);
    s3_add_owner(out, "Owner", c->route->account);
    if (more && last)
        page_token_add_name(out, "ContinuationToken", last);
    const char *prefix = param_string(in, "Prefix");
    if (prefix)
        cJSON_AddStringToObject(out, "Prefix", prefix);
    return 0;
}

OPERATION(s3_get_bucket_location)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    /* The answer is a document whose root element's text is the region (empty for us-east-1);
     * the model describes it as a structure with a member, which no codec can write back in
     * this shape, so the body is written here. Region names need no escaping. */
    struct buf body = BUF_INIT;
    buf_printf(&body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">%s"
               "</LocationConstraint>",
               strcmp(b->region, "us-east-1") == 0 ? "" : b->region);
    http_response_set_body(c->resp, 200, "application/xml", body.data, body.len);
    buf_free(&body);
    return 0;
}

OPERATION(s3_put_bucket_versioning)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(in, "VersioningConfiguration");
    const char *status = param_string(config, "Status");
    if (!config || (status && strcmp(status, "Enabled") != 0 && strcmp(status, "Suspended") != 0))
        return s3_fail_malformed_xml(c);
    if (!status)
        return 0;
    if (strcmp(status, "Suspended") == 0 && b->object_lock_enabled) {
        call_fail(c, 409, "InvalidBucketState",
                  "An Object Lock configuration is present on this bucket, so the versioning state "
                  "cannot be changed.");
        return -1;
    }
    if (strcmp(status, "Enabled") == 0)
        b->versioning = VERSIONING_ENABLED;
    else if (b->versioning != VERSIONING_NEVER)
        b->versioning = VERSIONING_SUSPENDED;
    else
        b->versioning = VERSIONING_SUSPENDED;
    const char *mfa = param_string(config, "MFADelete");
    if (mfa)
        b->mfa_delete = strcmp(mfa, "Enabled") == 0;
    return 0;
}

OPERATION(s3_get_bucket_versioning)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    if (b->versioning == VERSIONING_NEVER)
        return 0;
    cJSON_AddStringToObject(out, "Status",
                            b->versioning == VERSIONING_ENABLED ? "Enabled" : "Suspended");
    if (b->mfa_delete)
        cJSON_AddStringToObject(out, "MFADelete", "Enabled");
    return 0;
}
