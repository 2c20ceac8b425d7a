/* One HTTP/1.1 connection's protocol state on llhttp, without I/O: requests parsed (large
 * bodies spilled to the spool), handed to the handler, responses queued in order. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistd.h>

#include <llhttp.h>

#include "aws_chunked.h"
#include "log.h"
#include "spool.h"

/* Request bodies beyond this go to a spool file instead of memory. */
#define BODY_SPILL_BYTES (1024u * 1024u)
/* A file-backed response body is read into the output in slices of this size. */
#define STREAM_SLICE_BYTES (256u * 1024u)

/* Why parsing stopped early, so the right status is sent. */
enum session_failure {
    FAIL_NONE = 0,
    FAIL_HEADERS_TOO_LARGE,
    FAIL_BODY_TOO_LARGE,
    FAIL_BODY_STORAGE,
    FAIL_AWS_CHUNKED,
    FAIL_DECODED_LENGTH,
    FAIL_HTTP09,
};

struct http_session {
    llhttp_t parser;
    llhttp_settings_t settings;
    struct http_limits limits;
    http_handler_fn handler;
    void *handler_ctx;

    struct http_request req;
    struct buf url;
    struct buf field;
    struct buf value;
    size_t header_bytes;
    bool in_message;
    bool head_complete;              /* the current message's headers are all in */
    unsigned long messages_begun;    /* tells one request's head from the next one's */
    enum session_failure failure;
    const char *input_end; /* of the bytes llhttp is parsing now */

    struct buf out;
    bool closing;

    bool aws_chunked;                 /* the body is aws-chunked: decoded on the way in */
    struct aws_chunked_decoder chunked;

    /* A file-backed response body still being sent. */
    int stream_fd;
    unsigned long long stream_offset, stream_left;

    struct http_response resp;        /* the answer being built for req */
    struct http_deferral *pending;    /* resp is deferred */
    struct buf held_input;            /* bytes that arrived while an answer was deferred */
    void (*notify)(void *ctx);
    void *notify_ctx;
};

struct http_deferral {
    struct http_session *session; /* set once the handler returned */
    struct http_response *resp;
    http_cancel_fn on_cancel;
    void *cancel_arg;
};

static struct http_session *session_of(llhttp_t *p)
{
    return (struct http_session *)p->data;
}

static int count_header_bytes(struct http_session *s, size_t len)
{
    s->header_bytes += len;
    if (s->header_bytes > s->limits.max_header_bytes) {
        s->failure = FAIL_HEADERS_TOO_LARGE;
        return HPE_USER;
    }
    return HPE_OK;
}

static int on_message_begin(llhttp_t *p)
{
    struct http_session *s = session_of(p);
    http_request_free(&s->req);
    http_request_init(&s->req);
    buf_reset(&s->url);
    buf_reset(&s->field);
    buf_reset(&s->value);
    s->header_bytes = 0;
    s->in_message = true;
    s->head_complete = false;
    s->messages_begun++;
    aws_chunked_free(&s->chunked);
    aws_chunked_init(&s->chunked);
    s->aws_chunked = false;
    return HPE_OK;
}

static int on_url(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (count_header_bytes(s, len) != HPE_OK)
        return HPE_USER;
    buf_append(&s->url, at, len);
    /* A target ended by the end of the line, not by " HTTP/1.x", makes an HTTP/0.9 request
     * ("GET /"): llhttp would wait for headers that never come (it needs a byte past the line
     * to go on), so it is answered at once. A span cut by the end of the input says nothing. */
    const char *end = at + len;
    if (end < s->input_end && (*end == '\r' || *end == '\n')) {
        s->failure = FAIL_HTTP09;
        return HPE_USER;
    }
    return HPE_OK;
}

/* The method and the version count toward the header section's size like the rest of it. */
static int on_head_span(llhttp_t *p, const char *at, size_t len)
{
    (void)at;
    return count_header_bytes(session_of(p), len);
}

/* "HTTP/0.9" spelled out; nothing speaks it to AWS (on_url catches the usual "GET /" form). */
static int on_version_complete(llhttp_t *p)
{
    if (p->http_major != 0)
        return HPE_OK;
    session_of(p)->failure = FAIL_HTTP09;
    return HPE_USER;
}

static int on_header_field(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (count_header_bytes(s, len) != HPE_OK)
        return HPE_USER;
    buf_append(&s->field, at, len);
    return HPE_OK;
}

static int on_header_value(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (count_header_bytes(s, len) != HPE_OK)
        return HPE_USER;
    buf_append(&s->value, at, len);
    return HPE_OK;
}

static int on_header_value_complete(llhttp_t *p)
{
    struct http_session *s = session_of(p);
    http_headers_addn(&s->req.headers, s->field.data ? s->field.data : "", s->field.len,
                      s->value.data ? s->value.data : "", s->value.len);
    buf_reset(&s->field);
    buf_reset(&s->value);
    return HPE_OK;
}

static void split_target(struct http_request *req, const char *target, size_t len)
{
    req->target = xstrndup(target, len);
    const char *q = memchr(target, '?', len);
    if (q) {
        req->path = xstrndup(target, (size_t)(q - target));
        req->query = xstrndup(q + 1, len - (size_t)(q - target) - 1);
    } else {
        req->path = xstrndup(target, len);
        req->query = xstrdup("");
    }
}

static bool expects_body(const llhttp_t *p)
{
    return (p->flags & F_CHUNKED) || ((p->flags & F_CONTENT_LENGTH) && p->content_length > 0);
}

static int on_headers_complete(llhttp_t *p)
{
    struct http_session *s = session_of(p);
    s->head_complete = true;
    const char *method = llhttp_method_name((llhttp_method_t)p->method);
    snprintf(s->req.method, sizeof s->req.method, "%s", method);
    split_target(&s->req, s->url.data ? s->url.data : "", s->url.len);
    s->req.keep_alive = llhttp_should_keep_alive(p);

    if ((p->flags & F_CONTENT_LENGTH) && p->content_length > s->limits.max_body_bytes) {
        s->failure = FAIL_BODY_TOO_LARGE;
        return HPE_USER;
    }
    /* Reserving up front keeps a known-length body in memory to one allocation. */
    if ((p->flags & F_CONTENT_LENGTH) && p->content_length > 0 &&
        p->content_length <= BODY_SPILL_BYTES)
        buf_reserve(&s->req.body, (size_t)p->content_length);
    s->aws_chunked = request_is_aws_chunked(&s->req.headers);

    const char *expect = http_request_header(&s->req, "Expect");
    if (expect && strcasecmp(expect, "100-continue") == 0 && expects_body(p))
        buf_puts(&s->out, "HTTP/1.1 100 Continue\r\n\r\n");
    return HPE_OK;
}

/* Moves the body so far from memory to a spool file, so large uploads stay out of RAM. */
static int spill_body(struct http_request *req)
{
    int fd = spool_file_new();
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < req->body.len) {
        ssize_t n = write(fd, req->body.data + done, req->body.len - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    req->body_fd = fd;
    buf_free(&req->body);
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Where decoded body bytes go: memory, then a spool file once the body is large. */
static int store_body(void *ctx, const char *data, size_t len)
{
    struct http_session *s = ctx;
    struct http_request *req = &s->req;
    if (req->body_length + len > s->limits.max_body_bytes) {
        s->failure = FAIL_BODY_TOO_LARGE;
        return -1;
    }
    if (req->body_fd < 0 && req->body.len + len > BODY_SPILL_BYTES && spill_body(req) != 0) {
        s->failure = FAIL_BODY_STORAGE;
        return -1;
    }
    if (req->body_fd >= 0) {
        if (write_all(req->body_fd, data, len) != 0) {
            s->failure = FAIL_BODY_STORAGE;
            return -1;
        }
    } else {
        buf_append(&req->body, data, len);
    }
    req->body_length += len;
    return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (!s->aws_chunked)
        return store_body(s, at, len) == 0 ? HPE_OK : HPE_USER;
    if (aws_chunked_feed(&s->chunked, at, len, store_body, s) == 0)
        return HPE_OK;
    if (s->failure == FAIL_NONE)
        s->failure = FAIL_AWS_CHUNKED;
    return HPE_USER;
}

/* aws-chunked framing is undone by its decoder; only plain chunks mark the sender's writes. */
static int on_chunk_complete(llhttp_t *p)
{
    struct http_session *s = session_of(p);
    struct http_request *req = &s->req;
    unsigned long long last = req->n_chunk_ends ? req->chunk_ends[req->n_chunk_ends - 1] : 0;
    if (s->aws_chunked || req->body_length == last)
        return HPE_OK;
    if (req->n_chunk_ends == HTTP_MAX_CHUNK_ENDS) {
        req->chunk_ends[req->n_chunk_ends - 1] = req->body_length;
        return HPE_OK;
    }
    /* Doubling from a small start keeps the array near what the body really has. */
    size_t n = req->n_chunk_ends;
    if (n >= 16 && (n & (n - 1)) == 0)
        req->chunk_ends = xrealloc(req->chunk_ends, 2 * n * sizeof *req->chunk_ends);
    else if (n == 0)
        req->chunk_ends = xmalloc(16 * sizeof *req->chunk_ends);
    req->chunk_ends[req->n_chunk_ends++] = req->body_length;
    return HPE_OK;
}

/* "aws-chunked" is transport framing, not the object's encoding: what remains is stored. */
static void strip_aws_chunked_encoding(struct http_headers *h)
{
    const char *value = http_headers_get(h, "Content-Encoding");
    if (!value)
        return;
    struct buf kept = BUF_INIT;
    for (const char *p = value; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        size_t trimmed = n;
        while (trimmed > 0 && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed > 0 && !(trimmed == 11 && strncasecmp(p, "aws-chunked", 11) == 0)) {
            if (kept.len)
                buf_puts(&kept, ",");
            buf_append(&kept, p, trimmed);
        }
        p += n;
    }
    if (kept.len)
        http_headers_set(h, "Content-Encoding", kept.data);
    else
        http_headers_remove(h, "Content-Encoding");
    buf_free(&kept);
}

/* Completes an aws-chunked body: its trailers join the headers, its decoded length is checked. */
static int finish_aws_chunked(struct http_session *s)
{
    if (aws_chunked_finish(&s->chunked) != 0) {
        s->failure = FAIL_AWS_CHUNKED;
        return -1;
    }
    const struct http_headers *t = &s->chunked.trailers;
    for (size_t i = 0; i < t->count; i++)
        http_headers_set(&s->req.headers, t->items[i].name, t->items[i].value);
    strip_aws_chunked_encoding(&s->req.headers);
    const char *declared = http_request_header(&s->req, "x-amz-decoded-content-length");
    if (declared && strtoull(declared, NULL, 10) != s->req.body_length) {
        s->failure = FAIL_DECODED_LENGTH;
        return -1;
    }
    return 0;
}

static bool status_has_body(int status)
{
    return !(status < 200 || status == 204 || status == 304);
}

static bool is_head(const struct http_request *req)
{
    return strcmp(req->method, "HEAD") == 0;
}

/* Serializes s->resp for the current request and readies it for the next one. */
static void send_response(struct http_session *s)
{
    const char *conn = http_headers_get(&s->resp.headers, "Connection");
    if (!s->req.keep_alive || (conn && strcasecmp(conn, "close") == 0))
        s->closing = true;
    http_response_serialize(&s->resp, is_head(&s->req), s->closing, &s->out);
    if (s->resp.body_fd >= 0 && !is_head(&s->req) && status_has_body(s->resp.status) &&
        s->resp.body_length > 0) {
        /* The file is sent slice by slice as the output drains (http_session_output). */
        s->stream_fd = s->resp.body_fd;
        s->stream_offset = s->resp.body_offset;
        s->stream_left = s->resp.body_length;
        s->resp.body_fd = -1;
    }
    http_response_free(&s->resp);
    http_response_init(&s->resp);
}

static int on_message_complete(llhttp_t *p)
{
    struct http_session *s = session_of(p);
    if (s->aws_chunked && finish_aws_chunked(s) != 0)
        return HPE_USER;
    s->handler(s->handler_ctx, &s->req, &s->resp);
    s->in_message = false;
    if (s->resp.deferral) {
        s->pending = s->resp.deferral;
        s->pending->session = s;
        return HPE_PAUSED;
    }
    send_response(s);
    /* One request at a time: the next one is parsed only after this answer is queued. */
    return HPE_PAUSED;
}

struct http_deferral *http_defer(struct http_response *resp, http_cancel_fn on_cancel, void *arg)
{
    struct http_deferral *d = xcalloc(1, sizeof *d);
    d->resp = resp;
    d->on_cancel = on_cancel;
    d->cancel_arg = arg;
    resp->deferral = d;
    return d;
}

struct http_response *http_deferral_response(struct http_deferral *d)
{
    return d->resp;
}

struct http_session *http_session_new(const struct http_limits *limits, http_handler_fn handler,
                                      void *handler_ctx)
{
    struct http_session *s = xcalloc(1, sizeof *s);
    s->limits = *limits;
    s->handler = handler;
    s->handler_ctx = handler_ctx;
    llhttp_settings_init(&s->settings);
    s->settings.on_message_begin = on_message_begin;
    s->settings.on_method = on_head_span;
    s->settings.on_url = on_url;
    s->settings.on_version = on_head_span;
    s->settings.on_version_complete = on_version_complete;
    s->settings.on_header_field = on_header_field;
    s->settings.on_header_value = on_header_value;
    s->settings.on_header_value_complete = on_header_value_complete;
    s->settings.on_headers_complete = on_headers_complete;
    s->settings.on_body = on_body;
    s->settings.on_chunk_complete = on_chunk_complete;
    s->settings.on_message_complete = on_message_complete;
    llhttp_init(&s->parser, HTTP_REQUEST, &s->settings);
    s->parser.data = s;
    http_request_init(&s->req);
    http_response_init(&s->resp);
    aws_chunked_init(&s->chunked);
    s->stream_fd = -1;
    return s;
}

void http_session_cancel_deferred(struct http_session *s)
{
    if (!s->pending)
        return;
    struct http_deferral *d = s->pending;
    s->pending = NULL;
    d->on_cancel(d->cancel_arg);
    free(d);
}

void http_session_free(struct http_session *s)
{
    if (!s)
        return;
    http_session_cancel_deferred(s);
    http_response_free(&s->resp);
    aws_chunked_free(&s->chunked);
    if (s->stream_fd >= 0)
        close(s->stream_fd);
    buf_free(&s->held_input);
    http_request_free(&s->req);
    buf_free(&s->url);
    buf_free(&s->field);
    buf_free(&s->value);
    buf_free(&s->out);
    free(s);
}

static void write_plain_error(struct http_session *s, int status, const char *code,
                              const char *message)
{
    struct http_response resp;
    http_response_init(&resp);
    struct buf body = BUF_INIT;
    buf_printf(&body,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<Error><Code>%s</Code><Message>%s</Message></Error>",
               code, message);
    http_response_set_body(&resp, status, "application/xml", body.data, body.len);
    buf_free(&body);
    s->closing = true;
    http_response_serialize(&resp, false, true, &s->out);
    http_response_free(&resp);
}

/* llhttp hands a span of the head over when it ends or when a read ends. When llhttp stops at a
 * bad byte inside a span of the head or the trailers, the part before it counts toward the size
 * as it would have had a read ended there: which error a request gets must not depend on how its
 * bytes were cut into reads. The open span's start is in _span_pos0 (llhttp.h has no accessor;
 * llhttp moves it to the start of each read). */
static void count_unfinished_span(struct http_session *s)
{
    const char *start = s->parser._span_pos0;
    const char *stop = llhttp_get_error_pos(&s->parser);
    if (s->failure != FAIL_NONE || !start || !stop || stop < start)
        return;
    if (s->head_complete && !(s->parser.flags & F_TRAILING))
        return;
    count_header_bytes(s, (size_t)(stop - start));
}

static void fail_session(struct http_session *s, llhttp_errno_t err)
{
    count_unfinished_span(s);
    switch (s->failure) {
    case FAIL_HEADERS_TOO_LARGE:
        write_plain_error(s, 431, "RequestHeaderSectionTooLarge",
                          "Your request header section exceeds the maximum allowed size.");
        break;
    case FAIL_BODY_TOO_LARGE:
        write_plain_error(s, 413, "EntityTooLarge",
                          "Your proposed upload exceeds the maximum allowed size.");
        break;
    case FAIL_BODY_STORAGE:
        write_plain_error(s, 500, "InternalError",
                          "motoc could not store the request body (spool directory).");
        break;
    case FAIL_AWS_CHUNKED:
        write_plain_error(s, 400, "IncompleteBody",
                          "The request body is not valid aws-chunked encoding.");
        break;
    case FAIL_DECODED_LENGTH:
        write_plain_error(s, 400, "IncompleteBody",
                          "You did not provide the number of bytes specified by the "
                          "x-amz-decoded-content-length HTTP header.");
        break;
    case FAIL_HTTP09:
        write_plain_error(s, 400, "BadRequest",
                          "HTTP/0.9 requests are not supported; send HTTP/1.1.");
        break;
    case FAIL_NONE:
        log_msg(LOG_INFO, "malformed request: %s (%s)", llhttp_errno_name(err),
                llhttp_get_error_reason(&s->parser) ? llhttp_get_error_reason(&s->parser) : "");
        write_plain_error(s, 400, "BadRequest", "The HTTP request could not be parsed.");
        break;
    }
    s->in_message = false;
}

void http_session_feed(struct http_session *s, const char *data, size_t len)
{
    while (len > 0 && !s->closing) {
        if (s->pending || s->stream_fd >= 0) {
            buf_append(&s->held_input, data, len);
            return;
        }
        s->input_end = data + len;
        llhttp_errno_t err = llhttp_execute(&s->parser, data, len);
        if (err == HPE_OK)
            return;
        if (err == HPE_PAUSED) {
            const char *stop = llhttp_get_error_pos(&s->parser);
            llhttp_resume(&s->parser);
            size_t used = stop ? (size_t)(stop - data) : len;
            data += used;
            len -= used;
            continue;
        }
        if (err == HPE_PAUSED_UPGRADE) {
            /* CONNECT or an Upgrade request was answered as a plain request; motoc does not
             * switch protocols on this connection, so it ends here. */
            s->closing = true;
            return;
        }
        fail_session(s, err);
        return;
    }
}

bool http_session_answer_deferred(const struct http_session *s)
{
    return s->pending != NULL;
}

bool http_session_accepts_input(const struct http_session *s)
{
    return !s->pending && !s->closing && s->stream_fd < 0;
}

/* What arrived while an answer was deferred or a file was being sent (pipelined requests) is
 * parsed now, in order. */
static void resume_held_input(struct http_session *s)
{
    if (!http_session_accepts_input(s) || s->held_input.len == 0)
        return;
    struct buf held = s->held_input;
    s->held_input = (struct buf)BUF_INIT;
    http_session_feed(s, held.data, held.len);
    buf_free(&held);
}

void http_deferral_finish(struct http_deferral *d)
{
    struct http_session *s = d->session;
    free(d);
    s->pending = NULL;
    s->resp.deferral = NULL;
    send_response(s);
    resume_held_input(s);
    if (s->notify)
        s->notify(s->notify_ctx);
}

void http_session_set_output_notify(struct http_session *s, void (*notify)(void *ctx), void *ctx)
{
    s->notify = notify;
    s->notify_ctx = ctx;
}

void http_session_eof(struct http_session *s)
{
    if (s->closing)
        return;
    /* A body that ends at EOF (no length given) completes here; anything else half-sent is
     * dropped by closing. */
    llhttp_errno_t err = llhttp_finish(&s->parser);
    (void)err;
    s->closing = true;
}

/* Tops the output up from a file-backed body, so memory holds a slice of it, never all. */
static void stream_file_body(struct http_session *s)
{
    if (s->stream_fd < 0 || s->out.len >= STREAM_SLICE_BYTES)
        return;
    size_t want = s->stream_left < STREAM_SLICE_BYTES ? (size_t)s->stream_left : STREAM_SLICE_BYTES;
    buf_reserve(&s->out, want);
    ssize_t n = pread(s->stream_fd, s->out.data + s->out.len, want, (off_t)s->stream_offset);
    if (n <= 0) {
        /* The length was promised already: the only honest end is to close the connection. */
        log_msg(LOG_ERROR, "a response body file ended early; closing the connection");
        s->closing = true;
        s->stream_left = 0;
    } else {
        s->out.len += (size_t)n;
        s->out.data[s->out.len] = '\0';
        s->stream_offset += (unsigned long long)n;
        s->stream_left -= (unsigned long long)n;
    }
    if (s->stream_left == 0) {
        close(s->stream_fd);
        s->stream_fd = -1;
        resume_held_input(s);
    }
}

struct buf *http_session_output(struct http_session *s)
{
    stream_file_body(s);
    return &s->out;
}

bool http_session_closing(const struct http_session *s)
{
    return s->closing;
}

bool http_session_mid_request(const struct http_session *s)
{
    return s->in_message;
}

bool http_session_reading_body(const struct http_session *s)
{
    return s->in_message && s->head_complete;
}

unsigned long http_session_requests_begun(const struct http_session *s)
{
    return s->messages_begun;
}

void http_session_time_out(struct http_session *s, int status, const char *message)
{
    if (s->closing)
        return;
    write_plain_error(s, status, "RequestTimeout", message);
    s->in_message = false;
}

void http_response_serialize(const struct http_response *resp, bool head_request, bool closing,
                             struct buf *out)
{
    buf_printf(out, "HTTP/1.1 %d %s\r\n", resp->status, http_status_reason(resp->status));
    for (size_t i = 0; i < resp->headers.count; i++) {
        const struct http_header *h = &resp->headers.items[i];
        if (strcasecmp(h->name, "Content-Length") == 0 || strcasecmp(h->name, "Connection") == 0)
            continue;
        buf_printf(out, "%s: %s\r\n", h->name, h->value);
    }
    if (status_has_body(resp->status)) {
        unsigned long long length = resp->body_fd >= 0 ? resp->body_length : resp->body.len;
        if (head_request && resp->head_content_length >= 0)
            length = (unsigned long long)resp->head_content_length;
        buf_printf(out, "Content-Length: %llu\r\n", length);
    }
    buf_puts(out, closing ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
    if (!head_request && status_has_body(resp->status))
        buf_append(out, resp->body.data, resp->body.len);
}
