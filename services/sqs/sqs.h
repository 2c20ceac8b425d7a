/* The SQS service: its backend for the core, and the door other services (SNS) deliver through —
 * in process, never over HTTP. */
#ifndef MOTOC_SQS_H
#define MOTOC_SQS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

extern const struct service_backend sqs_backend;

/* A message another service sends to a queue. */
struct sqs_delivery {
    const char *body;
    const cJSON *message_attributes; /* SQS MessageAttributes form, NULL if none */
    const char *group_id;            /* used by FIFO queues only */
    const char *deduplication_id;    /* used by FIFO queues only */
    const char *sender_id;
};

/* Sends to the queue queue_arn names (any account and region) as SendMessage would. 0, or -1
 * with err when there is no such queue or it refuses the message. */
int sqs_deliver(const char *queue_arn, const struct sqs_delivery *d, struct proto_error *err);

#endif
