/* Firehose's Lambda data transformation: a flushed buffer goes to the processor's function in
 * batches of at most TRANSFORM_BATCH_BYTES, as {invocationId, deliveryStreamArn, region,
 * records: [{recordId, approximateArrivalTimestamp, data}]}; the function answers each recordId
 * with a result. Ok records (their data replaced by the function's) go on to the destination,
 * Dropped ones nowhere, and ProcessingFailed ones, like every record of a batch the function
 * failed on, to the S3 error output as "processing-failed". */
#ifndef MOTOC_FIREHOSE_TRANSFORM_H
#define MOTOC_FIREHOSE_TRANSFORM_H

#include <stddef.h>

#include "state.h"

/* Hands records [0, n) (copied) to function; delivery follows once it answers. */
void firehose_transform(const struct firehose_stream *s, const char *function,
                        const struct firehose_record *records, size_t n);

#endif
