/* Event source mappings at work (streams are read by stream_sources.c). An SQS mapping gathers a
 * batch through SQS's own operations (until BatchSize messages, Lambda's 6 MB payload, or the end
 * of MaximumBatchingWindowInSeconds), invokes the function with Lambda's event shape, deletes
 * what succeeded (all of it, or all but the batchItemFailures the function reported), and leaves
 * the rest to reappear after the queue's visibility timeout. Messages no filter matches are
 * deleted as they arrive. One batch at a time per mapping. */
#include "event_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/arn.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "event_filters.h"
#include "event_source_state.h"
#include "executor.h"
#include "functions.h"
#include "invoke_spec.h"
#include "stream_sources.h"

/* How often an idle mapping looks again (messages sent are noticed at once; this covers
 * messages whose visibility timeout ends). */
#define IDLE_POLL_MS 1000u
/* What one invocation may carry, as Lambda's synchronous payload limit. */
#define MAX_BATCH_PAYLOAD 6291456u

struct poller {
    struct poller *next;
    char uuid[37];
    char account[16], region[32];
    struct loop_timer timer;
    bool busy;
    char *queue_url;
    cJSON *batch;            /* the messages gathered, then being processed */
    cJSON *records;          /* their records in Lambda's event, in the same order */
    size_t payload_bytes;    /* the event those records make */
    bool payload_full;       /* one more message would not have fit */
    uint64_t window_ends_ms; /* when the batching window of the batch gathered closes; 0 = none */
};

static struct poller *pollers;

static struct poller *poller_for(const char *uuid)
{
    for (struct poller *p = pollers; p; p = p->next)
        if (strcmp(p->uuid, uuid) == 0)
            return p;
    return NULL;
}

static void poll_now(struct loop_timer *t);

static void schedule(struct poller *p, uint64_t delay)
{
    struct event_loop *loop = loop_current();
    if (loop && !p->busy)
        loop_timer_start(loop, &p->timer, delay, poll_now);
}

static char *queue_url(const char *queue_arn)
{
    struct arn arn;
    if (!arn_parse(queue_arn, &arn))
        return NULL;
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "QueueName", arn.resource);
    cJSON_AddStringToObject(params, "QueueOwnerAWSAccountId", arn.account);
    cJSON *out = NULL;
    struct proto_error err = {0};
    char *url = NULL;
    if (internal_call("sqs", "GetQueueUrl", arn.account, arn.region, params, &out, &err) == 0)
        url = xstrdup(param_string(out, "QueueUrl"));
    proto_error_clear(&err);
    cJSON_Delete(out);
    cJSON_Delete(params);
    return url;
}

/* Lambda's record for one SQS message. */
static cJSON *record_of(const cJSON *m, const char *queue_arn, const char *region)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "messageId", param_string(m, "MessageId"));
    cJSON_AddStringToObject(r, "receiptHandle", param_string(m, "ReceiptHandle"));
    cJSON_AddStringToObject(r, "body", param_string(m, "Body") ? param_string(m, "Body") : "");
    const cJSON *attributes = cJSON_GetObjectItemCaseSensitive(m, "Attributes");
    cJSON_AddItemToObject(r, "attributes", attributes ? cJSON_Duplicate(attributes, true)
                                                      : cJSON_CreateObject());
    cJSON *out_attrs = cJSON_AddObjectToObject(r, "messageAttributes");
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(m, "MessageAttributes")) {
        cJSON *v = cJSON_AddObjectToObject(out_attrs, a->string);
        if (param_string(a, "StringValue"))
            cJSON_AddStringToObject(v, "stringValue", param_string(a, "StringValue"));
        if (param_string(a, "BinaryValue"))
            cJSON_AddStringToObject(v, "binaryValue", param_string(a, "BinaryValue"));
        cJSON_AddArrayToObject(v, "stringListValues");
        cJSON_AddArrayToObject(v, "binaryListValues");
        cJSON_AddStringToObject(v, "dataType", param_string(a, "DataType"));
    }
    cJSON_AddStringToObject(r, "md5OfBody", param_string(m, "MD5OfBody"));
    if (param_string(m, "MD5OfMessageAttributes"))
        cJSON_AddStringToObject(r, "md5OfMessageAttributes",
                                param_string(m, "MD5OfMessageAttributes"));
    cJSON_AddStringToObject(r, "eventSource", "aws:sqs");
    cJSON_AddStringToObject(r, "eventSourceARN", queue_arn);
    cJSON_AddStringToObject(r, "awsRegion", region);
    return r;
}

static void sqs_call(const char *queue_arn, const char *operation, cJSON *params, cJSON **out)
{
    struct arn arn;
    struct proto_error err = {0};
    if (arn_parse(queue_arn, &arn) &&
        internal_call("sqs", operation, arn.account, arn.region, params, out, &err) != 0 && out) {
        cJSON_Delete(*out);
        *out = NULL;
    }
    proto_error_clear(&err);
    cJSON_Delete(params);
}

static cJSON *queue_params(const struct poller *p)
{
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "QueueUrl", p->queue_url);
    return params;
}

static bool reported_failure(const cJSON *failures, const char *message_id)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, failures) {
        const char *id = param_string(f, "itemIdentifier");
        if (id && strcmp(id, message_id) == 0)
            return true;
    }
    return false;
}

static void delete_done(struct poller *p, const cJSON *mapping, const struct lambda_outcome *o)
{
    if (o->error_code || o->function_error)
        return; /* the whole batch comes back after its visibility timeout */
    const cJSON *failures = NULL;
    cJSON *answer = NULL;
    bool partial = false;
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(mapping, "FunctionResponseTypes");
    const cJSON *t;
    cJSON_ArrayForEach(t, types)
        partial = partial || (cJSON_IsString(t) && strcmp(t->valuestring,
                                                           "ReportBatchItemFailures") == 0);
    if (partial) {
        answer = cJSON_ParseWithLength(o->payload, o->payload_len);
        failures = cJSON_GetObjectItemCaseSensitive(answer, "batchItemFailures");
    }
    /* DeleteMessageBatch takes ten entries at a time. */
    const char *queue_arn = param_string(mapping, "EventSourceArn");
    cJSON *params = NULL, *entries = NULL;
    const cJSON *m;
    int n = 0;
    cJSON_ArrayForEach(m, p->batch) {
        if (reported_failure(failures, param_string(m, "MessageId")))
            continue;
        if (!params) {
            params = queue_params(p);
            entries = cJSON_AddArrayToObject(params, "Entries");
        }
        cJSON *e = cJSON_CreateObject();
        char id[16];
        snprintf(id, sizeof id, "m%d", n++);
        cJSON_AddStringToObject(e, "Id", id);
        cJSON_AddStringToObject(e, "ReceiptHandle", param_string(m, "ReceiptHandle"));
        cJSON_AddItemToArray(entries, e);
        if (cJSON_GetArraySize(entries) == 10) {
            sqs_call(queue_arn, "DeleteMessageBatch", params, NULL);
            params = NULL;
        }
    }
    if (params)
        sqs_call(queue_arn, "DeleteMessageBatch", params, NULL);
    cJSON_Delete(answer);
}

static void forget_batch(struct poller *p)
{
    cJSON_Delete(p->batch);
    cJSON_Delete(p->records);
    p->batch = p->records = NULL;
    p->payload_bytes = 0;
    p->payload_full = false;
    p->window_ends_ms = 0;
}

static void batch_done(void *arg, const struct lambda_outcome *o)
{
    struct poller *p = arg;
    const cJSON *mapping = lambda_event_source_find(p->uuid);
    if (mapping)
        delete_done(p, mapping, o);
    forget_batch(p);
    p->busy = false;
    bool failed = o->error_code || o->function_error;
    schedule(p, failed ? IDLE_POLL_MS : 0);
}

/* A message that did not fit the batch goes back to the queue for the next one. */
static void give_back(struct poller *p, const char *queue_arn, const cJSON *m)
{
    cJSON *params = queue_params(p);
    cJSON_AddStringToObject(params, "ReceiptHandle", param_string(m, "ReceiptHandle"));
    cJSON_AddNumberToObject(params, "VisibilityTimeout", 0);
    sqs_call(queue_arn, "ChangeMessageVisibility", params, NULL);
}

static void delete_unmatched(struct poller *p, const char *queue_arn, const cJSON *m)
{
    cJSON *params = queue_params(p);
    cJSON_AddStringToObject(params, "ReceiptHandle", param_string(m, "ReceiptHandle"));
    sqs_call(queue_arn, "DeleteMessage", params, NULL);
}

/* Adds one received message to the batch: a message seen again (its visibility timeout ended
 * while the window was open) replaces its earlier copy, whose receipt handle no longer works. */
static void gather(struct poller *p, cJSON *m, cJSON *record, size_t record_bytes)
{
    const char *id = param_string(m, "MessageId");
    int index = 0;
    for (const cJSON *seen = p->batch->child; seen; seen = seen->next, index++) {
        const char *seen_id = param_string(seen, "MessageId");
        if (id && seen_id && strcmp(id, seen_id) == 0) {
            cJSON_ReplaceItemInArray(p->batch, index, m);
            cJSON_ReplaceItemInArray(p->records, index, record);
            return;
        }
    }
    cJSON_AddItemToArray(p->batch, m);
    cJSON_AddItemToArray(p->records, record);
    p->payload_bytes += record_bytes + 1;
}

/* Receives what the batch still has room for, ten messages per ReceiveMessage as SQS allows. */
static void receive_more(struct poller *p, const cJSON *mapping, const char *queue_arn,
                         int batch_size)
{
    if (!p->batch) {
        p->batch = cJSON_CreateArray();
        p->records = cJSON_CreateArray();
        p->payload_bytes = strlen("{\"Records\":[]}");
    }
    cJSON *patterns = lambda_filters_parse(mapping);
    while (!p->payload_full && cJSON_GetArraySize(p->batch) < batch_size) {
        int want = batch_size - cJSON_GetArraySize(p->batch);
        cJSON *params = queue_params(p);
        cJSON_AddNumberToObject(params, "MaxNumberOfMessages", want > 10 ? 10 : want);
        cJSON_AddItemToObject(params, "AttributeNames",
                              cJSON_CreateStringArray((const char *[]){"All"}, 1));
        cJSON_AddItemToObject(params, "MessageAttributeNames",
                              cJSON_CreateStringArray((const char *[]){"All"}, 1));
        cJSON *out = NULL;
        sqs_call(queue_arn, "ReceiveMessage", params, &out);
        cJSON *got = cJSON_DetachItemFromObjectCaseSensitive(out, "Messages");
        cJSON_Delete(out);
        int n = cJSON_GetArraySize(got);
        while (got && got->child) {
            cJSON *m = cJSON_DetachItemViaPointer(got, got->child);
            cJSON *record = record_of(m, queue_arn, p->region);
            char *text = cJSON_PrintUnformatted(record);
            size_t bytes = strlen(text);
            free(text);
            if (!lambda_filters_keep(patterns, record)) {
                delete_unmatched(p, queue_arn, m); /* as Lambda drops what no filter matches */
                cJSON_Delete(record);
                cJSON_Delete(m);
            } else if (p->payload_full ||
                       (cJSON_GetArraySize(p->batch) > 0 &&
                        p->payload_bytes + bytes + 1 > MAX_BATCH_PAYLOAD)) {
                p->payload_full = true;
                give_back(p, queue_arn, m);
                cJSON_Delete(record);
                cJSON_Delete(m);
            } else {
                gather(p, m, record, bytes);
            }
        }
        cJSON_Delete(got);
        if (n == 0)
            break;
    }
    cJSON_Delete(patterns);
}

static void invoke_batch(struct poller *p, struct invoke_spec *spec)
{
    cJSON *event = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(event, "Records", p->records);
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    p->busy = true;
    struct proto_error err = {0};
    if (!lambda_run(&spec->run, payload, strlen(payload), NULL, batch_done, p, &err)) {
        proto_error_clear(&err);
        forget_batch(p); /* the messages come back after their visibility timeout */
        p->busy = false;
        schedule(p, IDLE_POLL_MS);
    }
    free(payload);
}

/* Called from the poller's own timer, which the loop no longer holds once it runs. */
static void drop_poller(struct poller *p)
{
    struct poller **link = &pollers;
    while (*link && *link != p)
        link = &(*link)->next;
    if (*link)
        *link = p->next;
    forget_batch(p);
    free(p->queue_url);
    free(p);
}

static void poll_now(struct loop_timer *t)
{
    struct poller *p = (struct poller *)((char *)t - offsetof(struct poller, timer));
    const cJSON *mapping = lambda_event_source_find(p->uuid);
    if (p->busy)
        return;
    if (!mapping) {
        drop_poller(p); /* the mapping was deleted */
        return;
    }
    if (!lambda_event_source_enabled(mapping)) {
        forget_batch(p); /* what was gathered comes back after its visibility timeout */
        return;
    }
    const char *queue_arn = param_string(mapping, "EventSourceArn");
    if (!p->queue_url && !(p->queue_url = queue_url(queue_arn))) {
        schedule(p, IDLE_POLL_MS);
        return;
    }
    /* The queue's own visibility timeout hides the batch while it is gathered and processed. */
    int batch_size = (int)param_number(mapping, "BatchSize", 10);
    receive_more(p, mapping, queue_arn, batch_size);
    if (cJSON_GetArraySize(p->batch) == 0) {
        forget_batch(p);
        schedule(p, IDLE_POLL_MS);
        return;
    }
    uint64_t window_ms = (uint64_t)(param_number(mapping, "MaximumBatchingWindowInSeconds", 0) *
                                    1000);
    uint64_t now = loop_now_ms();
    if (!p->window_ends_ms)
        p->window_ends_ms = now + window_ms;
    bool full = p->payload_full || cJSON_GetArraySize(p->batch) >= batch_size;
    if (!full && now < p->window_ends_ms) {
        /* New messages wake the mapping sooner; this looks again for ones becoming visible. */
        uint64_t wait = p->window_ends_ms - now;
        schedule(p, wait < IDLE_POLL_MS ? wait : IDLE_POLL_MS);
        return;
    }
    struct invoke_spec spec;
    if (!lambda_event_source_spec(p->account, p->region, mapping, &spec)) {
        schedule(p, IDLE_POLL_MS);
        return; /* the batch gathered waits for the function to come back */
    }
    invoke_batch(p, &spec);
    invoke_spec_clear(&spec);
}

bool lambda_event_source_enabled(const cJSON *mapping)
{
    const char *state = param_string(mapping, "State");
    return state && strcmp(state, "Enabled") == 0;
}

bool lambda_event_source_spec(const char *account, const char *region, const cJSON *mapping,
                              struct invoke_spec *spec)
{
    struct proto_error err = {0};
    const char *function = param_string(mapping, "FunctionArn");
    const cJSON *version = lambda_version_resolve(account, region, function, NULL, &err);
    bool ok = version && invoke_spec_from_version(account, region, version, function, NULL, spec,
                                                  &err) == 0;
    proto_error_clear(&err);
    return ok;
}

void lambda_event_source_watch(const char *uuid, const char *account, const char *region)
{
    if (!loop_current())
        return;
    struct arn source;
    if (!arn_parse(param_string(lambda_event_source_find(uuid), "EventSourceArn"), &source))
        return;
    if (strcmp(source.service, "kinesis") == 0 || strcmp(source.service, "dynamodb") == 0) {
        lambda_stream_source_watch(uuid, account, region);
        return;
    }
    if (strcmp(source.service, "sqs") != 0)
        return;
    struct poller *p = poller_for(uuid);
    if (!p) {
        p = xcalloc(1, sizeof *p);
        snprintf(p->uuid, sizeof p->uuid, "%s", uuid);
        snprintf(p->account, sizeof p->account, "%s", account);
        snprintf(p->region, sizeof p->region, "%s", region);
        p->next = pollers;
        pollers = p;
    }
    schedule(p, 0);
}

void lambda_sqs_receivable(const char *queue_arn)
{
    for (struct poller *p = pollers; p; p = p->next) {
        const cJSON *mapping = lambda_event_source_find(p->uuid);
        const char *source = param_string(mapping, "EventSourceArn");
        if (source && queue_arn && strcmp(source, queue_arn) == 0)
            schedule(p, 0);
    }
}

void lambda_event_sources_reset(void)
{
    while (pollers) {
        struct poller *p = pollers;
        pollers = p->next;
        struct event_loop *loop = loop_current();
        if (loop)
            loop_timer_stop(loop, &p->timer);
        /* A batch still running reports to a poller that is gone: let it finish unseen. */
        forget_batch(p);
        free(p->queue_url);
        free(p);
    }
}
