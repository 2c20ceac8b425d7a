/* What Invoke and InvokeWithResponseStream check alike before a function runs. */
#ifndef MOTOC_LAMBDA_INVOKE_REQUEST_H
#define MOTOC_LAMBDA_INVOKE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/backend.h"
#include "executor.h"
#include "invoke_spec.h"

/* Lambda's payload limit for synchronous calls. */
#define MAX_SYNC_INVOKE_PAYLOAD 6291456u

/* The request's payload as bytes (JSON text; "{}" when empty), checked as Lambda checks it:
 * 0, or -1 after call_fail. */
int invoke_payload_bytes(struct call *c, const cJSON *in, size_t limit, const char *operation,
                         struct buf *out);
/* X-Amz-Client-Context: base64 of a JSON object, into out decoded (left empty when absent):
 * 0, or -1 after call_fail. */
int invoke_client_context(struct call *c, const cJSON *in, struct buf *out);
/* Reserved concurrency caps the function's calls in flight (0 turns the function off): true
 * after call_fail when the call is over it. */
bool invoke_throttled(struct call *c, const cJSON *in, const struct invoke_spec *spec);

/* A call waiting for its function's answer. */
struct waiting_invocation {
    struct pending_call *pending;
    struct lambda_invocation *inv;
    bool tail;
    char executed_version[32];
};
/* call_defer's cancel for a waiting invocation: the caller is gone, the function's answer goes
 * nowhere. */
void waiting_invocation_cancelled(void *arg);
/* When motoc could not run the function (o names a service error): fails the waiting call with
 * it, frees w and answers true. */
bool waiting_invocation_failed(struct waiting_invocation *w, const struct lambda_outcome *o);

#endif
