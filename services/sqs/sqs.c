/* The SQS backend: its operation table and its state's lifecycle. */
#include "sqs.h"

#include <stddef.h>

#include "ops.h"
#include "persist.h"
#include "region.h"

/* Sorted by name. */
static const struct operation_entry sqs_operations[] = {
    {"AddPermission", sqs_add_permission},
    {"CancelMessageMoveTask", sqs_cancel_message_move_task},
    {"ChangeMessageVisibility", sqs_change_message_visibility},
    {"ChangeMessageVisibilityBatch", sqs_change_message_visibility_batch},
    {"CreateQueue", sqs_create_queue},
    {"DeleteMessage", sqs_delete_message},
    {"DeleteMessageBatch", sqs_delete_message_batch},
    {"DeleteQueue", sqs_delete_queue},
    {"GetQueueAttributes", sqs_get_queue_attributes},
    {"GetQueueUrl", sqs_get_queue_url},
    {"ListDeadLetterSourceQueues", sqs_list_dead_letter_source_queues},
    {"ListMessageMoveTasks", sqs_list_message_move_tasks},
    {"ListQueueTags", sqs_list_queue_tags},
    {"ListQueues", sqs_list_queues},
    {"PurgeQueue", sqs_purge_queue},
    {"ReceiveMessage", sqs_receive_message},
    {"RemovePermission", sqs_remove_permission},
    {"SendMessage", sqs_send_message},
    {"SendMessageBatch", sqs_send_message_batch},
    {"SetQueueAttributes", sqs_set_queue_attributes},
    {"StartMessageMoveTask", sqs_start_message_move_task},
    {"TagQueue", sqs_tag_queue},
    {"UntagQueue", sqs_untag_queue},
    {NULL, NULL},
};

const struct service_backend sqs_backend = {
    .service = "sqs",
    .validation = VALIDATE_MISSING_PARAMETER,
    .operations = sqs_operations,
    .reset = sqs_regions_reset,
    .state_json = sqs_regions_json,
    .persistence = &sqs_persistence,
};
