/* Bucket configurations, stored as sent and returned as stored: one generic put/get/delete
 * driven by a table, plus the checks particular configurations need. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/policy.h"
#include "acl.h"
#include "config_rules.h"
#include "cors.h"
#include "object_access.h"
#include "ops.h"
#include "s3_call.h"

/* A check a configuration must pass before it is stored: 0, or -1 with the error set. */
typedef int config_check(struct call *c, struct bucket *b, const cJSON *value);
static config_check check_tagging, check_policy, check_cors, check_lifecycle, check_ownership,
    check_object_lock, check_accelerate, check_public_access_block;
/* Adds what S3 shows in a configuration it stores beyond what was sent (ids, defaults). */
typedef void config_fill(cJSON *value);
static config_fill fill_encryption, fill_public_access_block;

struct config_kind {
    enum bucket_config which;
    const char *put_member;  /* the Put operation's payload member */
    const char *get_member;  /* Get's output member holding it whole; NULL: its members spread */
    const char *missing_code; /* Get without a configuration; NULL: an empty answer */
    const char *missing_message;
    config_check *check; /* NULL: stored as sent */
    config_fill *fill;   /* NULL: nothing added */
};

static const struct config_kind kinds[] = {
    {CONFIG_TAGGING, "Tagging", NULL, "NoSuchTagSet", "The TagSet does not exist", check_tagging,
     NULL},
    {CONFIG_POLICY, "Policy", "Policy", "NoSuchBucketPolicy", "The bucket policy does not exist",
     check_policy, NULL},
    {CONFIG_CORS, "CORSConfiguration", NULL, "NoSuchCORSConfiguration",
     "The CORS configuration does not exist", check_cors, NULL},
    {CONFIG_LIFECYCLE, "LifecycleConfiguration", NULL, "NoSuchLifecycleConfiguration",
     "The lifecycle configuration does not exist", check_lifecycle, NULL},
    {CONFIG_ENCRYPTION, "ServerSideEncryptionConfiguration", "ServerSideEncryptionConfiguration",
     "ServerSideEncryptionConfigurationNotFoundError",
     "The server side encryption configuration was not found", NULL, fill_encryption},
    {CONFIG_PUBLIC_ACCESS_BLOCK, "PublicAccessBlockConfiguration",
     "PublicAccessBlockConfiguration", "NoSuchPublicAccessBlockConfiguration",
     "The public access block configuration was not found", check_public_access_block,
     fill_public_access_block},
    {CONFIG_OWNERSHIP_CONTROLS, "OwnershipControls", "OwnershipControls",
     "OwnershipControlsNotFoundError", "The bucket ownership controls were not found",
     check_ownership, NULL},
    {CONFIG_WEBSITE, "WebsiteConfiguration", NULL, "NoSuchWebsiteConfiguration",
     "The specified bucket does not have a website configuration", NULL, NULL},
    {CONFIG_LOGGING, "BucketLoggingStatus", NULL, NULL, NULL, config_check_logging, NULL},
    {CONFIG_NOTIFICATION, "NotificationConfiguration", NULL, NULL, NULL,
     config_check_notification, config_fill_notification},
    {CONFIG_OBJECT_LOCK, "ObjectLockConfiguration", "ObjectLockConfiguration",
     "ObjectLockConfigurationNotFoundError",
     "Object Lock configuration does not exist for this bucket", check_object_lock, NULL},
    {CONFIG_ACCELERATE, "AccelerateConfiguration", NULL, NULL, NULL, check_accelerate, NULL},
    {CONFIG_REQUEST_PAYMENT, "RequestPaymentConfiguration", NULL, NULL, NULL, NULL, NULL},
    {CONFIG_REPLICATION, "ReplicationConfiguration", "ReplicationConfiguration",
     "ReplicationConfigurationNotFoundError", "The replication configuration was not found",
     config_check_replication, config_fill_replication},
};

static const struct config_kind *kind_of(enum bucket_config which)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].which == which)
            return &kinds[i];
    return NULL;
}

static int put_config(struct call *c, const cJSON *in, enum bucket_config which)
{
    const struct config_kind *k = kind_of(which);
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, k->put_member);
    if (!value)
        return s3_fail_malformed_xml(c);
    /* Tagging a bucket with no tags leaves it without a tag set. */
    if (which == CONFIG_TAGGING &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(value, "TagSet")) == 0 &&
        cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(value, "TagSet"))) {
        bucket_set_config(b, which, NULL);
        return 0;
    }
    if (k->check && k->check(c, b, value) != 0)
        return -1;
    cJSON *stored = cJSON_Duplicate(value, true);
    if (k->fill)
        k->fill(stored);
    bucket_set_config(b, which, stored);
    return 0;
}

/* The stored configuration; NULL when there is none, with the kind's error set if it has one. */
static const cJSON *stored_config(struct call *c, const struct bucket *b, enum bucket_config which)
{
    const struct config_kind *k = kind_of(which);
    const cJSON *value = b->config[which];
    if (!value && k->missing_code) {
        call_fail_fields(c, 404, k->missing_code, k->missing_message, "BucketName", b->name,
                         NULL);
    }
    return value;
}

static int get_config(struct call *c, const cJSON *in, cJSON *out, enum bucket_config which)
{
    const struct config_kind *k = kind_of(which);
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *value = stored_config(c, b, which);
    if (!value)
        return k->missing_code ? -1 : 0;
    if (k->get_member) {
        cJSON_AddItemToObject(out, k->get_member, cJSON_Duplicate(value, true));
        return 0;
    }
    const cJSON *member;
    cJSON_ArrayForEach(member, value)
    {
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, true));
    }
    return 0;
}

static int delete_config(struct call *c, const cJSON *in, enum bucket_config which)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    bucket_set_config(b, which, NULL);
    return 0;
}

/* ---- checks ---- */

static int check_tagging(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(value, "TagSet");
    if (!cJSON_IsArray(set))
        return s3_fail_malformed_xml(c);
    return s3_tags_check(c, set, S3_TAGGED_BUCKET);
}

static int check_policy(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    struct policy_problem problem;
    if (policy_check(cJSON_GetStringValue(value), POLICY_WITH_STATEMENT, &problem) == 0)
        return 0;
    return call_fail(c, 400, "MalformedPolicy",
                     "Policies must be valid JSON and the first byte must be '{'");
}

static int count_wildcards(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '*';
    return n;
}

/* Preflight matching gives each pattern one wildcard at most, and exposes headers by name. */
static int check_cors_patterns(struct call *c, const cJSON *rule)
{
    static const struct {
        const char *member, *element;
        int max_wildcards;
    } lists[] = {
        {"AllowedOrigins", "AllowedOrigin", 1},
        {"AllowedHeaders", "AllowedHeader", 1},
        {"ExposeHeaders", "ExposeHeader", 0},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const cJSON *item;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(rule, lists[i].member))
        {
            if (!cJSON_IsString(item) || count_wildcards(item->valuestring) <= lists[i].max_wildcards)
                continue;
            if (lists[i].max_wildcards == 0)
                return call_fail(c, 400, "InvalidRequest",
                                 "%s \"%s\" contains wildcard. We currently do not support "
                                 "wildcard for %s.",
                                 lists[i].element, item->valuestring, lists[i].element);
            return call_fail(c, 400, "InvalidRequest",
                             "%s \"%s\" can not have more than one wildcard.", lists[i].element,
                             item->valuestring);
        }
    }
    return 0;
}

static int check_cors(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(value, "CORSRules");
    if (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) == 0)
        return s3_fail_malformed_xml(c);
    /* The schema allows 100 rules at most. */
    if (cJSON_GetArraySize(rules) > 100)
        return s3_fail_malformed_xml(c);
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(rule, "AllowedMethods");
        if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
            !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rule, "AllowedOrigins")))
            return s3_fail_malformed_xml(c);
    }
    cJSON_ArrayForEach(rule, rules)
    {
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(rule, "AllowedMethods"))
        {
            if (!cJSON_IsString(m) || !cors_method_is_valid(m->valuestring))
                return call_fail(c, 400, "InvalidRequest",
                                 "Found unsupported HTTP method in CORS config. Unsupported "
                                 "method is %s",
                                 cJSON_IsString(m) ? m->valuestring : "");
        }
        if (check_cors_patterns(c, rule) != 0)
            return -1;
    }
    return 0;
}

static int check_lifecycle(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(value, "Rules");
    if (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) == 0)
        return s3_fail_malformed_xml(c);
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const char *status = param_string(rule, "Status");
        if (!status || (strcmp(status, "Enabled") != 0 && strcmp(status, "Disabled") != 0))
            return s3_fail_malformed_xml(c);
    }
    return 0;
}

static int check_accelerate(struct call *c, struct bucket *b, const cJSON *value)
{
    const char *status = param_string(value, "Status");
    if (!status || (strcmp(status, "Enabled") != 0 && strcmp(status, "Suspended") != 0))
        return s3_fail_malformed_xml(c);
    /* Accelerated endpoints are virtual-hosted over TLS: a dotted name breaks the certificate. */
    if (strchr(b->name, '.'))
        return s3_fail_invalid_request(c, "S3 Transfer Acceleration is not supported for buckets "
                                          "with periods (.) in their names");
    return 0;
}

static const char *const public_access_settings[] = {"BlockPublicAcls", "IgnorePublicAcls",
                                                      "BlockPublicPolicy",
                                                      "RestrictPublicBuckets"};
#define N_PUBLIC_ACCESS_SETTINGS (sizeof public_access_settings / sizeof public_access_settings[0])

static int check_public_access_block(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    for (size_t i = 0; i < N_PUBLIC_ACCESS_SETTINGS; i++)
        if (cJSON_GetObjectItemCaseSensitive(value, public_access_settings[i]))
            return 0;
    return s3_fail_invalid_request(c, "Must specify at least one configuration.");
}

/* A setting left out is off. */
static void fill_public_access_block(cJSON *value)
{
    for (size_t i = 0; i < N_PUBLIC_ACCESS_SETTINGS; i++)
        if (!cJSON_GetObjectItemCaseSensitive(value, public_access_settings[i]))
            cJSON_AddBoolToObject(value, public_access_settings[i], false);
}

/* S3 shows BucketKeyEnabled in every rule, false unless it was asked for. */
static void fill_encryption(cJSON *value)
{
    cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(value, "Rules"))
    {
        if (!cJSON_GetObjectItemCaseSensitive(rule, "BucketKeyEnabled"))
            cJSON_AddBoolToObject(rule, "BucketKeyEnabled", false);
    }
}

static int check_object_lock(struct call *c, struct bucket *b, const cJSON *value)
{
    const char *enabled = param_string(value, "ObjectLockEnabled");
    if (enabled && strcmp(enabled, "Enabled") != 0)
        return s3_fail_malformed_xml(c);
    if (!b->object_lock_enabled && b->versioning != VERSIONING_ENABLED)
        return call_fail(c, 409, "InvalidBucketState",
                         "Versioning must be 'Enabled' on the bucket to apply a Object Lock "
                         "configuration");
    b->object_lock_enabled = true;
    return 0;
}

static int check_ownership(struct call *c, struct bucket *b, const cJSON *value)
{
    (void)b;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(value, "Rules");
    const cJSON *rule = cJSON_GetArrayItem(rules, 0);
    const char *ownership = param_string(rule, "ObjectOwnership");
    if (!ownership || (strcmp(ownership, "BucketOwnerPreferred") != 0 &&
                       strcmp(ownership, "ObjectWriter") != 0 &&
                       strcmp(ownership, "BucketOwnerEnforced") != 0))
        return s3_fail_malformed_xml(c);
    return 0;
}

/* ---- the operations ---- */

/* Each configuration operation is its kind's generic put, get or delete. */
#define PUT_CONFIG(op, which)                                                                      \
    OPERATION(s3_##op)                                                                             \
    {                                                                                              \
        (void)out;                                                                                 \
        return put_config(c, in, which);                                                           \
    }
#define GET_CONFIG(op, which)                                                                      \
    OPERATION(s3_##op)                                                                             \
    {                                                                                              \
        return get_config(c, in, out, which);                                                      \
    }
#define DELETE_CONFIG(op, which)                                                                   \
    OPERATION(s3_##op)                                                                             \
    {                                                                                              \
        (void)out;                                                                                 \
        return delete_config(c, in, which);                                                        \
    }

PUT_CONFIG(put_bucket_tagging, CONFIG_TAGGING)
GET_CONFIG(get_bucket_tagging, CONFIG_TAGGING)
DELETE_CONFIG(delete_bucket_tagging, CONFIG_TAGGING)

PUT_CONFIG(put_bucket_policy, CONFIG_POLICY)
GET_CONFIG(get_bucket_policy, CONFIG_POLICY)
DELETE_CONFIG(delete_bucket_policy, CONFIG_POLICY)

PUT_CONFIG(put_bucket_cors, CONFIG_CORS)
GET_CONFIG(get_bucket_cors, CONFIG_CORS)
DELETE_CONFIG(delete_bucket_cors, CONFIG_CORS)

PUT_CONFIG(put_bucket_lifecycle_configuration, CONFIG_LIFECYCLE)
GET_CONFIG(get_bucket_lifecycle_configuration, CONFIG_LIFECYCLE)
DELETE_CONFIG(delete_bucket_lifecycle, CONFIG_LIFECYCLE)

OPERATION(s3_put_bucket_encryption)
{
    (void)out;
    if (put_config(c, in, CONFIG_ENCRYPTION) != 0)
        return -1;
    s3_bucket_for_call(c, in)->encryption_configured = true;
    return 0;
}
GET_CONFIG(get_bucket_encryption, CONFIG_ENCRYPTION)

PUT_CONFIG(put_public_access_block, CONFIG_PUBLIC_ACCESS_BLOCK)
GET_CONFIG(get_public_access_block, CONFIG_PUBLIC_ACCESS_BLOCK)
DELETE_CONFIG(delete_public_access_block, CONFIG_PUBLIC_ACCESS_BLOCK)

PUT_CONFIG(put_bucket_ownership_controls, CONFIG_OWNERSHIP_CONTROLS)
GET_CONFIG(get_bucket_ownership_controls, CONFIG_OWNERSHIP_CONTROLS)
DELETE_CONFIG(delete_bucket_ownership_controls, CONFIG_OWNERSHIP_CONTROLS)

PUT_CONFIG(put_bucket_website, CONFIG_WEBSITE)
GET_CONFIG(get_bucket_website, CONFIG_WEBSITE)
DELETE_CONFIG(delete_bucket_website, CONFIG_WEBSITE)

PUT_CONFIG(put_bucket_logging, CONFIG_LOGGING)
GET_CONFIG(get_bucket_logging, CONFIG_LOGGING)

PUT_CONFIG(put_bucket_notification_configuration, CONFIG_NOTIFICATION)
GET_CONFIG(get_bucket_notification_configuration, CONFIG_NOTIFICATION)

PUT_CONFIG(put_object_lock_configuration, CONFIG_OBJECT_LOCK)
GET_CONFIG(get_object_lock_configuration, CONFIG_OBJECT_LOCK)

GET_CONFIG(get_bucket_accelerate_configuration, CONFIG_ACCELERATE)

PUT_CONFIG(put_bucket_request_payment, CONFIG_REQUEST_PAYMENT)

PUT_CONFIG(put_bucket_replication, CONFIG_REPLICATION)
GET_CONFIG(get_bucket_replication, CONFIG_REPLICATION)
DELETE_CONFIG(delete_bucket_replication, CONFIG_REPLICATION)

/* ---- the operations with behaviour of their own ---- */

/* A policy is public when it allows anyone ("*") without a condition narrowing it. */
static bool statement_is_public(const cJSON *statement)
{
    const char *effect = param_string(statement, "Effect");
    const cJSON *principal = cJSON_GetObjectItemCaseSensitive(statement, "Principal");
    if (!effect || strcmp(effect, "Allow") != 0 || cJSON_GetObjectItemCaseSensitive(statement, "Condition"))
        return false;
    if (cJSON_IsString(principal))
        return strcmp(principal->valuestring, "*") == 0;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    if (cJSON_IsString(aws))
        return strcmp(aws->valuestring, "*") == 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, aws)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, "*") == 0)
            return true;
    }
    return false;
}

OPERATION(s3_get_bucket_policy_status)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *policy = stored_config(c, b, CONFIG_POLICY);
    if (!policy)
        return -1;
    cJSON *doc = cJSON_Parse(policy->valuestring);
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    bool public = false;
    if (cJSON_IsObject(statements)) {
        public = statement_is_public(statements);
    } else {
        const cJSON *s;
        cJSON_ArrayForEach(s, statements)
        {
            public = public || statement_is_public(s);
        }
    }
    cJSON_Delete(doc);
    cJSON *status = cJSON_AddObjectToObject(out, "PolicyStatus");
    cJSON_AddBoolToObject(status, "IsPublic", public);
    return 0;
}

OPERATION(s3_delete_bucket_encryption)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    /* Buckets fall back to SSE-S3, which every bucket has by default. */
    b->encryption_configured = false;
    bucket_set_config(b, CONFIG_ENCRYPTION,
                      cJSON_Parse("{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":"
                                  "{\"SSEAlgorithm\":\"AES256\"},\"BucketKeyEnabled\":false}]}"));
    return 0;
}

OPERATION(s3_put_bucket_acl)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *document = cJSON_GetObjectItemCaseSensitive(in, "AccessControlPolicy");
    cJSON *policy = document ? cJSON_Duplicate(document, true) : acl_from_request(in, b->account);
    if (!policy)
        return s3_fail_invalid_argument(c, "", "x-amz-acl", param_string(in, "ACL"));
    bucket_set_config(b, CONFIG_ACL, policy);
    return 0;
}

OPERATION(s3_get_bucket_acl)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    cJSON *policy = b->config[CONFIG_ACL] ? cJSON_Duplicate(b->config[CONFIG_ACL], true)
                                          : acl_from_request(NULL, b->account);
    const cJSON *member;
    cJSON_ArrayForEach(member, policy)
    {
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, true));
    }
    cJSON_Delete(policy);
    return 0;
}

OPERATION(s3_put_bucket_accelerate_configuration)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    /* Suspending acceleration on a bucket that never had it leaves it never configured. */
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, "AccelerateConfiguration");
    const char *status = param_string(value, "Status");
    if (!b->config[CONFIG_ACCELERATE] && status && strcmp(status, "Suspended") == 0 &&
        check_accelerate(c, b, value) == 0)
        return 0;
    return put_config(c, in, CONFIG_ACCELERATE);
}

OPERATION(s3_get_bucket_request_payment)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const char *payer = param_string(b->config[CONFIG_REQUEST_PAYMENT], "Payer");
    cJSON_AddStringToObject(out, "Payer", payer ? payer : "BucketOwner");
    return 0;
}
