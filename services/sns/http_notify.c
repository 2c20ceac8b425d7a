/* Posts notifications to local HTTP(S) subscribers from the event loop without blocking:
 * connect, TLS if asked, send, read the answer, close. */
#include "http_notify.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "../../http/loop.h"

#define POST_TIMEOUT_MS 15000

enum post_state { POST_CONNECTING, POST_HANDSHAKE, POST_SENDING, POST_READING, POST_DONE };

struct post {
    struct post *prev, *next;
    struct loop_watch watch;
    struct loop_timer timeout;
    enum post_state state;
    SSL *ssl;
    char host[256];
    struct buf request;
    size_t sent;
};

static struct post *posts;
static SSL_CTX *client_ctx;

struct target {
    bool tls;
    char host[256];
    int family;
    unsigned char addr[16];
    unsigned port;
    const char *path;
};

/* Loopback, private IPv4 ranges and IPv6 loopback / unique local addresses. */
static bool address_is_local(int family, const unsigned char *a)
{
    if (family == AF_INET)
        return a[0] == 127 || a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
               (a[0] == 192 && a[1] == 168) || (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0);
    static const unsigned char loopback[16] = {[15] = 1};
    return memcmp(a, loopback, 16) == 0 || (a[0] & 0xfe) == 0xfc;
}

static bool parse_target(const char *url, struct target *t)
{
    memset(t, 0, sizeof *t);
    const char *p;
    if (strncasecmp(url, "http://", 7) == 0) {
        p = url + 7;
        t->port = 80;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        p = url + 8;
        t->tls = true;
        t->port = 443;
    } else {
        return false;
    }
    size_t authority = strcspn(p, "/?#");
    const char *host = p, *host_end;
    if (*p == '[') {
        host++;
        host_end = memchr(host, ']', authority);
        if (!host_end)
            return false;
        p = host_end + 1;
    } else {
        host_end = memchr(p, ':', authority);
        if (!host_end)
            host_end = p + authority;
        p = host_end;
    }
    size_t host_len = (size_t)(host_end - host);
    if (host_len == 0 || host_len >= sizeof t->host)
        return false;
    memcpy(t->host, host, host_len);
    if (*p == ':') {
        char *end;
        unsigned long port = strtoul(p + 1, &end, 10);
        if (end == p + 1 || port == 0 || port > 65535 || (*end && !strchr("/?#", *end)))
            return false;
        t->port = (unsigned)port;
        p = end;
    }
    t->path = *p == '/' ? p : NULL;
    if (strcasecmp(t->host, "localhost") == 0) {
        t->family = AF_INET;
        inet_pton(AF_INET, "127.0.0.1", t->addr);
    } else if (inet_pton(AF_INET, t->host, t->addr) == 1) {
        t->family = AF_INET;
    } else if (inet_pton(AF_INET6, t->host, t->addr) == 1) {
        t->family = AF_INET6;
    } else {
        return false;
    }
    return address_is_local(t->family, t->addr);
}

bool http_notify_url_is_local(const char *url)
{
    struct target t;
    return parse_target(url, &t);
}

static void free_post(void *ptr)
{
    struct post *p = ptr;
    buf_free(&p->request);
    free(p);
}

static void finish(struct post *p)
{
    if (p->state == POST_DONE)
        return;
    p->state = POST_DONE;
    struct event_loop *loop = loop_current();
    loop_timer_stop(loop, &p->timeout);
    loop_watch_remove(loop, &p->watch);
    if (p->ssl)
        SSL_free(p->ssl);
    close(p->watch.fd);
    if (p->prev)
        p->prev->next = p->next;
    else
        posts = p->next;
    if (p->next)
        p->next->prev = p->prev;
    loop_defer_free(loop, free_post, p);
}

static void want(struct post *p, uint32_t events)
{
    loop_watch_modify(loop_current(), &p->watch, events);
}

/* Advances the TLS handshake; false once it failed. */
static bool handshake(struct post *p)
{
    int rc = SSL_do_handshake(p->ssl);
    if (rc == 1) {
        p->state = POST_SENDING;
        return true;
    }
    int e = SSL_get_error(p->ssl, rc);
    if (e == SSL_ERROR_WANT_READ)
        want(p, EPOLLIN);
    else if (e == SSL_ERROR_WANT_WRITE)
        want(p, EPOLLOUT);
    else
        return false;
    return true;
}

/* Sends what is left; false on a failure. */
static bool send_request(struct post *p)
{
    while (p->sent < p->request.len) {
        size_t left = p->request.len - p->sent;
        ssize_t n;
        if (p->ssl) {
            int rc = SSL_write(p->ssl, p->request.data + p->sent, (int)left);
            if (rc <= 0) {
                int e = SSL_get_error(p->ssl, rc);
                if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
                    want(p, e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
                    return true;
                }
                return false;
            }
            n = rc;
        } else {
            n = send(p->watch.fd, p->request.data + p->sent, left, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                want(p, EPOLLOUT);
                return true;
            }
            if (n < 0)
                return false;
        }
        p->sent += (size_t)n;
    }
    p->state = POST_READING;
    want(p, EPOLLIN);
    return true;
}

/* Reads and drops the answer until the subscriber closes; false when done. */
static bool read_answer(struct post *p)
{
    char chunk[4096];
    for (;;) {
        if (p->ssl) {
            int rc = SSL_read(p->ssl, chunk, sizeof chunk);
            if (rc > 0)
                continue;
            int e = SSL_get_error(p->ssl, rc);
            return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
        }
        ssize_t n = recv(p->watch.fd, chunk, sizeof chunk, 0);
        if (n > 0)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

static bool start_tls(struct post *p)
{
    if (!client_ctx) {
        client_ctx = SSL_CTX_new(TLS_client_method());
        if (!client_ctx)
            return false;
        /* Local test endpoints present self-signed certificates. */
        SSL_CTX_set_verify(client_ctx, SSL_VERIFY_NONE, NULL);
    }
    p->ssl = SSL_new(client_ctx);
    if (!p->ssl || SSL_set_fd(p->ssl, p->watch.fd) != 1)
        return false;
    SSL_set_connect_state(p->ssl);
    struct in6_addr scratch;
    if (inet_pton(AF_INET, p->host, &scratch) != 1 && inet_pton(AF_INET6, p->host, &scratch) != 1)
        SSL_set_tlsext_host_name(p->ssl, p->host);
    return true;
}

static void on_event(struct loop_watch *w, uint32_t events)
{
    struct post *p = (struct post *)((char *)w - offsetof(struct post, watch));
    bool ok = true;
    if (p->state == POST_DONE)
        return;
    if (p->state == POST_CONNECTING) {
        int error = 0;
        socklen_t len = sizeof error;
        getsockopt(w->fd, SOL_SOCKET, SO_ERROR, &error, &len);
        if (error || (events & EPOLLERR)) {
            log_msg(LOG_INFO, "sns: posting to %s failed: %s", p->host, strerror(error));
            finish(p);
            return;
        }
        p->state = p->ssl ? POST_HANDSHAKE : POST_SENDING;
    }
    if (ok && p->state == POST_HANDSHAKE)
        ok = handshake(p);
    if (ok && p->state == POST_SENDING)
        ok = send_request(p);
    if (ok && p->state == POST_READING)
        ok = read_answer(p);
    if (!ok)
        finish(p);
}

static void on_timeout(struct loop_timer *t)
{
    finish((struct post *)((char *)t - offsetof(struct post, timeout)));
}

static void build_request(struct buf *out, const struct target *t,
                          const struct http_notify_header *headers, size_t count,
                          const char *body)
{
    bool default_port = t->port == (t->tls ? 443u : 80u);
    buf_printf(out, "POST %s HTTP/1.1\r\n", t->path ? t->path : "/");
    if (t->family == AF_INET6 && strchr(t->host, ':'))
        buf_printf(out, "Host: [%s]", t->host);
    else
        buf_printf(out, "Host: %s", t->host);
    if (!default_port)
        buf_printf(out, ":%u", t->port);
    buf_puts(out, "\r\n");
    for (size_t i = 0; i < count; i++)
        buf_printf(out, "%s: %s\r\n", headers[i].name, headers[i].value);
    buf_printf(out, "Content-Length: %zu\r\nConnection: close\r\n\r\n", strlen(body));
    buf_puts(out, body);
}

bool http_notify_post(const char *url, const struct http_notify_header *headers, size_t count,
                      const char *body)
{
    struct event_loop *loop = loop_current();
    struct target t;
    if (!loop || !parse_target(url, &t))
        return false;
    int fd = socket(t.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    if (t.family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)t.port);
        memcpy(&in->sin_addr, t.addr, 4);
        len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)t.port);
        memcpy(&in6->sin6_addr, t.addr, 16);
        len = sizeof *in6;
    }
    if (connect(fd, (struct sockaddr *)&ss, len) != 0 && errno != EINPROGRESS) {
        log_msg(LOG_INFO, "sns: cannot post to %s: %s", url, strerror(errno));
        close(fd);
        return false;
    }
    struct post *p = xcalloc(1, sizeof *p);
    p->watch.fd = fd;
    p->watch.cb = on_event;
    snprintf(p->host, sizeof p->host, "%s", t.host);
    build_request(&p->request, &t, headers, count, body);
    p->state = POST_CONNECTING;
    if (t.tls && !start_tls(p)) {
        if (p->ssl)
            SSL_free(p->ssl);
        close(fd);
        free_post(p);
        return false;
    }
    p->next = posts;
    if (posts)
        posts->prev = p;
    posts = p;
    loop_watch_add(loop, &p->watch, EPOLLOUT);
    loop_timer_start(loop, &p->timeout, POST_TIMEOUT_MS, on_timeout);
    return true;
}

void http_notify_abort_all(void)
{
    while (posts)
        finish(posts);
}
