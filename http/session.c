#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <llhttp.h>

#include "log.h"

/* Why parsing stopped early, so the right status is sent. */
enum session_failure {
    FAIL_NONE = 0,
    FAIL_HEADERS_TOO_LARGE,
    FAIL_BODY_TOO_LARGE,
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
    enum session_failure failure;

    struct buf out;
    bool closing;

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
    return HPE_OK;
}

static int on_url(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (count_header_bytes(s, len) != HPE_OK)
        return HPE_USER;
    buf_append(&s->url, at, len);
    return HPE_OK;
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
    const char *method = llhttp_method_name((llhttp_method_t)p->method);
    snprintf(s->req.method, sizeof s->req.method, "%s", method);
    split_target(&s->req, s->url.data ? s->url.data : "", s->url.len);
    s->req.keep_alive = llhttp_should_keep_alive(p);

    if ((p->flags & F_CONTENT_LENGTH) && p->content_length > s->limits.max_body_bytes) {
        s->failure = FAIL_BODY_TOO_LARGE;
        return HPE_USER;
    }
    /* Reserving up front keeps a large known-length upload to one allocation. */
    if ((p->flags & F_CONTENT_LENGTH) && p->content_length > 0 &&
        p->content_length <= 64u * 1024 * 1024)
        buf_reserve(&s->req.body, (size_t)p->content_length);

    const char *expect = http_request_header(&s->req, "Expect");
    if (expect && strcasecmp(expect, "100-continue") == 0 && expects_body(p))
        buf_puts(&s->out, "HTTP/1.1 100 Continue\r\n\r\n");
    return HPE_OK;
}

static int on_body(llhttp_t *p, const char *at, size_t len)
{
    struct http_session *s = session_of(p);
    if (s->req.body.len + len > s->limits.max_body_bytes) {
        s->failure = FAIL_BODY_TOO_LARGE;
        return HPE_USER;
    }
    buf_append(&s->req.body, at, len);
    return HPE_OK;
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
    http_response_free(&s->resp);
    http_response_init(&s->resp);
}

static int on_message_complete(llhttp_t *p)
{
    struct http_session *s = session_of(p);
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
    s->settings.on_url = on_url;
    s->settings.on_header_field = on_header_field;
    s->settings.on_header_value = on_header_value;
    s->settings.on_header_value_complete = on_header_value_complete;
    s->settings.on_headers_complete = on_headers_complete;
    s->settings.on_body = on_body;
    s->settings.on_message_complete = on_message_complete;
    llhttp_init(&s->parser, HTTP_REQUEST, &s->settings);
    s->parser.data = s;
    http_request_init(&s->req);
    http_response_init(&s->resp);
    return s;
}

void http_session_free(struct http_session *s)
{
    if (!s)
        return;
    if (s->pending) {
        struct http_deferral *d = s->pending;
        s->pending = NULL;
        d->on_cancel(d->cancel_arg);
        free(d);
    }
    http_response_free(&s->resp);
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

static void fail_session(struct http_session *s, llhttp_errno_t err)
{
    switch (s->failure) {
    case FAIL_HEADERS_TOO_LARGE:
        write_plain_error(s, 431, "RequestHeaderSectionTooLarge",
                          "Your request header section exceeds the maximum allowed size.");
        break;
    case FAIL_BODY_TOO_LARGE:
        write_plain_error(s, 413, "EntityTooLarge",
                          "Your proposed upload exceeds the maximum allowed size.");
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
        if (s->pending) {
            buf_append(&s->held_input, data, len);
            return;
        }
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

void http_deferral_finish(struct http_deferral *d)
{
    struct http_session *s = d->session;
    free(d);
    s->pending = NULL;
    s->resp.deferral = NULL;
    send_response(s);
    /* What arrived meanwhile (pipelined requests) is parsed now, in order. */
    struct buf held = s->held_input;
    s->held_input = (struct buf)BUF_INIT;
    http_session_feed(s, held.data, held.len);
    buf_free(&held);
    if (s->notify)
        s->notify(s->notify_ctx);
}

void http_session_set_output_notify(struct http_session *s, void (*notify)(void *ctx), void *ctx)
{
    s->notify = notify;
    s->notify_ctx = ctx;
}

bool http_session_accepts_input(const struct http_session *s)
{
    return !s->pending && !s->closing;
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

struct buf *http_session_output(struct http_session *s)
{
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

static bool status_has_body(int status)
{
    return !(status < 200 || status == 204 || status == 304);
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
        unsigned long long length = resp->body.len;
        if (head_request && resp->head_content_length >= 0)
            length = (unsigned long long)resp->head_content_length;
        buf_printf(out, "Content-Length: %llu\r\n", length);
    }
    buf_puts(out, closing ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
    if (!head_request && status_has_body(resp->status))
        buf_append(out, resp->body.data, resp->body.len);
}
