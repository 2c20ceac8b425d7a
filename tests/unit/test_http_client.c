/* The outbound HTTP client: a request reaches a local server whole and the answer's status comes
 * back; refused connections, answers cut short and aborts report 0; non-local URLs are refused. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../http/http_client.h"
#include "../../http/loop.h"
#include "check.h"

static struct event_loop *loop;

/* A one-connection server on a thread: reads the request (headers and Content-Length bytes),
 * answers with the canned text, closes. */
struct server {
    int listen_fd;
    unsigned port;
    const char *answer;
    char request[4096];
    pthread_t thread;
};

static void *serve(void *arg)
{
    struct server *s = arg;
    int fd = accept(s->listen_fd, NULL, NULL);
    size_t got = 0;
    for (;;) {
        ssize_t n = recv(fd, s->request + got, sizeof s->request - 1 - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
        s->request[got] = 0;
        char *end = strstr(s->request, "\r\n\r\n");
        const char *length = strstr(s->request, "Content-Length: ");
        if (end && length && got >= (size_t)(end + 4 - s->request) + (size_t)atoi(length + 16))
            break;
    }
    send(fd, s->answer, strlen(s->answer), MSG_NOSIGNAL);
    close(fd);
    return NULL;
}

static void server_start(struct server *s, const char *answer)
{
    memset(s, 0, sizeof *s);
    s->answer = answer;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(s->listen_fd, (struct sockaddr *)&a, sizeof a);
    listen(s->listen_fd, 1);
    socklen_t len = sizeof a;
    getsockname(s->listen_fd, (struct sockaddr *)&a, &len);
    s->port = ntohs(a.sin_port);
    pthread_create(&s->thread, NULL, serve, s);
}

static void server_join(struct server *s)
{
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

static int status_seen;
static int done_calls;

static void on_done(void *arg, int status)
{
    (void)arg;
    status_seen = status;
    done_calls++;
    loop_stop(loop);
}

static char url[128];
static const char owner;
static bool started;

static void start_request(struct loop_timer *t)
{
    (void)t;
    static const struct http_client_header headers[] = {{"x-amz-sns-message-type", "Notification"}};
    struct http_client_request req = {
        .method = "POST",
        .url = url,
        .headers = headers,
        .header_count = 1,
        .body = "hello",
        .body_len = 5,
        .timeout_ms = 2000,
        .owner = &owner,
        .done = on_done,
    };
    started = http_client_start(&req);
    if (!started)
        loop_stop(loop);
}

static void run_request(void)
{
    status_seen = -1;
    done_calls = 0;
    struct loop_timer kick = {0};
    loop_timer_start(loop, &kick, 0, start_request);
    loop_run(loop);
    loop_free(loop); /* a stopped loop does not run again */
    loop = loop_new();
}

/* One request to a server that answers with answer; s keeps what the server read. */
static void exchange(struct server *s, const char *answer, const char *host, const char *path)
{
    server_start(s, answer);
    snprintf(url, sizeof url, "http://%s:%u%s", host, s->port, path);
    run_request();
    server_join(s);
}

static void test_round_trip(void)
{
    struct server s;
    exchange(&s, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", "127.0.0.1", "/hook?x=1");
    CHECK(started && done_calls == 1, "done called once");
    CHECK(status_seen == 201, "status %d", status_seen);
    CHECK(strncmp(s.request, "POST /hook?x=1 HTTP/1.1\r\n", 25) == 0, "request line: %.40s",
          s.request);
    char host[64];
    snprintf(host, sizeof host, "Host: 127.0.0.1:%u\r\n", s.port);
    CHECK(strstr(s.request, host) != NULL, "Host with the port");
    CHECK(strstr(s.request, "x-amz-sns-message-type: Notification\r\n") != NULL, "header");
    CHECK(strstr(s.request, "Content-Length: 5\r\n") != NULL, "length");
    const char *end = strstr(s.request, "\r\n\r\n");
    CHECK(end && strcmp(end + 4, "hello") == 0, "body");
}

static void test_answer_until_close(void)
{
    struct server s;
    exchange(&s, "HTTP/1.1 500 Internal Server Error\r\n\r\nno length", "localhost", "/");
    CHECK(status_seen == 500, "an answer ended by the close: %d", status_seen);
}

static void test_cut_short(void)
{
    struct server s;
    exchange(&s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "127.0.0.1", "/");
    CHECK(done_calls == 1 && status_seen == 0, "a body cut short: %d", status_seen);
}

static void test_refused(void)
{
    struct server s;
    server_start(&s, "");
    unsigned port = s.port;
    /* let the server thread finish on a connection of our own, then reuse its closed port */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    connect(fd, (struct sockaddr *)&a, sizeof a);
    close(fd);
    server_join(&s);
    snprintf(url, sizeof url, "http://127.0.0.1:%u/", port);
    run_request();
    CHECK(done_calls == 1 && status_seen == 0, "refused: %d", status_seen);
}

static void abort_now(struct loop_timer *t)
{
    (void)t;
    http_client_abort_owner(&owner);
}

static void test_abort(void)
{
    /* a server that never answers: the request waits until aborted */
    int listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(listen_fd, (struct sockaddr *)&a, sizeof a);
    listen(listen_fd, 1);
    socklen_t len = sizeof a;
    getsockname(listen_fd, (struct sockaddr *)&a, &len);
    snprintf(url, sizeof url, "http://127.0.0.1:%u/", ntohs(a.sin_port));
    static struct loop_timer later;
    loop_timer_start(loop, &later, 50, abort_now);
    run_request();
    CHECK(done_calls == 1 && status_seen == 0, "aborted: %d", status_seen);
    close(listen_fd);
}

static void test_local_only(void)
{
    CHECK(http_client_url_is_local("http://127.0.0.1:8080/x"), "loopback");
    CHECK(http_client_url_is_local("https://[::1]/x"), "IPv6 loopback");
    CHECK(http_client_url_is_local("http://10.1.2.3/"), "private range");
    CHECK(http_client_url_is_local("http://localhost/"), "localhost");
    CHECK(!http_client_url_is_local("http://8.8.8.8/"), "a public address");
    CHECK(!http_client_url_is_local("http://example.com/"), "a name");
    CHECK(!http_client_url_is_local("ftp://127.0.0.1/"), "another scheme");
    snprintf(url, sizeof url, "http://example.com/");
    run_request();
    CHECK(!started && done_calls == 0, "refused to start, done not called");
}

int main(void)
{
    loop = loop_new();
    test_round_trip();
    test_answer_until_close();
    test_cut_short();
    test_refused();
    test_abort();
    test_local_only();
    loop_free(loop);
    return test_summary("http_client");
}
