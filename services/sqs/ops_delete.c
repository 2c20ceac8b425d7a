/* DeleteMessage and ChangeMessageVisibility, single and batched: both act on a receipt handle. */
#include <string.h>

#include "../core/params.h"
#include "batch.h"
#include "ops.h"
#include "queue.h"
#include "queue_url.h"

#define MAX_VISIBILITY_TIMEOUT 43200

static int invalid_receipt(const char *handle, struct proto_error *err)
{
    return error_fail(err, 404, "ReceiptHandleIsInvalid",
                      "The input receipt handle \"%s\" is not a valid receipt handle.",
                      handle ? handle : "");
}

/* Whether a handle still acts on m. On standard queues a handle of any earlier receive of a
 * message still there does (AWS lets an old handle succeed); a FIFO queue honours only the
 * handle of the current receive, and only while the message is in flight. */
static bool handle_acts_on(const struct sqs_queue *q, const struct sqs_message *m,
                           const struct receipt *receipt, uint64_t now)
{
    if (!q->fifo)
        return receipt->serial <= m->receipt_serial;
    return receipt->serial == m->receipt_serial && sqs_message_in_flight(m, now);
}

static int expired_receipt(const char *handle, struct proto_error *err)
{
    return error_fail_invalid_parameter_value(
        err, "Value %s for parameter ReceiptHandle is invalid. Reason: The receipt handle has "
             "expired.",
        handle);
}

/* A handle of a message already gone succeeds: deleting is idempotent. */
static int delete_one(struct sqs_queue *q, const char *handle, struct proto_error *err)
{
    struct receipt receipt;
    if (!handle || !sqs_receipt_handle_parse(handle, &receipt))
        return invalid_receipt(handle, err);
    struct sqs_message *m = sqs_queue_message(q, receipt.message_id);
    if (!m)
        return 0;
    if (!handle_acts_on(q, m, &receipt, sqs_now_ms()))
        return expired_receipt(handle, err);
    sqs_queue_delete(q, m);
    return 0;
}

static int change_visibility_one(struct sqs_queue *q, const char *handle, const cJSON *timeout,
                                 struct proto_error *err)
{
    struct receipt receipt;
    if (!handle || !sqs_receipt_handle_parse(handle, &receipt))
        return invalid_receipt(handle, err);
    long seconds = cJSON_IsNumber(timeout) ? sqs_whole_number(timeout->valuedouble) : -1;
    if (seconds < 0 || seconds > MAX_VISIBILITY_TIMEOUT)
        return error_fail_invalid_parameter_value(
            err,
            "Value %ld for parameter VisibilityTimeout is invalid. Reason: Must be "
            "between 0 and 43200, if provided.",
            seconds);
    uint64_t now = sqs_now_ms();
    struct sqs_message *m = sqs_queue_message(q, receipt.message_id);
    if (!m || receipt.serial > m->receipt_serial ||
        (q->fifo && receipt.serial != m->receipt_serial))
        return error_fail_invalid_parameter_value(
            err,
            "Value %s for parameter ReceiptHandle is invalid. Reason: Message does "
            "not exist or is not available for visibility timeout change.",
            handle);
    if (!sqs_message_in_flight(m, now))
        return error_fail(err, 400, "AWS.SimpleQueueService.MessageNotInflight",
                          "Message does not exist or is not available for visibility timeout "
                          "change.");
    /* A message stays hidden at most 12 hours from the receive that hid it. */
    if (now + (uint64_t)seconds * 1000 > m->last_receive_ms + MAX_VISIBILITY_TIMEOUT * 1000ull)
        return error_fail_invalid_parameter_value(
            err,
            "Value %ld for parameter VisibilityTimeout is invalid. Reason: Total "
            "VisibilityTimeout for the message is beyond the limit [43200 seconds]",
            seconds);
    sqs_queue_change_visibility(q, m, (int)seconds, now);
    return 0;
}

int sqs_delete_message(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    return delete_one(q, param_string(in, "ReceiptHandle"), c->err);
}

int sqs_change_message_visibility(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    return change_visibility_one(q, param_string(in, "ReceiptHandle"),
                                 cJSON_GetObjectItemCaseSensitive(in, "VisibilityTimeout"),
                                 c->err);
}

static int delete_entry(void *queue, const cJSON *entry, cJSON *result, struct proto_error *err)
{
    (void)result;
    return delete_one(queue, param_string(entry, "ReceiptHandle"), err);
}

static int change_visibility_entry(void *queue, const cJSON *entry, cJSON *result,
                                   struct proto_error *err)
{
    (void)result;
    const cJSON *timeout = cJSON_GetObjectItemCaseSensitive(entry, "VisibilityTimeout");
    cJSON *zero = timeout ? NULL : cJSON_CreateNumber(0);
    int rc = change_visibility_one(queue, param_string(entry, "ReceiptHandle"),
                                   timeout ? timeout : zero, err);
    cJSON_Delete(zero);
    return rc;
}

/* The delete and change-visibility batches: checked entries, each run on the queue. */
static int run_batch(struct call *c, const cJSON *in, const struct batch_rules *rules,
                     batch_entry_fn run, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(in, "Entries");
    if (batch_check_entries(c, entries, rules) != 0)
        return -1;
    batch_run(entries, run, q, out);
    return 0;
}

int sqs_delete_message_batch(struct call *c, const cJSON *in, cJSON *out)
{
    return run_batch(c, in, &sqs_delete_batch_rules, delete_entry, out);
}

int sqs_change_message_visibility_batch(struct call *c, const cJSON *in, cJSON *out)
{
    return run_batch(c, in, &sqs_change_visibility_batch_rules, change_visibility_entry, out);
}
