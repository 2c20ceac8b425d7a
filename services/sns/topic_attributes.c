/* Topic attributes: their defaults (policy, delivery policy), checking values as CreateTopic
 * and SetTopicAttributes do, storing and listing them. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/call_error.h"
#include "../core/policy.h"
#include "attributes.h"

/* Attributes that SetTopicAttributes stores as given, once they pass their check. */
static const char *const free_form_attributes[] = {
    "DisplayName",
    "KmsMasterKeyId",
    "ApplicationSuccessFeedbackRoleArn",
    "ApplicationSuccessFeedbackSampleRate",
    "ApplicationFailureFeedbackRoleArn",
    "HTTPSuccessFeedbackRoleArn",
    "HTTPSuccessFeedbackSampleRate",
    "HTTPFailureFeedbackRoleArn",
    "LambdaSuccessFeedbackRoleArn",
    "LambdaSuccessFeedbackSampleRate",
    "LambdaFailureFeedbackRoleArn",
    "FirehoseSuccessFeedbackRoleArn",
    "FirehoseSuccessFeedbackSampleRate",
    "FirehoseFailureFeedbackRoleArn",
    "SQSSuccessFeedbackRoleArn",
    "SQSSuccessFeedbackSampleRate",
    "SQSFailureFeedbackRoleArn",
};

#define DEFAULT_EFFECTIVE_DELIVERY_POLICY                                                         \
    "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,"      \
    "\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0," \
    "\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"                     \
    "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}"

static char *default_policy(const struct sns_topic *t)
{
    struct buf b = BUF_INIT;
    buf_printf(&b,
               "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
               "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
               "\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\","
               "\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
               "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],"
               "\"Resource\":\"%s\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"%s\"}}}]}",
               t->arn, t->region->account);
    return buf_take(&b);
}

static void put(cJSON *attributes, const char *name, const char *value)
{
    cJSON *v = cJSON_CreateString(value);
    if (cJSON_GetObjectItemCaseSensitive(attributes, name))
        cJSON_ReplaceItemInObjectCaseSensitive(attributes, name, v);
    else
        cJSON_AddItemToObject(attributes, name, v);
}

void topic_attributes_init(struct sns_topic *t)
{
    char *policy = default_policy(t);
    put(t->attributes, "Policy", policy);
    free(policy);
    put(t->attributes, "DisplayName", "");
}

static int invalid(struct proto_error *err, const char *what)
{
    return error_fail(err, 400, "InvalidParameter", "Invalid parameter: %s", what);
}

static bool is_json_object(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    bool ok = cJSON_IsObject(doc);
    cJSON_Delete(doc);
    return ok;
}

static bool is_bool_text(const char *value)
{
    return strcasecmp(value, "true") == 0 || strcasecmp(value, "false") == 0;
}

static bool is_free_form(const char *name)
{
    for (size_t i = 0; i < sizeof free_form_attributes / sizeof free_form_attributes[0]; i++)
        if (strcmp(free_form_attributes[i], name) == 0)
            return true;
    return false;
}

static int check_one(const struct sns_topic *t, const char *name, const char *value,
                     bool creating, struct proto_error *err)
{
    if (is_free_form(name))
        return 0;
    struct policy_problem problem;
    if (strcmp(name, "Policy") == 0)
        return !*value || policy_check(value, POLICY_ANY_OBJECT, &problem) == 0
                   ? 0
                   : invalid(err, name);
    if (strcmp(name, "DeliveryPolicy") == 0 || strcmp(name, "ArchivePolicy") == 0)
        return !*value || is_json_object(value) ? 0 : invalid(err, name);
    if (strcmp(name, "SignatureVersion") == 0)
        return strcmp(value, "1") == 0 || strcmp(value, "2") == 0 ? 0 : invalid(err, name);
    if (strcmp(name, "TracingConfig") == 0)
        return strcmp(value, "PassThrough") == 0 || strcmp(value, "Active") == 0
                   ? 0
                   : invalid(err, name);
    if (strcmp(name, "FifoTopic") == 0)
        return creating && is_bool_text(value) ? 0 : invalid(err, "AttributeName");
    if (strcmp(name, "ContentBasedDeduplication") == 0) {
        if (!t->fifo)
            return invalid(err, "ContentBasedDeduplication Reason: Content based deduplication "
                                "can only be set for FIFO topics");
        return is_bool_text(value) ? 0 : invalid(err, name);
    }
    if (strcmp(name, "FifoThroughputScope") == 0) {
        if (!t->fifo)
            return invalid(err, "FifoThroughputScope Reason: FifoThroughputScope can only be set "
                                "for FIFO topics");
        return strcmp(value, "Topic") == 0 || strcmp(value, "MessageGroup") == 0
                   ? 0
                   : invalid(err, name);
    }
    return invalid(err, "AttributeName");
}

int topic_attributes_check(const struct sns_topic *t, const cJSON *attributes, bool creating,
                           struct proto_error *err)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        if (check_one(t, a->string, cJSON_IsString(a) ? a->valuestring : "", creating, err) != 0)
            return -1;
    }
    return 0;
}

int topic_attribute_set(struct sns_topic *t, const char *name, const char *value, bool creating,
                        struct proto_error *err)
{
    if (!value)
        value = "";
    if (check_one(t, name, value, creating, err) != 0)
        return -1;
    if (strcmp(name, "FifoTopic") == 0)
        return 0;
    if (strcmp(name, "ContentBasedDeduplication") == 0) {
        t->content_based_deduplication = strcasecmp(value, "true") == 0;
        return 0;
    }
    if (strcmp(name, "Policy") == 0 && !*value) {
        char *policy = default_policy(t);
        put(t->attributes, "Policy", policy);
        free(policy);
        return 0;
    }
    put(t->attributes, name, value);
    return 0;
}

static void add_count(cJSON *out, const char *name, unsigned long n)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%lu", n);
    cJSON_AddStringToObject(out, name, b.data);
    buf_free(&b);
}

cJSON *topic_attributes(const struct sns_topic *t)
{
    cJSON *out = cJSON_Duplicate(t->attributes, true);
    unsigned long pending = 0, confirmed = 0;
    for (size_t i = 0; i < t->region->subscriptions.count; i++) {
        const struct sns_subscription *s = t->region->subscriptions.items[i];
        if (s->topic == t) {
            if (s->pending)
                pending++;
            else
                confirmed++;
        }
    }
    cJSON_AddStringToObject(out, "TopicArn", t->arn);
    cJSON_AddStringToObject(out, "Owner", t->region->account);
    add_count(out, "SubscriptionsPending", pending);
    add_count(out, "SubscriptionsConfirmed", confirmed);
    add_count(out, "SubscriptionsDeleted", t->subscriptions_deleted);
    const cJSON *delivery = cJSON_GetObjectItemCaseSensitive(t->attributes, "DeliveryPolicy");
    cJSON_AddStringToObject(out, "EffectiveDeliveryPolicy",
                            cJSON_IsString(delivery) && *delivery->valuestring
                                ? delivery->valuestring
                                : DEFAULT_EFFECTIVE_DELIVERY_POLICY);
    if (t->fifo) {
        cJSON_AddStringToObject(out, "FifoTopic", "true");
        cJSON_AddStringToObject(out, "ContentBasedDeduplication",
                                t->content_based_deduplication ? "true" : "false");
    }
    return out;
}
