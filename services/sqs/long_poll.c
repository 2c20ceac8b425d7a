/* Long polls of ReceiveMessage: waiters kept per queue and answered by the event loop when a
 * message arrives or the wait times out. */
#include "long_poll.h"

#include <stddef.h>
#include <stdlib.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../lambda/event_sources.h"
#include "queue.h"

struct sqs_waiter {
    struct sqs_waiter *prev, *next; /* the queue's waiters, oldest first */
    struct sqs_queue *queue;
    struct pending_call *pending;
    struct loop_timer timer;
    uint64_t deadline_ms; /* sqs clock */
    struct receive_request request;
};

static void unlink_waiter(struct sqs_waiter *w)
{
    struct sqs_queue *q = w->queue;
    if (w->prev)
        w->prev->next = w->next;
    else
        q->waiters_head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        q->waiters_tail = w->prev;
    w->prev = w->next = NULL;
}

static void free_waiter(struct sqs_waiter *w)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &w->timer);
    unlink_waiter(w);
    receive_request_clear(&w->request);
    free(w);
}

static void answer(struct sqs_waiter *w, cJSON *result)
{
    struct pending_call *pending = w->pending;
    free_waiter(w);
    pending_call_answer(pending, result);
}

/* The client went away: forget the waiter. */
static void waiter_cancelled(void *arg)
{
    free_waiter(arg);
}

static void waiter_check(struct loop_timer *t);

static void arm(struct sqs_waiter *w, uint64_t now_ms)
{
    uint64_t due = sqs_queue_next_visible_ms(w->queue, now_ms);
    if (due > w->deadline_ms)
        due = w->deadline_ms;
    loop_timer_start(loop_current(), &w->timer, due > now_ms ? due - now_ms : 0, waiter_check);
}

static void waiter_check(struct loop_timer *t)
{
    struct sqs_waiter *w = (struct sqs_waiter *)((char *)t - offsetof(struct sqs_waiter, timer));
    cJSON *result = cJSON_CreateObject();
    size_t received = receive_into(w->queue, &w->request, result);
    uint64_t now = sqs_now_ms();
    if (received > 0 || now >= w->deadline_ms) {
        answer(w, result);
        return;
    }
    cJSON_Delete(result);
    arm(w, now);
}

int long_poll_start(struct call *c, struct sqs_queue *q, struct receive_request *r,
                    uint64_t wait_ms)
{
    struct sqs_waiter *w = xcalloc(1, sizeof *w);
    w->queue = q;
    w->request = *r;
    *r = (struct receive_request){0};
    uint64_t now = sqs_now_ms();
    w->deadline_ms = now + wait_ms;
    w->prev = q->waiters_tail;
    if (q->waiters_tail)
        q->waiters_tail->next = w;
    else
        q->waiters_head = w;
    q->waiters_tail = w;
    w->pending = call_defer(c, waiter_cancelled, w);
    arm(w, now);
    return CALL_DEFERRED;
}

void long_poll_wake(struct sqs_queue *q)
{
    struct event_loop *loop = loop_current();
    if (!loop)
        return;
    lambda_sqs_receivable(q->arn);
    for (struct sqs_waiter *w = q->waiters_head; w; w = w->next)
        loop_timer_start(loop, &w->timer, 0, waiter_check);
}

void long_poll_end_all(struct sqs_queue *q)
{
    while (q->waiters_head)
        answer(q->waiters_head, cJSON_CreateObject());
}
