/* Whatever a client sends as HTTP/1.1 (llhttp, chunked and aws-chunked bodies, pipelining,
 * deferred answers, size limits): the requests handed on must be consistent, and the answers
 * must not depend on how the bytes are cut into reads. The first five bytes set the limits, the
 * answering mode and two cut positions; the rest is the stream. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
    bool defer;                     /* answer every request later, as long polls do */
    struct http_deferral *pending;
    struct buf output;              /* everything the session wrote, in order */
};

static void check_request(const struct http_request *req)
{
    if (!req->method[0] || !req->target || !req->path || !req->query)
        abort();
    if (req->body_fd < 0 && req->body.len != req->body_length)
        abort();
    if (req->n_chunk_ends > HTTP_MAX_CHUNK_ENDS)
        abort();
    for (size_t i = 0; i < req->n_chunk_ends; i++) {
        unsigned long long end = req->chunk_ends[i];
        if (end > req->body_length || (i && end <= req->chunk_ends[i - 1]))
            abort();
    }
    for (size_t i = 0; i < req->headers.count; i++)
        if (!req->headers.items[i].name || !req->headers.items[i].value)
            abort();
}

/* The answer shows what was parsed, so two runs that parsed differently answer differently. */
static void answer(const struct http_request *req, struct http_response *resp)
{
    struct buf body = BUF_INIT;
    buf_printf(&body, "%s %s ? %s headers=%zu body=%llu chunks=%zu ", req->method, req->path,
               req->query, req->headers.count, req->body_length, req->n_chunk_ends);
    buf_append(&body, req->body.data, req->body.len);
    http_response_set_body(resp, 200, "text/plain", body.data, body.len);
    buf_free(&body);
}

static void never_cancelled(void *arg)
{
    (void)arg;
    abort(); /* every deferral is finished before the session ends */
}

static void handle(void *ctx, struct http_request *req, struct http_response *resp)
{
    struct run *run = ctx;
    check_request(req);
    answer(req, resp);
    if (run->defer)
        run->pending = http_defer(resp, never_cancelled, NULL);
}

static void drain(struct http_session *s, struct run *run)
{
    struct buf *out = http_session_output(s);
    if (out->len && strncmp(out->data, "HTTP/1.1 ", out->len < 9 ? out->len : 9) != 0)
        abort();
    buf_append(&run->output, out->data, out->len);
    buf_consume(out, out->len);
}

/* Finishing a deferral parses the input held meanwhile, which may defer the next request. */
static void finish_deferred(struct http_session *s, struct run *run)
{
    while (run->pending) {
        struct http_deferral *d = run->pending;
        run->pending = NULL;
        http_deferral_finish(d);
        drain(s, run);
    }
}

static void feed(const struct http_limits *limits, struct run *run, const char *input, size_t len,
                 const size_t cuts[2])
{
    struct http_session *s = http_session_new(limits, handle, run);
    size_t at = 0;
    for (int i = 0; i <= 2; i++) {
        size_t end = i < 2 ? cuts[i] : len;
        http_session_feed(s, input + at, end - at);
        drain(s, run);
        finish_deferred(s, run);
        at = end;
    }
    http_session_eof(s);
    drain(s, run);
    finish_deferred(s, run);
    http_session_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    struct http_limits limits = {
        .max_header_bytes = 64 + (size_t)data[1] * 64,
        .max_body_bytes =
            data[2] == 0xff ? HTTP_DEFAULT_MAX_BODY_BYTES : (unsigned long long)data[2] * 8,
    };
    bool defer = data[0] & 1;
    const char *input = (const char *)data + 5;
    size_t len = size - 5;
    size_t cuts[2] = {data[3] % (len + 1), data[4] % (len + 1)};
    if (cuts[0] > cuts[1]) {
        size_t t = cuts[0];
        cuts[0] = cuts[1];
        cuts[1] = t;
    }
    const size_t uncut[2] = {len, len};

    struct run whole = {.defer = defer, .output = BUF_INIT};
    struct run split = {.defer = defer, .output = BUF_INIT};
    feed(&limits, &whole, input, len, uncut);
    feed(&limits, &split, input, len, cuts);
    if (whole.output.len != split.output.len ||
        (whole.output.len && memcmp(whole.output.data, split.output.data, whole.output.len) != 0))
        abort();
    buf_free(&whole.output);
    buf_free(&split.output);
    return 0;
}
