/* Queue URLs: the form AWS hands out, and every form clients send back in QueueUrl
 * (https://sqs.<region>.amazonaws.com/<account>/<name>, the legacy queue.amazonaws.com and
 * <region>.queue.amazonaws.com hosts, local endpoints such as http://localhost:4566/<account>/<name>). */
#ifndef MOTOC_SQS_QUEUE_URL_H
#define MOTOC_SQS_QUEUE_URL_H

#include <stdbool.h>

#include "../core/backend.h"

struct sqs_queue;

struct queue_address {
    char account[16]; /* "" when the URL names none */
    char region[32];  /* "" when the host names none */
    char name[128];
};

/* Splits a QueueUrl; false when it names no queue at all. */
bool queue_url_parse(const char *url, struct queue_address *out);

/* The queue a QueueUrl names for this call (its account and region unless the URL says
 * otherwise), or NULL after failing the call with QueueDoesNotExist. */
struct sqs_queue *queue_for_url(struct call *c, const char *url);

/* Fails the call with QueueDoesNotExist, worded as each protocol words it. */
int fail_no_such_queue(struct call *c);

#endif
