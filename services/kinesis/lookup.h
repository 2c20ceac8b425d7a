/* Finding the stream, shard or consumer a Kinesis call names, failing the call as AWS does. */
#ifndef MOTOC_KINESIS_LOOKUP_H
#define MOTOC_KINESIS_LOOKUP_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

struct kinesis_region *kinesis_call_region(struct call *c);
/* The stream in[StreamName] or in[StreamARN] names; NULL after failing the call. */
struct kinesis_stream *kinesis_stream_for_call(struct call *c, const cJSON *in);
/* The stream an ARN names (stream ARN, or a consumer's ARN when consumer_ok). */
struct kinesis_stream *kinesis_stream_for_arn(struct call *c, const char *arn, bool consumer_ok);
int kinesis_fail_not_found(struct call *c, const char *name);
int kinesis_fail_argument(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The shard in[member] names; NULL after failing the call. */
struct kinesis_shard *kinesis_shard_for_call(struct call *c, struct kinesis_stream *s,
                                             const char *id);
/* The description of a shard as DescribeStream and ListShards give it. */
cJSON *kinesis_shard_json(const struct kinesis_shard *shard);

#endif
