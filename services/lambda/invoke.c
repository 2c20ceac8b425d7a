/* Invoke: RequestResponse answers when the function has (the call stays open meanwhile, served by
 * the event loop), Event queues the call and answers 202 at once, DryRun only checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/codec_util.h"
#include "../core/params.h"
#include "async_invoke.h"
#include "executor.h"
#include "functions.h"
#include "invoke_request.h"
#include "invoke_spec.h"
#include "ops.h"
#include "state.h"

/* Lambda's payload limit for events queued for later. */
#define MAX_ASYNC_PAYLOAD 1048576u

void waiting_invocation_cancelled(void *arg)
{
    struct waiting_invocation *w = arg;
    lambda_invocation_abandon(w->inv);
    free(w);
}

bool waiting_invocation_failed(struct waiting_invocation *w, const struct lambda_outcome *o)
{
    if (!o->error_code)
        return false;
    pending_call_fail(w->pending, o->error_status, o->error_code, "%s", o->error_message);
    free(w);
    return true;
}

static void invoke_done(void *arg, const struct lambda_outcome *o)
{
    struct waiting_invocation *w = arg;
    if (waiting_invocation_failed(w, o))
        return;
    cJSON *result = cJSON_CreateObject();
    cJSON_AddNumberToObject(result, "StatusCode", 200);
    struct buf b64 = {0};
    base64_encode(o->payload, o->payload_len, &b64);
    cJSON_AddStringToObject(result, "Payload", b64.data ? b64.data : "");
    buf_reset(&b64);
    if (o->function_error)
        cJSON_AddStringToObject(result, "FunctionError", o->function_error);
    if (w->tail) {
        base64_encode(o->log_tail, strlen(o->log_tail), &b64);
        cJSON_AddStringToObject(result, "LogResult", b64.data ? b64.data : "");
    }
    buf_free(&b64);
    cJSON_AddStringToObject(result, "ExecutedVersion", w->executed_version);
    pending_call_answer(w->pending, result);
    free(w);
}

int invoke_payload_bytes(struct call *c, const cJSON *in, size_t limit, const char *operation,
                         struct buf *out)
{
    const char *b64 = param_string(in, "Payload");
    if (b64 && !base64_decode(b64, strlen(b64), out))
        return call_fail(c, 400, "InvalidRequestContentException",
                         "Could not parse request body into json: invalid payload encoding");
    if (out->len > limit)
        return call_fail(c, 413, "RequestTooLargeException",
                         "Request must be smaller than %zu bytes for the %s operation", limit,
                         operation);
    if (out->len == 0) {
        buf_puts(out, "{}");
        return 0;
    }
    cJSON *doc = cJSON_ParseWithLength(out->data, out->len);
    if (!doc)
        return call_fail(c, 400, "InvalidRequestContentException",
                         "Could not parse request body into json: Could not parse payload into "
                         "json: Unexpected character: was expecting a JSON value");
    cJSON_Delete(doc);
    return 0;
}

int invoke_client_context(struct call *c, const cJSON *in, struct buf *out)
{
    const char *b64 = param_string(in, "ClientContext");
    if (!b64)
        return 0;
    cJSON *doc = json_from_base64(b64);
    if (!doc)
        return call_fail(c, 400, "InvalidRequestContentException",
                         "Client context must be a valid Base64-encoded JSON object.");
    char *text = cJSON_PrintUnformatted(doc);
    buf_puts(out, text);
    free(text);
    cJSON_Delete(doc);
    return 0;
}

bool invoke_throttled(struct call *c, const cJSON *in, const struct invoke_spec *spec)
{
    struct lambda_name n;
    if (!lambda_name_parse(param_string(in, "FunctionName"), c->route->account, c->route->region,
                           &n))
        return false;
    const cJSON *f = lambda_function_find(lambda_region_find(n.account, n.region), n.name);
    const cJSON *reserved = cJSON_GetObjectItemCaseSensitive(f, "_concurrency");
    if (!cJSON_IsNumber(reserved) ||
        lambda_in_flight(spec->run.function_arn) < (unsigned)reserved->valuedouble)
        return false;
    call_fail_fields(c, 429, "TooManyRequestsException", "Rate Exceeded.", "Reason",
                     "ReservedFunctionConcurrentInvocationLimitExceeded", NULL);
    return true;
}

OPERATION(lambda_invoke)
{
    (void)out;
    const char *type = param_string(in, "InvocationType");
    type = type ? type : "RequestResponse";
    bool is_event = strcmp(type, "Event") == 0;
    const cJSON *version = lambda_version_resolve(c->route->account, c->route->region,
                                                  param_string(in, "FunctionName"),
                                                  param_string(in, "Qualifier"), c->err);
    if (!version)
        return -1;
    struct buf payload = {0}, context = {0};
    if (invoke_payload_bytes(c, in, is_event ? MAX_ASYNC_PAYLOAD : MAX_SYNC_INVOKE_PAYLOAD,
                      is_event ? "InvokeAsync" : "InvokeFunction", &payload) != 0 ||
        invoke_client_context(c, in, &context) != 0) {
        buf_free(&payload);
        buf_free(&context);
        return -1;
    }
    struct invoke_spec spec;
    int rc = invoke_spec_from_version(c->route->account, c->route->region, version,
                                      param_string(in, "FunctionName"),
                                      param_string(in, "Qualifier"), &spec, c->err);
    if (rc == 0 && strcmp(type, "DryRun") == 0) {
        cJSON_AddNumberToObject(out, "StatusCode", 204);
    } else if (rc == 0 && is_event) {
        rc = async_invoke_queue_as(c->request_id, c->route->account, c->route->region,
                                   param_string(in, "FunctionName"),
                                   param_string(in, "Qualifier"), payload.data, payload.len,
                                   c->err);
        if (rc == 0)
            cJSON_AddNumberToObject(out, "StatusCode", 202);
    } else if (rc == 0 && !call_can_defer(c)) {
        rc = call_fail(c, 500, "ServiceException",
                       "motoc runs functions only for calls that can wait for them");
    } else if (rc == 0 && invoke_throttled(c, in, &spec)) {
        rc = -1;
    } else if (rc == 0) {
        struct waiting_invocation *w = xcalloc(1, sizeof *w);
        const char *tail = param_string(in, "LogType");
        w->tail = tail && strcmp(tail, "Tail") == 0;
        snprintf(w->executed_version, sizeof w->executed_version, "%s", spec.run.version);
        /* The function's request id is the one Invoke answers with, as in AWS. */
        spec.run.request_id = c->request_id;
        w->inv = lambda_run(&spec.run, payload.data, payload.len, context.data, invoke_done, w,
                               c->err);
        if (!w->inv) {
            free(w);
            rc = -1;
        } else {
            w->pending = call_defer(c, waiting_invocation_cancelled, w);
            rc = CALL_DEFERRED;
        }
    }
    invoke_spec_clear(&spec);
    buf_free(&payload);
    buf_free(&context);
    return rc;
}
