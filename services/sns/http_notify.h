/* Fire-and-forget HTTP(S) POSTs to subscribers, from the event loop: connect, send, read the
 * answer, close; never blocking another client. Only local addresses (loopback, private ranges,
 * localhost) are posted to, so nothing leaves the machine. */
#ifndef MOTOC_SNS_HTTP_NOTIFY_H
#define MOTOC_SNS_HTTP_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

struct http_notify_header {
    const char *name;
    const char *value;
};

/* Starts a POST of body to url with the headers given (Host, Content-Length and Connection are
 * added). False when the URL is not an http(s) URL of a local address, or there is no event loop
 * to run it. */
bool http_notify_post(const char *url, const struct http_notify_header *headers, size_t count,
                      const char *body);

/* Abandons every POST in progress (reset). */
void http_notify_abort_all(void);

/* Whether the URL is one http_notify_post would post to. */
bool http_notify_url_is_local(const char *url);

#endif
