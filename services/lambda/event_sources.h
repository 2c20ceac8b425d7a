/* Event source mappings: Lambda reading a queue or a stream and invoking a function with
 * batches of what it reads: SQS queues here, Kinesis and DynamoDB streams in stream_sources.h. */
#ifndef MOTOC_LAMBDA_EVENT_SOURCES_H
#define MOTOC_LAMBDA_EVENT_SOURCES_H

/* SQS has messages ready on the queue queue_arn: its mappings poll on the next loop turn. */
void lambda_sqs_receivable(const char *queue_arn);

/* Starts the pollers of every enabled mapping (state loaded before the loop ran). */
void lambda_event_sources_resume(void);

/* Stops every poller (state reset). */
void lambda_event_sources_reset(void);

#endif
