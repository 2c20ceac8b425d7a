/* The CONNECT tunnel to non-AWS hosts: resolves and connects upstream, then relays bytes both
 * ways with backpressure and passes each end of stream on. */
#include "relay.h"

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

#include "buf.h"
#include "log.h"
#include "name_lookup.h"

/* Per direction: reading stops while this much waits for the other side. */
#define RELAY_BUFFER (64u * 1024)
#define RESOLVE_TIMEOUT_MS 10000u
#define CONNECT_TIMEOUT_MS 10000u
/* After a 502, how long the client's unread input is drained so the answer is not reset away. */
#define REFUSAL_LINGER_MS 2000u

enum relay_state {
    RELAY_RESOLVING,
    RELAY_CONNECTING,
    RELAY_OPEN,
    RELAY_REFUSING, /* the 502 goes out, then the client's input is drained until it closes */
    RELAY_CLOSED,
};

struct relay_direction {
    struct buf pending; /* read from the source, not yet written to the sink */
    bool source_ended;
    bool sink_shut; /* the source's end of stream was passed on */
};

struct relay_watch {
    struct loop_watch watch;
    struct relay *relay;
};

struct relay {
    struct event_loop *loop;
    struct loop_watch *client;
    struct relay_watch upstream; /* fd -1 while no connect is under way */
    struct relay_watch lookup_done;
    struct name_lookup *lookup;
    struct addrinfo *numeric_addrs;
    const struct addrinfo *next_addr;
    int last_connect_errno;
    enum relay_state state;
    struct relay_direction up;   /* client → upstream */
    struct relay_direction down; /* upstream → client */
    uint32_t client_events, upstream_events;
    bool client_unwatched, upstream_unwatched;
    uint64_t last_active;
    uint64_t deadline;
    char target[300]; /* host:port, for the log */
    relay_finished_fn finished;
    void *finished_arg;
};

static void set_client_events(struct relay *r, uint32_t events)
{
    if (r->client_unwatched)
        return;
    if (events != r->client_events) {
        r->client_events = events;
        loop_watch_modify(r->loop, r->client, events);
    }
}

static void set_upstream_events(struct relay *r, uint32_t events)
{
    if (r->upstream.watch.fd >= 0 && !r->upstream_unwatched && events != r->upstream_events) {
        r->upstream_events = events;
        loop_watch_modify(r->loop, &r->upstream.watch, events);
    }
}

static void unwatch_client(struct relay *r)
{
    if (!r->client_unwatched) {
        loop_watch_remove(r->loop, r->client);
        r->client_unwatched = true;
    }
}

static void unwatch_upstream(struct relay *r)
{
    if (!r->upstream_unwatched) {
        loop_watch_remove(r->loop, &r->upstream.watch);
        r->upstream_unwatched = true;
    }
}

static void close_upstream(struct relay *r)
{
    if (r->upstream.watch.fd < 0)
        return;
    unwatch_upstream(r);
    close(r->upstream.watch.fd);
    r->upstream.watch.fd = -1;
    r->upstream_events = 0;
    r->upstream_unwatched = false;
}

static void drop_lookup(struct relay *r)
{
    if (!r->lookup)
        return;
    loop_watch_remove(r->loop, &r->lookup_done.watch);
    name_lookup_free(r->lookup);
    r->lookup = NULL;
}

void relay_close(struct relay *r)
{
    if (r->state == RELAY_CLOSED)
        return;
    r->state = RELAY_CLOSED;
    close_upstream(r);
    drop_lookup(r);
    if (r->numeric_addrs) {
        freeaddrinfo(r->numeric_addrs);
        r->numeric_addrs = NULL;
    }
    r->next_addr = NULL;
}

void relay_free(struct relay *r)
{
    if (!r)
        return;
    relay_close(r);
    buf_free(&r->up.pending);
    buf_free(&r->down.pending);
    free(r);
}

static void finish(struct relay *r)
{
    relay_close(r);
    r->finished(r->finished_arg);
}

static void refuse(struct relay *r, const char *reason)
{
    log_msg(LOG_INFO, "CONNECT %s: %s; answering 502", r->target, reason);
    close_upstream(r);
    drop_lookup(r);
    r->state = RELAY_REFUSING;
    r->deadline = loop_now_ms() + REFUSAL_LINGER_MS;
    struct buf body = BUF_INIT;
    buf_printf(&body, "motoc: cannot reach %s: %s\n", r->target, reason);
    buf_reset(&r->up.pending);
    buf_reset(&r->down.pending);
    buf_printf(&r->down.pending,
               "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
               "Connection: close\r\n\r\n%s",
               body.len, body.data);
    buf_free(&body);
    r->down.source_ended = true;
    set_client_events(r, EPOLLIN | EPOLLOUT);
}

static void open_tunnel(struct relay *r)
{
    r->state = RELAY_OPEN;
    int one = 1;
    setsockopt(r->upstream.watch.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    log_msg(LOG_INFO, "CONNECT %s: relaying to the real host", r->target);
    r->last_active = loop_now_ms();
    buf_puts(&r->down.pending, "HTTP/1.1 200 Connection established\r\n\r\n");
    set_client_events(r, EPOLLOUT);
    set_upstream_events(r, r->up.pending.len ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void connect_next_address(struct relay *r)
{
    close_upstream(r);
    while (r->next_addr) {
        const struct addrinfo *ai = r->next_addr;
        r->next_addr = ai->ai_next;
        int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            r->last_connect_errno = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
            r->last_connect_errno = errno;
            close(fd);
            continue;
        }
        r->upstream.watch.fd = fd;
        r->upstream_events = EPOLLOUT;
        if (loop_watch_add(r->loop, &r->upstream.watch, EPOLLOUT) != 0) {
            r->last_connect_errno = errno;
            close(fd);
            r->upstream.watch.fd = -1;
            continue;
        }
        r->state = RELAY_CONNECTING;
        r->deadline = loop_now_ms() + CONNECT_TIMEOUT_MS;
        return;
    }
    refuse(r, r->last_connect_errno ? strerror(r->last_connect_errno) : "no address to connect to");
}

static void on_lookup_done(struct loop_watch *w, uint32_t events)
{
    (void)events;
    struct relay *r = ((struct relay_watch *)w)->relay;
    if (r->state != RELAY_RESOLVING || !name_lookup_done(r->lookup))
        return;
    int gai_error;
    const struct addrinfo *addrs = name_lookup_result(r->lookup, &gai_error);
    if (!addrs) {
        refuse(r, gai_strerror(gai_error));
        return;
    }
    /* The addresses stay the lookup's; only its signal is no longer needed. */
    loop_watch_remove(r->loop, &r->lookup_done.watch);
    r->next_addr = addrs;
    connect_next_address(r);
}

/* Moves what it can from source to sink through d->pending; false on a broken connection. */
static bool transfer(struct relay *r, int source, int sink, struct relay_direction *d)
{
    if (!d->source_ended && d->pending.len < RELAY_BUFFER) {
        size_t room = RELAY_BUFFER - d->pending.len;
        buf_reserve(&d->pending, room);
        ssize_t n = recv(source, d->pending.data + d->pending.len, room, 0);
        if (n > 0) {
            d->pending.len += (size_t)n;
            d->pending.data[d->pending.len] = '\0';
            r->last_active = loop_now_ms();
        } else if (n == 0) {
            d->source_ended = true;
        } else if (errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
    if (d->pending.len > 0) {
        ssize_t n = send(sink, d->pending.data, d->pending.len, MSG_NOSIGNAL);
        if (n > 0) {
            buf_consume(&d->pending, (size_t)n);
            r->last_active = loop_now_ms();
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
    if (d->pending.len == 0 && d->source_ended && !d->sink_shut) {
        shutdown(sink, SHUT_WR);
        d->sink_shut = true;
    }
    return true;
}

static uint32_t wanted_events(const struct relay_direction *reading,
                              const struct relay_direction *writing)
{
    uint32_t events = 0;
    if (!reading->source_ended && reading->pending.len < RELAY_BUFFER)
        events |= EPOLLIN;
    if (writing->pending.len > 0)
        events |= EPOLLOUT;
    return events;
}

static void pump(struct relay *r)
{
    int client = r->client->fd, upstream = r->upstream.watch.fd;
    if (!transfer(r, client, upstream, &r->up) || !transfer(r, upstream, client, &r->down)) {
        finish(r);
        return;
    }
    if (r->up.sink_shut && r->down.sink_shut) {
        finish(r);
        return;
    }
    /* A socket ended both ways reports EPOLLHUP whatever the mask: stop watching it while the
     * other side still drains, or the loop would spin on it. */
    if (r->up.source_ended && r->down.sink_shut)
        unwatch_client(r);
    if (r->down.source_ended && r->up.sink_shut)
        unwatch_upstream(r);
    set_client_events(r, wanted_events(&r->up, &r->down));
    set_upstream_events(r, wanted_events(&r->down, &r->up));
}

/* After a 502: write it, end the stream, then discard the client's input until it closes. */
static void pump_refusal(struct relay *r)
{
    struct relay_direction *d = &r->down;
    if (d->pending.len > 0) {
        ssize_t n = send(r->client->fd, d->pending.data, d->pending.len, MSG_NOSIGNAL);
        if (n > 0)
            buf_consume(&d->pending, (size_t)n);
        else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            finish(r);
            return;
        }
    }
    if (d->pending.len == 0 && !d->sink_shut) {
        shutdown(r->client->fd, SHUT_WR);
        d->sink_shut = true;
    }
    char discard[4096];
    ssize_t n = recv(r->client->fd, discard, sizeof discard, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        finish(r);
        return;
    }
    set_client_events(r, d->pending.len ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void on_upstream_event(struct loop_watch *w, uint32_t events)
{
    (void)events;
    struct relay *r = ((struct relay_watch *)w)->relay;
    if (r->state == RELAY_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(w->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
            err = errno;
        if (err == 0) {
            open_tunnel(r);
        } else {
            r->last_connect_errno = err;
            connect_next_address(r);
        }
        return;
    }
    if (r->state == RELAY_OPEN)
        pump(r);
}

void relay_client_event(struct relay *r, uint32_t events)
{
    /* Before the tunnel is up the client is not read; an error or hang-up there means it left. */
    bool not_up_yet = r->state == RELAY_RESOLVING || r->state == RELAY_CONNECTING;
    if ((events & (EPOLLERR | EPOLLHUP)) && not_up_yet) {
        finish(r);
        return;
    }
    if (r->state == RELAY_OPEN)
        pump(r);
    else if (r->state == RELAY_REFUSING)
        pump_refusal(r);
}

void relay_tick(struct relay *r, uint64_t now_ms)
{
    if (now_ms < r->deadline)
        return;
    if (r->state == RELAY_RESOLVING) {
        refuse(r, "name lookup timed out");
    } else if (r->state == RELAY_CONNECTING) {
        r->last_connect_errno = ETIMEDOUT;
        connect_next_address(r);
    } else if (r->state == RELAY_REFUSING) {
        finish(r);
    }
}

uint64_t relay_last_active(const struct relay *r)
{
    return r->last_active;
}

static void start_lookup(struct relay *r, const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};
    if (getaddrinfo(host, port, &hints, &r->numeric_addrs) == 0) {
        r->next_addr = r->numeric_addrs;
        connect_next_address(r);
        return;
    }
    r->numeric_addrs = NULL;
    r->lookup = name_lookup_start(host, port);
    if (!r->lookup) {
        refuse(r, "too many name lookups in flight");
        return;
    }
    r->lookup_done.watch.fd = name_lookup_fd(r->lookup);
    if (loop_watch_add(r->loop, &r->lookup_done.watch, EPOLLIN) != 0) {
        name_lookup_free(r->lookup);
        r->lookup = NULL;
        refuse(r, "cannot watch the name lookup");
        return;
    }
    r->state = RELAY_RESOLVING;
    r->deadline = loop_now_ms() + RESOLVE_TIMEOUT_MS;
}

struct relay *relay_start(struct event_loop *loop, struct loop_watch *client, const char *host,
                          const char *port, const char *early, size_t early_len,
                          relay_finished_fn finished, void *finished_arg)
{
    struct relay *r = xcalloc(1, sizeof *r);
    r->loop = loop;
    r->client = client;
    r->upstream = (struct relay_watch){{-1, on_upstream_event}, r};
    r->lookup_done = (struct relay_watch){{-1, on_lookup_done}, r};
    r->finished = finished;
    r->finished_arg = finished_arg;
    r->last_active = loop_now_ms();
    bool ipv6 = strchr(host, ':') != NULL;
    snprintf(r->target, sizeof r->target, "%s%s%s:%s", ipv6 ? "[" : "", host, ipv6 ? "]" : "",
             port);
    buf_append(&r->up.pending, early, early_len);
    /* Nothing is read from the client until the tunnel is up. The owner's event mask is unknown
     * here, so the first change is forced. */
    r->client_events = ~0u;
    set_client_events(r, 0);
    start_lookup(r, host, port);
    return r;
}
