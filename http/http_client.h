/* Outbound HTTP(S) requests that services make (SNS deliveries to HTTP subscribers, and later
 * EventBridge API destinations, Firehose HTTP endpoints, Lambda's runtime), run by the event loop:
 * connect, TLS, send, read the answer, close, never blocking another client. The answer is parsed
 * with llhttp; its status reaches the caller.
 *
 * Only local addresses (loopback, private ranges, "localhost") are reached: host names are not
 * resolved, so nothing a service sends leaves the machine. */
#ifndef MOTOC_HTTP_CLIENT_H
#define MOTOC_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct http_client_header {
    const char *name;
    const char *value;
};

/* Called once per started request: the answer's HTTP status, or 0 when none came (connection
 * refused, TLS failure, timeout, malformed answer, abort). */
typedef void (*http_client_done_fn)(void *arg, int status);

struct http_client_request {
    const char *method;                       /* "POST" … */
    const char *url;                          /* http:// or https:// and a local address */
    const struct http_client_header *headers; /* Host, Content-Length, Connection are added */
    size_t header_count;
    const char *body;
    size_t body_len;
    unsigned timeout_ms;      /* 0 = 15 s */
    const void *owner;        /* for http_client_abort_owner; any address the caller owns */
    http_client_done_fn done; /* NULL = nobody waits for the answer */
    void *done_arg;
};

/* Starts req (copied). False, without calling done, when the URL is not an http(s) URL of a local
 * address, the connection cannot even start, or there is no event loop to run it. */
bool http_client_start(const struct http_client_request *req);

/* Abandons every request of owner in progress; their done is called with 0. */
void http_client_abort_owner(const void *owner);

/* Whether http_client_start would accept the URL. */
bool http_client_url_is_local(const char *url);

#endif
