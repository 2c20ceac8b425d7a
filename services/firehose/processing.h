/* The record processors of a destination's ProcessingConfiguration that motoc runs on each
 * record as it comes in: Decompression (GZIP, as CloudWatch Logs sends), CloudWatchLogProcessing
 * (DataMessageExtraction: the log events' messages, one per line) and AppendDelimiterToRecord.
 * Lambda, MetadataExtraction and RecordDeAggregation processors are kept in the configuration
 * but not run. */
#ifndef MOTOC_FIREHOSE_PROCESSING_H
#define MOTOC_FIREHOSE_PROCESSING_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Runs the processors of destination (a destination's description) on one record and hands
 * each record that comes out to emit: none for a CloudWatch Logs control message once messages
 * are extracted, one per log event of a data message, else one. Without enabled processors the
 * record passes as it is. */
void firehose_process_record(const cJSON *destination, const void *data, size_t len,
                             void (*emit)(void *ctx, const void *data, size_t len), void *ctx);

#endif
