/* Fan-out: a published message to every confirmed subscriber of its topic whose filter policy
 * it passes — SQS queues through the SQS module's in-process door, HTTP(S) endpoints by POST
 * from the event loop, platform endpoints recorded — and subscription confirmations. */
#ifndef MOTOC_SNS_DELIVERY_H
#define MOTOC_SNS_DELIVERY_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "state.h"

struct publication {
    struct sns_topic *topic;
    const char *message_id;
    const char *sequence_number; /* FIFO topics */
    const char *message;
    const cJSON *structured;     /* MessageStructure=json: the parsed per-protocol messages */
    const char *subject;
    const cJSON *message_attributes;
    const char *group_id;
    const char *deduplication_id;
};

void sns_deliver(const struct publication *p);

/* Asks a new subscription to confirm: a SubscriptionConfirmation POST (HTTP/S) or message
 * (SQS queue of another account). */
void sns_request_confirmation(struct sns_subscription *s);

/* The message a protocol receives of a MessageStructure=json publication. */
const char *structured_message_for(const cJSON *structured, enum subscription_protocol protocol);

#endif
