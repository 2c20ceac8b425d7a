/* Message move tasks: messages of a dead-letter queue moved back to their source queues, or to
 * another queue, at a rate, by the event loop. */
#ifndef MOTOC_SQS_MOVE_TASK_H
#define MOTOC_SQS_MOVE_TASK_H

#include <stdint.h>

#include "../../http/loop.h"
#include "../core/protocol.h"

struct sqs_region;
struct sqs_queue;

struct move_task {
    struct move_task *next;
    struct sqs_region *region;
    char *handle;
    char *source_arn;
    char *destination_arn; /* NULL: each message back to the queue it was redriven from */
    int max_per_second;    /* 0 when not given */
    const char *status;    /* RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED */
    char *failure_reason;
    uint64_t moved, to_move;
    uint64_t started_ms;
    struct loop_timer timer;
};

/* Starts moving from source; *handle_out names the task. -1 with err when AWS refuses. */
int move_task_start(struct sqs_region *r, struct sqs_queue *source, const char *destination_arn,
                    int max_per_second, struct proto_error *err, const char **handle_out);
/* The task a handle names, in any region. */
struct move_task *move_task_by_handle(const char *handle);
/* Stops a running task; what it moved stays moved. */
void move_task_cancel(struct move_task *t);

/* A task loaded from a save (persistence), status one of the names above: put last in r's
 * list and, when running, resumed (on the event loop; without one it runs to its end now). */
void move_task_restore(struct sqs_region *r, struct move_task *t);

/* Tasks that read from or write to q end: q is being deleted. */
void move_tasks_forget_queue(struct sqs_region *r, struct sqs_queue *q);
void move_tasks_free_all(struct sqs_region *r);

#endif
