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
    unsigned max_connections;
    http_handler_fn handler;
    void *handler_ctx;
};

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
