/* ReceiveMessage with WaitTimeSeconds: the call stays open, served by the event loop, until a
 * message can be received or the wait ends; other clients are never held up by it. */
#ifndef MOTOC_SQS_LONG_POLL_H
#define MOTOC_SQS_LONG_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/backend.h"
#include "receive.h"

struct sqs_queue;


/* Defers the call until q has a message for it or wait_ms passed (then it answers no messages).
 * Takes the request's contents (r is left empty). Returns CALL_DEFERRED. */
int long_poll_start(struct call *c, struct sqs_queue *q, struct receive_request *r,
                    uint64_t wait_ms);

/* Something may have become receivable in q: its waiters look again (on the next loop turn, so
 * that no operation is re-entered). */
void long_poll_wake(struct sqs_queue *q);

/* Answers every waiter of q with no messages (the queue is going away). */
void long_poll_end_all(struct sqs_queue *q);

#endif
