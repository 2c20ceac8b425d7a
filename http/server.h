/* The listening socket and its connections, driven by the event loop. */
#ifndef MOTOC_SERVER_H
#define MOTOC_SERVER_H

#include "loop.h"
#include "session.h"

struct http_server_config {
    const char *host; /* address to bind: "127.0.0.1", "::1", "0.0.0.0", "localhost" */
    int port;         /* 0 picks a free port */
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
/* Closes the listener and every connection. */
void http_server_free(struct http_server *server);

#endif
