#include "server.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

/* Stop reading from a client that sends faster than it reads its answers. */
#define MAX_OUTPUT_BACKLOG (4u * 1024 * 1024)
/* After the last response of a closing connection, how long unread input is drained so the
 * close does not reset the connection under the client's feet. */
#define LINGER_MS 2000u
#define READ_CHUNK (64u * 1024)

struct conn {
    struct loop_watch watch;
    struct http_server *server;
    struct http_session *session;
    uint64_t last_active;
    uint32_t events;
    bool closed;
    bool lingering;
    struct conn *prev, *next;
};

struct http_server {
    struct loop_watch listener;
    struct event_loop *loop;
    struct http_server_config cfg;
    int port;
    bool accept_paused;
    unsigned n_conns;
    struct conn *conns;
    char read_buf[READ_CHUNK];
};

static void conn_free(void *ptr)
{
    struct conn *c = ptr;
    http_session_free(c->session);
    free(c);
}

static void conn_close(struct conn *c)
{
    if (c->closed)
        return;
    c->closed = true;
    struct http_server *s = c->server;
    loop_watch_remove(s->loop, &c->watch);
    close(c->watch.fd);
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->n_conns--;
    loop_defer_free(s->loop, conn_free, c);
}

static void conn_set_events(struct conn *c, uint32_t events)
{
    if (events == c->events)
        return;
    c->events = events;
    loop_watch_modify(c->server->loop, &c->watch, events);
}

static void start_lingering(struct conn *c)
{
    shutdown(c->watch.fd, SHUT_WR);
    c->lingering = true;
    c->last_active = loop_now_ms();
    conn_set_events(c, EPOLLIN | EPOLLRDHUP);
}

/* Writes what the session has queued; false if the connection died. */
static bool conn_flush(struct conn *c)
{
    struct buf *out;
    while ((out = http_session_output(c->session))->len > 0) {
        ssize_t n = send(c->watch.fd, out->data, out->len, MSG_NOSIGNAL);
        if (n > 0) {
            buf_consume(out, (size_t)n);
            c->last_active = loop_now_ms();
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
        conn_close(c);
        return false;
    }
    if (out->len == 0 && http_session_closing(c->session)) {
        start_lingering(c);
        return true;
    }
    uint32_t events = EPOLLRDHUP;
    if (out->len > 0)
        events |= EPOLLOUT;
    if (out->len < MAX_OUTPUT_BACKLOG && http_session_accepts_input(c->session))
        events |= EPOLLIN;
    conn_set_events(c, events);
    return true;
}

static void drain_lingering(struct conn *c)
{
    char discard[4096];
    for (;;) {
        ssize_t n = recv(c->watch.fd, discard, sizeof discard, 0);
        if (n > 0)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        conn_close(c);
        return;
    }
}

static void conn_read(struct conn *c)
{
    char *chunk = c->server->read_buf;
    /* A few reads per wake-up keeps one busy client from starving the others. */
    for (int i = 0; i < 4; i++) {
        if (http_session_output(c->session)->len >= MAX_OUTPUT_BACKLOG ||
            !http_session_accepts_input(c->session))
            return;
        ssize_t n = recv(c->watch.fd, chunk, READ_CHUNK, 0);
        if (n > 0) {
            c->last_active = loop_now_ms();
            http_session_feed(c->session, chunk, (size_t)n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (n < 0) {
            conn_close(c);
            return;
        }
        http_session_eof(c->session);
        return;
    }
}

static void on_conn_event(struct loop_watch *w, uint32_t events)
{
    struct conn *c = (struct conn *)w;
    if (c->closed)
        return;
    if (c->lingering) {
        drain_lingering(c);
        return;
    }
    if (events & EPOLLERR) {
        conn_close(c);
        return;
    }
    if ((events & (EPOLLHUP | EPOLLRDHUP)) && !http_session_accepts_input(c->session) &&
        !http_session_closing(c->session)) {
        /* The client gave up on an answer still being waited for (a long poll). */
        conn_close(c);
        return;
    }
    if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP))
        conn_read(c);
    if (c->closed)
        return;
    if (!conn_flush(c))
        return;
    if ((events & EPOLLHUP) && !c->closed)
        conn_close(c);
}

/* A deferred answer was queued on c's session from elsewhere in the loop. */
static void on_deferred_output(void *ctx)
{
    struct conn *c = ctx;
    if (!c->closed)
        conn_flush(c);
}

static void accept_one(struct http_server *s, int fd)
{
    if (s->n_conns >= s->cfg.max_connections) {
        log_msg(LOG_WARN, "connection limit (%u) reached; refusing a client", s->cfg.max_connections);
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = xcalloc(1, sizeof *c);
    c->watch.fd = fd;
    c->watch.cb = on_conn_event;
    c->server = s;
    c->session = http_session_new(&s->cfg.limits, s->cfg.handler, s->cfg.handler_ctx);
    http_session_set_output_notify(c->session, on_deferred_output, c);
    c->last_active = loop_now_ms();
    c->events = EPOLLIN | EPOLLRDHUP;
    if (loop_watch_add(s->loop, &c->watch, c->events) != 0) {
        close(fd);
        conn_free(c);
        return;
    }
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    s->n_conns++;
}

static void on_listener_event(struct loop_watch *w, uint32_t events)
{
    (void)events;
    struct http_server *s = (struct http_server *)w;
    for (;;) {
        int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            accept_one(s, fd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno == EMFILE || errno == ENFILE) {
            /* Out of descriptors: pause accepting until the next tick rather than spin. */
            log_msg(LOG_WARN, "accept: %s; pausing new connections", strerror(errno));
            loop_watch_modify(s->loop, &s->listener, 0);
            s->accept_paused = true;
        }
        return;
    }
}

static void sweep_idle(void *arg)
{
    struct http_server *s = arg;
    uint64_t now = loop_now_ms();
    struct conn *next;
    for (struct conn *c = s->conns; c; c = next) {
        next = c->next;
        uint64_t limit = c->lingering ? LINGER_MS : s->cfg.idle_timeout_ms;
        bool awaiting_answer = !c->lingering && !http_session_accepts_input(c->session) &&
                               !http_session_closing(c->session);
        if (!awaiting_answer && now - c->last_active >= limit) {
            if (!c->lingering && http_session_mid_request(c->session))
                log_msg(LOG_INFO, "closing a connection stuck mid-request");
            conn_close(c);
        }
    }
    if (s->accept_paused) {
        s->accept_paused = false;
        loop_watch_modify(s->loop, &s->listener, EPOLLIN);
    }
}

static int bind_listener(const char *host, int port, char *err, size_t err_len)
{
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        snprintf(err, err_len, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    int last_errno = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 511) == 0)
            break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, err_len, "cannot listen on %s:%d: %s", host, port, strerror(last_errno));
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

struct http_server *http_server_new(struct event_loop *loop, const struct http_server_config *cfg,
                                    char *err, size_t err_len)
{
    int fd = bind_listener(cfg->host, cfg->port, err, err_len);
    if (fd < 0)
        return NULL;
    struct http_server *s = xcalloc(1, sizeof *s);
    s->loop = loop;
    s->cfg = *cfg;
    s->listener.fd = fd;
    s->listener.cb = on_listener_event;
    s->port = bound_port(fd);
    if (loop_watch_add(loop, &s->listener, EPOLLIN) != 0) {
        snprintf(err, err_len, "cannot watch the listener: %s", strerror(errno));
        close(fd);
        free(s);
        return NULL;
    }
    loop_set_tick(loop, 1000, sweep_idle, s);
    return s;
}

int http_server_port(const struct http_server *server)
{
    return server->port;
}

void http_server_free(struct http_server *server)
{
    if (!server)
        return;
    while (server->conns)
        conn_close(server->conns);
    loop_watch_remove(server->loop, &server->listener);
    close(server->listener.fd);
    free(server);
}
