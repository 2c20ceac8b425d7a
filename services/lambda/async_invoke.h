/* Asynchronous invocation (InvocationType Event, and the services that invoke functions that
 * way): queued, retried on function errors as the event invoke config says (twice by default,
 * after one and then two minutes), then sent to the OnSuccess / OnFailure destination or the
 * dead-letter queue. */
#ifndef MOTOC_LAMBDA_ASYNC_INVOKE_H
#define MOTOC_LAMBDA_ASYNC_INVOKE_H

#include <stddef.h>

struct proto_error;

/* Queues an event for the function (name or ARN, optional qualifier) of account and region.
 * 0, or -1 with err set when the function cannot be found or run. */
int async_invoke_queue(const char *account, const char *region, const char *function,
                       const char *qualifier, const char *payload, size_t len,
                       struct proto_error *err);

/* The same, the event keeping request_id (the Invoke call's own, as AWS answers it) rather
 * than a new one. */
int async_invoke_queue_as(const char *request_id, const char *account, const char *region,
                          const char *function, const char *qualifier, const char *payload,
                          size_t len, struct proto_error *err);

/* Forgets every queued event (state reset). */
void async_invoke_reset(void);

#endif
