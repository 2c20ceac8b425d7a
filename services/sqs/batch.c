/* SQS's answers to malformed batches (batch.h). */
#include "batch.h"

static int refuse_batch(struct call *c, const struct batch_rules *rules, enum batch_problem problem,
                        const char *id, int count)
{
    switch (problem) {
    case BATCH_EMPTY:
        return call_fail(c, 400, "AWS.SimpleQueueService.EmptyBatchRequest",
                         "There should be at least one %s in the request.", rules->entry_name);
    case BATCH_TOO_MANY:
        return call_fail(c, 400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                         "Maximum number of entries per request are %d. You have sent %d.",
                         rules->max_entries, count);
    case BATCH_ID_INVALID:
        return call_fail(c, 400, "AWS.SimpleQueueService.InvalidBatchEntryId",
                         "A batch entry id can only contain alphanumeric characters, hyphens "
                         "and underscores. It can be at most %d letters long.",
                         BATCH_ENTRY_ID_MAX);
    case BATCH_IDS_NOT_DISTINCT:
        break;
    }
    return call_fail(c, 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id %s repeated.",
                     id);
}

const struct batch_rules sqs_send_batch_rules = {SQS_MAX_BATCH_ENTRIES,
                                                 "SendMessageBatchRequestEntry", refuse_batch};
const struct batch_rules sqs_delete_batch_rules = {SQS_MAX_BATCH_ENTRIES,
                                                   "DeleteMessageBatchRequestEntry", refuse_batch};
const struct batch_rules sqs_change_visibility_batch_rules = {
    SQS_MAX_BATCH_ENTRIES, "ChangeMessageVisibilityBatchRequestEntry", refuse_batch};
