/* The shard readers of stream event source mappings, as stream_sources.c and stream_lanes.c
 * share them: not for other modules. */
#ifndef MOTOC_LAMBDA_STREAM_READER_H
#define MOTOC_LAMBDA_STREAM_READER_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../../http/loop.h"

/* ParallelizationFactor's upper bound. */
#define STREAM_MAX_LANES 10

struct lambda_outcome;
struct shard_reader;

/* One of the sub-streams a shard's batch is split into by ParallelizationFactor. */
struct stream_lane {
    struct shard_reader *reader;
    cJSON *records; /* this lane's records of the shard's batch, oldest first */
    int in_flight;  /* the first in_flight records make the current invocation */
    int attempts;   /* failed invocations of the current records */
    bool busy;
    struct loop_timer timer;
};

struct stream_poller {
    struct stream_poller *next;
    char uuid[37], account[16], region[32];
    bool kinesis; /* else DynamoDB Streams */
    struct loop_timer discover_timer;
    struct shard_reader *readers;
};

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
    uint64_t gather_until_ms; /* the batching window of the records gathered ends; 0 = none */
    double window_start;      /* the tumbling window of the current invocation */
    bool final_for_window;    /* the current invocation is the last of its window */
    bool closing_window;      /* the current invocation only ends a window: it has no records */
    struct loop_timer timer;
    struct stream_lane lanes[STREAM_MAX_LANES];
};

#define STREAM_IDLE_POLL_MS 1000u

/* stream_sources.c */
/* The first n records of pending are done with: checkpoint past them and go on. */
void stream_reader_commit(struct shard_reader *r, int n);
void stream_reader_schedule(struct shard_reader *r, uint64_t delay);
void stream_reader_result(const struct shard_reader *r, const char *result);
/* Lambda's event for the first count records (those a filter of the mapping keeps). */
cJSON *stream_reader_event(const struct shard_reader *r, const cJSON *mapping,
                           const cJSON *records, int count, const char *role);
/* Tells the mapping's OnFailure destination about the first count records, given up on. */
void stream_reader_report_failure(const struct shard_reader *r, const cJSON *mapping,
                                  const cJSON *records, int count, int attempts,
                                  const char *condition, const struct lambda_outcome *o);
/* How many of the first count records succeeded before the first one the function reported
 * failed; -1 when the whole batch counts as failed. */
int stream_succeeded_prefix(bool kinesis, const cJSON *records, int count,
                            const struct lambda_outcome *o);
bool stream_reports_item_failures(const cJSON *mapping);
uint64_t stream_backoff(int attempts);
/* What to do with a failed invocation's records, after the done records that succeeded before
 * the failure are taken off: halve them (BisectBatchOnFunctionError, *in_flight halved, no retry
 * used), retry them after stream_backoff(*attempts), or give up (MaximumRetryAttempts spent). */
enum stream_failure_step { STREAM_BISECT, STREAM_RETRY, STREAM_GIVE_UP };
enum stream_failure_step stream_after_failure(const cJSON *mapping, int done, int *in_flight,
                                              int *attempts);
/* How many of the first limit records fit in one invocation's payload (at least one). */
int stream_payload_extent(const cJSON *records, int limit);
/* Whether the first of records is past the mapping's MaximumRecordAgeInSeconds. */
bool stream_too_old(bool kinesis, const cJSON *records, const cJSON *mapping);

/* stream_lanes.c */
/* Splits pending into factor lanes and starts them; the reader stays busy until all are done,
 * then commits pending and reads on. */
void stream_lanes_start(struct shard_reader *r, int factor);
/* Stops the lanes' timers and drops their records. */
void stream_lanes_stop(struct shard_reader *r);

#endif
