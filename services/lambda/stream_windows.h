/* Tumbling windows of stream event source mappings (TumblingWindowInSeconds): which window a
 * record falls in, the window part of Lambda's event, and the state a function carries from one
 * invocation of a window to the next, kept with the mapping so that it survives a restart. */
#ifndef MOTOC_LAMBDA_STREAM_WINDOWS_H
#define MOTOC_LAMBDA_STREAM_WINDOWS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* The start (epoch seconds) of the window of length seconds that arrival falls in: windows are
 * aligned to the epoch, as Lambda's are to whole multiples of their length. */
double stream_window_start(double arrival, int seconds);

/* Whether the mapping uuid holds the state of an unfinished window of shard_id; its start then
 * goes to *start. */
bool stream_window_open(const char *uuid, const char *shard_id, double *start);

/* Adds window, state, shardId, eventSourceARN, isFinalInvokeForWindow and
 * isWindowTerminatedEarly to event, for the window [start, start + seconds) of shard_id. */
void stream_window_describe(cJSON *event, const char *uuid, const char *shard_id,
                            const char *source_arn, double start, int seconds, bool final);

/* The state the function answered (answer: its payload) for the window starting at start; false
 * when the answer has no state object, which Lambda counts as a failed invocation. */
bool stream_window_keep(const char *uuid, const char *shard_id, double start,
                        const char *answer, size_t answer_len);

/* The window of shard_id is finished: its state goes. */
void stream_window_close(const char *uuid, const char *shard_id);

#endif
