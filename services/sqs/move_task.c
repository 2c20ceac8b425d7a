/* Message move tasks: started, stepped at their rate by an event loop timer, found by handle,
 * cancelled, and forgotten with their queues. */
#include "move_task.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/codec_util.h"
#include "../core/request_id.h"
#include "queue.h"
#include "region.h"

#define STEP_INTERVAL_MS 1000

static bool is_running(const struct move_task *t)
{
    return strcmp(t->status, "RUNNING") == 0;
}

static void finish(struct move_task *t, const char *status, const char *failure_reason)
{
    t->status = status;
    if (failure_reason && !t->failure_reason)
        t->failure_reason = xstrdup(failure_reason);
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &t->timer);
}

static struct sqs_queue *destination_of(const struct move_task *t, const struct sqs_message *m)
{
    return sqs_queue_by_arn(t->destination_arn ? t->destination_arn : m->dead_letter_source_arn);
}

/* Moves up to limit visible messages (0: all of them); false when the task ended. */
static bool move_some(struct move_task *t, uint64_t limit)
{
    struct sqs_queue *source = sqs_queue_by_arn(t->source_arn);
    if (!source) {
        finish(t, "FAILED", "AWS.SimpleQueueService.NonExistentQueue");
        return false;
    }
    uint64_t now = sqs_now_ms();
    sqs_queue_expire(source, now);
    uint64_t n = 0;
    struct sqs_message *m = source->head;
    while (m && t->moved < t->to_move && (limit == 0 || n < limit)) {
        struct sqs_message *next = m->next;
        if (m->visible_at_ms <= now) {
            struct sqs_queue *dst = destination_of(t, m);
            if (!dst || dst == source) {
                finish(t, "FAILED", "AWS.SimpleQueueService.NonExistentQueue");
                return false;
            }
            sqs_queue_move(source, m, dst, false, now);
            t->moved++;
            n++;
        }
        m = next;
    }
    bool more = t->moved < t->to_move && m != NULL;
    if (!more)
        finish(t, "COMPLETED", NULL);
    return more;
}

static void step(struct loop_timer *timer)
{
    struct move_task *t = (struct move_task *)((char *)timer - offsetof(struct move_task, timer));
    if (is_running(t) && move_some(t, (uint64_t)t->max_per_second))
        loop_timer_start(loop_current(), &t->timer, STEP_INTERVAL_MS, step);
}

static char *new_handle(const char *source_arn)
{
    char id[37];
    uuid_new(id);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "taskId", id);
    cJSON_AddStringToObject(doc, "sourceArn", source_arn);
    char *json = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    struct buf handle = BUF_INIT;
    base64_encode(json, strlen(json), &handle);
    free(json);
    return buf_take(&handle);
}

int move_task_start(struct sqs_region *r, struct sqs_queue *source, const char *destination_arn,
                    int max_per_second, struct proto_error *err, const char **handle_out)
{
    for (struct move_task *t = r->move_tasks; t; t = t->next) {
        if (is_running(t) && strcmp(t->source_arn, source->arn) == 0)
            return error_fail_invalid_parameter_value(
                err, "There is already a task running. Only one active task is allowed "
                     "for a source queue arn at a given time.");
    }
    struct move_task *t = xcalloc(1, sizeof *t);
    t->region = r;
    t->handle = new_handle(source->arn);
    t->source_arn = xstrdup(source->arn);
    t->destination_arn = destination_arn ? xstrdup(destination_arn) : NULL;
    t->max_per_second = max_per_second;
    t->status = "RUNNING";
    t->started_ms = sqs_now_ms();
    t->to_move = sqs_queue_counts(source, t->started_ms).visible;
    t->next = r->move_tasks;
    r->move_tasks = t;
    *handle_out = t->handle;
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_start(loop, &t->timer, 0, step);
    else
        while (move_some(t, 0))
            ;
    return 0;
}

void move_task_restore(struct sqs_region *r, struct move_task *t)
{
    t->region = r;
    t->next = NULL;
    struct move_task **tail = &r->move_tasks;
    while (*tail)
        tail = &(*tail)->next;
    *tail = t;
    if (!is_running(t))
        return;
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_start(loop, &t->timer, 0, step);
    else
        while (move_some(t, 0))
            ;
}

struct move_task *move_task_by_handle(const char *handle)
{
    struct buf json = BUF_INIT;
    struct move_task *found = NULL;
    if (base64_decode(handle, strlen(handle), &json) && json.data) {
        cJSON *doc = cJSON_ParseWithLength(json.data, json.len);
        struct arn arn;
        const char *source = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "sourceArn"));
        struct sqs_region *r =
            source && arn_parse(source, &arn) ? sqs_region_find(arn.account, arn.region) : NULL;
        for (struct move_task *t = r ? r->move_tasks : NULL; t && !found; t = t->next)
            if (strcmp(t->handle, handle) == 0)
                found = t;
        cJSON_Delete(doc);
    }
    buf_free(&json);
    return found;
}

void move_task_cancel(struct move_task *t)
{
    if (is_running(t))
        finish(t, "CANCELLED", NULL);
}

void move_tasks_forget_queue(struct sqs_region *r, struct sqs_queue *q)
{
    for (struct move_task *t = r->move_tasks; t; t = t->next)
        if (is_running(t) && (strcmp(t->source_arn, q->arn) == 0 ||
                              (t->destination_arn && strcmp(t->destination_arn, q->arn) == 0)))
            finish(t, "FAILED", "AWS.SimpleQueueService.NonExistentQueue");
}

void move_tasks_free_all(struct sqs_region *r)
{
    struct event_loop *loop = loop_current();
    while (r->move_tasks) {
        struct move_task *t = r->move_tasks;
        r->move_tasks = t->next;
        if (loop)
            loop_timer_stop(loop, &t->timer);
        free(t->handle);
        free(t->source_arn);
        free(t->destination_arn);
        free(t->failure_reason);
        free(t);
    }
}
