/* One HTTP/1.1 connection's protocol state, without any I/O: bytes in, requests handled, bytes out.
 * The socket layer (server.c) drives it, through a TLS session for HTTPS; tests feed it
 * directly. */
#ifndef MOTOC_SESSION_H
#define MOTOC_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"

struct http_limits {
    size_t max_header_bytes;          /* request line + header section; beyond → 431 */
    unsigned long long max_body_bytes; /* beyond → 413 */
};

#define HTTP_DEFAULT_MAX_HEADER_BYTES (64u * 1024u)
#define HTTP_DEFAULT_MAX_BODY_BYTES (5ull * 1024 * 1024 * 1024)

/* Answers one request. resp arrives initialised (status 200, no headers, empty body). */
typedef void (*http_handler_fn)(void *ctx, struct http_request *req, struct http_response *resp);

struct http_session;

struct http_session *http_session_new(const struct http_limits *limits, http_handler_fn handler,
                                      void *handler_ctx);
void http_session_free(struct http_session *s);

/* Parses data, answering every request it completes. Input after a response that closes the
 * connection is ignored. */
void http_session_feed(struct http_session *s, const char *data, size_t len);
/* The peer will send nothing more: a request cut short is dropped without an answer. */
void http_session_eof(struct http_session *s);

/* Bytes waiting to be written; the caller consumes what it wrote (buf_consume) and asks again:
 * a file-backed response body is read in slice by slice as the output drains. */
struct buf *http_session_output(struct http_session *s);
/* True once a response said the connection ends: close after the output is written. */
bool http_session_closing(const struct http_session *s);
/* True while a request is partly received (idle timeouts treat such a peer as stuck). */
bool http_session_mid_request(const struct http_session *s);
/* True while a request's headers are in and its body is still arriving. */
bool http_session_reading_body(const struct http_session *s);
/* How many requests have begun on this connection; a new value means a new request. */
unsigned long http_session_requests_begun(const struct http_session *s);
/* The request in progress took too long to arrive: answers status with an AWS-style
 * RequestTimeout error and closes the connection after it. */
void http_session_time_out(struct http_session *s, int status, const char *message);

/* ---- answers that come later (SQS long polling) ----
 * A handler that cannot answer yet calls http_defer(resp, …) and returns. The session keeps the
 * request and resp alive and parses nothing further on that connection until the answer is given
 * with http_deferral_finish(), after the caller filled resp. If the connection goes away first,
 * on_cancel(arg) is called instead (and the deferral is gone). */
typedef void (*http_cancel_fn)(void *arg);
struct http_deferral *http_defer(struct http_response *resp, http_cancel_fn on_cancel, void *arg);
struct http_response *http_deferral_response(struct http_deferral *d);
void http_deferral_finish(struct http_deferral *d);

/* The connection owner learns here that output appeared outside http_session_feed (a deferred
 * answer was given). */
void http_session_set_output_notify(struct http_session *s, void (*notify)(void *ctx), void *ctx);
/* False while an answer is deferred or a file body is being sent: the owner should stop
 * reading (input is held back). */
bool http_session_accepts_input(const struct http_session *s);
/* True while the client waits for a deferred answer (a long poll): no idle timeout applies, and
 * a client that hangs up cancels it. */
bool http_session_answer_deferred(const struct http_session *s);
/* The client is gone: a deferred answer's owner is told now (on_cancel), not when the session
 * is freed, so that nothing answers into the closed connection meanwhile. */
void http_session_cancel_deferred(struct http_session *s);

/* Writes a complete response (status line, headers, Content-Length, body) to out. */
void http_response_serialize(const struct http_response *resp, bool head_request, bool closing,
                             struct buf *out);

#endif
