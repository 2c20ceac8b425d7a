/* The Amazon Kinesis Firehose operations: one function each, listed once
 * (firehose.c builds the table from the list). */
#ifndef MOTOC_FIREHOSE_OPS_H
#define MOTOC_FIREHOSE_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(firehose_create_delivery_stream) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define FIREHOSE_OPERATIONS(OP)                                                  \
    OP(CreateDeliveryStream, firehose_create_delivery_stream)                    \
    OP(DeleteDeliveryStream, firehose_delete_delivery_stream)                    \
    OP(DescribeDeliveryStream, firehose_describe_delivery_stream)                \
    OP(ListDeliveryStreams, firehose_list_delivery_streams)                      \
    OP(ListTagsForDeliveryStream, firehose_list_tags_for_delivery_stream)        \
    OP(PutRecord, firehose_put_record)                                           \
    OP(PutRecordBatch, firehose_put_record_batch)                                \
    OP(StartDeliveryStreamEncryption, firehose_start_delivery_stream_encryption) \
    OP(StopDeliveryStreamEncryption, firehose_stop_delivery_stream_encryption)   \
    OP(TagDeliveryStream, firehose_tag_delivery_stream)                          \
    OP(UntagDeliveryStream, firehose_untag_delivery_stream)                      \
    OP(UpdateDestination, firehose_update_destination)
FIREHOSE_OPERATIONS(OPERATION_DECLARE)

#endif
