/* Queue attributes as CreateQueue, SetQueueAttributes and GetQueueAttributes see them: names,
 * string values, AWS's validation. */
#ifndef MOTOC_SQS_QUEUE_ATTRIBUTES_H
#define MOTOC_SQS_QUEUE_ATTRIBUTES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/protocol.h"

struct sqs_queue;

/* Checks every attribute of the map (names, values, what the queue type allows) and only then
 * applies them all; -1 with err and q unchanged when one is refused. creating admits FifoQueue. */
int queue_attributes_apply(struct sqs_queue *q, const cJSON *attributes, bool creating,
                           struct proto_error *err);

/* Adds the attributes names asks for ("All" for every one) to out, as strings. -1 with err for
 * a name SQS does not know. */
int queue_attributes_get(struct sqs_queue *q, const cJSON *names, cJSON *out,
                         struct proto_error *err);

/* The value GetQueueAttributes reports (owned by the caller), NULL when q has none. */
char *queue_attribute_value(struct sqs_queue *q, const char *name);

/* Whether a CreateQueue of the FifoQueue attribute's value asks for a FIFO queue; -1 with err
 * when the value is not a boolean. */
int queue_attributes_fifo_requested(const cJSON *attributes, struct proto_error *err);

#endif
