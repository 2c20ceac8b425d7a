/* InvokeWithResponseStream: the function's answer as an event stream, PayloadChunk events as the
 * function wrote it, then one InvokeComplete with its error and log tail. Errors before the
 * function runs are plain errors, as for Invoke. motoc sends the stream once the function has
 * finished: its HTTP layer answers whole bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/codec_util.h"
#include "../core/event_stream.h"
#include "../core/params.h"
#include "executor.h"
#include "functions.h"
#include "invoke_request.h"
#include "invoke_spec.h"
#include "ops.h"

/* Event stream decoders refuse messages over 16 MB, so a larger write goes as several events. */
#define MAX_CHUNK_EVENT_BYTES (8u * 1024 * 1024)

static void append_chunk(struct buf *out, const char *bytes, size_t len)
{
    while (len > 0) {
        size_t n = len < MAX_CHUNK_EVENT_BYTES ? len : MAX_CHUNK_EVENT_BYTES;
        event_stream_append_event(out, "PayloadChunk", "application/octet-stream", bytes, n);
        bytes += n;
        len -= n;
    }
}

/* A streamed answer keeps the function's writes apart; one given at once is a single chunk,
 * and a failed one has none (its error is in InvokeComplete). */
static void append_payload(struct buf *out, const struct lambda_outcome *o)
{
    const struct lambda_stream *s = o->stream;
    if (!s) {
        if (!o->function_error)
            append_chunk(out, o->payload, o->payload_len);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < s->n_chunks; i++) {
        size_t end = (size_t)s->chunk_ends[i];
        if (end <= start || end > s->len)
            continue;
        append_chunk(out, s->bytes + start, end - start);
        start = end;
    }
    append_chunk(out, s->bytes + start, s->len - start);
}

static void append_complete(struct buf *out, const struct lambda_outcome *o, bool tail)
{
    cJSON *complete = cJSON_CreateObject();
    if (o->function_error) {
        cJSON *doc = cJSON_ParseWithLength(o->payload, o->payload_len);
        const char *type = param_string(doc, "errorType");
        const char *message = param_string(doc, "errorMessage");
        cJSON_AddStringToObject(complete, "ErrorCode", type ? type : o->function_error);
        if (message) {
            cJSON_AddStringToObject(complete, "ErrorDetails", message);
        } else {
            char *text = xstrndup(o->payload, o->payload_len);
            cJSON_AddStringToObject(complete, "ErrorDetails", text);
            free(text);
        }
        cJSON_Delete(doc);
    }
    if (tail) {
        struct buf b64 = BUF_INIT;
        base64_encode(o->log_tail, strlen(o->log_tail), &b64);
        cJSON_AddStringToObject(complete, "LogResult", b64.data ? b64.data : "");
        buf_free(&b64);
    }
    char *text = cJSON_PrintUnformatted(complete);
    cJSON_Delete(complete);
    event_stream_append_event(out, "InvokeComplete", "application/json", text, strlen(text));
    free(text);
}

static void stream_done(void *arg, const struct lambda_outcome *o)
{
    struct waiting_invocation *w = arg;
    if (waiting_invocation_failed(w, o))
        return;
    struct buf body = BUF_INIT;
    append_payload(&body, o);
    append_complete(&body, o, w->tail);
    cJSON *result = cJSON_CreateObject();
    cJSON_AddNumberToObject(result, "StatusCode", 200);
    cJSON_AddStringToObject(result, "ExecutedVersion", w->executed_version);
    cJSON_AddStringToObject(result, "ResponseStreamContentType",
                            "application/vnd.amazon.eventstream");
    pending_call_answer_with_body(w->pending, result, &body);
    buf_free(&body);
    free(w);
}

static int run_streamed(struct call *c, const cJSON *in, struct invoke_spec *spec,
                        const struct buf *payload, const struct buf *context)
{
    if (!call_can_defer(c))
        return call_fail(c, 500, "ServiceException",
                         "motoc runs functions only for calls that can wait for them");
    if (invoke_throttled(c, in, spec))
        return -1;
    struct waiting_invocation *w = xcalloc(1, sizeof *w);
    const char *log_type = param_string(in, "LogType");
    w->tail = log_type && strcmp(log_type, "Tail") == 0;
    snprintf(w->executed_version, sizeof w->executed_version, "%s", spec->run.version);
    spec->run.request_id = c->request_id;
    w->inv = lambda_run(&spec->run, payload->data, payload->len, context->data, stream_done, w,
                        c->err);
    if (!w->inv) {
        free(w);
        return -1;
    }
    w->pending = call_defer(c, waiting_invocation_cancelled, w);
    return CALL_DEFERRED;
}

OPERATION(lambda_invoke_with_response_stream)
{
    const char *type = param_string(in, "InvocationType");
    const cJSON *version = lambda_version_resolve(c->route->account, c->route->region,
                                                  param_string(in, "FunctionName"),
                                                  param_string(in, "Qualifier"), c->err);
    if (!version)
        return -1;
    struct buf payload = BUF_INIT, context = BUF_INIT;
    if (invoke_payload_bytes(c, in, MAX_SYNC_INVOKE_PAYLOAD, "InvokeWithResponseStream",
                             &payload) != 0 ||
        invoke_client_context(c, in, &context) != 0) {
        buf_free(&payload);
        buf_free(&context);
        return -1;
    }
    struct invoke_spec spec;
    int rc = invoke_spec_from_version(c->route->account, c->route->region, version,
                                      param_string(in, "FunctionName"),
                                      param_string(in, "Qualifier"), &spec, c->err);
    if (rc == 0 && type && strcmp(type, "DryRun") == 0)
        cJSON_AddNumberToObject(out, "StatusCode", 204);
    else if (rc == 0)
        rc = run_streamed(c, in, &spec, &payload, &context);
    invoke_spec_clear(&spec);
    buf_free(&payload);
    buf_free(&context);
    return rc;
}
