/* One invocation of a function for another service that waits for what the function answers
 * (Secrets Manager's rotation steps): no retries, destinations or dead-letter queue; the caller
 * decides what a failure means. */
#ifndef MOTOC_LAMBDA_INVOKE_FUNCTION_H
#define MOTOC_LAMBDA_INVOKE_FUNCTION_H

#include <stdbool.h>
#include <stddef.h>

#include "executor.h"

struct proto_error;

/* Whether account+region has the function (name, partial or full ARN, optional ":qualifier"). */
bool lambda_function_exists(const char *account, const char *region, const char *function);

/* Runs the function (as above; qualifier may be NULL) of account+region once with payload (JSON
 * text) and calls done with the outcome, from the event loop and never within this call.
 * Returns the invocation (lambda_invocation_abandon it when no longer waiting), or NULL with err
 * set when the function cannot be found or run. */
struct lambda_invocation *lambda_invoke_function(const char *account, const char *region,
                                                 const char *function, const char *qualifier,
                                                 const char *payload, size_t len,
                                                 lambda_done_fn done, void *arg,
                                                 struct proto_error *err);

#endif
