/* Kinesis and DynamoDB stream event source mappings at work. Each shard has a reader that reads
 * a batch (GetRecords through the stream service's own operations), invokes the function with
 * Lambda's event shape and only then moves on, so a shard's records reach the function in order.
 * A failed batch is retried (backing off) until MaximumRetryAttempts or MaximumRecordAgeInSeconds
 * say to give up; BisectBatchOnFunctionError halves it first without using up a retry;
 * ReportBatchItemFailures keeps what succeeded before the first failed record. A batch given up
 * on is described to the OnFailure destination. Progress per shard is checkpointed in the
 * mapping (saved with it), so a restart resumes after the last record processed. Child shards
 * of a split are read from their start once their parent is read to its end. Records that no
 * filter of the mapping matches are skipped as processed.
 * With MaximumBatchingWindowInSeconds a reader gathers records (woken as they are added) until
 * BatchSize, Lambda's 6 MB payload or the end of the window, whichever comes first. With
 * TumblingWindowInSeconds a batch holds records of one window only, the event carries the
 * window and the state the function returned last time (stream_windows.c), and a window ends
 * with an invocation marked final: with its last records once a later window's record has been
 * read, else with no records once the window is over and the shard has no more. With
 * ParallelizationFactor the batch is shared out to lanes by key (stream_lanes.c). */
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
#include "destination.h"
#include "event_filters.h"
#include "event_source_state.h"
#include "executor.h"
#include "functions.h"
#include "invoke_spec.h"
#include "state.h"
#include "stream_reader.h"
#include "stream_records.h"
#include "stream_windows.h"

#define IDLE_POLL_MS STREAM_IDLE_POLL_MS
#define DISCOVER_MS 5000u
#define FIRST_BACKOFF_MS 500u
#define MAX_BACKOFF_MS 16000u
/* What one invocation may carry, as Lambda's synchronous payload limit. */
#define MAX_BATCH_PAYLOAD 6291456u
/* Lambda's fields around a record in the event, and the event's own. */
#define RECORD_OVERHEAD 400u
#define EVENT_OVERHEAD 1024u

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

void stream_reader_schedule(struct shard_reader *r, uint64_t delay)
{
    reader_schedule(r, delay);
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

void stream_reader_result(const struct shard_reader *r, const char *result)
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
    return stream_record_sequence(p->kinesis, record);
}

static double arrival_of(const struct stream_poller *p, const cJSON *record)
{
    return stream_record_arrival(p->kinesis, record);
}

static struct stream_record_source source_of(const struct shard_reader *r, const cJSON *mapping,
                                             char *stream_arn, size_t size)
{
    stream_arn_of(param_string(mapping, "EventSourceArn"), stream_arn, size);
    return (struct stream_record_source){.kinesis = r->poller->kinesis,
                                         .shard_id = r->shard_id,
                                         .region = r->poller->region,
                                         .source_arn = param_string(mapping, "EventSourceArn"),
                                         .stream_arn = stream_arn};
}

static cJSON *event_record(const struct shard_reader *r, const cJSON *mapping,
                           const cJSON *record, const char *role)
{
    char stream_arn[512];
    struct stream_record_source source = source_of(r, mapping, stream_arn, sizeof stream_arn);
    return stream_event_record(&source, record, role);
}

void stream_reader_commit(struct shard_reader *r, int n)
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

void stream_reader_report_failure(const struct shard_reader *r, const cJSON *mapping,
                                  const cJSON *records, int count, int attempts,
                                  const char *condition, const struct lambda_outcome *o)
{
    const char *target = param_string(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(mapping,
                                                                          "DestinationConfig"),
                                         "OnFailure"),
        "Destination");
    if (!target)
        return;
    char stream_arn[512];
    struct stream_record_source source = source_of(r, mapping, stream_arn, sizeof stream_arn);
    char *record = stream_failure_record(&source, mapping, records, count, attempts, condition, o);
    lambda_destination_send(target, record, "", param_string(mapping, "FunctionArn"), NULL);
    free(record);
}

static void give_up(struct shard_reader *r, const cJSON *mapping, const char *condition,
                    const struct lambda_outcome *o)
{
    stream_reader_report_failure(r, mapping, r->pending, r->in_flight, r->attempts, condition, o);
    stream_reader_commit(r, r->in_flight);
}

uint64_t stream_backoff(int attempts)
{
    uint64_t delay = FIRST_BACKOFF_MS;
    for (int i = 1; i < attempts && delay < MAX_BACKOFF_MS; i++)
        delay *= 2;
    return delay < MAX_BACKOFF_MS ? delay : MAX_BACKOFF_MS;
}

enum stream_failure_step stream_after_failure(const cJSON *mapping, int done, int *in_flight,
                                              int *attempts)
{
    if (done <= 0 && param_bool(mapping, "BisectBatchOnFunctionError", false) && *in_flight > 1) {
        *in_flight /= 2; /* splitting uses up no retry */
        return STREAM_BISECT;
    }
    ++*attempts;
    long long retries = param_int(mapping, "MaximumRetryAttempts", -1);
    return retries >= 0 && *attempts > retries ? STREAM_GIVE_UP : STREAM_RETRY;
}

/* An identifier that names no record of the batch fails all of it. */
int stream_succeeded_prefix(bool kinesis, const cJSON *records, int count,
                            const struct lambda_outcome *o)
{
    cJSON *answer = cJSON_ParseWithLength(o->payload, o->payload_len);
    const cJSON *failures = cJSON_GetObjectItemCaseSensitive(answer, "batchItemFailures");
    int first_failed = count;
    const cJSON *f;
    cJSON_ArrayForEach(f, failures) {
        const char *id = param_string(f, "itemIdentifier");
        int index = -1;
        const cJSON *record = records ? records->child : NULL;
        for (int i = 0; id && record && i < count; i++, record = record->next) {
            const char *sequence = stream_record_sequence(kinesis, record);
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

bool stream_reports_item_failures(const cJSON *mapping)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(mapping, "FunctionResponseTypes"))
        if (cJSON_IsString(t) && strcmp(t->valuestring, "ReportBatchItemFailures") == 0)
            return true;
    return false;
}

cJSON *stream_reader_event(const struct shard_reader *r, const cJSON *mapping,
                           const cJSON *records, int count, const char *role)
{
    cJSON *event = cJSON_CreateObject();
    cJSON *kept = cJSON_AddArrayToObject(event, "Records");
    cJSON *patterns = lambda_filters_parse(mapping);
    const cJSON *item = records ? records->child : NULL;
    for (int i = 0; item && i < count; i++, item = item->next) {
        cJSON *record = event_record(r, mapping, item, role);
        if (lambda_filters_keep(patterns, record))
            cJSON_AddItemToArray(kept, record);
        else
            cJSON_Delete(record);
    }
    cJSON_Delete(patterns);
    return event;
}

static int tumbling_seconds(const cJSON *mapping)
{
    return (int)param_int(mapping, "TumblingWindowInSeconds", 0);
}

/* The end of an invocation that only closed a window: its state goes once the function has
 * taken it; until then the shard waits, as Lambda holds a stream until a final invocation
 * succeeds. */
static void window_closed(struct shard_reader *r, bool answered)
{
    r->closing_window = false;
    if (!answered) {
        stream_reader_result(r, "PROBLEM: Function call failed");
        reader_schedule(r, stream_backoff(1));
        return;
    }
    stream_window_close(r->poller->uuid, r->shard_id);
    stream_reader_result(r, "OK");
    reader_schedule(r, 0);
}

static void batch_done(void *arg, const struct lambda_outcome *o)
{
    struct shard_reader *r = arg;
    r->busy = false;
    const cJSON *mapping = lambda_event_source_find(r->poller->uuid);
    if (!mapping)
        return;
    bool answered = !o->error_code && !o->function_error;
    /* With a tumbling window an answer without a state counts as a failed invocation. */
    if (answered && tumbling_seconds(mapping) > 0)
        answered = stream_window_keep(r->poller->uuid, r->shard_id, r->window_start, o->payload,
                                      o->payload_len);
    if (r->closing_window) {
        window_closed(r, answered);
        return;
    }
    int done = 0;
    if (answered)
        done = stream_reports_item_failures(mapping)
                   ? stream_succeeded_prefix(r->poller->kinesis, r->pending, r->in_flight, o)
                   : r->in_flight;
    if (done == r->in_flight) {
        if (r->final_for_window)
            stream_window_close(r->poller->uuid, r->shard_id);
        stream_reader_result(r, "OK");
        stream_reader_commit(r, done);
        reader_schedule(r, 0);
        return;
    }
    stream_reader_result(r, "PROBLEM: Function call failed");
    stream_reader_commit(r, done > 0 ? done : 0);
    switch (stream_after_failure(mapping, done, &r->in_flight, &r->attempts)) {
    case STREAM_BISECT:
        reader_schedule(r, 0);
        return;
    case STREAM_GIVE_UP:
        give_up(r, mapping, "RetryAttemptsExhausted", o);
        reader_schedule(r, 0);
        return;
    case STREAM_RETRY:
        reader_schedule(r, stream_backoff(r->attempts));
        return;
    }
}

bool stream_too_old(bool kinesis, const cJSON *records, const cJSON *mapping)
{
    double max_age = param_number(mapping, "MaximumRecordAgeInSeconds", -1);
    if (max_age < 0)
        return false;
    double arrival = stream_record_arrival(kinesis, cJSON_GetArrayItem(records, 0));
    return (double)time(NULL) - arrival > max_age;
}

static int batch_size(const cJSON *mapping)
{
    return (int)param_number(mapping, "BatchSize", 100);
}

/* GetRecords from iterator; the answer, or NULL when the iterator no longer reads. */
static cJSON *get_records(const struct shard_reader *r, const char *stream_arn,
                          const char *iterator, int limit)
{
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "ShardIterator", iterator);
    cJSON_AddNumberToObject(params, "Limit", limit);
    cJSON *out = NULL;
    if (stream_call(r->poller, stream_arn, "GetRecords", params, &out) != 0) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
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
    cJSON *out = get_records(r, stream_arn, r->iterator, batch_size(mapping));
    if (!out) {
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
    double window = param_number(mapping, "MaximumBatchingWindowInSeconds", 0);
    r->gather_until_ms = window > 0 ? loop_now_ms() + (uint64_t)(window * 1000) : 0;
    return true;
}

/* At least one, as a record too large for any batch is the function's to refuse. */
int stream_payload_extent(const cJSON *records, int limit)
{
    size_t bytes = EVENT_OVERHEAD;
    int fitting = 0;
    for (const cJSON *record = records ? records->child : NULL; record && fitting < limit;
         record = record->next) {
        char *text = cJSON_PrintUnformatted(record);
        bytes += (text ? strlen(text) : 0) + RECORD_OVERHEAD;
        free(text);
        if (fitting > 0 && bytes > MAX_BATCH_PAYLOAD)
            break;
        fitting++;
    }
    return fitting;
}

static bool batch_full(const struct shard_reader *r, const cJSON *mapping)
{
    int count = cJSON_GetArraySize(r->pending);
    return count >= batch_size(mapping) || stream_payload_extent(r->pending, count) < count;
}

/* Reads the records added after pending into it, up to BatchSize. */
static void top_up(struct shard_reader *r, const cJSON *mapping, const char *stream_arn)
{
    int room = batch_size(mapping) - cJSON_GetArraySize(r->pending);
    if (room <= 0 || !r->next_iterator)
        return;
    cJSON *out = get_records(r, stream_arn, r->next_iterator, room);
    if (!out)
        return; /* the window's end invokes with what was gathered */
    const char *next = param_string(out, "NextShardIterator");
    free(r->next_iterator);
    r->next_iterator = next ? xstrdup(next) : NULL;
    cJSON *records = cJSON_GetObjectItemCaseSensitive(out, "Records");
    while (records && records->child)
        cJSON_AddItemToArray(r->pending, cJSON_DetachItemViaPointer(records, records->child));
    cJSON_Delete(out);
    r->in_flight = cJSON_GetArraySize(r->pending);
}

/* Whether the reader keeps gathering: its batching window is open and the batch not full. It
 * then waits for the window's end; records added wake it earlier. */
static bool gathering(struct shard_reader *r, const cJSON *mapping, const char *stream_arn)
{
    if (!r->gather_until_ms)
        return false;
    uint64_t now = loop_now_ms();
    if (now < r->gather_until_ms && !batch_full(r, mapping)) {
        top_up(r, mapping, stream_arn);
        if (!batch_full(r, mapping)) {
            reader_schedule(r, r->gather_until_ms - now);
            return true;
        }
    }
    r->gather_until_ms = 0;
    return false;
}

/* Keeps the batch within the tumbling window of its first record; the window's last records
 * are known once a record of a later window has been read. */
static void limit_to_window(struct shard_reader *r, int seconds)
{
    const cJSON *record = r->pending->child;
    double start = stream_window_start(arrival_of(r->poller, record), seconds);
    int same = 0;
    while (record && stream_window_start(arrival_of(r->poller, record), seconds) == start) {
        same++;
        record = record->next;
    }
    r->window_start = start;
    if (r->in_flight > same)
        r->in_flight = same;
    r->final_for_window = record && r->in_flight == same;
}

/* Whether the shard's open window must be closed before anything else: a record of a later
 * window is next, or the window is over and the shard has nothing more for it. */
static bool window_over(const struct shard_reader *r, int seconds, bool have_records)
{
    double open;
    if (!stream_window_open(r->poller->uuid, r->shard_id, &open))
        return false;
    if (have_records)
        return stream_window_start(arrival_of(r->poller, r->pending->child), seconds) > open;
    return (double)time(NULL) >= open + seconds;
}

static void invoke(struct shard_reader *r, struct invoke_spec *spec, cJSON *event)
{
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    r->busy = true;
    struct proto_error err = {0};
    if (!lambda_run(&spec->run, payload, strlen(payload), NULL, batch_done, r, &err)) {
        proto_error_clear(&err);
        r->busy = false;
        r->closing_window = false;
        reader_schedule(r, IDLE_POLL_MS);
    }
    free(payload);
    invoke_spec_clear(spec);
}

/* The final invocation of the shard's open window, with no records. */
static void close_window(struct shard_reader *r, const cJSON *mapping, int seconds)
{
    struct invoke_spec spec;
    if (!stream_window_open(r->poller->uuid, r->shard_id, &r->window_start) ||
        !lambda_event_source_spec(r->poller->account, r->poller->region, mapping, &spec)) {
        reader_schedule(r, IDLE_POLL_MS);
        return;
    }
    cJSON *event = cJSON_CreateObject();
    cJSON_AddArrayToObject(event, "Records");
    stream_window_describe(event, r->poller->uuid, r->shard_id,
                           param_string(mapping, "EventSourceArn"), r->window_start, seconds,
                           true);
    r->closing_window = true;
    invoke(r, &spec, event);
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
    int seconds = tumbling_seconds(mapping);
    bool have_records = fill(r, mapping, stream_arn);
    if (seconds > 0 && window_over(r, seconds, have_records)) {
        close_window(r, mapping, seconds);
        return;
    }
    if (!have_records || gathering(r, mapping, stream_arn))
        return;
    int factor = (int)param_int(mapping, "ParallelizationFactor", 1);
    if (factor > 1 && seconds == 0) {
        stream_lanes_start(r, factor);
        return;
    }
    r->in_flight = stream_payload_extent(r->pending, r->in_flight);
    r->final_for_window = false;
    if (seconds > 0)
        limit_to_window(r, seconds);
    if (stream_too_old(p->kinesis, r->pending, mapping)) {
        give_up(r, mapping, "RecordAgeExceeded", NULL);
        reader_schedule(r, 0);
        return;
    }
    struct invoke_spec spec;
    if (!lambda_event_source_spec(p->account, p->region, mapping, &spec)) {
        reader_schedule(r, IDLE_POLL_MS);
        return;
    }
    cJSON *event = stream_reader_event(r, mapping, r->pending, r->in_flight, spec.run.role_arn);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(event, "Records")) == 0 &&
        !r->final_for_window) {
        /* Records no filter matches count as processed. */
        cJSON_Delete(event);
        invoke_spec_clear(&spec);
        stream_reader_commit(r, r->in_flight);
        reader_schedule(r, 0);
        return;
    }
    if (seconds > 0)
        stream_window_describe(event, p->uuid, r->shard_id, param_string(mapping, "EventSourceArn"),
                               r->window_start, seconds, r->final_for_window);
    invoke(r, &spec, event);
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
            if (ready(r) && (!r->pending || r->gather_until_ms))
                reader_schedule(r, 0);
    }
}

static void reader_free(struct shard_reader *r)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &r->timer);
    stream_lanes_stop(r);
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
