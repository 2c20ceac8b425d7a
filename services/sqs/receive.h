/* ReceiveMessage's work, shared by the operation and the long polls that answer it later. */
#ifndef MOTOC_SQS_RECEIVE_H
#define MOTOC_SQS_RECEIVE_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct sqs_queue;

struct receive_request {
    int max_messages;
    int visibility_timeout;
    cJSON *system_attribute_names;  /* owned array of names, NULL if none asked for */
    cJSON *message_attribute_names; /* owned array of names / "prefix.*", NULL if none */
};

/* Receives what the request allows from q into out (a ReceiveMessage result: "Messages" is added
 * only when there are some). Returns how many messages were received. */
size_t receive_into(struct sqs_queue *q, const struct receive_request *r, cJSON *out);

void receive_request_clear(struct receive_request *r);

#endif
