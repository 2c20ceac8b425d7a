/* The resolver and socket hooks, in a program that links libmotoc.so and turns interception on
 * with motoc_start(): every resolver entry point, and the socket semantics of a connection spliced
 * onto the embedded core (blocking and non-blocking connect, SO_ERROR, TCP_NODELAY, names). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../preload/motoc.h"
#include "check.h"

static bool is_fake_v4(const struct in_addr *a)
{
    return (ntohl(a->s_addr) >> 24) == 240;
}

static bool is_fake_v6(const struct in6_addr *a)
{
    static const unsigned char prefix[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    return memcmp(a->s6_addr, prefix, 8) == 0;
}

static void test_getaddrinfo(void)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_CANONNAME};
    struct addrinfo *res = NULL;
    CHECK(getaddrinfo("sts.amazonaws.com", "https", &hints, &res) == 0, "getaddrinfo");
    if (!res)
        return;
    CHECK_STR(res->ai_canonname, "sts.amazonaws.com", "canonical name");
    CHECK(res->ai_family == AF_INET && res->ai_next && res->ai_next->ai_family == AF_INET6,
          "IPv4 first, then IPv6");
    const struct sockaddr_in *v4 = (const struct sockaddr_in *)res->ai_addr;
    CHECK(is_fake_v4(&v4->sin_addr) && ntohs(v4->sin_port) == 443, "240.x:443");
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)res->ai_next->ai_addr;
    CHECK(is_fake_v6(&v6->sin6_addr) && ntohs(v6->sin6_port) == 443, "100::x:443");
    CHECK(res->ai_socktype == SOCK_STREAM && res->ai_protocol == IPPROTO_TCP, "stream entries");
    freeaddrinfo(res);

    /* The same name (any case, final dot) keeps its address; another name gets another. */
    struct addrinfo v4_hints = {.ai_family = AF_INET};
    struct addrinfo *a = NULL, *b = NULL, *c = NULL;
    getaddrinfo("sts.amazonaws.com", NULL, &v4_hints, &a);
    getaddrinfo("STS.AmazonAWS.com.", NULL, &v4_hints, &b);
    getaddrinfo("sqs.eu-west-1.amazonaws.com", NULL, &v4_hints, &c);
    CHECK(a && b && c, "three lookups");
    if (a && b && c) {
        CHECK(memcmp(a->ai_addr, b->ai_addr, sizeof(struct sockaddr_in)) == 0, "stable address");
        CHECK(memcmp(a->ai_addr, c->ai_addr, sizeof(struct sockaddr_in)) != 0, "distinct address");
        CHECK(a->ai_next && a->ai_next->ai_socktype != a->ai_socktype,
              "no socket type asked: every type, as libc answers");
    }
    freeaddrinfo(a);
    freeaddrinfo(b);
    freeaddrinfo(c);

    struct addrinfo v6_hints = {.ai_family = AF_INET6, .ai_socktype = SOCK_STREAM};
    CHECK(getaddrinfo("bucket.s3.amazonaws.com.cn", "80", &v6_hints, &res) == 0 && res &&
              res->ai_family == AF_INET6 && !res->ai_next,
          "AF_INET6 only");
    if (res)
        freeaddrinfo(res);
    CHECK(getaddrinfo("x.api.aws", "no-such-service", &hints, &res) == EAI_SERVICE,
          "a bad service fails as it would for a real name");
    hints.ai_flags = AI_NUMERICHOST;
    CHECK(getaddrinfo("sts.amazonaws.com", NULL, &hints, &res) == EAI_NONAME,
          "AI_NUMERICHOST: libc's answer");
    CHECK(getaddrinfo("localhost", NULL, NULL, &res) == 0 && res, "other names: libc");
    if (res) {
        CHECK(res->ai_family == AF_INET6 ||
                  ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(0x7f000001),
              "localhost is loopback");
        freeaddrinfo(res);
    }
}

static void test_gethostbyname(void)
{
    struct hostent *h = gethostbyname("motoapi.amazonaws.com");
    CHECK(h && h->h_addrtype == AF_INET && h->h_length == 4 &&
              is_fake_v4((struct in_addr *)h->h_addr_list[0]) && !h->h_addr_list[1],
          "gethostbyname");
    if (h)
        CHECK_STR(h->h_name, "motoapi.amazonaws.com", "h_name");
    h = gethostbyname2("motoapi.amazonaws.com", AF_INET6);
    CHECK(h && h->h_addrtype == AF_INET6 && is_fake_v6((struct in6_addr *)h->h_addr_list[0]),
          "gethostbyname2 AF_INET6");

    struct hostent ent, *result = NULL;
    char buf[1024];
    int herr = -1;
    CHECK(gethostbyname_r("ec2.us-east-1.amazonaws.com", &ent, buf, sizeof buf, &result,
                          &herr) == 0 &&
              result == &ent && is_fake_v4((struct in_addr *)ent.h_addr_list[0]),
          "gethostbyname_r");
    CHECK(gethostbyname2_r("ec2.us-east-1.amazonaws.com", AF_INET6, &ent, buf, sizeof buf,
                           &result, &herr) == 0 &&
              is_fake_v6((struct in6_addr *)ent.h_addr_list[0]),
          "gethostbyname2_r");
    CHECK(gethostbyname_r("ec2.us-east-1.amazonaws.com", &ent, buf, 16, &result, &herr) ==
                  ERANGE &&
              result == NULL,
          "a short buffer: ERANGE, so the caller retries with a larger one");
}

static void test_getnameinfo(void)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    getaddrinfo("dynamodb.us-west-2.amazonaws.com", "443", &hints, &res);
    CHECK(res != NULL, "resolved");
    if (!res)
        return;
    char host[256], serv[32];
    CHECK(getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICSERV) == 0,
          "getnameinfo");
    CHECK_STR(host, "dynamodb.us-west-2.amazonaws.com", "a fake address names its host");
    CHECK_STR(serv, "443", "service");
    CHECK(getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, NULL, 0,
                      NI_NUMERICHOST) == 0 &&
              strncmp(host, "240.", 4) == 0,
          "NI_NUMERICHOST: the address itself");
    freeaddrinfo(res);
}

static int connect_to(const char *host, int family, bool nonblocking, struct sockaddr_storage *peer,
                      socklen_t *peer_len)
{
    struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, "80", &hints, &res) != 0)
        return -1;
    int fd = socket(res->ai_family, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    memcpy(peer, res->ai_addr, res->ai_addrlen);
    *peer_len = res->ai_addrlen;
    int rc = connect(fd, res->ai_addr, res->ai_addrlen);
    int err = errno;
    freeaddrinfo(res);
    if (nonblocking) {
        CHECK(rc == -1 && err == EINPROGRESS, "non-blocking connect: EINPROGRESS (errno %d)", err);
        struct pollfd p = {fd, POLLOUT, 0};
        CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT), "writable once connected");
        int so_error = -1;
        socklen_t len = sizeof so_error;
        CHECK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) == 0 && so_error == 0,
              "SO_ERROR 0");
        int flags = fcntl(fd, F_GETFL);
        CHECK(flags >= 0 && (flags & O_NONBLOCK), "still non-blocking");
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    } else {
        CHECK(rc == 0, "blocking connect (errno %d)", err);
    }
    return fd;
}

/* One request on fd; true if motoc's STS answered it with the default account. */
static bool sts_exchange(int fd)
{
    static const char request[] = "GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\r\n"
                                  "Host: sts.amazonaws.com\r\nConnection: close\r\n\r\n";
    if (send(fd, request, sizeof request - 1, 0) != (ssize_t)(sizeof request - 1))
        return false;
    char answer[4096];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof answer - 1 && (n = recv(fd, answer + got, sizeof answer - 1 - got, 0)) > 0)
        got += (size_t)n;
    answer[got] = '\0';
    return strncmp(answer, "HTTP/1.1 200", 12) == 0 &&
           strstr(answer, "<Account>123456789012</Account>");
}

static void test_socket_semantics(int family, bool nonblocking)
{
    struct sockaddr_storage peer, name;
    socklen_t peer_len, name_len = sizeof name;
    int fd = connect_to("sts.amazonaws.com", family, nonblocking, &peer, &peer_len);
    CHECK(fd >= 0, "connected");
    if (fd < 0)
        return;
    CHECK(getpeername(fd, (struct sockaddr *)&name, &name_len) == 0 && name_len == peer_len &&
              memcmp(&name, &peer, peer_len) == 0,
          "getpeername: the AWS address connected to");
    name_len = sizeof name;
    CHECK(getsockname(fd, (struct sockaddr *)&name, &name_len) == 0 && name.ss_family == family,
          "getsockname: the same family");
    int one = 1, value = 0, domain = 0;
    socklen_t len = sizeof value;
    CHECK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0, "TCP_NODELAY set");
    CHECK(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &len) == 0 && value == 1,
          "TCP_NODELAY read back");
    CHECK(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one) == 0, "SO_KEEPALIVE");
    CHECK(setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof one) == 0, "TCP_KEEPIDLE");
    len = sizeof domain;
    CHECK(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == family,
          "SO_DOMAIN");
    CHECK(connect(fd, (struct sockaddr *)&peer, peer_len) == -1 && errno == EISCONN,
          "connect again: EISCONN");
    CHECK(sts_exchange(fd), "motoc answered over the spliced socket");
    close(fd);
}

static void test_refusals(void)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_DGRAM};
    struct addrinfo *res = NULL;
    getaddrinfo("sts.amazonaws.com", "53", &hints, &res);
    if (!res)
        return;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(connect(fd, res->ai_addr, res->ai_addrlen) == -1 && errno == ENETUNREACH,
          "no datagrams to a fake address");
    close(fd);
    CHECK(connect(12345, res->ai_addr, res->ai_addrlen) == -1 && errno == EBADF,
          "a bad descriptor: EBADF, as without motoc");

    /* An address length larger than the address (a caller's whole sockaddr_storage) is accepted
     * as the kernel accepts it, and getpeername still reports the address's own size; beyond a
     * sockaddr_storage the kernel says EINVAL. */
    struct {
        struct sockaddr_in sin;
        char slack[sizeof(struct sockaddr_storage)];
    } big = {.sin = *(struct sockaddr_in *)res->ai_addr};
    big.sin.sin_port = htons(80);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(fd, (struct sockaddr *)&big, sizeof big) == -1 && errno == EINVAL,
          "an address length beyond sockaddr_storage");
    CHECK(connect(fd, (struct sockaddr *)&big, sizeof(struct sockaddr_storage)) == 0,
          "a sockaddr_storage-sized address length");
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    CHECK(getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0 &&
              peer_len == sizeof(struct sockaddr_in),
          "getpeername: %u bytes", (unsigned)peer_len);
    close(fd);
    freeaddrinfo(res);
}

int main(void)
{
    CHECK(motoc_start() == 0, "motoc_start");
    test_getaddrinfo();
    test_gethostbyname();
    test_getnameinfo();
    test_socket_semantics(AF_INET, false);
    test_socket_semantics(AF_INET, true);
    test_socket_semantics(AF_INET6, false);
    test_socket_semantics(AF_INET6, true);
    test_refusals();
    CHECK(motoc_stop() == 0, "motoc_stop");
    return test_summary("hooks");
}
