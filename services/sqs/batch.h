/* SQS's batch errors: the kit's batch checks (core/batch.h) answered the SQS way, per entry
 * shape. */
#ifndef MOTOC_SQS_BATCH_H
#define MOTOC_SQS_BATCH_H

#include "../core/batch.h"

#define SQS_MAX_BATCH_ENTRIES 10

extern const struct batch_rules sqs_send_batch_rules;
extern const struct batch_rules sqs_delete_batch_rules;
extern const struct batch_rules sqs_change_visibility_batch_rules;

#endif
