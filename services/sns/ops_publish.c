/* Publish and PublishBatch: checks, FIFO sequencing and deduplication, then fan-out. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/arn.h"
#include "../core/batch.h"
#include "../core/digest.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../core/strmap.h"
#include "../core/wire_text.h"
#include "../sqs/message_attributes.h"
#include "delivery.h"
#include "errors.h"
#include "ops.h"
#include "sns.h"
#include "state.h"
#include "topic_kms.h"

#define MAX_MESSAGE_BYTES 262144
#define MAX_SUBJECT 100
#define MAX_BATCH_ENTRIES 10
#define DEDUPLICATION_INTERVAL_MS (5 * 60 * 1000)

struct publish_request {
    const char *message;
    const char *subject;
    const char *structure;
    const cJSON *attributes;
    const char *group_id;
    const char *deduplication_id;
};

static void read_request(const cJSON *in, struct publish_request *p)
{
    p->message = param_string(in, "Message");
    p->subject = param_string(in, "Subject");
    p->structure = param_string(in, "MessageStructure");
    p->attributes = cJSON_GetObjectItemCaseSensitive(in, "MessageAttributes");
    p->group_id = param_string(in, "MessageGroupId");
    p->deduplication_id = param_string(in, "MessageDeduplicationId");
}

static int invalid(struct proto_error *err, const char *what)
{
    return error_fail(err, 400, "InvalidParameter", "Invalid parameter: %s", what);
}

static bool valid_subject(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > MAX_SUBJECT || wire_text_has_nul(s))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* A String.Array value that is a JSON array holds only strings, numbers, booleans and nulls;
 * SNS takes any other text as one value. */
static int check_string_arrays(const cJSON *attributes, struct proto_error *err)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "DataType"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "StringValue"));
        if (!type || strcmp(type, "String.Array") != 0 || !value)
            continue;
        cJSON *array = cJSON_Parse(value);
        bool ok = true;
        const cJSON *item;
        if (cJSON_IsArray(array))
            cJSON_ArrayForEach(item, array) ok &= !cJSON_IsObject(item) && !cJSON_IsArray(item);
        cJSON_Delete(array);
        if (!ok)
            return error_fail(
                err, 400, "ParameterValueInvalid",
                "The message attribute '%s' has an invalid value for message attribute "
                "type 'String.Array'.",
                a->string);
    }
    return 0;
}

static int check_attributes(const cJSON *attributes, struct proto_error *err)
{
    if (message_attributes_validate(attributes, err) != 0) {
        /* SNS answers the same checks under its own error code. */
        snprintf(err->code, sizeof err->code, "ParameterValueInvalid");
        return -1;
    }
    return check_string_arrays(attributes, err);
}

/* The per-protocol messages of MessageStructure=json, or NULL after setting err. */
static cJSON *parse_structure(const struct publish_request *p, struct proto_error *err)
{
    if (strcmp(p->structure, "json") != 0) {
        invalid(err, "MessageStructure");
        return NULL;
    }
    cJSON *doc = cJSON_Parse(p->message);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        invalid(err, "Message Structure - JSON message body failed to parse");
        return NULL;
    }
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "default"))) {
        cJSON_Delete(doc);
        invalid(err, "Message Structure - No default entry in JSON message body");
        return NULL;
    }
    return doc;
}

static int check_request(const struct publish_request *p, struct proto_error *err)
{
    if (!p->message || !*p->message)
        return invalid(err, "Empty message");
    if (wire_text_size(p->message) + message_attributes_size(p->attributes) > MAX_MESSAGE_BYTES)
        return invalid(err, "Message too long");
    if (p->subject && !valid_subject(p->subject))
        return invalid(err, "Subject");
    return check_attributes(p->attributes, err);
}

static int check_grouping(const struct sns_topic *t, const struct publish_request *p,
                          struct proto_error *err)
{
    if (!t->fifo) {
        if (p->deduplication_id)
            return invalid(err, "MessageDeduplicationId Reason: The request includes "
                                "MessageDeduplicationId parameter that is not valid for this "
                                "topic type");
        return 0;
    }
    if (!p->group_id || !*p->group_id)
        return invalid(err, "The MessageGroupId parameter is required for FIFO topics");
    if (!p->deduplication_id && !t->content_based_deduplication)
        return invalid(err, "The topic should either have ContentBasedDeduplication enabled or "
                            "MessageDeduplicationId provided explicitly");
    return 0;
}

static void sweep_expired(struct sns_topic *t, uint64_t now)
{
    const char *key;
    void *value;
    for (size_t i = 0; strmap_next(&t->deduplication, &i, &key, &value);) {
        if (((struct topic_deduplication *)value)->expires_ms <= now) {
            strmap_remove(&t->deduplication, key);
            free(value);
        }
    }
}

/* Publishes one message to a topic; fills result with MessageId (and SequenceNumber). */
static int publish_to_topic(struct sns_topic *t, const struct publish_request *p, cJSON *result,
                            struct proto_error *err)
{
    if (check_request(p, err) != 0 || check_grouping(t, p, err) != 0 ||
        sns_check_kms_key(t, err) != 0)
        return -1;
    cJSON *structured = NULL;
    if (p->structure && !(structured = parse_structure(p, err)))
        return -1;
    char content_hash[65];
    const char *deduplication_id = p->deduplication_id;
    if (t->fifo && !deduplication_id) {
        sha256_hex(p->message, strlen(p->message), content_hash);
        deduplication_id = content_hash;
    }
    struct topic_deduplication *duplicate = NULL;
    uint64_t now = loop_now_ms();
    if (t->fifo) {
        if (t->deduplication.count > 1024)
            sweep_expired(t, now);
        duplicate = strmap_get(&t->deduplication, deduplication_id);
        if (duplicate && duplicate->expires_ms <= now)
            duplicate = NULL;
    }
    if (duplicate) {
        cJSON_AddStringToObject(result, "MessageId", duplicate->message_id);
        cJSON_AddStringToObject(result, "SequenceNumber", duplicate->sequence_number);
        cJSON_Delete(structured);
        return 0;
    }
    char message_id[37], sequence[24] = "";
    uuid_new(message_id);
    if (t->fifo) {
        snprintf(sequence, sizeof sequence, "%" PRIu64, t->next_sequence_number++);
        struct topic_deduplication *r = xcalloc(1, sizeof *r);
        r->expires_ms = now + DEDUPLICATION_INTERVAL_MS;
        memcpy(r->message_id, message_id, sizeof r->message_id);
        memcpy(r->sequence_number, sequence, sizeof r->sequence_number);
        free(strmap_put(&t->deduplication, deduplication_id, r));
    }
    struct publication pub = {t,           message_id, t->fifo ? sequence : NULL,
                              p->message,  structured, p->subject,
                              p->attributes, p->group_id, t->fifo ? deduplication_id : NULL};
    sns_deliver(&pub);
    cJSON_Delete(structured);
    cJSON_AddStringToObject(result, "MessageId", message_id);
    if (t->fifo)
        cJSON_AddStringToObject(result, "SequenceNumber", sequence);
    return 0;
}

int sns_publish_from_service(const char *topic_arn, const char *subject, const char *message)
{
    struct sns_topic *t = sns_topic_by_arn(topic_arn);
    if (!t || t->fifo)
        return -1;
    char message_id[37];
    uuid_new(message_id);
    struct publication pub = {t, message_id, NULL, message, NULL, subject, NULL, NULL, NULL};
    sns_deliver(&pub);
    return 0;
}

static bool is_phone_number(const char *text)
{
    const char *p = text[0] == '+' ? text + 1 : text;
    size_t n = strlen(p);
    if (n < 2 || n > 15 || p[0] == '0')
        return false;
    for (; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return true;
}

static int publish_sms(struct call *c, const char *number, const struct publish_request *p,
                       cJSON *out)
{
    if (!is_phone_number(number)) {
        struct buf what = BUF_INIT;
        buf_printf(&what, "PhoneNumber Reason: %s is not valid to publish to", number);
        int rc = fail_invalid_parameter(c, what.data);
        buf_free(&what);
        return rc;
    }
    if (check_request(p, c->err) != 0)
        return -1;
    char message_id[37];
    uuid_new(message_id);
    struct sns_region *r = sns_region_get(c->route->account, c->route->region);
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "PhoneNumber", number);
    cJSON_AddStringToObject(record, "Message", p->message);
    cJSON_AddStringToObject(record, "MessageId", message_id);
    cJSON_AddItemToArray(r->sms_messages, record);
    cJSON_AddStringToObject(out, "MessageId", message_id);
    return 0;
}

static int publish_to_endpoint(struct call *c, const char *arn, const struct publish_request *p,
                               cJSON *out)
{
    struct sns_endpoint *e = sns_endpoint_by_arn(arn);
    if (!e)
        return fail_not_found(c, "Endpoint does not exist");
    const char *enabled = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e->attributes, "Enabled"));
    if (enabled && strcmp(enabled, "false") == 0)
        return call_fail(c, 400, "EndpointDisabled", "Endpoint is disabled");
    if (check_request(p, c->err) != 0)
        return -1;
    cJSON *structured = NULL;
    if (p->structure && !(structured = parse_structure(p, c->err)))
        return -1;
    const char *message = structured ? structured_message_for(structured, PROTOCOL_APPLICATION)
                                     : p->message;
    cJSON_AddItemToArray(e->messages, cJSON_CreateString(message));
    cJSON_Delete(structured);
    char message_id[37];
    uuid_new(message_id);
    cJSON_AddStringToObject(out, "MessageId", message_id);
    return 0;
}

int sns_publish(struct call *c, const cJSON *in, cJSON *out)
{
    struct publish_request p;
    read_request(in, &p);
    const char *topic_arn = param_string(in, "TopicArn");
    const char *target_arn = param_string(in, "TargetArn");
    const char *phone = param_string(in, "PhoneNumber");
    if (!topic_arn && target_arn && !strstr(target_arn, ":endpoint/"))
        topic_arn = target_arn;
    if (topic_arn) {
        struct sns_topic *t = sns_topic_seen_from(c->route->region, topic_arn);
        if (!t)
            return fail_not_found(c, "Topic does not exist");
        return publish_to_topic(t, &p, out, c->err);
    }
    if (target_arn)
        return publish_to_endpoint(c, target_arn, &p, out);
    if (phone)
        return publish_sms(c, phone, &p, out);
    return fail_invalid_parameter(c, "TopicArn or TargetArn Reason: no value for required parameter");
}

static int refuse_batch(struct call *c, const struct batch_rules *rules, enum batch_problem problem,
                        const char *id, int count)
{
    (void)rules, (void)id, (void)count;
    switch (problem) {
    case BATCH_EMPTY:
        return call_fail(c, 400, "EmptyBatchRequest",
                         "The batch request doesn't contain any entries.");
    case BATCH_TOO_MANY:
        return call_fail(c, 400, "TooManyEntriesInBatchRequest",
                         "The batch request contains more entries than permissible.");
    case BATCH_ID_INVALID:
        return call_fail(c, 400, "InvalidBatchEntryId",
                         "The Id of a batch entry in a batch request doesn't abide by the "
                         "specification.");
    case BATCH_IDS_NOT_DISTINCT:
        break;
    }
    return call_fail(c, 400, "BatchEntryIdsNotDistinct",
                     "Two or more batch entries in the request have the same Id.");
}

static const struct batch_rules publish_batch_rules = {MAX_BATCH_ENTRIES,
                                                       "PublishBatchRequestEntry", refuse_batch};

static int check_batch(struct call *c, const struct sns_topic *t, const cJSON *entries)
{
    if (batch_check_entries(c, entries, &publish_batch_rules) != 0)
        return -1;
    size_t total = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, entries)
    {
        if (t->fifo && !param_string(e, "MessageGroupId"))
            return fail_invalid_parameter(c, "The MessageGroupId parameter is required for FIFO "
                                             "topics");
        const char *message = param_string(e, "Message");
        total += (message ? strlen(message) : 0) +
                 message_attributes_size(cJSON_GetObjectItemCaseSensitive(e, "MessageAttributes"));
    }
    if (total > MAX_MESSAGE_BYTES)
        return call_fail(c, 400, "BatchRequestTooLong",
                         "The length of all the messages put together is more than the limit.");
    return 0;
}

static int publish_entry(void *topic, const cJSON *entry, cJSON *result, struct proto_error *err)
{
    struct publish_request p;
    read_request(entry, &p);
    return publish_to_topic(topic, &p, result, err);
}

int sns_publish_batch(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(in, "PublishBatchRequestEntries");
    if (check_batch(c, t, entries) != 0)
        return -1;
    batch_run(entries, publish_entry, t, out);
    return 0;
}
