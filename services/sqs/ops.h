/* The SQS operations, one function each (sqs.c lists them in the operation table). */
#ifndef MOTOC_SQS_OPS_H
#define MOTOC_SQS_OPS_H

#include "../core/backend.h"

/* ops_queues.c */
int sqs_create_queue(struct call *c, const cJSON *in, cJSON *out);
int sqs_delete_queue(struct call *c, const cJSON *in, cJSON *out);
int sqs_get_queue_url(struct call *c, const cJSON *in, cJSON *out);
int sqs_list_queues(struct call *c, const cJSON *in, cJSON *out);
int sqs_purge_queue(struct call *c, const cJSON *in, cJSON *out);
int sqs_list_dead_letter_source_queues(struct call *c, const cJSON *in, cJSON *out);

/* ops_attributes.c */
int sqs_get_queue_attributes(struct call *c, const cJSON *in, cJSON *out);
int sqs_set_queue_attributes(struct call *c, const cJSON *in, cJSON *out);

/* ops_tags.c */
int sqs_tag_queue(struct call *c, const cJSON *in, cJSON *out);
int sqs_untag_queue(struct call *c, const cJSON *in, cJSON *out);
int sqs_list_queue_tags(struct call *c, const cJSON *in, cJSON *out);

/* ops_permissions.c */
int sqs_add_permission(struct call *c, const cJSON *in, cJSON *out);
int sqs_remove_permission(struct call *c, const cJSON *in, cJSON *out);

/* ops_send.c */
int sqs_send_message(struct call *c, const cJSON *in, cJSON *out);
int sqs_send_message_batch(struct call *c, const cJSON *in, cJSON *out);

/* ops_receive.c */
int sqs_receive_message(struct call *c, const cJSON *in, cJSON *out);

/* ops_delete.c */
int sqs_delete_message(struct call *c, const cJSON *in, cJSON *out);
int sqs_delete_message_batch(struct call *c, const cJSON *in, cJSON *out);
int sqs_change_message_visibility(struct call *c, const cJSON *in, cJSON *out);
int sqs_change_message_visibility_batch(struct call *c, const cJSON *in, cJSON *out);

/* ops_move_tasks.c */
int sqs_start_message_move_task(struct call *c, const cJSON *in, cJSON *out);
int sqs_list_message_move_tasks(struct call *c, const cJSON *in, cJSON *out);
int sqs_cancel_message_move_task(struct call *c, const cJSON *in, cJSON *out);

#endif
