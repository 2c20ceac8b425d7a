/* Event source mappings of Kinesis streams and DynamoDB streams: each shard read in order
 * through the stream service's own operations, one batch at a time (or one per lane of
 * ParallelizationFactor, each key's records in order). */
#ifndef MOTOC_LAMBDA_STREAM_SOURCES_H
#define MOTOC_LAMBDA_STREAM_SOURCES_H

/* Starts (or wakes) the readers of the stream mapping uuid. */
void lambda_stream_source_watch(const char *uuid, const char *account, const char *region);

/* Records were added to the stream stream_arn (Kinesis or DynamoDB): its mappings read at once
 * rather than on their next idle poll. Cheap when nothing reads the stream. */
void lambda_stream_records_added(const char *stream_arn);

/* Stops every reader (state reset). */
void lambda_stream_sources_reset(void);

#endif
