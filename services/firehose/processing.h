/* The record processors of a destination's ProcessingConfiguration that motoc runs on each
 * record as it comes in: Decompression (GZIP, as CloudWatch Logs sends), CloudWatchLogProcessing
 * (DataMessageExtraction: the log events' messages, one per line), MetadataExtraction (simple
 * field paths) and AppendDelimiterToRecord. A Lambda processor runs on whole buffers when they
 * are flushed (transform.h); RecordDeAggregation is kept in the configuration but not run. */
#ifndef MOTOC_FIREHOSE_PROCESSING_H
#define MOTOC_FIREHOSE_PROCESSING_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Called with each record processing lets through; partition is NULL without dynamic
 * partitioning, else the JSON text of the record's partition keys ({"name": "value"}), or ""
 * when its keys could not be extracted. */
typedef void (*processed_record_fn)(void *ctx, const void *data, size_t len,
                                    const char *partition);

/* Runs the processors of destination (a destination's description) on one record and hands
 * each record that comes out to emit: none for a CloudWatch Logs control message once messages
 * are extracted, one per log event of a data message, else one. Without enabled processors the
 * record passes as it is. With dynamic partitioning, a MetadataExtraction query of the form
 * {name: .path.to.field, ...} gives each record its partition keys. */
void firehose_process_record(const cJSON *destination, const void *data, size_t len,
                             processed_record_fn emit, void *ctx);

/* The function of the destination's enabled Lambda processor (its LambdaArn), or NULL. */
const char *firehose_lambda_processor(const cJSON *destination);

#endif
