/* Log events written by other services in process (EventBridge's CloudWatch Logs targets). */
#ifndef MOTOC_LOGS_LOG_INGEST_H
#define MOTOC_LOGS_LOG_INGEST_H

struct proto_error;

/* Writes message, stamped now, into the stream stream_name (created when missing) of the log
 * group group_arn names (with or without ":*"); metric filters and subscriptions see it as they
 * see PutLogEvents. 0, or -1 with err filled (ResourceNotFoundException). */
int logs_put_from_service(const char *group_arn, const char *stream_name, const char *message,
                          struct proto_error *err);

#endif
