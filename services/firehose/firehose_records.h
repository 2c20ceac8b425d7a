/* Records other services put into delivery streams in process (CloudWatch Logs subscription
 * filters, EventBridge targets), as PutRecord would. */
#ifndef MOTOC_FIREHOSE_RECORDS_H
#define MOTOC_FIREHOSE_RECORDS_H

#include <stddef.h>

struct proto_error;

/* Takes len bytes of data into the delivery stream stream_arn names (any account and region).
 * 0, or -1 with err when there is no such stream. */
int firehose_put_from_service(const char *stream_arn, const void *data, size_t len,
                              struct proto_error *err);

#endif
