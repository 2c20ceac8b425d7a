/* Delivers a published message to the topic's confirmed subscribers whose filter policies it
 * passes (SQS queues, HTTP(S) endpoints, platform endpoints), and sends confirmations. */
#include "delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../../http/http_client.h"
#include "../../http/log.h"
#include "../core/arn.h"
#include "../core/request_id.h"
#include "../core/wire_text.h"
#include "../lambda/async_invoke.h"
#include "../sqs/sqs.h"
#include "envelope.h"
#include "sns.h"

/* The sender SQS reports for messages SNS delivers. */
#define SNS_SENDER_ID "AIDAISMY7JYY5F7RTT6AO"
#define CONFIRMATION_TOKEN_BYTES 64

const char *structured_message_for(const cJSON *structured, enum subscription_protocol protocol)
{
    const char *own =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(structured, protocol_name(protocol)));
    return own ? own : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(structured, "default"));
}

static char *unsubscribe_url(const struct sns_subscription *s)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "https://sns.%s.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=%s",
               s->topic->region->region, s->arn);
    return buf_take(&b);
}

static const char *signature_version(const struct sns_topic *t)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t->attributes,
                                                                          "SignatureVersion"));
    return v ? v : "1";
}

/* SNS attributes as SQS message attributes, for raw delivery. */
static cJSON *as_sqs_attributes(const cJSON *attributes)
{
    if (cJSON_GetArraySize(attributes) == 0)
        return NULL;
    cJSON *out = cJSON_CreateObject();
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        cJSON_AddItemToObject(out, a->string, cJSON_Duplicate(a, true));
    }
    return out;
}

static char *notification_for(const struct publication *p, const struct sns_subscription *s,
                              const char *message)
{
    char *unsubscribe = unsubscribe_url(s);
    struct envelope e = {
        .type = "Notification",
        .message_id = p->message_id,
        .sequence_number = p->sequence_number,
        .topic_arn = p->topic->arn,
        .subject = p->subject,
        .message = message,
        .unsubscribe_url = unsubscribe,
        .signature_version = signature_version(p->topic),
        .region = p->topic->region->region,
        .message_attributes = p->message_attributes,
    };
    char *text = envelope_json(&e);
    free(unsubscribe);
    return text;
}

static int send_to_queue(const char *queue_arn, const char *body, const cJSON *attributes,
                         const struct publication *p, struct proto_error *err)
{
    struct sqs_delivery d = {body, attributes, p->group_id, p->deduplication_id, SNS_SENDER_ID};
    return sqs_deliver(queue_arn, &d, err);
}

/* A delivery that failed goes to the subscription's dead-letter queue, when it has one. */
static void redrive(const struct sns_subscription *s, const char *body,
                    const cJSON *attributes, const struct publication *p)
{
    const char *policy =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s->attributes, "RedrivePolicy"));
    cJSON *doc = policy ? cJSON_Parse(policy) : NULL;
    const char *dlq =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "deadLetterTargetArn"));
    if (dlq) {
        struct proto_error err = {0};
        if (send_to_queue(dlq, body, attributes, p, &err) != 0)
            log_msg(LOG_INFO, "sns: dead-letter queue %s refused a message: %s", dlq,
                    err.message);
        proto_error_clear(&err);
    }
    cJSON_Delete(doc);
}

static void deliver_to_queue(const struct publication *p, const struct sns_subscription *s,
                             const char *message)
{
    char *body = s->raw_message_delivery ? xstrdup(message) : notification_for(p, s, message);
    cJSON *attributes = s->raw_message_delivery ? as_sqs_attributes(p->message_attributes) : NULL;
    struct proto_error err = {0};
    if (send_to_queue(s->endpoint, body, attributes, p, &err) != 0) {
        log_msg(LOG_INFO, "sns: delivery to %s failed: %s", s->endpoint, err.message);
        redrive(s, body, attributes, p);
    }
    proto_error_clear(&err);
    cJSON_Delete(attributes);
    free(body);
}

/* SNS posts once and does not wait for the answer. body is wire text: a raw delivery posts
 * the message's real bytes, U+0000 included (wire_text.h). */
static bool post_to_subscriber(const char *url, const struct http_client_header *headers,
                               size_t count, const char *body)
{
    struct buf bytes = BUF_INIT;
    wire_text_append_bytes(&bytes, body, strlen(body));
    struct http_client_request req = {
        .method = "POST",
        .url = url,
        .headers = headers,
        .header_count = count,
        .body = bytes.data,
        .body_len = bytes.len,
        .owner = &sns_backend,
    };
    bool started = http_client_start(&req);
    buf_free(&bytes);
    return started;
}

static void deliver_to_http(const struct publication *p, const struct sns_subscription *s,
                            const char *message)
{
    char *body = s->raw_message_delivery ? xstrdup(message) : notification_for(p, s, message);
    struct http_client_header headers[] = {
        {"x-amz-sns-message-type", "Notification"},
        {"x-amz-sns-message-id", p->message_id},
        {"x-amz-sns-topic-arn", p->topic->arn},
        {"x-amz-sns-subscription-arn", s->arn},
        {"Content-Type", "text/plain; charset=UTF-8"},
        {"User-Agent", "Amazon Simple Notification Service Agent"},
        {"x-amz-sns-rawdelivery", "true"},
    };
    size_t count = sizeof headers / sizeof headers[0] - (s->raw_message_delivery ? 0 : 1);
    if (!post_to_subscriber(s->endpoint, headers, count, body))
        log_msg(LOG_INFO, "sns: not posting to %s (only local endpoints get deliveries)",
                s->endpoint);
    free(body);
}

/* Lambda receives the notification in its SNS event, invoked asynchronously as SNS does. */
static void deliver_to_lambda(const struct publication *p, const struct sns_subscription *s,
                              const char *message)
{
    char *text = notification_for(p, s, message);
    cJSON *sns = cJSON_Parse(text);
    free(text);
    static const char *const renamed[][2] = {{"SigningCertURL", "SigningCertUrl"},
                                             {"UnsubscribeURL", "UnsubscribeUrl"}};
    for (size_t i = 0; sns && i < 2; i++) {
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(sns, renamed[i][0]);
        if (v)
            cJSON_AddItemToObject(sns, renamed[i][1], v);
    }
    cJSON *event = cJSON_CreateObject();
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "EventSource", "aws:sns");
    cJSON_AddStringToObject(record, "EventVersion", "1.0");
    cJSON_AddStringToObject(record, "EventSubscriptionArn", s->arn);
    cJSON_AddItemToObject(record, "Sns", sns ? sns : cJSON_CreateObject());
    cJSON_AddItemToArray(cJSON_AddArrayToObject(event, "Records"), record);
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    struct arn arn;
    struct proto_error err = {0};
    if (!arn_parse(s->endpoint, &arn) ||
        async_invoke_queue(arn.account, arn.region, s->endpoint, NULL, payload, strlen(payload),
                           &err) != 0)
        log_msg(LOG_INFO, "sns: delivery to %s failed: %s", s->endpoint,
                err.message ? err.message : "not a function ARN");
    proto_error_clear(&err);
    free(payload);
}

static void deliver_to_platform_endpoint(const struct sns_subscription *s, const char *message)
{
    struct sns_endpoint *e = sns_endpoint_by_arn(s->endpoint);
    if (e)
        cJSON_AddItemToArray(e->messages, cJSON_CreateString(message));
}

static void deliver_one(const struct publication *p, const struct sns_subscription *s)
{
    const char *message = p->structured ? structured_message_for(p->structured, s->protocol)
                                        : p->message;
    if (!message)
        return;
    if (s->filter_policy &&
        !filter_policy_match(s->filter_policy, s->filter_scope, p->message_attributes, message))
        return;
    switch (s->protocol) {
    case PROTOCOL_SQS:
        deliver_to_queue(p, s, message);
        break;
    case PROTOCOL_HTTP:
    case PROTOCOL_HTTPS:
        deliver_to_http(p, s, message);
        break;
    case PROTOCOL_APPLICATION:
        deliver_to_platform_endpoint(s, message);
        break;
    case PROTOCOL_LAMBDA:
        deliver_to_lambda(p, s, message);
        break;
    default:
        log_msg(LOG_DEBUG, "sns: %s delivery to %s is not emulated", protocol_name(s->protocol),
                s->endpoint);
        break;
    }
}

void sns_deliver(const struct publication *p)
{
    struct sns_region *r = p->topic->region;
    /* A delivery never changes the subscription list, so the walk is safe. */
    for (size_t i = 0; i < r->subscriptions.count; i++) {
        const struct sns_subscription *s = r->subscriptions.items[i];
        if (s->topic == p->topic && !s->pending)
            deliver_one(p, s);
    }
}

static char *new_token(void)
{
    unsigned char bytes[CONFIRMATION_TOKEN_BYTES];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        memset(bytes, 0x5a, sizeof bytes);
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof bytes; i++)
        buf_printf(&b, "%02x", bytes[i]);
    return buf_take(&b);
}

void sns_request_confirmation(struct sns_subscription *s)
{
    const struct sns_topic *t = s->topic;
    free(s->token);
    s->token = new_token();
    char message_id[37];
    uuid_new(message_id);
    struct buf message = BUF_INIT, url = BUF_INIT;
    buf_printf(&message,
               "You have chosen to subscribe to the topic %s.\nTo confirm the subscription, visit "
               "the SubscribeURL included in this message.",
               t->arn);
    buf_printf(&url, "https://sns.%s.amazonaws.com/?Action=ConfirmSubscription&TopicArn=%s&Token=%s",
               t->region->region, t->arn, s->token);
    struct envelope e = {
        .type = "SubscriptionConfirmation",
        .message_id = message_id,
        .token = s->token,
        .topic_arn = t->arn,
        .message = message.data,
        .subscribe_url = url.data,
        .signature_version = signature_version(t),
        .region = t->region->region,
    };
    char *body = envelope_json(&e);
    if (s->protocol == PROTOCOL_SQS) {
        struct proto_error err = {0};
        struct sqs_delivery d = {body, NULL, NULL, NULL, SNS_SENDER_ID};
        if (sqs_deliver(s->endpoint, &d, &err) != 0)
            log_msg(LOG_INFO, "sns: confirmation to %s failed: %s", s->endpoint, err.message);
        proto_error_clear(&err);
    } else {
        struct http_client_header headers[] = {
            {"x-amz-sns-message-type", "SubscriptionConfirmation"},
            {"x-amz-sns-message-id", message_id},
            {"x-amz-sns-topic-arn", t->arn},
            {"Content-Type", "text/plain; charset=UTF-8"},
            {"User-Agent", "Amazon Simple Notification Service Agent"},
        };
        post_to_subscriber(s->endpoint, headers, sizeof headers / sizeof headers[0], body);
    }
    free(body);
    buf_free(&message);
    buf_free(&url);
}
