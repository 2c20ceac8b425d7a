/* ReceiveMessage: what a receive returns of each message, and waiting for messages. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "long_poll.h"
#include "message_attributes.h"
#include "ops.h"
#include "queue.h"
#include "queue_kms.h"
#include "queue_url.h"
#include "receive.h"

#define MAX_VISIBILITY_TIMEOUT 43200
#define MAX_WAIT_SECONDS 20

static bool names_include(const cJSON *names, const char *name)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        if (cJSON_IsString(n) && (strcmp(n->valuestring, name) == 0 ||
                                  strcmp(n->valuestring, "All") == 0))
            return true;
    }
    return false;
}

static void add_number_text(cJSON *to, const char *name, uint64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRIu64, value);
    cJSON_AddStringToObject(to, name, text);
}

/* The system attributes a receive asked for ("All" or by name) that the message has. */
static void add_system_attributes(const struct sqs_message *m, const cJSON *names, cJSON *out)
{
    if (!names)
        return;
    cJSON *a = cJSON_CreateObject();
    if (names_include(names, "SenderId"))
        cJSON_AddStringToObject(a, "SenderId", m->sender_id);
    if (names_include(names, "SentTimestamp"))
        add_number_text(a, "SentTimestamp", m->sent_ms);
    if (names_include(names, "ApproximateReceiveCount"))
        add_number_text(a, "ApproximateReceiveCount", m->receive_count);
    if (names_include(names, "ApproximateFirstReceiveTimestamp"))
        add_number_text(a, "ApproximateFirstReceiveTimestamp", m->first_receive_ms);
    if (m->sequence_number[0] && names_include(names, "SequenceNumber"))
        cJSON_AddStringToObject(a, "SequenceNumber", m->sequence_number);
    if (m->deduplication_id && names_include(names, "MessageDeduplicationId"))
        cJSON_AddStringToObject(a, "MessageDeduplicationId", m->deduplication_id);
    if (m->group_id && names_include(names, "MessageGroupId"))
        cJSON_AddStringToObject(a, "MessageGroupId", m->group_id);
    if (m->dead_letter_source_arn && names_include(names, "DeadLetterQueueSourceArn"))
        cJSON_AddStringToObject(a, "DeadLetterQueueSourceArn", m->dead_letter_source_arn);
    const cJSON *trace = cJSON_GetObjectItemCaseSensitive(m->system_attributes, "AWSTraceHeader");
    const char *trace_value =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(trace, "StringValue"));
    if (trace_value && names_include(names, "AWSTraceHeader"))
        cJSON_AddStringToObject(a, "AWSTraceHeader", trace_value);
    if (cJSON_GetArraySize(a) > 0)
        cJSON_AddItemToObject(out, "Attributes", a);
    else
        cJSON_Delete(a);
}

/* "All" and ".*" select every attribute, "prefix.*" those starting with prefix, anything else
 * the attribute of that name. */
static bool attribute_selected(const char *name, const cJSON *selectors)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, selectors)
    {
        const char *sel = cJSON_GetStringValue(s);
        if (!sel)
            continue;
        size_t len = strlen(sel);
        if (strcmp(sel, "All") == 0 || strcmp(name, sel) == 0)
            return true;
        if (len >= 2 && strcmp(sel + len - 2, ".*") == 0 && strncmp(name, sel, len - 2) == 0)
            return true;
    }
    return false;
}

/* The message attributes asked for, and the MD5 of exactly those (SDKs check it against what
 * they receive). */
static void add_message_attributes(const struct sqs_message *m, const cJSON *selectors,
                                   cJSON *out)
{
    if (!m->attributes || !selectors)
        return;
    cJSON *selected = cJSON_CreateObject();
    const cJSON *a;
    cJSON_ArrayForEach(a, m->attributes)
    {
        if (attribute_selected(a->string, selectors))
            cJSON_AddItemToObject(selected, a->string, cJSON_Duplicate(a, true));
    }
    if (cJSON_GetArraySize(selected) == 0) {
        cJSON_Delete(selected);
        return;
    }
    char md5[33];
    message_attributes_md5(selected, md5);
    cJSON_AddStringToObject(out, "MD5OfMessageAttributes", md5);
    cJSON_AddItemToObject(out, "MessageAttributes", selected);
}

static cJSON *message_result(const struct sqs_message *m, const struct receive_request *r)
{
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "MessageId", m->id);
    char *handle = sqs_receipt_handle_new(m);
    cJSON_AddStringToObject(item, "ReceiptHandle", handle);
    free(handle);
    cJSON_AddStringToObject(item, "MD5OfBody", m->md5_of_body);
    cJSON_AddStringToObject(item, "Body", m->body);
    add_system_attributes(m, r->system_attribute_names, item);
    add_message_attributes(m, r->message_attribute_names, item);
    return item;
}

size_t receive_into(struct sqs_queue *q, const struct receive_request *r, cJSON *out)
{
    struct sqs_message *received[SQS_MAX_RECEIVE_BATCH];
    size_t n = sqs_queue_receive(q, (size_t)r->max_messages, r->visibility_timeout,
                                 sqs_now_ms(), received);
    if (n == 0)
        return 0;
    cJSON *messages = cJSON_AddArrayToObject(out, "Messages");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(messages, message_result(received[i], r));
    return n;
}

void receive_request_clear(struct receive_request *r)
{
    cJSON_Delete(r->system_attribute_names);
    cJSON_Delete(r->message_attribute_names);
    *r = (struct receive_request){0};
}

/* AttributeNames (the older name) and MessageSystemAttributeNames ask for the same thing. */
static cJSON *system_attribute_names(const cJSON *in)
{
    const cJSON *older = cJSON_GetObjectItemCaseSensitive(in, "AttributeNames");
    const cJSON *newer = cJSON_GetObjectItemCaseSensitive(in, "MessageSystemAttributeNames");
    if (!older && !newer)
        return NULL;
    cJSON *names = cJSON_CreateArray();
    const cJSON *n;
    cJSON_ArrayForEach(n, older) cJSON_AddItemToArray(names, cJSON_Duplicate(n, false));
    cJSON_ArrayForEach(n, newer) cJSON_AddItemToArray(names, cJSON_Duplicate(n, false));
    return names;
}

static int read_bounded(struct call *c, const cJSON *in, const char *name, long fallback,
                        long lo, long hi, const char *reason, long *out)
{
    if (!cJSON_GetObjectItemCaseSensitive(in, name)) {
        *out = fallback;
        return 0;
    }
    long v = (long)param_int(in, name, fallback);
    if (v < lo || v > hi)
        return call_fail_invalid_parameter_value(
            c, "Value %ld for parameter %s is invalid. Reason: %s", v, name, reason);
    *out = v;
    return 0;
}

int sqs_receive_message(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q || sqs_check_kms_key(q, c->err) != 0)
        return -1;
    long max = 0, visibility = 0, wait = 0;
    if (read_bounded(c, in, "MaxNumberOfMessages", 1, 1, SQS_MAX_RECEIVE_BATCH,
                     "Must be between 1 and 10, if provided.", &max) != 0 ||
        read_bounded(c, in, "VisibilityTimeout", q->visibility_timeout, 0,
                     MAX_VISIBILITY_TIMEOUT, "Must be between 0 and 43200, if provided.",
                     &visibility) != 0 ||
        read_bounded(c, in, "WaitTimeSeconds", q->receive_message_wait_time_seconds, 0,
                     MAX_WAIT_SECONDS, "Must be >= 0 and <= 20, if provided.", &wait) != 0)
        return -1;
    const cJSON *selectors = cJSON_GetObjectItemCaseSensitive(in, "MessageAttributeNames");
    struct receive_request r = {(int)max, (int)visibility, system_attribute_names(in),
                                selectors ? cJSON_Duplicate(selectors, true) : NULL};
    if (receive_into(q, &r, out) > 0 || wait == 0 || !call_can_defer(c)) {
        receive_request_clear(&r);
        return 0;
    }
    return long_poll_start(c, q, &r, (uint64_t)wait * 1000);
}
