/* Running an operation of any backend in process, with a params tree instead of an HTTP
 * request: for services that call other services on a user's behalf (EventBridge Scheduler's
 * universal targets). */
#ifndef MOTOC_INVOKE_H
#define MOTOC_INVOKE_H

#include <cjson/cJSON.h>

struct proto_error;

/* Runs operation (the model's name, "SendMessage") of service (botocore's name, "sqs") as
 * account calling in region, with params checked against the model as a request's would be.
 * 0 with *result (owned by the caller), or -1 with err: the operation's own error,
 * ValidationException for params the model refuses, UnknownOperationException when the service
 * has no such operation, NotYetImplemented when motoc does not answer it. An operation that
 * would answer later (a long poll) is cancelled and fails. */
int core_invoke(const char *service, const char *operation, const char *account,
                const char *region, const cJSON *params, cJSON **result, struct proto_error *err);

#endif
