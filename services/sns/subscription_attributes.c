/* Subscription attributes: checking a value as SetSubscriptionAttributes does (filter
 * policies, raw delivery, redrive), storing it, listing them all. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/call_error.h"
#include "attributes.h"

#define DEFAULT_HTTP_DELIVERY_POLICY                                                              \
    "{\"healthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,"      \
    "\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,"                  \
    "\"backoffFunction\":\"linear\"},\"sicklyRetryPolicy\":null,\"throttlePolicy\":null,"         \
    "\"requestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"},"                    \
    "\"guaranteed\":false}"

static int invalid(struct proto_error *err, const char *fmt, const char *arg)
{
    struct buf what = BUF_INIT;
    buf_printf(&what, fmt, arg);
    error_fail(err, 400, "InvalidParameter", "Invalid parameter: %s", what.data);
    buf_free(&what);
    return -1;
}

static bool supports_raw_delivery(enum subscription_protocol p)
{
    return p == PROTOCOL_SQS || p == PROTOCOL_HTTP || p == PROTOCOL_HTTPS ||
           p == PROTOCOL_FIREHOSE;
}

static bool parse_scope(const char *value, enum filter_scope *out)
{
    if (strcmp(value, "MessageAttributes") == 0)
        *out = FILTER_SCOPE_MESSAGE_ATTRIBUTES;
    else if (strcmp(value, "MessageBody") == 0)
        *out = FILTER_SCOPE_MESSAGE_BODY;
    else
        return false;
    return true;
}

static int check_filter_policy(const char *text, enum filter_scope scope, struct proto_error *err)
{
    if (!*text)
        return 0;
    cJSON *policy = filter_policy_parse(text, scope, err);
    cJSON_Delete(policy);
    return policy ? 0 : -1;
}

static int check_redrive_policy(const char *value, struct proto_error *err)
{
    if (!*value)
        return 0;
    cJSON *doc = cJSON_Parse(value);
    const char *target =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "deadLetterTargetArn"));
    struct arn arn;
    bool ok = cJSON_IsObject(doc) && target && arn_parse(target, &arn) &&
              strcmp(arn.service, "sqs") == 0;
    cJSON_Delete(doc);
    return ok ? 0 : invalid(err, "RedrivePolicy: deadLetterTargetArn must be an SQS queue ARN%s", "");
}

int subscription_attribute_check(const struct sns_subscription *s, const char *name,
                                 const char *value, struct proto_error *err)
{
    if (!value)
        value = "";
    if (strcmp(name, "RawMessageDelivery") == 0) {
        if (!supports_raw_delivery(s->protocol))
            return invalid(err, "Delivery protocol [%s] does not support raw message delivery.",
                           protocol_name(s->protocol));
        return strcasecmp(value, "true") == 0 || strcasecmp(value, "false") == 0
                   ? 0
                   : invalid(err, "RawMessageDelivery%s", "");
    }
    if (strcmp(name, "FilterPolicy") == 0)
        return check_filter_policy(value, s->filter_scope, err);
    if (strcmp(name, "FilterPolicyScope") == 0) {
        enum filter_scope scope;
        if (!parse_scope(value, &scope))
            return invalid(err,
                           "FilterPolicyScope: Invalid filter policy scope, please use either "
                           "MessageBody or MessageAttributes%s",
                           "");
        return s->filter_policy_text ? check_filter_policy(s->filter_policy_text, scope, err) : 0;
    }
    if (strcmp(name, "RedrivePolicy") == 0)
        return check_redrive_policy(value, err);
    if (strcmp(name, "DeliveryPolicy") == 0 || strcmp(name, "ReplayPolicy") == 0) {
        if (!*value)
            return 0;
        cJSON *doc = cJSON_Parse(value);
        bool ok = cJSON_IsObject(doc);
        cJSON_Delete(doc);
        return ok ? 0 : invalid(err, "%s", name);
    }
    if (strcmp(name, "SubscriptionRoleArn") == 0)
        return 0;
    return invalid(err, "AttributeName%s", "");
}

static void store(cJSON *attributes, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(attributes, name);
    if (*value)
        cJSON_AddStringToObject(attributes, name, value);
}

void subscription_attribute_set(struct sns_subscription *s, const char *name, const char *value)
{
    if (!value)
        value = "";
    if (strcmp(name, "RawMessageDelivery") == 0) {
        s->raw_message_delivery = strcasecmp(value, "true") == 0;
    } else if (strcmp(name, "FilterPolicy") == 0) {
        cJSON_Delete(s->filter_policy);
        free(s->filter_policy_text);
        s->filter_policy = NULL;
        s->filter_policy_text = NULL;
        if (*value) {
            struct proto_error ignored = {0};
            s->filter_policy = filter_policy_parse(value, s->filter_scope, &ignored);
            s->filter_policy_text = xstrdup(value);
            proto_error_clear(&ignored);
        }
    } else if (strcmp(name, "FilterPolicyScope") == 0) {
        parse_scope(value, &s->filter_scope);
        s->filter_scope_set = true;
        if (s->filter_policy_text) {
            struct proto_error ignored = {0};
            cJSON_Delete(s->filter_policy);
            s->filter_policy = filter_policy_parse(s->filter_policy_text, s->filter_scope, &ignored);
            proto_error_clear(&ignored);
        }
    } else {
        store(s->attributes, name, value);
    }
}

cJSON *subscription_attributes(const struct sns_subscription *s)
{
    cJSON *out = cJSON_Duplicate(s->attributes, true);
    cJSON_AddStringToObject(out, "SubscriptionArn", s->arn);
    cJSON_AddStringToObject(out, "TopicArn", s->topic->arn);
    cJSON_AddStringToObject(out, "Owner", s->owner);
    cJSON_AddStringToObject(out, "Protocol", protocol_name(s->protocol));
    cJSON_AddStringToObject(out, "Endpoint", s->endpoint);
    cJSON_AddStringToObject(out, "PendingConfirmation", s->pending ? "true" : "false");
    cJSON_AddStringToObject(out, "ConfirmationWasAuthenticated",
                            s->authenticated ? "true" : "false");
    cJSON_AddStringToObject(out, "RawMessageDelivery", s->raw_message_delivery ? "true" : "false");
    if (s->filter_policy_text) {
        cJSON_AddStringToObject(out, "FilterPolicy", s->filter_policy_text);
        cJSON_AddStringToObject(out, "FilterPolicyScope",
                                s->filter_scope == FILTER_SCOPE_MESSAGE_BODY ? "MessageBody"
                                                                             : "MessageAttributes");
    }
    if (s->protocol == PROTOCOL_HTTP || s->protocol == PROTOCOL_HTTPS) {
        const cJSON *own = cJSON_GetObjectItemCaseSensitive(s->attributes, "DeliveryPolicy");
        cJSON_AddStringToObject(out, "EffectiveDeliveryPolicy",
                                cJSON_IsString(own) ? own->valuestring
                                                    : DEFAULT_HTTP_DELIVERY_POLICY);
    }
    return out;
}
