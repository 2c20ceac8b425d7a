/* The listening socket and its connections: accepts, tells plain HTTP, TLS and CONNECT apart
 * from the first bytes, and moves bytes between sockets, TLS sessions, HTTP sessions and relays. */
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
#include <sys/un.h>
#include <unistd.h>

#include "../tls/aws_names.h"
#include "../tls/tls_context.h"
#include "../tls/tls_session.h"
#include "log.h"
#include "relay.h"
#include "sniff.h"

/* Stop reading from a client that sends faster than it reads its answers. */
#define MAX_OUTPUT_BACKLOG (4u * 1024 * 1024)
/* After the last response of a closing connection, how long unread input is drained so the
 * close does not reset the connection under the client's feet. */
#define LINGER_MS 2000u
#define READ_CHUNK (64u * 1024)
/* Encrypted output prepared ahead of the socket: enough to keep it busy, little per connection. */
#define TLS_OUTPUT_AHEAD (256u * 1024)
/* Plaintext per TLS record. */
#define TLS_RECORD_PLAINTEXT 16384u
/* After the CA could not be loaded, TLS connections are refused this long before trying again,
 * so a broken state directory costs one log line, not one per connection. */
#define TLS_RETRY_MS 5000u
/* Clients over the connection cap are still answered 503 (a silent close looks like a network
 * fault), but only this many at a time and each for this long at most; beyond, they are closed. */
#define MAX_REFUSING 512u
#define REFUSAL_LIFETIME_MS 5000u
/* Refusals this far apart belong to separate bursts, each reported in one log line; a burst
 * that goes on is reported once per REFUSAL_REPORT_MAX_MS. */
#define REFUSAL_BURST_GAP_MS 2000u
#define REFUSAL_REPORT_MAX_MS 60000u

enum conn_mode {
    CONN_SNIFFING, /* the first bytes decide: TLS, a CONNECT request or plain HTTP */
    CONN_HTTP,     /* HTTP, inside TLS when tls is set */
    CONN_RELAY,    /* a CONNECT tunnel to a real host: the relay drives the socket */
};

/* What the connection waits for from its client, for the deadlines. */
enum conn_phase {
    PHASE_WAITING, /* nothing of a next request yet: only the idle timeout applies */
    PHASE_HEAD,    /* a request head (or the TLS handshake or CONNECT before it) is arriving */
    PHASE_BODY,    /* a request body is arriving */
    PHASE_OTHER,   /* answering, long-polling, relaying or closing: the client owes nothing */
};

struct conn {
    struct loop_watch watch;
    struct http_server *server;
    struct http_session *session;
    struct tls_session *tls;
    struct relay *relay;
    enum conn_mode mode;
    struct buf sniffed;  /* the first bytes, until the mode is known */
    struct buf wire_out; /* goes out before anything else: the answer to a CONNECT */
    /* Inside a CONNECT tunnel that motoc serves itself: the host the client asked for. */
    char tunnel_host[DNS_NAME_SIZE];
    uint64_t last_active;
    uint64_t accepted_at;
    /* Deadlines: request ids are the session's count of begun requests, so one request's head
     * is told from the next one's. */
    unsigned long head_id;         /* the request whose head is timed; 0: none */
    uint64_t head_since;
    unsigned long stalled_head_id; /* bytes towards this request arrived but parsed as nothing
                                      yet (a partial TLS record, blank lines) */
    unsigned long body_id;         /* the request whose body rate is judged; 0: none */
    uint64_t rate_window_start;    /* bytes before it are not counted (the grace period) */
    unsigned long long rate_window_bytes;
    uint32_t events;
    bool refused; /* over the connection cap: every request is answered 503 */
    bool closed;
    bool lingering;
    bool close_after_output; /* closing for a reason the HTTP session does not know */
    struct conn *prev, *next;
};

struct http_server {
    struct loop_watch listener;
    struct event_loop *loop;
    struct http_server_config cfg;
    int port;
    bool accept_paused;
    unsigned n_conns;
    unsigned n_refusing;
    unsigned long refused_in_burst;
    uint64_t burst_started, last_refusal;
    struct conn *conns;
    struct loop_timer sweep; /* timeouts and deadlines, once a second (several servers may share
                                a loop: Lambda's execution environments have their own) */
    struct tls_context *tls; /* loaded on the first TLS connection */
    uint64_t tls_retry_at;
    char read_buf[READ_CHUNK];
    char plain_buf[READ_CHUNK]; /* decrypted input; read_buf may still hold the ciphertext */
};

static void conn_free(void *ptr)
{
    struct conn *c = ptr;
    relay_free(c->relay);
    tls_session_free(c->tls);
    http_session_free(c->session);
    buf_free(&c->sniffed);
    buf_free(&c->wire_out);
    free(c);
}

static void conn_close(struct conn *c)
{
    if (c->closed)
        return;
    c->closed = true;
    struct http_server *s = c->server;
    if (c->session)
        http_session_cancel_deferred(c->session);
    if (c->relay)
        relay_close(c->relay);
    loop_watch_remove(s->loop, &c->watch);
    close(c->watch.fd);
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->refused)
        s->n_refusing--;
    else
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

/* ---- output ------------------------------------------------------------------------------ */

static bool conn_closing(const struct conn *c)
{
    return c->close_after_output || http_session_closing(c->session);
}

/* False while the connection should not read: it is closing, or an answer is still awaited. */
static bool conn_accepts_input(const struct conn *c)
{
    return !c->close_after_output && http_session_accepts_input(c->session);
}

static size_t output_backlog(struct conn *c)
{
    return c->wire_out.len + http_session_output(c->session)->len +
           (c->tls ? tls_session_output(c->tls)->len : 0);
}

/* Writes what the socket takes; -1 if the connection died. */
static ssize_t send_some(struct conn *c, const char *data, size_t len)
{
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(c->watch.fd, data + sent, len - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += (size_t)n;
            c->last_active = loop_now_ms();
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            break;
        return -1;
    }
    return (ssize_t)sent;
}

/* Sends from the front of b; false if the connection died (and was closed). */
static bool send_buf(struct conn *c, struct buf *b)
{
    ssize_t n = send_some(c, b->data, b->len);
    if (n < 0) {
        conn_close(c);
        return false;
    }
    buf_consume(b, (size_t)n);
    return true;
}

/* Asking the session again after each write lets a file-backed body refill its output. */
static bool send_session_output(struct conn *c)
{
    struct buf *out;
    while ((out = http_session_output(c->session))->len > 0) {
        if (!send_buf(c, out))
            return false;
        if (out->len > 0)
            break; /* the socket is full */
    }
    return true;
}

/* Encrypts session output until enough ciphertext waits; the plaintext is consumed once per
 * batch, not once per record, so a large answer is not moved in memory over and over. False if
 * TLS failed (the connection is then closed). */
static bool encrypt_ahead(struct conn *c, bool *progress)
{
    struct buf *cipher = tls_session_output(c->tls);
    struct buf *plain = http_session_output(c->session);
    size_t used = 0;
    bool failed = false;
    while (cipher->len < TLS_OUTPUT_AHEAD && used < plain->len) {
        size_t chunk = plain->len - used;
        if (chunk > TLS_RECORD_PLAINTEXT)
            chunk = TLS_RECORD_PLAINTEXT;
        size_t taken;
        if (tls_session_write(c->tls, plain->data + used, chunk, &taken) == TLS_IO_FAILED) {
            failed = true;
            break;
        }
        if (taken == 0)
            break;
        used += taken;
    }
    buf_consume(plain, used);
    *progress = used > 0;
    if (failed) {
        conn_close(c);
        return false;
    }
    return true;
}

static bool send_tls_output(struct conn *c)
{
    struct buf *cipher = tls_session_output(c->tls);
    for (;;) {
        if (!send_buf(c, cipher))
            return false;
        bool progress;
        if (cipher->len > 0)
            return true;
        if (!encrypt_ahead(c, &progress))
            return false;
        if (!progress)
            return true;
    }
}

/* Writes what is queued; false if the connection died. */
static bool conn_flush(struct conn *c)
{
    if (!send_buf(c, &c->wire_out))
        return false;
    if (c->wire_out.len == 0) {
        if (c->tls ? !send_tls_output(c) : !send_session_output(c))
            return false;
    }
    if (output_backlog(c) == 0 && conn_closing(c)) {
        if (c->tls) {
            /* close_notify, so the client can tell the end of the stream from a truncation. */
            tls_session_close(c->tls);
            if (!send_buf(c, tls_session_output(c->tls)))
                return false;
        }
        if (output_backlog(c) == 0) {
            start_lingering(c);
            return true;
        }
    }
    uint32_t events = EPOLLRDHUP;
    size_t backlog = output_backlog(c);
    if (backlog > 0)
        events |= EPOLLOUT;
    if (backlog < MAX_OUTPUT_BACKLOG && conn_accepts_input(c))
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

/* ---- input ------------------------------------------------------------------------------- */

static void conn_input(struct conn *c, const char *data, size_t len);

static struct tls_context *server_tls(struct http_server *s)
{
    if (s->tls || loop_now_ms() < s->tls_retry_at)
        return s->tls;
    char err[512];
    s->tls = tls_context_new(err, sizeof err);
    if (!s->tls) {
        log_msg(LOG_ERROR, "cannot serve TLS: %s", err);
        s->tls_retry_at = loop_now_ms() + TLS_RETRY_MS;
    }
    return s->tls;
}

/* Hands the sniffed bytes from offset on to the protocol now chosen. */
static void release_sniffed(struct conn *c, size_t offset)
{
    struct buf sniffed = c->sniffed;
    c->sniffed = (struct buf)BUF_INIT;
    if (sniffed.len > offset)
        conn_input(c, sniffed.data + offset, sniffed.len - offset);
    buf_free(&sniffed);
}

static void start_http(struct conn *c)
{
    c->mode = CONN_HTTP;
    release_sniffed(c, 0);
}

static void start_tls(struct conn *c)
{
    struct tls_context *ctx = server_tls(c->server);
    c->tls = ctx ? tls_session_new(ctx, c->tunnel_host[0] ? c->tunnel_host : NULL) : NULL;
    if (!c->tls) {
        conn_close(c);
        return;
    }
    c->mode = CONN_HTTP;
    release_sniffed(c, 0);
}

/* Answered with a body saying why, as the relay's 502 is: a client shows it to its user. */
static void refuse_connect(struct conn *c, int status, const char *why)
{
    log_msg(LOG_INFO, "CONNECT refused: %d %s", status, why);
    struct buf body = BUF_INIT;
    buf_printf(&body, "motoc: %s\n", why);
    buf_printf(&c->wire_out,
               "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
               "Connection: close\r\n\r\n%s",
               status, http_status_reason(status), body.len, body.data);
    buf_free(&body);
    buf_free(&c->sniffed);
    c->mode = CONN_HTTP;
    c->close_after_output = true;
}

static void on_relay_finished(void *arg)
{
    conn_close(arg);
}

static void start_connect(struct conn *c)
{
    struct connect_target target;
    size_t head_len = 0;
    switch (connect_request_parse(c->sniffed.data, c->sniffed.len, &target, &head_len)) {
    case CONNECT_INCOMPLETE:
        return;
    case CONNECT_TOO_LARGE:
        refuse_connect(c, 431, "the CONNECT request's head is longer than motoc accepts");
        return;
    case CONNECT_MALFORMED:
        refuse_connect(c, 400, "a CONNECT request names its target as host:port (a name, an IPv4 "
                               "address or a bracketed IPv6 address, and a port 1-65535) "
                               "and ends its line with HTTP/1.0 or HTTP/1.1");
        return;
    case CONNECT_PARSED:
        break;
    }
    char name[DNS_NAME_SIZE];
    if (dns_name_normalize(target.host, strlen(target.host), name) && aws_name_matches(name)) {
        /* Served here: the tunnelled bytes are sniffed afresh, TLS or plain HTTP, and nothing
         * goes to the real AWS. */
        log_msg(LOG_INFO, "CONNECT %s:%s: served by motoc", name, target.port);
        buf_puts(&c->wire_out, "HTTP/1.1 200 Connection established\r\n\r\n");
        memcpy(c->tunnel_host, name, sizeof c->tunnel_host);
        release_sniffed(c, head_len);
        return;
    }
    if (c->refused) {
        refuse_connect(c, 503, "Service Unavailable");
        return;
    }
    c->mode = CONN_RELAY;
    c->relay = relay_start(c->server->loop, &c->watch, target.host, target.port,
                           c->sniffed.data + head_len, c->sniffed.len - head_len,
                           on_relay_finished, c);
    buf_free(&c->sniffed);
}

static void sniff_input(struct conn *c, const char *data, size_t len)
{
    buf_append(&c->sniffed, data, len);
    switch (sniff_protocol(c->sniffed.data, c->sniffed.len)) {
    case SNIFF_NEED_MORE:
        return;
    case SNIFF_TLS:
        start_tls(c);
        return;
    case SNIFF_CONNECT:
        /* Inside a tunnel a CONNECT is just a request HTTP answers. */
        if (!c->tunnel_host[0]) {
            start_connect(c);
            return;
        }
        break;
    case SNIFF_HTTP:
        break;
    }
    start_http(c);
}

static void decrypt_input(struct conn *c)
{
    char *plain = c->server->plain_buf;
    while (!conn_closing(c)) {
        size_t got;
        switch (tls_session_read(c->tls, plain, READ_CHUNK, &got)) {
        case TLS_IO_OK:
            http_session_feed(c->session, plain, got);
            continue;
        case TLS_IO_WANT_INPUT:
            return;
        case TLS_IO_CLOSED:
            http_session_eof(c->session);
            return;
        case TLS_IO_FAILED:
            /* What TLS queued (an alert) still goes out; then the connection ends. */
            c->close_after_output = true;
            return;
        }
    }
}

static void conn_input(struct conn *c, const char *data, size_t len)
{
    switch (c->mode) {
    case CONN_SNIFFING:
        sniff_input(c, data, len);
        return;
    case CONN_HTTP:
        if (c->tls) {
            tls_session_feed(c->tls, data, len);
            decrypt_input(c);
        } else {
            http_session_feed(c->session, data, len);
        }
        return;
    case CONN_RELAY:
        return;
    }
}

static void conn_input_ended(struct conn *c)
{
    /* A few bytes that could have begun a CONNECT are HTTP's to judge. */
    if (c->mode == CONN_SNIFFING && c->sniffed.len > 0)
        start_http(c);
    if (!c->closed)
        http_session_eof(c->session);
}

/* ---- deadlines: a request must arrive in time, whatever its pace ------------------------ */

static enum conn_phase conn_phase(const struct conn *c, unsigned long *request_id)
{
    *request_id = 1;
    if (c->closed || c->lingering || c->close_after_output)
        return PHASE_OTHER;
    switch (c->mode) {
    case CONN_RELAY:
        return PHASE_OTHER;
    case CONN_SNIFFING:
        return c->sniffed.len > 0 || c->stalled_head_id == 1 ? PHASE_HEAD : PHASE_WAITING;
    case CONN_HTTP:
        break;
    }
    unsigned long begun = http_session_requests_begun(c->session);
    if (http_session_mid_request(c->session)) {
        *request_id = begun;
        return http_session_reading_body(c->session) ? PHASE_BODY : PHASE_HEAD;
    }
    if (!http_session_accepts_input(c->session))
        return PHASE_OTHER;
    *request_id = begun + 1;
    return c->stalled_head_id == begun + 1 ? PHASE_HEAD : PHASE_WAITING;
}

/* Starts the clocks of a head or body the connection has just moved on to. */
static void track_phase(struct conn *c, enum conn_phase phase, unsigned long id, uint64_t now)
{
    if (phase == PHASE_HEAD && c->head_id != id) {
        c->head_id = id;
        c->head_since = now;
    }
    if (phase == PHASE_BODY && c->body_id != id) {
        c->body_id = id;
        c->rate_window_start = now + c->server->cfg.body_grace_ms;
        c->rate_window_bytes = 0;
    }
}

/* After n bytes were read and parsed: a phase that did not move means the bytes began a
 * request nothing has parsed yet, and its head is timed from now on. */
static void track_read(struct conn *c, enum conn_phase before, unsigned long before_id, size_t n,
                       uint64_t now)
{
    unsigned long id;
    enum conn_phase phase = conn_phase(c, &id);
    if (phase == PHASE_WAITING && before == PHASE_WAITING && id == before_id) {
        c->stalled_head_id = id;
        phase = PHASE_HEAD;
    }
    track_phase(c, phase, id, now);
    if (phase == PHASE_BODY && now >= c->rate_window_start)
        c->rate_window_bytes += n;
}

static void time_out_request(struct conn *c, enum conn_phase phase)
{
    unsigned timeout_s = c->server->cfg.header_timeout_ms / 1000;
    if (phase == PHASE_HEAD)
        log_msg(LOG_INFO, "closing a connection whose request head took over %u s", timeout_s);
    else
        log_msg(LOG_INFO, "closing a connection sending its request body under %u bytes/s",
                c->server->cfg.body_min_rate);
    /* An answer needs an HTTP session to carry it: not so before a TLS handshake is done. */
    bool can_answer = c->mode == CONN_HTTP && (!c->tls || tls_session_established(c->tls));
    if (!can_answer) {
        conn_close(c);
        return;
    }
    if (phase == PHASE_HEAD)
        http_session_time_out(c->session, 408,
                              "Your request headers were not received within the time allowed.");
    else
        /* S3's status and words for an upload that stalls. */
        http_session_time_out(c->session, 400,
                              "Your socket connection to the server was not read from or written "
                              "to within the timeout period. Idle connections will be closed.");
    conn_flush(c);
}

static void enforce_deadlines(struct conn *c, uint64_t now)
{
    const struct http_server_config *cfg = &c->server->cfg;
    unsigned long id;
    enum conn_phase phase = conn_phase(c, &id);
    track_phase(c, phase, id, now);
    if (phase == PHASE_HEAD && cfg->header_timeout_ms &&
        now - c->head_since >= cfg->header_timeout_ms) {
        time_out_request(c, phase);
        return;
    }
    if (phase != PHASE_BODY || !cfg->body_min_rate || now < c->rate_window_start)
        return;
    if (!(c->events & EPOLLIN)) {
        /* motoc is not reading (its output is backed up): the client cannot be judged. */
        c->rate_window_start = now;
        c->rate_window_bytes = 0;
        return;
    }
    uint64_t elapsed = now - c->rate_window_start;
    if (elapsed < HTTP_BODY_RATE_WINDOW_MS)
        return;
    if (c->rate_window_bytes * 1000 < (unsigned long long)cfg->body_min_rate * elapsed) {
        time_out_request(c, phase);
        return;
    }
    c->rate_window_start = now;
    c->rate_window_bytes = 0;
}

static void conn_read(struct conn *c)
{
    char *chunk = c->server->read_buf;
    /* A few reads per wake-up keeps one busy client from starving the others. */
    for (int i = 0; i < 4; i++) {
        if (output_backlog(c) >= MAX_OUTPUT_BACKLOG || !conn_accepts_input(c))
            return;
        ssize_t n = recv(c->watch.fd, chunk, READ_CHUNK, 0);
        if (n > 0) {
            uint64_t now = loop_now_ms();
            c->last_active = now;
            unsigned long before_id;
            enum conn_phase before = conn_phase(c, &before_id);
            conn_input(c, chunk, (size_t)n);
            if (c->closed || c->mode == CONN_RELAY)
                return;
            track_read(c, before, before_id, (size_t)n, now);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (n < 0) {
            conn_close(c);
            return;
        }
        conn_input_ended(c);
        return;
    }
}

static void on_conn_event(struct loop_watch *w, uint32_t events)
{
    struct conn *c = (struct conn *)w;
    if (c->closed)
        return;
    if (c->mode == CONN_RELAY) {
        relay_client_event(c->relay, events);
        return;
    }
    if (c->lingering) {
        drain_lingering(c);
        return;
    }
    if (events & EPOLLERR) {
        conn_close(c);
        return;
    }
    if ((events & (EPOLLHUP | EPOLLRDHUP)) && http_session_answer_deferred(c->session)) {
        /* The client gave up on an answer still being waited for (a long poll). */
        conn_close(c);
        return;
    }
    if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP))
        conn_read(c);
    if (c->closed || c->mode == CONN_RELAY)
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

/* The handler of connections over the cap: every request gets the same 503. */
static void answer_over_capacity(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)req;
    const struct http_server *s = ctx;
    char body[320];
    int len = snprintf(body, sizeof body,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<Error><Code>ServiceUnavailable</Code><Message>motoc is serving its "
                       "maximum of %u connections; please retry.</Message></Error>",
                       s->cfg.max_connections);
    http_response_set_body(resp, 503, "application/xml", body, (size_t)len);
    http_headers_set(&resp->headers, "Retry-After", "1");
    http_headers_set(&resp->headers, "Connection", "close");
}

/* One log line per burst of refusals, written when the burst ends (or once a minute). */
static void report_refusals(struct http_server *s, uint64_t now, bool force)
{
    if (s->refused_in_burst == 0)
        return;
    if (!force && now - s->last_refusal < REFUSAL_BURST_GAP_MS &&
        now - s->burst_started < REFUSAL_REPORT_MAX_MS)
        return;
    uint64_t span = now - s->burst_started;
    log_msg(LOG_WARN, "refused %lu connections over the cap of %u in the last %llu s",
            s->refused_in_burst, s->cfg.max_connections,
            (unsigned long long)(span + 999) / 1000);
    s->refused_in_burst = 0;
}

static void accept_one(struct http_server *s, int fd)
{
    bool refused = s->n_conns >= s->cfg.max_connections;
    if (refused) {
        uint64_t now = loop_now_ms();
        if (s->refused_in_burst == 0)
            s->burst_started = now;
        s->refused_in_burst++;
        s->last_refusal = now;
        if (s->n_refusing >= MAX_REFUSING) {
            close(fd);
            return;
        }
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = xcalloc(1, sizeof *c);
    c->watch.fd = fd;
    c->watch.cb = on_conn_event;
    c->server = s;
    c->refused = refused;
    c->session = refused ? http_session_new(&s->cfg.limits, answer_over_capacity, s)
                         : http_session_new(&s->cfg.limits, s->cfg.handler, s->cfg.handler_ctx);
    http_session_set_output_notify(c->session, on_deferred_output, c);
    c->last_active = c->accepted_at = loop_now_ms();
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
    if (refused)
        s->n_refusing++;
    else
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

#define SWEEP_INTERVAL_MS 1000

static void sweep_idle(struct loop_timer *t)
{
    struct http_server *s = (struct http_server *)((char *)t - offsetof(struct http_server, sweep));
    uint64_t now = loop_now_ms();
    struct conn *next;
    for (struct conn *c = s->conns; c; c = next) {
        next = c->next;
        uint64_t last_active = c->last_active;
        if (c->mode == CONN_RELAY) {
            relay_tick(c->relay, now);
            if (c->closed)
                continue;
            last_active = relay_last_active(c->relay);
        }
        if (c->refused && !c->lingering && now - c->accepted_at >= REFUSAL_LIFETIME_MS) {
            conn_close(c);
            continue;
        }
        if (c->mode != CONN_RELAY && !c->lingering) {
            enforce_deadlines(c, now);
            if (c->closed || c->lingering)
                continue;
        }
        uint64_t limit = c->lingering ? LINGER_MS : s->cfg.idle_timeout_ms;
        bool awaiting_answer = !c->lingering && c->mode != CONN_RELAY &&
                               http_session_answer_deferred(c->session);
        if (!awaiting_answer && now - last_active >= limit) {
            if (!c->lingering && http_session_mid_request(c->session))
                log_msg(LOG_INFO, "closing a connection stuck mid-request");
            conn_close(c);
        }
    }
    report_refusals(s, now, false);
    if (s->accept_paused) {
        s->accept_paused = false;
        loop_watch_modify(s->loop, &s->listener, EPOLLIN);
    }
    loop_timer_start(s->loop, &s->sweep, SWEEP_INTERVAL_MS, sweep_idle);
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

static int bind_unix_listener(const char *path, char *err, size_t err_len)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sun.sun_path) {
        snprintf(err, err_len, "unix socket path too long: %s", path);
        return -1;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 || listen(fd, 511) != 0) {
        snprintf(err, err_len, "cannot listen on unix:%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
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
    int fd = -1;
    if (cfg->unix_path)
        fd = bind_unix_listener(cfg->unix_path, err, err_len);
    else if (cfg->host)
        fd = bind_listener(cfg->host, cfg->port, err, err_len);
    if (fd < 0 && (cfg->unix_path || cfg->host))
        return NULL;
    struct http_server *s = xcalloc(1, sizeof *s);
    s->loop = loop;
    s->cfg = *cfg;
    s->listener.fd = fd;
    s->listener.cb = on_listener_event;
    s->port = fd >= 0 && !cfg->unix_path ? bound_port(fd) : 0;
    if (fd >= 0 && loop_watch_add(loop, &s->listener, EPOLLIN) != 0) {
        snprintf(err, err_len, "cannot watch the listener: %s", strerror(errno));
        close(fd);
        if (cfg->unix_path)
            unlink(cfg->unix_path);
        free(s);
        return NULL;
    }
    loop_timer_start(loop, &s->sweep, SWEEP_INTERVAL_MS, sweep_idle);
    return s;
}

int http_server_port(const struct http_server *server)
{
    return server->port;
}

void http_server_adopt(struct http_server *server, int fd)
{
    accept_one(server, fd);
}

void http_server_free(struct http_server *server)
{
    if (!server)
        return;
    report_refusals(server, loop_now_ms(), true);
    loop_timer_stop(server->loop, &server->sweep);
    while (server->conns)
        conn_close(server->conns);
    if (server->listener.fd >= 0) {
        loop_watch_remove(server->loop, &server->listener);
        close(server->listener.fd);
        if (server->cfg.unix_path)
            unlink(server->cfg.unix_path);
    }
    /* Connections freed later still hold their own references to what TLS needs. */
    tls_context_free(server->tls);
    free(server);
}
