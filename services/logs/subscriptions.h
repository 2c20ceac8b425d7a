/* Subscription filters at work: the events a PutLogEvents call stores and a filter matches go to
 * its destination (a Kinesis stream, a Firehose stream, a Lambda function, or a Logs destination
 * that names one of those) in CloudWatch Logs' gzip envelope. */
#ifndef MOTOC_LOGS_SUBSCRIPTIONS_H
#define MOTOC_LOGS_SUBSCRIPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"

/* Appends to gzipped the envelope of n events of group/stream matched by filter:
 * {"messageType": "DATA_MESSAGE", "owner", "logGroup", "logStream", "subscriptionFilters",
 * "logEvents": [{"id", "timestamp", "message"}]}, gzip-compressed. */
bool subscription_payload(const char *owner, const char *group, const char *stream,
                          const char *filter, const cJSON *const *events, size_t n,
                          struct buf *gzipped);

/* A service that receives subscription deliveries: puts the envelope (data, len) into the
 * resource target_arn names, in account+region. */
typedef void (*subscription_sink)(const char *account, const char *region, const char *target_arn,
                                  const void *data, size_t len);

/* Lets the service named by service (the ARN's service part: "kinesis", "lambda", "firehose")
 * receive deliveries. */
void subscription_sink_register(const char *service, subscription_sink sink);

/* Sends what group's subscription filters make of the n events just stored in stream. */
void subscriptions_deliver(const char *account, const cJSON *group, const char *stream,
                           const cJSON *const *events, size_t n);

#endif
