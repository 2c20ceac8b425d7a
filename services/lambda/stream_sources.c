/* Kinesis and DynamoDB stream event source mappings at work. Each shard has a reader that reads
 * a batch (GetRecords through the stream service's own operations), invokes the function with
 * Lambda's event shape and only then moves on, so a shard's records reach the function in order.
 * A failed batch is retried (backing off) until MaximumRetryAttempts or MaximumRecordAgeInSeconds
 * say to give up; BisectBatchOnFunctionError halves it first without using up a retry;
 * ReportBatchItemFailures keeps what succeeded before the first failed record. A batch given up
 * on is described to the OnFailure destination. Progress per shard is checkpointed in the
 * mapping (saved with it), so a restart resumes after the last record processed. Child shards
 * of a split are read from their start once their parent is read to its end. Records that no
 * filter of the mapping matches are skipped as processed. */
#include "stream_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/arn.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "destination.h"
#include "event_filters.h"
#include "event_source_state.h"
#include "executor.h"
#include "functions.h"
#include "invoke_spec.h"
#include "state.h"

#define IDLE_POLL_MS 1000u
#define DISCOVER_MS 5000u
#define FIRST_BACKOFF_MS 500u
#define MAX_BACKOFF_MS 16000u

struct stream_poller;

struct shard_reader {
    struct shard_reader *next;
    struct stream_poller *poller;
    char *shard_id, *parent_id;
    char *iterator;      /* where the next GetRecords reads; NULL = derive it again */
    cJSON *pending;      /* records read and not yet processed, oldest first */
    char *next_iterator; /* past pending; taken once pending is done */
    int in_flight;       /* the first in_flight records of pending make the current batch */
    int attempts;        /* failed invocations of the current records */
    bool busy, finished, from_start;
    struct loop_timer timer;
};

struct stream_poller {
    struct stream_poller *next;
    char uuid[37], account[16], region[32];
    bool kinesis; /* else DynamoDB Streams */
    struct loop_timer discover_timer;
    struct shard_reader *readers;
};

static struct stream_poller *pollers;

/* The stream's ARN: a Kinesis consumer ARN ("stream/NAME/consumer/C:T") names its stream. */
static void stream_arn_of(const char *source, char *out, size_t size)
{
    snprintf(out, size, "%s", source ? source : "");
    char *consumer = strstr(out, "/consumer/");
    if (consumer)
        *consumer = '\0';
}

static const cJSON *mapping_of(const struct stream_poller *p, char *stream_arn, size_t size)
{
    const cJSON *m = lambda_event_source_find(p->uuid);
    stream_arn_of(param_string(m, "EventSourceArn"), stream_arn, size);
    return m;
}

/* A call to the stream's service in the stream's account and region. */
static int stream_call(const struct stream_poller *p, const char *stream_arn, const char *op,
                       cJSON *params, cJSON **out)
{
    struct arn arn;
    struct proto_error err = {0};
    int rc = -1;
    if (arn_parse(stream_arn, &arn)) {
        /* GetRecords names its stream by the iterator alone. */
        if (strcmp(op, "GetRecords") != 0)
            cJSON_AddStringToObject(params, p->kinesis ? "StreamARN" : "StreamArn", stream_arn);
        rc = internal_call(p->kinesis ? "kinesis" : "dynamodbstreams", op, arn.account,
                           arn.region, params, out, &err);
    }
    proto_error_clear(&err);
    cJSON_Delete(params);
    return rc;
}

static void reader_poll(struct loop_timer *t);
static void discover(struct loop_timer *t);

static void reader_schedule(struct shard_reader *r, uint64_t delay)
{
    struct event_loop *loop = loop_current();
    if (loop && !r->busy)
        loop_timer_start(loop, &r->timer, delay, reader_poll);
}

static void discover_soon(struct stream_poller *p, uint64_t delay)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_start(loop, &p->discover_timer, delay, discover);
}

static struct shard_reader *reader_for(const struct stream_poller *p, const char *shard_id)
{
    for (struct shard_reader *r = p->readers; r; r = r->next)
        if (shard_id && strcmp(r->shard_id, shard_id) == 0)
            return r;
    return NULL;
}

/* A shard is read once its parent (when motoc still knows it) has been read to its end. */
static bool ready(const struct shard_reader *r)
{
    const struct shard_reader *parent = reader_for(r->poller, r->parent_id);
    return !r->finished && (!parent || parent->finished);
}

/* Every shard of the stream (Kinesis ListShards, DynamoDB Streams DescribeStream). */
static cJSON *list_shards(const struct stream_poller *p, const char *stream_arn)
{
    cJSON *out = NULL;
    if (stream_call(p, stream_arn, p->kinesis ? "ListShards" : "DescribeStream",
                    cJSON_CreateObject(), &out) != 0)
        return NULL;
    cJSON *holder = p->kinesis ? out : cJSON_GetObjectItemCaseSensitive(out, "StreamDescription");
    cJSON *shards = cJSON_DetachItemFromObjectCaseSensitive(holder, "Shards");
    cJSON_Delete(out);
    return shards;
}

static void poller_free(struct stream_poller *p);

/* The mapping is gone: its readers go too, once no batch of theirs is running. */
static void poller_forget(struct stream_poller *p)
{
    for (struct shard_reader *r = p->readers; r; r = r->next) {
        if (r->busy) {
            discover_soon(p, DISCOVER_MS);
            return;
        }
    }
    struct stream_poller **link = &pollers;
    while (*link && *link != p)
        link = &(*link)->next;
    if (*link)
        *link = p->next;
    poller_free(p);
}

static void discover(struct loop_timer *t)
{
    struct stream_poller *p =
        (struct stream_poller *)((char *)t - offsetof(struct stream_poller, discover_timer));
    char stream_arn[512];
    const cJSON *mapping = mapping_of(p, stream_arn, sizeof stream_arn);
    if (!mapping) {
        poller_forget(p);
        return;
    }
    if (!lambda_event_source_enabled(mapping))
        return;
    cJSON *shards = list_shards(p, stream_arn);
    const cJSON *s;
    cJSON_ArrayForEach(s, shards) {
        const char *id = param_string(s, "ShardId");
        if (!id || reader_for(p, id))
            continue;
        struct shard_reader *r = xcalloc(1, sizeof *r);
        r->poller = p;
        r->shard_id = xstrdup(id);
        const char *parent = param_string(s, "ParentShardId");
        r->parent_id = parent ? xstrdup(parent) : NULL;
        /* A child of a shard this mapping has read continues where its parent ended. */
        r->from_start = parent && reader_for(p, parent);
        r->next = p->readers;
        p->readers = r;
    }
    cJSON_Delete(shards);
    for (struct shard_reader *r = p->readers; r; r = r->next)
        if (ready(r) && !r->busy && !loop_timer_armed(&r->timer))
            reader_schedule(r, 0);
    discover_soon(p, DISCOVER_MS);
}

static const char *checkpoint_of(const cJSON *mapping, const char *shard_id)
{
    return param_string(cJSON_GetObjectItemCaseSensitive(mapping, "_Checkpoints"), shard_id);
}

static void checkpoint(const struct shard_reader *r, const char *sequence)
{
    cJSON *mapping = lambda_event_source_lookup(r->poller->uuid, NULL);
    if (!mapping || !sequence)
        return;
    cJSON *all = cJSON_GetObjectItemCaseSensitive(mapping, "_Checkpoints");
    if (!all)
        all = cJSON_AddObjectToObject(mapping, "_Checkpoints");
    cJSON_DeleteItemFromObjectCaseSensitive(all, r->shard_id);
    cJSON_AddStringToObject(all, r->shard_id, sequence);
}

static void set_result(const struct shard_reader *r, const char *result)
{
    cJSON *mapping = lambda_event_source_lookup(r->poller->uuid, NULL);
    if (!mapping)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(mapping, "LastProcessingResult");
    cJSON_AddStringToObject(mapping, "LastProcessingResult", result);
}

/* The iterator to read from: after the checkpoint, else where the mapping starts. */
static char *derive_iterator(const struct shard_reader *r, const cJSON *mapping,
                             const char *stream_arn)
{
    const struct stream_poller *p = r->poller;
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "ShardId", r->shard_id);
    const char *after = checkpoint_of(mapping, r->shard_id);
    const char *start = param_string(mapping, "StartingPosition");
    if (after) {
        cJSON_AddStringToObject(params, "ShardIteratorType", "AFTER_SEQUENCE_NUMBER");
        cJSON_AddStringToObject(params, p->kinesis ? "StartingSequenceNumber" : "SequenceNumber",
                                after);
    } else if (r->from_start || !start) {
        cJSON_AddStringToObject(params, "ShardIteratorType", "TRIM_HORIZON");
    } else {
        cJSON_AddStringToObject(params, "ShardIteratorType", start);
        const cJSON *stamp = cJSON_GetObjectItemCaseSensitive(mapping, "StartingPositionTimestamp");
        if (strcmp(start, "AT_TIMESTAMP") == 0 && stamp)
            cJSON_AddItemToObject(params, "Timestamp", cJSON_Duplicate(stamp, true));
    }
    cJSON *out = NULL;
    char *iterator = NULL;
    if (stream_call(p, stream_arn, "GetShardIterator", params, &out) == 0 &&
        param_string(out, "ShardIterator"))
        iterator = xstrdup(param_string(out, "ShardIterator"));
    cJSON_Delete(out);
    return iterator;
}

static const char *sequence_of(const struct stream_poller *p, const cJSON *record)
{
    return p->kinesis ? param_string(record, "SequenceNumber")
                      : param_string(cJSON_GetObjectItemCaseSensitive(record, "dynamodb"),
                                     "SequenceNumber");
}

static double arrival_of(const struct stream_poller *p, const cJSON *record)
{
    return p->kinesis ? param_number(record, "ApproximateArrivalTimestamp", 0)
                      : param_number(cJSON_GetObjectItemCaseSensitive(record, "dynamodb"),
                                     "ApproximateCreationDateTime", 0);
}

/* Lambda's record for one stream record. */
static cJSON *event_record(const struct shard_reader *r, const cJSON *record,
                           const char *source_arn, const char *role)
{
    const struct stream_poller *p = r->poller;
    if (!p->kinesis) {
        cJSON *e = cJSON_Duplicate(record, true);
        cJSON_DeleteItemFromObjectCaseSensitive(e, "eventSourceARN");
        cJSON_AddStringToObject(e, "eventSourceARN", source_arn);
        return e;
    }
    cJSON *e = cJSON_CreateObject();
    cJSON *k = cJSON_AddObjectToObject(e, "kinesis");
    cJSON_AddStringToObject(k, "kinesisSchemaVersion", "1.0");
    cJSON_AddStringToObject(k, "partitionKey", param_string(record, "PartitionKey"));
    cJSON_AddStringToObject(k, "sequenceNumber", sequence_of(p, record));
    const char *data = param_string(record, "Data");
    cJSON_AddStringToObject(k, "data", data ? data : "");
    cJSON_AddNumberToObject(k, "approximateArrivalTimestamp", arrival_of(p, record));
    cJSON_AddStringToObject(e, "eventSource", "aws:kinesis");
    cJSON_AddStringToObject(e, "eventVersion", "1.0");
    char id[160];
    snprintf(id, sizeof id, "%s:%s", r->shard_id, sequence_of(p, record));
    cJSON_AddStringToObject(e, "eventID", id);
    cJSON_AddStringToObject(e, "eventName", "aws:kinesis:record");
    cJSON_AddStringToObject(e, "invokeIdentityArn", role ? role : "");
    cJSON_AddStringToObject(e, "awsRegion", p->region);
    cJSON_AddStringToObject(e, "eventSourceARN", source_arn);
    return e;
}

static void iso_time(double epoch, char out[40])
{
    time_t seconds = (time_t)epoch;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s.%03dZ", base, (int)((epoch - (double)seconds) * 1000) % 1000);
}

/* What Lambda sends the OnFailure destination about a batch it gives up on. */
static char *failure_record(const struct shard_reader *r, const cJSON *mapping,
                            const char *condition, const struct lambda_outcome *o)
{
    const struct stream_poller *p = r->poller;
    const cJSON *first = cJSON_GetArrayItem(r->pending, 0);
    const cJSON *last = cJSON_GetArrayItem(r->pending, r->in_flight - 1);
    cJSON *doc = cJSON_CreateObject();
    cJSON *request = cJSON_AddObjectToObject(doc, "requestContext");
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(request, "requestId", o && o->request_id ? o->request_id : id);
    cJSON_AddStringToObject(request, "functionArn", param_string(mapping, "FunctionArn"));
    cJSON_AddStringToObject(request, "condition", condition);
    cJSON_AddNumberToObject(request, "approximateInvokeCount", r->attempts);
    cJSON *response = cJSON_AddObjectToObject(doc, "responseContext");
    cJSON_AddNumberToObject(response, "statusCode", o && !o->error_code ? 200 : 500);
    cJSON_AddStringToObject(response, "executedVersion", "$LATEST");
    if (o && o->function_error)
        cJSON_AddStringToObject(response, "functionError", o->function_error);
    cJSON_AddStringToObject(doc, "version", "1.0");
    char stamp[40];
    iso_time((double)time(NULL), stamp);
    cJSON_AddStringToObject(doc, "timestamp", stamp);
    cJSON *info = cJSON_AddObjectToObject(doc, p->kinesis ? "KinesisBatchInfo"
                                                          : "DDBStreamBatchInfo");
    cJSON_AddStringToObject(info, "shardId", r->shard_id);
    cJSON_AddStringToObject(info, "startSequenceNumber", sequence_of(p, first));
    cJSON_AddStringToObject(info, "endSequenceNumber", sequence_of(p, last));
    iso_time(arrival_of(p, first), stamp);
    cJSON_AddStringToObject(info, "approximateArrivalOfFirstRecord", stamp);
    iso_time(arrival_of(p, last), stamp);
    cJSON_AddStringToObject(info, "approximateArrivalOfLastRecord", stamp);
    cJSON_AddNumberToObject(info, "batchSize", r->in_flight);
    char stream_arn[512];
    stream_arn_of(param_string(mapping, "EventSourceArn"), stream_arn, sizeof stream_arn);
    cJSON_AddStringToObject(info, "streamArn", stream_arn);
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

/* The first n records of pending are done with: checkpoint past them and go on. */
static void commit(struct shard_reader *r, int n)
{
    if (n <= 0)
        return;
    checkpoint(r, sequence_of(r->poller, cJSON_GetArrayItem(r->pending, n - 1)));
    for (int i = 0; i < n; i++)
        cJSON_DeleteItemFromArray(r->pending, 0);
    r->attempts = 0;
    r->in_flight = cJSON_GetArraySize(r->pending);
    if (r->in_flight > 0)
        return;
    cJSON_Delete(r->pending);
    r->pending = NULL;
    free(r->iterator);
    r->iterator = r->next_iterator;
    r->next_iterator = NULL;
    if (!r->iterator) {
        r->finished = true; /* a closed shard read to its end: its children may start */
        discover_soon(r->poller, 0);
    }
}

static void give_up(struct shard_reader *r, const cJSON *mapping, const char *condition,
                    const struct lambda_outcome *o)
{
    const char *target = param_string(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(mapping,
                                                                          "DestinationConfig"),
                                         "OnFailure"),
        "Destination");
    if (target) {
        char *record = failure_record(r, mapping, condition, o);
        lambda_destination_send(target, record, "", param_string(mapping, "FunctionArn"), NULL);
        free(record);
    }
    commit(r, r->in_flight);
}

static uint64_t backoff(int attempts)
{
    uint64_t delay = FIRST_BACKOFF_MS;
    for (int i = 1; i < attempts && delay < MAX_BACKOFF_MS; i++)
        delay *= 2;
    return delay < MAX_BACKOFF_MS ? delay : MAX_BACKOFF_MS;
}

/* How many records of the batch succeeded before the first one the function reported failed;
 * -1 when the whole batch counts as failed (an identifier that names no record of it). */
static int succeeded_prefix(const struct shard_reader *r, const struct lambda_outcome *o)
{
    cJSON *answer = cJSON_ParseWithLength(o->payload, o->payload_len);
    const cJSON *failures = cJSON_GetObjectItemCaseSensitive(answer, "batchItemFailures");
    int first_failed = r->in_flight;
    const cJSON *f;
    cJSON_ArrayForEach(f, failures) {
        const char *id = param_string(f, "itemIdentifier");
        int index = -1;
        const cJSON *record = r->pending->child;
        for (int i = 0; id && record && i < r->in_flight; i++, record = record->next) {
            const char *sequence = sequence_of(r->poller, record);
            if (sequence && strcmp(sequence, id) == 0)
                index = i;
        }
        if (index < 0) {
            first_failed = -1;
            break;
        }
        if (index < first_failed)
            first_failed = index;
    }
    cJSON_Delete(answer);
    return first_failed;
}

static bool reports_item_failures(const cJSON *mapping)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(mapping, "FunctionResponseTypes"))
        if (cJSON_IsString(t) && strcmp(t->valuestring, "ReportBatchItemFailures") == 0)
            return true;
    return false;
}

static void batch_done(void *arg, const struct lambda_outcome *o)
{
    struct shard_reader *r = arg;
    r->busy = false;
    const cJSON *mapping = lambda_event_source_find(r->poller->uuid);
    if (!mapping)
        return;
    int done = 0;
    if (!o->error_code && !o->function_error)
        done = reports_item_failures(mapping) ? succeeded_prefix(r, o) : r->in_flight;
    if (done == r->in_flight) {
        set_result(r, "OK");
        commit(r, done);
        reader_schedule(r, 0);
        return;
    }
    set_result(r, "PROBLEM: Function call failed");
    commit(r, done > 0 ? done : 0);
    if (done <= 0 && param_bool(mapping, "BisectBatchOnFunctionError", false) &&
        r->in_flight > 1) {
        r->in_flight /= 2; /* splitting uses up no retry */
        reader_schedule(r, 0);
        return;
    }
    r->attempts++;
    long long retries = param_int(mapping, "MaximumRetryAttempts", -1);
    if (retries >= 0 && r->attempts > retries) {
        give_up(r, mapping, "RetryAttemptsExhausted", o);
        reader_schedule(r, 0);
        return;
    }
    reader_schedule(r, backoff(r->attempts));
}

static bool too_old(const struct shard_reader *r, const cJSON *mapping)
{
    double max_age = param_number(mapping, "MaximumRecordAgeInSeconds", -1);
    return max_age >= 0 &&
           (double)time(NULL) - arrival_of(r->poller, cJSON_GetArrayItem(r->pending, 0)) > max_age;
}

/* Reads a batch when none is pending. true when records are waiting for the function. */
static bool fill(struct shard_reader *r, const cJSON *mapping, const char *stream_arn)
{
    if (r->pending)
        return true;
    if (!r->iterator && !(r->iterator = derive_iterator(r, mapping, stream_arn))) {
        reader_schedule(r, IDLE_POLL_MS);
        return false;
    }
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "ShardIterator", r->iterator);
    cJSON_AddNumberToObject(params, "Limit", param_number(mapping, "BatchSize", 100));
    cJSON *out = NULL;
    if (stream_call(r->poller, stream_arn, "GetRecords", params, &out) != 0) {
        free(r->iterator); /* expired or trimmed away: derive it again from the checkpoint */
        r->iterator = NULL;
        reader_schedule(r, IDLE_POLL_MS);
        return false;
    }
    cJSON *records = cJSON_DetachItemFromObjectCaseSensitive(out, "Records");
    const char *next = param_string(out, "NextShardIterator");
    char *next_copy = next ? xstrdup(next) : NULL;
    cJSON_Delete(out);
    if (cJSON_GetArraySize(records) == 0) {
        cJSON_Delete(records);
        free(r->iterator);
        r->iterator = next_copy;
        if (!r->iterator) {
            r->finished = true;
            discover_soon(r->poller, 0);
        } else {
            reader_schedule(r, IDLE_POLL_MS);
        }
        return false;
    }
    r->pending = records;
    r->next_iterator = next_copy;
    r->in_flight = cJSON_GetArraySize(records);
    r->attempts = 0;
    return true;
}

static void reader_poll(struct loop_timer *t)
{
    struct shard_reader *r = (struct shard_reader *)((char *)t - offsetof(struct shard_reader,
                                                                          timer));
    struct stream_poller *p = r->poller;
    char stream_arn[512];
    const cJSON *mapping = mapping_of(p, stream_arn, sizeof stream_arn);
    if (!mapping || !lambda_event_source_enabled(mapping) || r->busy || !ready(r))
        return;
    if (!fill(r, mapping, stream_arn))
        return;
    if (too_old(r, mapping)) {
        give_up(r, mapping, "RecordAgeExceeded", NULL);
        reader_schedule(r, 0);
        return;
    }
    struct invoke_spec spec;
    if (!lambda_event_source_spec(p->account, p->region, mapping, &spec)) {
        reader_schedule(r, IDLE_POLL_MS);
        return;
    }
    cJSON *event = cJSON_CreateObject();
    cJSON *records = cJSON_AddArrayToObject(event, "Records");
    cJSON *patterns = lambda_filters_parse(mapping);
    const cJSON *item = r->pending->child;
    for (int i = 0; item && i < r->in_flight; i++, item = item->next) {
        cJSON *record = event_record(r, item, param_string(mapping, "EventSourceArn"),
                                     spec.run.role_arn);
        if (lambda_filters_keep(patterns, record))
            cJSON_AddItemToArray(records, record);
        else
            cJSON_Delete(record);
    }
    cJSON_Delete(patterns);
    if (cJSON_GetArraySize(records) == 0) {
        /* Records no filter matches count as processed. */
        cJSON_Delete(event);
        invoke_spec_clear(&spec);
        commit(r, r->in_flight);
        reader_schedule(r, 0);
        return;
    }
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    r->busy = true;
    struct proto_error err = {0};
    if (!lambda_run(&spec.run, payload, strlen(payload), NULL, batch_done, r, &err)) {
        proto_error_clear(&err);
        r->busy = false;
        reader_schedule(r, IDLE_POLL_MS);
    }
    free(payload);
    invoke_spec_clear(&spec);
}

void lambda_stream_source_watch(const char *uuid, const char *account, const char *region)
{
    if (!loop_current())
        return;
    struct stream_poller *p = pollers;
    while (p && strcmp(p->uuid, uuid) != 0)
        p = p->next;
    if (!p) {
        const cJSON *m = lambda_event_source_find(uuid);
        struct arn arn;
        if (!m || !arn_parse(param_string(m, "EventSourceArn"), &arn))
            return;
        p = xcalloc(1, sizeof *p);
        snprintf(p->uuid, sizeof p->uuid, "%s", uuid);
        snprintf(p->account, sizeof p->account, "%s", account);
        snprintf(p->region, sizeof p->region, "%s", region);
        p->kinesis = strcmp(arn.service, "kinesis") == 0;
        p->next = pollers;
        pollers = p;
    }
    discover_soon(p, 0);
}

void lambda_stream_records_added(const char *stream_arn)
{
    for (struct stream_poller *p = pollers; p; p = p->next) {
        char source[512];
        if (!mapping_of(p, source, sizeof source) || strcmp(source, stream_arn) != 0)
            continue;
        for (struct shard_reader *r = p->readers; r; r = r->next)
            if (ready(r) && !r->pending)
                reader_schedule(r, 0);
    }
}

static void reader_free(struct shard_reader *r)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &r->timer);
    free(r->shard_id);
    free(r->parent_id);
    free(r->iterator);
    free(r->next_iterator);
    cJSON_Delete(r->pending);
    free(r);
}

static void poller_free(struct stream_poller *p)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &p->discover_timer);
    while (p->readers) {
        struct shard_reader *r = p->readers;
        p->readers = r->next;
        reader_free(r);
    }
    free(p);
}

void lambda_stream_sources_reset(void)
{
    while (pollers) {
        struct stream_poller *p = pollers;
        pollers = p->next;
        poller_free(p);
    }
}
