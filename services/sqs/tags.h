/* Queue tags: the kit's tag sets with SQS's rules and messages. */
#ifndef MOTOC_SQS_TAGS_H
#define MOTOC_SQS_TAGS_H

#include <cjson/cJSON.h>

#include "../core/protocol.h"

struct sqs_queue;

/* Adds tags (SQS's map of key to value) to q's, or fails with err and changes nothing. */
int queue_tags_add(struct sqs_queue *q, const cJSON *tags, struct proto_error *err);

#endif
