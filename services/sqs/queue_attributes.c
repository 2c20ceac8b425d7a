/* Queue attributes: parsing and validating them as CreateQueue and SetQueueAttributes do,
 * and listing them as GetQueueAttributes does. */
#include "queue_attributes.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/call_error.h"
#include "../core/policy.h"
#include "queue.h"
#include "region.h"

#define MAX_REDRIVE_SOURCE_ARNS 10

struct attribute_def {
    const char *name;
    bool writable;
    bool fifo_only;
    size_t int_field; /* offset of the int member for numeric attributes, else 0 */
    int min, max;
    /* Non-numeric attributes: check the value against q, then apply it. */
    int (*check)(struct sqs_queue *q, const char *value, struct proto_error *err);
    void (*apply)(struct sqs_queue *q, const char *value);
    /* The reported value, or NULL when the queue has none; owned by the caller. */
    char *(*read)(struct sqs_queue *q);
};

static int bad_value(struct proto_error *err, const char *name)
{
    return error_fail(err, 400, "InvalidAttributeValue", "Invalid value for the parameter %s.",
                      name);
}

static int bad_policy(struct proto_error *err, const char *parameter, const char *value,
                      const char *reason)
{
    return error_fail_invalid_parameter_value(
        err, "Value %.600s for parameter %s is invalid. Reason: %s", value, parameter, reason);
}

static bool parse_bool(const char *value, bool *out)
{
    if (strcasecmp(value, "true") == 0)
        *out = true;
    else if (strcasecmp(value, "false") == 0)
        *out = false;
    else
        return false;
    return true;
}

static bool parse_int(const char *value, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end)
        return false;
    *out = v;
    return true;
}

static char *text_of_int(long v)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%ld", v);
    return buf_take(&b);
}

static char *text_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void replace(char **field, const char *value)
{
    free(*field);
    *field = value && *value ? xstrdup(value) : NULL;
}

/* ---- read-only attributes ---- */

static char *read_arn(struct sqs_queue *q)
{
    return xstrdup(q->arn);
}

static char *read_visible(struct sqs_queue *q)
{
    return text_of_int((long)sqs_queue_counts(q, sqs_now_ms()).visible);
}

static char *read_in_flight(struct sqs_queue *q)
{
    return text_of_int((long)sqs_queue_counts(q, sqs_now_ms()).in_flight);
}

static char *read_delayed(struct sqs_queue *q)
{
    return text_of_int((long)sqs_queue_counts(q, sqs_now_ms()).delayed);
}

static char *read_created(struct sqs_queue *q)
{
    return text_of_int((long)q->created_s);
}

static char *read_last_modified(struct sqs_queue *q)
{
    return text_of_int((long)q->last_modified_s);
}

/* ---- Policy ---- */

static int check_policy(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    struct policy_problem problem;
    if (!*value || policy_check(value, POLICY_ANY_OBJECT, &problem) == 0)
        return 0;
    return bad_value(err, "Policy");
}

static void apply_policy(struct sqs_queue *q, const char *value)
{
    replace(&q->policy, value);
}

static char *read_policy(struct sqs_queue *q)
{
    return text_or_null(q->policy);
}

/* ---- RedrivePolicy ---- */

static bool read_max_receive_count(const cJSON *v, long *out)
{
    if (cJSON_IsNumber(v)) {
        *out = sqs_whole_number(v->valuedouble);
        return v->valuedouble == (double)*out;
    }
    return cJSON_IsString(v) && parse_int(v->valuestring, out);
}

/* Whether the dead-letter queue's RedriveAllowPolicy admits source. */
static bool redrive_allowed(const struct sqs_queue *dlq, const struct sqs_queue *source)
{
    cJSON *doc = dlq->redrive_allow_policy ? cJSON_Parse(dlq->redrive_allow_policy) : NULL;
    const char *permission =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "redrivePermission"));
    bool allowed = true;
    if (permission && strcmp(permission, "denyAll") == 0) {
        allowed = false;
    } else if (permission && strcmp(permission, "byQueue") == 0) {
        allowed = false;
        const cJSON *arn;
        cJSON_ArrayForEach(arn, cJSON_GetObjectItemCaseSensitive(doc, "sourceQueueArns"))
        {
            if (cJSON_IsString(arn) && strcmp(arn->valuestring, source->arn) == 0)
                allowed = true;
        }
    }
    cJSON_Delete(doc);
    return allowed;
}

static int check_redrive_policy(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    if (!*value)
        return 0;
    cJSON *doc = cJSON_Parse(value);
    int rc = 0;
    long count = 0;
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(doc, "deadLetterTargetArn");
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(doc, "maxReceiveCount");
    struct sqs_queue *dlq = cJSON_IsString(target) ? sqs_queue_by_arn(target->valuestring) : NULL;
    if (!cJSON_IsObject(doc))
        rc = bad_policy(err, "RedrivePolicy", value, "Redrive policy is not a valid JSON map.");
    else if (!target)
        rc = bad_policy(err, "RedrivePolicy", value,
                        "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
    else if (!max)
        rc = bad_policy(err, "RedrivePolicy", value,
                        "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
    else if (!read_max_receive_count(max, &count) || count < 1 || count > 1000)
        rc = bad_policy(err, "RedrivePolicy", value,
                        "Invalid value for maxReceiveCount, valid values are from 1 to 1000 both "
                        "inclusive.");
    else if (!dlq)
        rc = bad_policy(err, "RedrivePolicy", value, "Dead letter target does not exist.");
    else if (dlq->fifo != q->fifo)
        rc = bad_policy(err, "RedrivePolicy", value,
                        "Dead-letter queue must be same type of queue as the source.");
    else if (!redrive_allowed(dlq, q))
        rc = bad_policy(err, "RedrivePolicy", value,
                        "Dead-letter queue does not allow this queue as a source queue.");
    cJSON_Delete(doc);
    return rc;
}

static void apply_redrive_policy(struct sqs_queue *q, const char *value)
{
    free(q->dead_letter_target_arn);
    q->dead_letter_target_arn = NULL;
    q->max_receive_count = 0;
    if (!*value)
        return;
    cJSON *doc = cJSON_Parse(value);
    long count = 0;
    read_max_receive_count(cJSON_GetObjectItemCaseSensitive(doc, "maxReceiveCount"), &count);
    q->dead_letter_target_arn = xstrdup(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "deadLetterTargetArn")));
    q->max_receive_count = (int)count;
    cJSON_Delete(doc);
}

static char *read_redrive_policy(struct sqs_queue *q)
{
    if (!q->dead_letter_target_arn)
        return NULL;
    struct buf b = BUF_INIT;
    cJSON *arn = cJSON_CreateString(q->dead_letter_target_arn);
    char *quoted = cJSON_PrintUnformatted(arn);
    buf_printf(&b, "{\"deadLetterTargetArn\":%s,\"maxReceiveCount\":%d}", quoted,
               q->max_receive_count);
    free(quoted);
    cJSON_Delete(arn);
    return buf_take(&b);
}

/* ---- RedriveAllowPolicy ---- */

static int check_redrive_allow_policy(struct sqs_queue *q, const char *value,
                                      struct proto_error *err)
{
    (void)q;
    if (!*value)
        return 0;
    cJSON *doc = cJSON_Parse(value);
    const char *permission =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "redrivePermission"));
    const cJSON *sources = cJSON_GetObjectItemCaseSensitive(doc, "sourceQueueArns");
    bool by_queue = permission && strcmp(permission, "byQueue") == 0;
    int rc = 0;
    if (!cJSON_IsObject(doc))
        rc = bad_policy(err, "RedriveAllowPolicy", value,
                        "Redrive allow policy is not a valid JSON map.");
    else if (!permission || (strcmp(permission, "allowAll") != 0 &&
                             strcmp(permission, "denyAll") != 0 && !by_queue))
        rc = bad_policy(err, "RedriveAllowPolicy", value,
                        "Amazon SQS can't create the redrive allow policy, as it's in an "
                        "unsupported format.");
    else if (by_queue && (!cJSON_IsArray(sources) || cJSON_GetArraySize(sources) == 0 ||
                          cJSON_GetArraySize(sources) > MAX_REDRIVE_SOURCE_ARNS))
        rc = bad_policy(err, "RedriveAllowPolicy", value,
                        "Amazon SQS can't create the redrive allow policy. When you specify the "
                        "byQueue permission type, you must also specify one or more sourceQueueArns "
                        "values (up to 10).");
    else if (!by_queue && sources)
        rc = bad_policy(err, "RedriveAllowPolicy", value,
                        "Amazon SQS can't create the redrive allow policy. To specify one or more "
                        "source queue ARNs, you must set redrivePermission to byQueue.");
    cJSON_Delete(doc);
    return rc;
}

static void apply_redrive_allow_policy(struct sqs_queue *q, const char *value)
{
    replace(&q->redrive_allow_policy, value);
}

static char *read_redrive_allow_policy(struct sqs_queue *q)
{
    return text_or_null(q->redrive_allow_policy);
}

/* ---- encryption ---- */

static int check_anything(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    (void)value;
    (void)err;
    return 0;
}

static void apply_kms_key(struct sqs_queue *q, const char *value)
{
    replace(&q->kms_master_key_id, value);
    /* One kind of server-side encryption at a time: a KMS key replaces SQS-managed SSE. */
    if (q->kms_master_key_id)
        q->sqs_managed_sse_enabled = false;
}

static char *read_kms_key(struct sqs_queue *q)
{
    return text_or_null(q->kms_master_key_id);
}

static int check_bool(const char *name, const char *value, struct proto_error *err)
{
    bool b;
    return parse_bool(value, &b) ? 0 : bad_value(err, name);
}

static int check_sse(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    return check_bool("SqsManagedSseEnabled", value, err);
}

static void apply_sse(struct sqs_queue *q, const char *value)
{
    parse_bool(value, &q->sqs_managed_sse_enabled);
    if (q->sqs_managed_sse_enabled)
        replace(&q->kms_master_key_id, NULL);
}

static char *read_sse(struct sqs_queue *q)
{
    return xstrdup(q->sqs_managed_sse_enabled ? "true" : "false");
}

/* ---- FIFO ---- */

static int check_fifo_queue(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    bool fifo;
    if (!parse_bool(value, &fifo))
        return bad_value(err, "FifoQueue");
    (void)q;
    return 0;
}

static void apply_nothing(struct sqs_queue *q, const char *value)
{
    (void)q;
    (void)value;
}

static char *read_fifo_queue(struct sqs_queue *q)
{
    return q->fifo ? xstrdup("true") : NULL;
}

static int check_content_dedup(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    return check_bool("ContentBasedDeduplication", value, err);
}

static void apply_content_dedup(struct sqs_queue *q, const char *value)
{
    parse_bool(value, &q->content_based_deduplication);
}

static char *read_content_dedup(struct sqs_queue *q)
{
    return q->fifo ? xstrdup(q->content_based_deduplication ? "true" : "false") : NULL;
}

static int check_dedup_scope(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    if (strcmp(value, "messageGroup") != 0 && strcmp(value, "queue") != 0)
        return bad_value(err, "DeduplicationScope");
    return 0;
}

static void apply_dedup_scope(struct sqs_queue *q, const char *value)
{
    q->deduplication_scope = strcmp(value, "messageGroup") == 0
                                 ? DEDUPLICATION_SCOPE_MESSAGE_GROUP
                                 : DEDUPLICATION_SCOPE_QUEUE;
}

static char *read_dedup_scope(struct sqs_queue *q)
{
    if (!q->fifo)
        return NULL;
    return xstrdup(q->deduplication_scope == DEDUPLICATION_SCOPE_MESSAGE_GROUP ? "messageGroup"
                                                                              : "queue");
}

static int check_throughput(struct sqs_queue *q, const char *value, struct proto_error *err)
{
    (void)q;
    if (strcmp(value, "perQueue") != 0 && strcmp(value, "perMessageGroupId") != 0)
        return bad_value(err, "FifoThroughputLimit");
    return 0;
}

static void apply_throughput(struct sqs_queue *q, const char *value)
{
    q->fifo_throughput_limit = strcmp(value, "perMessageGroupId") == 0
                                   ? THROUGHPUT_PER_MESSAGE_GROUP_ID
                                   : THROUGHPUT_PER_QUEUE;
}

static char *read_throughput(struct sqs_queue *q)
{
    if (!q->fifo)
        return NULL;
    return xstrdup(q->fifo_throughput_limit == THROUGHPUT_PER_MESSAGE_GROUP_ID
                       ? "perMessageGroupId"
                       : "perQueue");
}

#define INT_ATTRIBUTE(name, field, lo, hi) \
    {name, true, false, offsetof(struct sqs_queue, field), lo, hi, NULL, NULL, NULL}

static const struct attribute_def attribute_defs[] = {
    {"QueueArn", false, false, 0, 0, 0, NULL, NULL, read_arn},
    {"ApproximateNumberOfMessages", false, false, 0, 0, 0, NULL, NULL, read_visible},
    {"ApproximateNumberOfMessagesNotVisible", false, false, 0, 0, 0, NULL, NULL, read_in_flight},
    {"ApproximateNumberOfMessagesDelayed", false, false, 0, 0, 0, NULL, NULL, read_delayed},
    {"CreatedTimestamp", false, false, 0, 0, 0, NULL, NULL, read_created},
    {"LastModifiedTimestamp", false, false, 0, 0, 0, NULL, NULL, read_last_modified},
    INT_ATTRIBUTE("VisibilityTimeout", visibility_timeout, 0, 43200),
    INT_ATTRIBUTE("MaximumMessageSize", maximum_message_size, 1024, 1048576),
    INT_ATTRIBUTE("MessageRetentionPeriod", message_retention_period, 60, 1209600),
    INT_ATTRIBUTE("DelaySeconds", delay_seconds, 0, 900),
    INT_ATTRIBUTE("ReceiveMessageWaitTimeSeconds", receive_message_wait_time_seconds, 0, 20),
    {"SqsManagedSseEnabled", true, false, 0, 0, 0, check_sse, apply_sse, read_sse},
    {"Policy", true, false, 0, 0, 0, check_policy, apply_policy, read_policy},
    {"RedrivePolicy", true, false, 0, 0, 0, check_redrive_policy, apply_redrive_policy,
     read_redrive_policy},
    {"RedriveAllowPolicy", true, false, 0, 0, 0, check_redrive_allow_policy,
     apply_redrive_allow_policy, read_redrive_allow_policy},
    {"KmsMasterKeyId", true, false, 0, 0, 0, check_anything, apply_kms_key, read_kms_key},
    INT_ATTRIBUTE("KmsDataKeyReusePeriodSeconds", kms_data_key_reuse_period_seconds, 60, 86400),
    {"FifoQueue", false, true, 0, 0, 0, check_fifo_queue, apply_nothing, read_fifo_queue},
    {"ContentBasedDeduplication", true, true, 0, 0, 0, check_content_dedup, apply_content_dedup,
     read_content_dedup},
    {"DeduplicationScope", true, true, 0, 0, 0, check_dedup_scope, apply_dedup_scope,
     read_dedup_scope},
    {"FifoThroughputLimit", true, true, 0, 0, 0, check_throughput, apply_throughput,
     read_throughput},
};

static const struct attribute_def *find_def(const char *name)
{
    for (size_t i = 0; i < sizeof attribute_defs / sizeof attribute_defs[0]; i++)
        if (strcmp(attribute_defs[i].name, name) == 0)
            return &attribute_defs[i];
    return NULL;
}

static int *int_member(struct sqs_queue *q, const struct attribute_def *d)
{
    return (int *)((char *)q + d->int_field);
}

static int unknown_attribute(struct proto_error *err, const char *name)
{
    return error_fail(err, 400, "InvalidAttributeName", "Unknown Attribute %s.", name);
}

static int check_one(struct sqs_queue *q, const struct attribute_def *d, const char *name,
                     const char *value, bool creating, struct proto_error *err)
{
    bool create_only = strcmp(name, "FifoQueue") == 0;
    if (!d || (!d->writable && !(create_only && creating)) || (d->fifo_only && !q->fifo &&
                                                              !create_only))
        return unknown_attribute(err, name);
    if (d->int_field) {
        long v;
        if (!parse_int(value, &v) || v < d->min || v > d->max)
            return bad_value(err, name);
        return 0;
    }
    return d->check(q, value, err);
}

static void apply_one(struct sqs_queue *q, const struct attribute_def *d, const char *value)
{
    if (d->int_field) {
        long v = 0;
        parse_int(value, &v);
        *int_member(q, d) = (int)v;
    } else {
        d->apply(q, value);
    }
}

int queue_attributes_apply(struct sqs_queue *q, const cJSON *attributes, bool creating,
                           struct proto_error *err)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *value = cJSON_IsString(a) ? a->valuestring : "";
        if (check_one(q, find_def(a->string), a->string, value, creating, err) != 0)
            return -1;
    }
    /* Only with both known can the combination be judged. */
    const char *scope = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attributes, "DeduplicationScope"));
    const char *limit = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attributes, "FifoThroughputLimit"));
    bool group_scope = scope ? strcmp(scope, "messageGroup") == 0
                             : q->deduplication_scope == DEDUPLICATION_SCOPE_MESSAGE_GROUP;
    if (limit && strcmp(limit, "perMessageGroupId") == 0 && !group_scope)
        return bad_value(err, "FifoThroughputLimit");

    cJSON_ArrayForEach(a, attributes)
    {
        apply_one(q, find_def(a->string), cJSON_IsString(a) ? a->valuestring : "");
    }
    if (cJSON_GetArraySize(attributes) > 0)
        q->last_modified_s = sqs_now_ms() / 1000;
    return 0;
}

char *queue_attribute_value(struct sqs_queue *q, const char *name)
{
    const struct attribute_def *d = find_def(name);
    if (!d)
        return NULL;
    if (strcmp(name, "KmsDataKeyReusePeriodSeconds") == 0 && !q->kms_master_key_id)
        return NULL;
    if (d->int_field)
        return text_of_int(*int_member(q, d));
    return d->read(q);
}

static void add_value(struct sqs_queue *q, const char *name, cJSON *out)
{
    if (cJSON_GetObjectItemCaseSensitive(out, name))
        return;
    char *value = queue_attribute_value(q, name);
    if (value)
        cJSON_AddStringToObject(out, name, value);
    free(value);
}

int queue_attributes_get(struct sqs_queue *q, const cJSON *names, cJSON *out,
                         struct proto_error *err)
{
    const cJSON *n;
    bool all = false;
    cJSON_ArrayForEach(n, names)
    {
        const char *name = cJSON_GetStringValue(n);
        if (!name || (strcmp(name, "All") != 0 && !find_def(name)))
            return unknown_attribute(err, name ? name : "");
        if (strcmp(name, "All") == 0)
            all = true;
    }
    if (all) {
        for (size_t i = 0; i < sizeof attribute_defs / sizeof attribute_defs[0]; i++)
            add_value(q, attribute_defs[i].name, out);
        return 0;
    }
    cJSON_ArrayForEach(n, names) add_value(q, n->valuestring, out);
    return 0;
}

int queue_attributes_fifo_requested(const cJSON *attributes, struct proto_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(attributes, "FifoQueue");
    if (!v)
        return 0;
    bool fifo;
    if (!cJSON_IsString(v) || !parse_bool(v->valuestring, &fifo))
        return bad_value(err, "FifoQueue");
    return fifo ? 1 : 0;
}
