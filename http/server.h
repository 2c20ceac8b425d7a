/* The listening socket and its connections, driven by the event loop. */
#ifndef MOTOC_SERVER_H
#define MOTOC_SERVER_H

#include "loop.h"
#include "session.h"

struct http_server_config {
    const char *host; /* address to bind: "127.0.0.1", "::1", "0.0.0.0", "localhost" */
    int port;         /* 0 picks a free port */
    /* When set, listen on this unix socket path instead of host:port (a private endpoint whose
     * directory permissions decide who may connect). With neither host nor unix_path the server
     * has no listener and serves only connections handed to http_server_adopt. */
    const char *unix_path;
    struct http_limits limits;
    unsigned idle_timeout_ms; /* a connection silent this long is closed */
    /* A request head (and, for HTTPS, the TLS handshake before it) must be complete this long
     * after its first byte; otherwise 408 and close. 0: no deadline. */
    unsigned header_timeout_ms;
    /* Once a request body has been arriving for body_grace_ms, it must keep arriving at
     * body_min_rate bytes/s or more, averaged over windows of HTTP_BODY_RATE_WINDOW_MS;
     * otherwise 400 RequestTimeout and close. 0: no minimum. */
    unsigned body_min_rate;
    unsigned body_grace_ms;
    /* Connections served at once; a client beyond them is answered 503 and closed. */
    unsigned max_connections;
    http_handler_fn handler;
    void *handler_ctx;
};

#define HTTP_DEFAULT_IDLE_TIMEOUT_MS 60000u
#define HTTP_DEFAULT_HEADER_TIMEOUT_MS 20000u
#define HTTP_DEFAULT_BODY_MIN_RATE 500u
#define HTTP_DEFAULT_BODY_GRACE_MS 10000u
#define HTTP_BODY_RATE_WINDOW_MS 10000u
#define HTTP_DEFAULT_MAX_CONNECTIONS 4096u

/* The defaults above, with the limits of session.h. */
void http_server_config_defaults(struct http_server_config *cfg);
/* Reads MOTOC_IDLE_TIMEOUT, MOTOC_HEADER_TIMEOUT, MOTOC_BODY_GRACE (seconds),
 * MOTOC_BODY_MIN_RATE (bytes/s) and MOTOC_MAX_CONNECTIONS into cfg when set; -1 with the
 * offending variable in err when one is not a number in range. */
int http_server_config_from_env(struct http_server_config *cfg, char *err, size_t err_len);

struct http_server;

/* Binds and listens; NULL with a reason in err on failure. */
struct http_server *http_server_new(struct event_loop *loop, const struct http_server_config *cfg,
                                    char *err, size_t err_len);
int http_server_port(const struct http_server *server);
/* Serves fd, a connected non-blocking stream socket, as if it had been accepted; takes ownership.
 * Call on the loop's thread. */
void http_server_adopt(struct http_server *server, int fd);
/* Closes the listener (removing its unix socket file) and every connection. */
void http_server_free(struct http_server *server);

#endif
