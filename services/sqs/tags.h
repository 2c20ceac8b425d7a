/* Queue tags: AWS's limits on keys, values and count. */
#ifndef MOTOC_SQS_TAGS_H
#define MOTOC_SQS_TAGS_H

#include <cjson/cJSON.h>

#include "../core/protocol.h"

struct sqs_queue;

/* Adds tags (an object of strings) to q's, or fails with err and changes nothing. */
int queue_tags_add(struct sqs_queue *q, const cJSON *tags, struct proto_error *err);

#endif
