/* The Amazon Kinesis operations: one function each, listed once
 * (kinesis.c builds the table from the list). */
#ifndef MOTOC_KINESIS_OPS_H
#define MOTOC_KINESIS_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(kinesis_add_tags_to_stream) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define KINESIS_OPERATIONS(OP)                                                  \
    OP(AddTagsToStream, kinesis_add_tags_to_stream)                             \
    OP(CreateStream, kinesis_create_stream)                                     \
    OP(DecreaseStreamRetentionPeriod, kinesis_decrease_stream_retention_period) \
    OP(DeleteResourcePolicy, kinesis_delete_resource_policy)                    \
    OP(DeleteStream, kinesis_delete_stream)                                     \
    OP(DeregisterStreamConsumer, kinesis_deregister_stream_consumer)            \
    OP(DescribeAccountSettings, operation_not_yet_implemented)                  \
    OP(DescribeLimits, kinesis_describe_limits)                                 \
    OP(DescribeStream, kinesis_describe_stream)                                 \
    OP(DescribeStreamConsumer, kinesis_describe_stream_consumer)                \
    OP(DescribeStreamSummary, kinesis_describe_stream_summary)                  \
    OP(DisableEnhancedMonitoring, kinesis_disable_enhanced_monitoring)          \
    OP(EnableEnhancedMonitoring, kinesis_enable_enhanced_monitoring)            \
    OP(GetRecords, kinesis_get_records)                                         \
    OP(GetResourcePolicy, kinesis_get_resource_policy)                          \
    OP(GetShardIterator, kinesis_get_shard_iterator)                            \
    OP(IncreaseStreamRetentionPeriod, kinesis_increase_stream_retention_period) \
    OP(ListShards, kinesis_list_shards)                                         \
    OP(ListStreamConsumers, kinesis_list_stream_consumers)                      \
    OP(ListStreams, kinesis_list_streams)                                       \
    OP(ListTagsForResource, kinesis_list_tags_for_resource)                     \
    OP(ListTagsForStream, kinesis_list_tags_for_stream)                         \
    OP(MergeShards, kinesis_merge_shards)                                       \
    OP(PutRecord, kinesis_put_record)                                           \
    OP(PutRecords, kinesis_put_records)                                         \
    OP(PutResourcePolicy, kinesis_put_resource_policy)                          \
    OP(RegisterStreamConsumer, kinesis_register_stream_consumer)                \
    OP(RemoveTagsFromStream, kinesis_remove_tags_from_stream)                   \
    OP(SplitShard, kinesis_split_shard)                                         \
    OP(StartStreamEncryption, kinesis_start_stream_encryption)                  \
    OP(StopStreamEncryption, kinesis_stop_stream_encryption)                    \
    OP(SubscribeToShard, kinesis_subscribe_to_shard)                            \
    OP(TagResource, kinesis_tag_resource)                                       \
    OP(UntagResource, kinesis_untag_resource)                                   \
    OP(UpdateAccountSettings, operation_not_yet_implemented)                    \
    OP(UpdateMaxRecordSize, operation_not_yet_implemented)                      \
    OP(UpdateShardCount, kinesis_update_shard_count)                            \
    OP(UpdateStreamMode, kinesis_update_stream_mode)                            \
    OP(UpdateStreamWarmThroughput, operation_not_yet_implemented)
KINESIS_OPERATIONS(OPERATION_DECLARE)

#endif
