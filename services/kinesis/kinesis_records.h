/* Records other services put into Kinesis streams in process (CloudWatch Logs subscription
 * filters, EventBridge targets), as PutRecord would. */
#ifndef MOTOC_KINESIS_RECORDS_H
#define MOTOC_KINESIS_RECORDS_H

#include <stddef.h>

struct proto_error;

/* Appends len bytes of data to the stream stream_arn names (any account and region), routed by
 * partition_key. 0, or -1 with err when there is no such stream. */
int kinesis_put_from_service(const char *stream_arn, const void *data, size_t len,
                             const char *partition_key, struct proto_error *err);

/* Called with every record a stream takes, whoever put it (Firehose reads its source streams
 * so): the stream's ARN and the data as base64. One listener; NULL removes it. */
typedef void (*kinesis_record_listener)(const char *stream_arn, const char *data_base64);
void kinesis_set_record_listener(kinesis_record_listener listener);

#endif
