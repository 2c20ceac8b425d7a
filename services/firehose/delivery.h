/* Delivering what delivery streams buffer: to S3 (ExtendedS3/S3 destinations, objects written
 * into motoc's S3 in process) and to HTTP endpoints (loopback and private addresses), when the
 * buffer reaches its BufferingHints size or its interval runs out. Other destination types
 * accept records and never deliver them. Also where records come in from Kinesis source
 * streams. */
#ifndef MOTOC_FIREHOSE_DELIVERY_H
#define MOTOC_FIREHOSE_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "state.h"

/* Takes a record into the stream: buffers it when the destination delivers, then flushes when
 * the buffer is full, else makes sure the interval timer runs. */
void firehose_delivery_accept(struct firehose_stream *s, const void *data, size_t len);

/* Starts the interval timer if records wait and an event loop runs (after a load). */
void firehose_delivery_arm(struct firehose_stream *s);
/* Starts the timers of records loaded before the event loop ran, once one runs (called on
 * every Firehose call). */
void firehose_delivery_resume(void);
/* Delivers every buffered record now. */
void firehose_delivery_flush(struct firehose_stream *s);
/* Stops the stream's timer (the stream is going away). */
void firehose_delivery_cancel(struct firehose_stream *s);

/* Delivers records a Lambda processor returned (transform.h) to the stream's destination. */
void firehose_deliver_transformed(struct firehose_stream *s, const struct firehose_record *records,
                                  size_t n);
/* Writes failures (objects with data (base64), arrival, errorCode, errorMessage and optionally
 * lambdaArn) as one JSON document per line to the stream's S3 error output under error_type
 * ("processing-failed", "http-endpoint-failed"). */
void firehose_back_up_failed(const struct firehose_stream *s, const cJSON *failures,
                             const char *error_type);

/* Makes Kinesis streams tell Firehose about every record they take (once). */
void firehose_delivery_listen(void);

#endif
