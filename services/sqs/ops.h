/* The SQS operations: one function each, listed once (sqs.c builds the table from the list). */
#ifndef MOTOC_SQS_OPS_H
#define MOTOC_SQS_OPS_H

#include "../core/backend.h"

/* Every SQS operation, sorted by name (backend.h). */
#define SQS_OPERATIONS(OP)                                                \
    OP(AddPermission, sqs_add_permission)                                 \
    OP(CancelMessageMoveTask, sqs_cancel_message_move_task)               \
    OP(ChangeMessageVisibility, sqs_change_message_visibility)            \
    OP(ChangeMessageVisibilityBatch, sqs_change_message_visibility_batch) \
    OP(CreateQueue, sqs_create_queue)                                     \
    OP(DeleteMessage, sqs_delete_message)                                 \
    OP(DeleteMessageBatch, sqs_delete_message_batch)                      \
    OP(DeleteQueue, sqs_delete_queue)                                     \
    OP(GetQueueAttributes, sqs_get_queue_attributes)                      \
    OP(GetQueueUrl, sqs_get_queue_url)                                    \
    OP(ListDeadLetterSourceQueues, sqs_list_dead_letter_source_queues)    \
    OP(ListMessageMoveTasks, sqs_list_message_move_tasks)                 \
    OP(ListQueueTags, sqs_list_queue_tags)                                \
    OP(ListQueues, sqs_list_queues)                                       \
    OP(PurgeQueue, sqs_purge_queue)                                       \
    OP(ReceiveMessage, sqs_receive_message)                               \
    OP(RemovePermission, sqs_remove_permission)                           \
    OP(SendMessage, sqs_send_message)                                     \
    OP(SendMessageBatch, sqs_send_message_batch)                          \
    OP(SetQueueAttributes, sqs_set_queue_attributes)                      \
    OP(StartMessageMoveTask, sqs_start_message_move_task)                 \
    OP(TagQueue, sqs_tag_queue)                                           \
    OP(UntagQueue, sqs_untag_queue)
SQS_OPERATIONS(OPERATION_DECLARE)

#endif
