/* Validation and the generated members of the logging, notification and replication
 * configurations: what S3 refuses before storing them and what it adds when it does. */
#include "config_rules.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "s3_call.h"

#define LOG_DELIVERY_GROUP "http://acs.amazonaws.com/groups/s3/LogDelivery"

/* The opaque ids S3 gives rules and notifications that come without one: base64 of 16 random
 * bytes. */
static void add_generated_id(cJSON *item, const char *member)
{
    if (cJSON_GetObjectItemCaseSensitive(item, member))
        return;
    unsigned char raw[16];
    if (RAND_bytes(raw, sizeof raw) != 1)
        memset(raw, 0x5a, sizeof raw);
    struct buf text = BUF_INIT;
    base64_encode((const char *)raw, sizeof raw, &text);
    cJSON_AddStringToObject(item, member, text.data ? text.data : "");
    buf_free(&text);
}

/* ---- logging ---- */

static bool acls_enabled(const struct bucket *b)
{
    const cJSON *rule = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_OWNERSHIP_CONTROLS], "Rules"), 0);
    const char *ownership = param_string(rule, "ObjectOwnership");
    return !ownership || strcmp(ownership, "BucketOwnerEnforced") != 0;
}

/* Whether the bucket's ACL lets the log delivery group write and read the ACL. */
static bool log_delivery_granted(const struct bucket *b)
{
    bool write = false, read_acp = false;
    const cJSON *grant;
    cJSON_ArrayForEach(grant, cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_ACL], "Grants"))
    {
        const char *uri =
            param_string(cJSON_GetObjectItemCaseSensitive(grant, "Grantee"), "URI");
        const char *permission = param_string(grant, "Permission");
        if (!uri || !permission || strcmp(uri, LOG_DELIVERY_GROUP) != 0)
            continue;
        bool full = strcmp(permission, "FULL_CONTROL") == 0;
        write = write || full || strcmp(permission, "WRITE") == 0;
        read_acp = read_acp || full || strcmp(permission, "READ_ACP") == 0;
    }
    return write && read_acp;
}

static int fail_target(struct call *c, const char *target, const char *message)
{
    return call_fail_fields(c, 400, "InvalidTargetBucketForLogging", message, "TargetBucket",
                            target, NULL);
}

int config_check_logging(struct call *c, struct bucket *b, const cJSON *status)
{
    const cJSON *enabled = cJSON_GetObjectItemCaseSensitive(status, "LoggingEnabled");
    if (!enabled)
        return 0; /* an empty status turns logging off */
    const char *target_name = param_string(enabled, "TargetBucket");
    if (!target_name || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(enabled, "TargetPrefix")))
        return s3_fail_malformed_xml(c);
    const cJSON *grant;
    cJSON_ArrayForEach(grant, cJSON_GetObjectItemCaseSensitive(enabled, "TargetGrants"))
    {
        const char *permission = param_string(grant, "Permission");
        if (!permission || (strcmp(permission, "FULL_CONTROL") != 0 &&
                            strcmp(permission, "READ") != 0 && strcmp(permission, "WRITE") != 0))
            return s3_fail_malformed_xml(c);
    }
    const struct bucket *target = bucket_find(target_name);
    if (!target)
        return fail_target(c, target_name, "The target bucket for logging does not exist");
    if (strcmp(target->account, b->account) != 0)
        return fail_target(c, target_name, "The target bucket for logging does not exist, is not "
                                           "owned by you, or does not have the appropriate "
                                           "grants for the log-delivery group.");
    if (strcmp(target->region, b->region) != 0)
        return call_fail_fields(c, 403, "CrossLocationLoggingProhibited",
                                "Cross-location logging not allowed. Buckets in one geographic "
                                "location cannot log information to a bucket in another "
                                "location.",
                                "TargetBucketLocation",
                                target->region, "SourceBucketLocation", b->region, NULL);
    /* A target whose ACLs are disabled grants log delivery in its bucket policy instead, which
     * S3 does not check here. */
    if (acls_enabled(target) && !log_delivery_granted(target))
        return fail_target(c, target_name, "You must give the log-delivery group WRITE and "
                                           "READ_ACP permissions to the target bucket");
    return 0;
}

/* ---- notifications ---- */

/* The event types S3 can notify, sorted. */
static const char *const notification_events[] = {
    "s3:IntelligentTiering",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition",
    "s3:ObjectAcl:Put",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Put",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:ObjectRestore:Post",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Delete",
    "s3:ObjectTagging:Put",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationReplicatedAfterThreshold",
};
#define N_NOTIFICATION_EVENTS (sizeof notification_events / sizeof notification_events[0])

static int fail_event(struct call *c, const char *event)
{
    struct buf message = BUF_INIT;
    buf_printf(&message,
               "The event '%s' is not supported for notifications. Supported events are as "
               "follows: [",
               event);
    for (size_t i = 0; i < N_NOTIFICATION_EVENTS; i++)
        buf_printf(&message, "%s'%s'", i ? ", " : "", notification_events[i]);
    buf_printf(&message, "]");
    int rc = call_fail(c, 400, "InvalidArgument", "%s", message.data);
    buf_free(&message);
    return rc;
}

static bool event_is_known(const char *event)
{
    for (size_t i = 0; i < N_NOTIFICATION_EVENTS; i++)
        if (strcmp(event, notification_events[i]) == 0)
            return true;
    return false;
}

/* The kinds of destination, each with its ARN member and the service it must name. */
static const struct {
    const char *list, *arn_member, *service;
} destinations[] = {
    {"TopicConfigurations", "TopicArn", "sns"},
    {"QueueConfigurations", "QueueArn", "sqs"},
    {"LambdaFunctionConfigurations", "LambdaFunctionArn", "lambda"},
};

static int check_filter(struct call *c, const cJSON *destination)
{
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(destination, "Filter"),
                                         "Key"),
        "FilterRules");
    bool prefix = false, suffix = false;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const char *name = param_string(rule, "Name");
        bool is_prefix = name && strcasecmp(name, "prefix") == 0;
        bool is_suffix = name && strcasecmp(name, "suffix") == 0;
        if (!is_prefix && !is_suffix)
            return call_fail(c, 400, "InvalidArgument",
                             "filter rule name must be either prefix or suffix");
        if ((is_prefix && prefix) || (is_suffix && suffix))
            return call_fail(c, 400, "InvalidArgument",
                             "Cannot specify more than one %s rule in a filter.",
                             is_prefix ? "prefix" : "suffix");
        prefix = prefix || is_prefix;
        suffix = suffix || is_suffix;
    }
    return 0;
}

static int check_destination(struct call *c, const struct bucket *b, const cJSON *destination,
                             const char *arn_member, const char *service)
{
    struct arn arn;
    const char *text = param_string(destination, arn_member);
    if (!text || !arn_parse(text, &arn) || strcmp(arn.service, service) != 0 || !arn.region[0] ||
        !arn.resource[0])
        return call_fail(c, 400, "InvalidArgument", "The ARN is not well formed");
    if (strcmp(arn.region, b->region) != 0)
        return call_fail(c, 400, "InvalidArgument", "The notification destination service region "
                                                    "is not valid for the bucket location "
                                                    "constraint");
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(destination, "Events");
    if (!cJSON_IsArray(events) || cJSON_GetArraySize(events) == 0)
        return s3_fail_malformed_xml(c);
    const cJSON *event;
    cJSON_ArrayForEach(event, events)
    {
        if (!cJSON_IsString(event) || !event_is_known(event->valuestring))
            return fail_event(c, cJSON_IsString(event) ? event->valuestring : "");
    }
    return check_filter(c, destination);
}

int config_check_notification(struct call *c, struct bucket *b, const cJSON *config)
{
    for (size_t i = 0; i < sizeof destinations / sizeof destinations[0]; i++) {
        const cJSON *destination;
        cJSON_ArrayForEach(destination, cJSON_GetObjectItemCaseSensitive(config,
                                                                          destinations[i].list))
        {
            if (check_destination(c, b, destination, destinations[i].arn_member,
                                  destinations[i].service) != 0)
                return -1;
        }
    }
    return 0;
}

void config_fill_notification(cJSON *config)
{
    for (size_t i = 0; i < sizeof destinations / sizeof destinations[0]; i++) {
        cJSON *destination;
        cJSON_ArrayForEach(destination, cJSON_GetObjectItemCaseSensitive(config,
                                                                          destinations[i].list))
        {
            add_generated_id(destination, "Id");
        }
    }
}

/* ---- replication ---- */

int config_check_replication(struct call *c, struct bucket *b, const cJSON *config)
{
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(config, "Rules");
    if (!param_string(config, "Role") || !cJSON_IsArray(rules) || cJSON_GetArraySize(rules) == 0)
        return s3_fail_malformed_xml(c);
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const char *status = param_string(rule, "Status");
        const cJSON *destination = cJSON_GetObjectItemCaseSensitive(rule, "Destination");
        if (!status || (strcmp(status, "Enabled") != 0 && strcmp(status, "Disabled") != 0) ||
            !param_string(destination, "Bucket"))
            return s3_fail_malformed_xml(c);
    }
    if (b->versioning != VERSIONING_ENABLED)
        return call_fail_fields(c, 400, "InvalidRequest",
                                "Versioning must be 'Enabled' on the bucket to apply a "
                                "replication configuration",
                                "BucketName", b->name, NULL);
    return 0;
}

void config_fill_replication(cJSON *config)
{
    cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(config, "Rules"))
    {
        add_generated_id(rule, "ID");
        /* Rules of the current schema (those with a priority or filter) show the defaults S3
         * stores with them: an empty filter and delete markers not replicated. */
        bool current_schema = cJSON_GetObjectItemCaseSensitive(rule, "Priority") ||
                              cJSON_GetObjectItemCaseSensitive(rule, "Filter");
        if (!current_schema)
            continue;
        if (!cJSON_GetObjectItemCaseSensitive(rule, "Filter") &&
            !cJSON_GetObjectItemCaseSensitive(rule, "Prefix")) {
            cJSON *filter = cJSON_AddObjectToObject(rule, "Filter");
            cJSON_AddStringToObject(filter, "Prefix", "");
        }
        if (!cJSON_GetObjectItemCaseSensitive(rule, "DeleteMarkerReplication")) {
            cJSON *markers = cJSON_AddObjectToObject(rule, "DeleteMarkerReplication");
            cJSON_AddStringToObject(markers, "Status", "Disabled");
        }
    }
}
