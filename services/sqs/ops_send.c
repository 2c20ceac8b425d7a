/* SendMessage, SendMessageBatch and deliveries from other services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/digest.h"
#include "../core/params.h"
#include "batch.h"
#include "message_attributes.h"
#include "ops.h"
#include "queue.h"
#include "queue_kms.h"
#include "queue_url.h"
#include "region.h"
#include "sqs.h"

#define MAX_DELAY_SECONDS 900
#define MAX_FIFO_ID 128

struct send_request {
    const char *body;
    const cJSON *attributes;
    const cJSON *system_attributes;
    const cJSON *delay_seconds; /* NULL when not given */
    const char *group_id;
    const char *deduplication_id;
    const char *sender_id;
};

/* Group and deduplication ids: 1 to 128 alphanumeric or punctuation characters. */
static bool valid_fifo_id(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > MAX_FIFO_ID)
        return false;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p < 33 || *p > 126)
            return false;
    return true;
}

static int check_body(const struct sqs_queue *q, const struct send_request *s,
                      struct proto_error *err)
{
    if (!s->body || !*s->body)
        return error_fail(err, 400, "MissingParameter",
                          "The request must contain the parameter MessageBody.");
    long bad = sqs_first_invalid_character(s->body);
    if (bad >= 0)
        return error_fail(err, 400, "InvalidMessageContents",
                          "Invalid binary character '#x%lX' was found in the message body, the set "
                          "of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | "
                          "[#xE000-#xFFFD] | [#x10000-#x10FFFF].",
                          bad);
    if (message_attributes_validate(s->attributes, err) != 0 ||
        message_system_attributes_validate(s->system_attributes, err) != 0)
        return -1;
    size_t size = strlen(s->body) + message_attributes_size(s->attributes);
    if (size > (size_t)q->maximum_message_size)
        return error_fail_invalid_parameter_value(
            err,
            "One or more parameters are invalid. Reason: Message must be shorter than "
            "%d bytes.",
            q->maximum_message_size);
    return 0;
}

static int check_delay(const struct sqs_queue *q, const struct send_request *s, int *delay,
                       struct proto_error *err)
{
    *delay = q->delay_seconds;
    if (!s->delay_seconds)
        return 0;
    long v = sqs_whole_number(s->delay_seconds->valuedouble);
    if (v < 0 || v > MAX_DELAY_SECONDS)
        return error_fail_invalid_parameter_value(
            err,
            "Value %ld for parameter DelaySeconds is invalid. Reason: DelaySeconds must "
            "be >= 0 and <= 900.",
            v);
    /* FIFO queues delay whole queues only. */
    if (q->fifo && v != 0)
        return error_fail_invalid_parameter_value(
            err,
            "Value %ld for parameter DelaySeconds is invalid. Reason: The request "
            "include parameter that is not valid for this queue type.",
            v);
    *delay = (int)v;
    return 0;
}

/* A FIFO message needs a group and a way to be deduplicated. In a batch AWS checks this for
 * every entry before sending any, and fails the whole request. */
static int check_fifo_ids_present(const struct sqs_queue *q, const char *group_id,
                                  const char *deduplication_id, struct proto_error *err)
{
    if (!group_id)
        return error_fail(err, 400, "MissingParameter",
                          "The request must contain the parameter MessageGroupId.");
    if (!deduplication_id && !q->content_based_deduplication)
        return error_fail_invalid_parameter_value(
            err, "The queue should either have ContentBasedDeduplication enabled or "
                 "MessageDeduplicationId provided explicitly");
    return 0;
}

static int check_grouping(const struct sqs_queue *q, const struct send_request *s,
                          struct proto_error *err)
{
    if (s->group_id && !valid_fifo_id(s->group_id))
        return error_fail_invalid_parameter_value(
            err,
            "Value %s for parameter MessageGroupId is invalid. Reason: MessageGroupId "
            "can only include alphanumeric and punctuation characters. 1 to 128 in "
            "length.",
            s->group_id);
    if (s->deduplication_id && !valid_fifo_id(s->deduplication_id))
        return error_fail_invalid_parameter_value(
            err,
            "Value %s for parameter MessageDeduplicationId is invalid. Reason: "
            "MessageDeduplicationId can only include alphanumeric and punctuation "
            "characters. 1 to 128 in length.",
            s->deduplication_id);
    if (!q->fifo) {
        if (s->deduplication_id)
            return error_fail_invalid_parameter_value(
                err,
                "Value %s for parameter MessageDeduplicationId is invalid. Reason: The "
                "request includes a parameter that is not valid for this queue type.",
                s->deduplication_id);
        return 0;
    }
    return check_fifo_ids_present(q, s->group_id, s->deduplication_id, err);
}

static void add_digests(const struct send_request *s, cJSON *result)
{
    char md5[33];
    md5_hex(s->body, strlen(s->body), md5);
    cJSON_AddStringToObject(result, "MD5OfMessageBody", md5);
    message_attributes_md5(s->attributes, md5);
    if (md5[0])
        cJSON_AddStringToObject(result, "MD5OfMessageAttributes", md5);
    message_attributes_md5(s->system_attributes, md5);
    if (md5[0])
        cJSON_AddStringToObject(result, "MD5OfMessageSystemAttributes", md5);
}

/* Validates and sends one message; fills result with what SendMessage answers. */
static int send_to_queue(struct sqs_queue *q, const struct send_request *s, cJSON *result,
                         struct proto_error *err)
{
    int delay;
    if (sqs_check_kms_key(q, err) != 0 || check_body(q, s, err) != 0 || check_delay(q, s, &delay, err) != 0 ||
        check_grouping(q, s, err) != 0)
        return -1;
    char content_hash[65];
    const char *deduplication_id = s->deduplication_id;
    if (q->fifo && !deduplication_id) {
        sha256_hex(s->body, strlen(s->body), content_hash);
        deduplication_id = content_hash;
    }
    uint64_t now = sqs_now_ms();
    add_digests(s, result);
    /* A duplicate is accepted and answered as the original was, but not queued again. */
    const struct deduplication_record *duplicate =
        sqs_queue_duplicate(q, s->group_id, deduplication_id, now);
    if (duplicate) {
        cJSON_AddStringToObject(result, "MessageId", duplicate->message_id);
        cJSON_AddStringToObject(result, "SequenceNumber", duplicate->sequence_number);
        return 0;
    }
    struct message_input input = {s->body, s->attributes, s->system_attributes, s->sender_id,
                                  s->group_id, q->fifo ? deduplication_id : NULL};
    struct sqs_message *m = sqs_message_new(&input, now);
    sqs_queue_append(q, m, delay, now);
    cJSON_AddStringToObject(result, "MessageId", m->id);
    if (q->fifo)
        cJSON_AddStringToObject(result, "SequenceNumber", m->sequence_number);
    return 0;
}

static const char *sender_of(const struct call *c)
{
    return c->route->access_key[0] ? c->route->access_key : c->route->account;
}

static void read_send_request(const struct call *c, const cJSON *in, struct send_request *s)
{
    s->body = param_string(in, "MessageBody");
    s->attributes = cJSON_GetObjectItemCaseSensitive(in, "MessageAttributes");
    s->system_attributes = cJSON_GetObjectItemCaseSensitive(in, "MessageSystemAttributes");
    s->delay_seconds = cJSON_GetObjectItemCaseSensitive(in, "DelaySeconds");
    s->group_id = param_string(in, "MessageGroupId");
    s->deduplication_id = param_string(in, "MessageDeduplicationId");
    s->sender_id = sender_of(c);
}

int sqs_send_message(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    struct send_request s;
    read_send_request(c, in, &s);
    return send_to_queue(q, &s, out, c->err);
}

static size_t batch_payload_size(const cJSON *entries)
{
    size_t total = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *body = param_string(entry, "MessageBody");
        total += (body ? strlen(body) : 0) +
                 message_attributes_size(cJSON_GetObjectItemCaseSensitive(entry,
                                                                          "MessageAttributes"));
    }
    return total;
}

struct send_batch {
    struct call *c;
    struct sqs_queue *q;
};

static int send_entry(void *ctx, const cJSON *entry, cJSON *result, struct proto_error *err)
{
    struct send_batch *batch = ctx;
    struct send_request s;
    read_send_request(batch->c, entry, &s);
    return send_to_queue(batch->q, &s, result, err);
}

int sqs_send_message_batch(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(in, "Entries");
    if (batch_check_entries(c, entries, &sqs_send_batch_rules) != 0)
        return -1;
    if (q->fifo) {
        const cJSON *entry;
        cJSON_ArrayForEach(entry, entries)
        {
            if (check_fifo_ids_present(q, param_string(entry, "MessageGroupId"),
                                       param_string(entry, "MessageDeduplicationId"),
                                       c->err) != 0)
                return -1;
        }
    }
    size_t total = batch_payload_size(entries);
    if (total > (size_t)q->maximum_message_size)
        return call_fail(c, 400, "AWS.SimpleQueueService.BatchRequestTooLong",
                         "Batch requests cannot be longer than %d bytes. You have sent %zu bytes.",
                         q->maximum_message_size, total);
    struct send_batch batch = {c, q};
    batch_run(entries, send_entry, &batch, out);
    return 0;
}

int sqs_deliver(const char *queue_arn, const struct sqs_delivery *d, struct proto_error *err)
{
    struct sqs_queue *q = sqs_queue_by_arn(queue_arn);
    if (!q)
        return error_fail(err, 400, "AWS.SimpleQueueService.NonExistentQueue",
                          "The specified queue does not exist.");
    /* Grouping only means something to FIFO queues; SNS FIFO topics feed standard ones too. */
    struct send_request s = {d->body,
                             d->message_attributes,
                             NULL,
                             NULL,
                             q->fifo ? d->group_id : NULL,
                             q->fifo ? d->deduplication_id : NULL,
                             d->sender_id};
    cJSON *result = cJSON_CreateObject();
    int rc = send_to_queue(q, &s, result, err);
    cJSON_Delete(result);
    return rc;
}
