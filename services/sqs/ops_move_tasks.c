/* StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask. */
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "move_task.h"
#include "ops.h"
#include "queue.h"
#include "region.h"

#define MAX_MOVE_RATE 500
#define MAX_LISTED_TASKS 10

struct dead_letter_check {
    const char *arn;
    bool is_target;
};

static void check_target(struct sqs_queue *q, void *arg)
{
    struct dead_letter_check *check = arg;
    if (q->dead_letter_target_arn && strcmp(q->dead_letter_target_arn, check->arn) == 0)
        check->is_target = true;
}

static bool is_dead_letter_queue(const struct sqs_queue *q)
{
    struct dead_letter_check check = {q->arn, false};
    sqs_each_queue(check_target, &check);
    return check.is_target;
}

int sqs_start_message_move_task(struct call *c, const cJSON *in, cJSON *out)
{
    const char *source_arn = param_string(in, "SourceArn");
    const char *destination_arn = param_string(in, "DestinationArn");
    struct sqs_queue *source = sqs_queue_by_arn(source_arn);
    if (!source)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The resource that you specified for the SourceArn parameter doesn't "
                         "exist.");
    if (!is_dead_letter_queue(source))
        return call_fail_invalid_parameter_value(
            c, "Source queue must be configured as a Dead Letter Queue.");
    if (destination_arn && !sqs_queue_by_arn(destination_arn))
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The resource that you specified for the DestinationArn parameter "
                         "doesn't exist.");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(in, "MaxNumberOfMessagesPerSecond");
    long per_second = rate ? (long)param_int(in, "MaxNumberOfMessagesPerSecond", 0) : 0;
    if (rate && (per_second < 1 || per_second > MAX_MOVE_RATE))
        return call_fail_invalid_parameter_value(
            c,
            "Value %ld for parameter MaxNumberOfMessagesPerSecond is invalid. "
            "Reason: Must be between 1 and 500.",
            per_second);
    const char *handle;
    if (move_task_start(source->region, source, destination_arn, (int)per_second, c->err,
                        &handle) != 0)
        return -1;
    cJSON_AddStringToObject(out, "TaskHandle", handle);
    return 0;
}

static cJSON *task_entry(const struct move_task *t)
{
    cJSON *e = cJSON_CreateObject();
    if (strcmp(t->status, "RUNNING") == 0)
        cJSON_AddStringToObject(e, "TaskHandle", t->handle);
    cJSON_AddStringToObject(e, "Status", t->status);
    cJSON_AddStringToObject(e, "SourceArn", t->source_arn);
    if (t->destination_arn)
        cJSON_AddStringToObject(e, "DestinationArn", t->destination_arn);
    if (t->max_per_second)
        cJSON_AddNumberToObject(e, "MaxNumberOfMessagesPerSecond", t->max_per_second);
    cJSON_AddNumberToObject(e, "ApproximateNumberOfMessagesMoved", (double)t->moved);
    cJSON_AddNumberToObject(e, "ApproximateNumberOfMessagesToMove", (double)t->to_move);
    if (t->failure_reason)
        cJSON_AddStringToObject(e, "FailureReason", t->failure_reason);
    cJSON_AddNumberToObject(e, "StartedTimestamp", (double)t->started_ms);
    return e;
}

int sqs_list_message_move_tasks(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *source = sqs_queue_by_arn(param_string(in, "SourceArn"));
    if (!source)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The resource that you specified for the SourceArn parameter doesn't "
                         "exist.");
    long max;
    if (page_size_read(in, "MaxResults", 1, MAX_LISTED_TASKS, 1, &max) != 0)
        return call_fail_invalid_parameter_value(
            c,
            "Value %ld for parameter MaxResults is invalid. Reason: Must be between "
            "1 and 10.",
            max);
    cJSON *results = cJSON_AddArrayToObject(out, "Results");
    long n = 0;
    for (const struct move_task *t = source->region->move_tasks; t && n < max; t = t->next) {
        if (strcmp(t->source_arn, source->arn) != 0)
            continue;
        cJSON_AddItemToArray(results, task_entry(t));
        n++;
    }
    return 0;
}

int sqs_cancel_message_move_task(struct call *c, const cJSON *in, cJSON *out)
{
    const char *handle = param_string(in, "TaskHandle");
    struct move_task *t = handle ? move_task_by_handle(handle) : NULL;
    if (!t || strcmp(t->status, "RUNNING") != 0)
        return call_fail(c, 404, "ResourceNotFoundException", "Task does not exist.");
    move_task_cancel(t);
    cJSON_AddNumberToObject(out, "ApproximateNumberOfMessagesMoved", (double)t->moved);
    return 0;
}
