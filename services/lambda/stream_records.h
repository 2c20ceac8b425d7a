/* Stream records in Lambda's shapes: in a function's event, and in what an OnFailure
 * destination is sent about a batch given up on. */
#ifndef MOTOC_LAMBDA_STREAM_RECORDS_H
#define MOTOC_LAMBDA_STREAM_RECORDS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct lambda_outcome;

/* Where records come from. */
struct stream_record_source {
    bool kinesis; /* else DynamoDB Streams */
    const char *shard_id, *region;
    const char *source_arn; /* the mapping's EventSourceArn (a Kinesis consumer's, maybe) */
    const char *stream_arn;
};

const char *stream_record_sequence(bool kinesis, const cJSON *record);
/* When the record reached the stream (epoch seconds). */
double stream_record_arrival(bool kinesis, const cJSON *record);

/* Lambda's record for one stream record (GetRecords' shape). */
cJSON *stream_event_record(const struct stream_record_source *s, const cJSON *record,
                           const char *role);

/* The OnFailure document about the first count records of records, given up on after attempts
 * invocations for condition; o is the last outcome (NULL when none). Free the text. */
char *stream_failure_record(const struct stream_record_source *s, const cJSON *mapping,
                            const cJSON *records, int count, int attempts,
                            const char *condition, const struct lambda_outcome *o);

#endif
