/* ParallelizationFactor: a shard's batch is split into that many lanes by a hash of each
 * record's partition key (Kinesis) or item key (DynamoDB Streams), so the records of one key
 * share a lane and reach the function in order while the lanes run at the same time. Each lane
 * retries, bisects, keeps what ReportBatchItemFailures says succeeded and reports to OnFailure
 * on its own, as Lambda does per batch. The shard's checkpoint moves past the batch only once
 * every lane is done with it, so it never passes a record still being processed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "event_source_state.h"
#include "executor.h"
#include "invoke_spec.h"
#include "stream_reader.h"

/* FNV-1a: any stable hash spreads keys over the lanes. */
static uint32_t key_hash(const char *key)
{
    uint32_t hash = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)key; *c; c++)
        hash = (hash ^ *c) * 16777619u;
    return hash;
}

/* What orders records: Kinesis' partition key, or the item's key attributes. */
static char *ordering_key(bool kinesis, const cJSON *record)
{
    if (kinesis) {
        const char *key = param_string(record, "PartitionKey");
        return xstrdup(key ? key : "");
    }
    const cJSON *keys =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(record, "dynamodb"),
                                         "Keys");
    char *text = keys ? cJSON_PrintUnformatted(keys) : NULL;
    return text ? text : xstrdup("");
}

static void lane_poll(struct loop_timer *t);

static void lane_schedule(struct stream_lane *l, uint64_t delay)
{
    struct event_loop *loop = loop_current();
    if (loop && !l->busy)
        loop_timer_start(loop, &l->timer, delay, lane_poll);
}

static void lane_drop(struct stream_lane *l, int n)
{
    for (int i = 0; i < n; i++)
        cJSON_DeleteItemFromArray(l->records, 0);
    l->attempts = 0;
    l->in_flight = cJSON_GetArraySize(l->records);
}

/* Goes on with the lane's next records; once no lane has any, the shard's batch is done. */
static void lane_next(struct stream_lane *l)
{
    struct shard_reader *r = l->reader;
    if (cJSON_GetArraySize(l->records) > 0) {
        lane_schedule(l, 0);
        return;
    }
    for (int i = 0; i < STREAM_MAX_LANES; i++)
        if (r->lanes[i].busy || cJSON_GetArraySize(r->lanes[i].records) > 0)
            return;
    stream_lanes_stop(r);
    r->busy = false;
    stream_reader_commit(r, cJSON_GetArraySize(r->pending));
    stream_reader_schedule(r, 0);
}

static void lane_done(void *arg, const struct lambda_outcome *o)
{
    struct stream_lane *l = arg;
    struct shard_reader *r = l->reader;
    l->busy = false;
    const cJSON *mapping = lambda_event_source_find(r->poller->uuid);
    if (!mapping) {
        lane_drop(l, cJSON_GetArraySize(l->records));
        lane_next(l);
        return;
    }
    int done = 0;
    if (!o->error_code && !o->function_error)
        done = stream_reports_item_failures(mapping)
                   ? stream_succeeded_prefix(r->poller->kinesis, l->records, l->in_flight, o)
                   : l->in_flight;
    if (done == l->in_flight) {
        stream_reader_result(r, "OK");
        lane_drop(l, done);
        lane_next(l);
        return;
    }
    stream_reader_result(r, "PROBLEM: Function call failed");
    if (done > 0)
        lane_drop(l, done);
    switch (stream_after_failure(mapping, done, &l->in_flight, &l->attempts)) {
    case STREAM_BISECT:
        lane_schedule(l, 0);
        return;
    case STREAM_GIVE_UP:
        stream_reader_report_failure(r, mapping, l->records, l->in_flight, l->attempts,
                                     "RetryAttemptsExhausted", o);
        lane_drop(l, l->in_flight);
        lane_next(l);
        return;
    case STREAM_RETRY:
        lane_schedule(l, stream_backoff(l->attempts));
        return;
    }
}

static void lane_poll(struct loop_timer *t)
{
    struct stream_lane *l = (struct stream_lane *)((char *)t - offsetof(struct stream_lane,
                                                                         timer));
    struct shard_reader *r = l->reader;
    const struct stream_poller *p = r->poller;
    const cJSON *mapping = lambda_event_source_find(p->uuid);
    if (l->busy)
        return;
    if (!mapping) {
        lane_drop(l, cJSON_GetArraySize(l->records));
        lane_next(l);
        return;
    }
    if (!lambda_event_source_enabled(mapping)) {
        lane_schedule(l, STREAM_IDLE_POLL_MS);
        return;
    }
    l->in_flight = stream_payload_extent(l->records, l->in_flight);
    if (stream_too_old(p->kinesis, l->records, mapping)) {
        stream_reader_report_failure(r, mapping, l->records, l->in_flight, l->attempts,
                                     "RecordAgeExceeded", NULL);
        lane_drop(l, l->in_flight);
        lane_next(l);
        return;
    }
    struct invoke_spec spec;
    if (!lambda_event_source_spec(p->account, p->region, mapping, &spec)) {
        lane_schedule(l, STREAM_IDLE_POLL_MS);
        return;
    }
    cJSON *event = stream_reader_event(r, mapping, l->records, l->in_flight, spec.run.role_arn);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(event, "Records")) == 0) {
        /* Records no filter matches count as processed. */
        cJSON_Delete(event);
        invoke_spec_clear(&spec);
        lane_drop(l, l->in_flight);
        lane_next(l);
        return;
    }
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    l->busy = true;
    struct proto_error err = {0};
    if (!lambda_run(&spec.run, payload, strlen(payload), NULL, lane_done, l, &err)) {
        proto_error_clear(&err);
        l->busy = false;
        lane_schedule(l, STREAM_IDLE_POLL_MS);
    }
    free(payload);
    invoke_spec_clear(&spec);
}

void stream_lanes_start(struct shard_reader *r, int factor)
{
    if (factor > STREAM_MAX_LANES)
        factor = STREAM_MAX_LANES;
    for (int i = 0; i < factor; i++) {
        r->lanes[i].reader = r;
        r->lanes[i].records = cJSON_CreateArray();
        r->lanes[i].attempts = 0;
    }
    const cJSON *record;
    cJSON_ArrayForEach(record, r->pending) {
        char *key = ordering_key(r->poller->kinesis, record);
        cJSON_AddItemToArray(r->lanes[key_hash(key) % (uint32_t)factor].records,
                             cJSON_Duplicate(record, true));
        free(key);
    }
    r->busy = true;
    for (int i = 0; i < factor; i++) {
        r->lanes[i].in_flight = cJSON_GetArraySize(r->lanes[i].records);
        if (r->lanes[i].in_flight > 0)
            lane_schedule(&r->lanes[i], 0);
    }
}

void stream_lanes_stop(struct shard_reader *r)
{
    struct event_loop *loop = loop_current();
    for (int i = 0; i < STREAM_MAX_LANES; i++) {
        if (loop)
            loop_timer_stop(loop, &r->lanes[i].timer);
        cJSON_Delete(r->lanes[i].records);
        r->lanes[i].records = NULL;
    }
}
