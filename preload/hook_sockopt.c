/* Socket names and options: a spliced socket (splice.h) keeps answering as the TCP connection to
 * the AWS address the application connected to, although a unix socket may now be behind it. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "export.h"
#include "real.h"
#include "splice.h"

static void copy_address(const struct sockaddr_storage *from, socklen_t from_len,
                         struct sockaddr *to, socklen_t *to_len)
{
    memcpy(to, from, *to_len < from_len ? *to_len : from_len);
    *to_len = from_len;
}

static void copy_option(const void *value, socklen_t size, void *out, socklen_t *out_len)
{
    if (*out_len > size)
        *out_len = size;
    memcpy(out, value, *out_len);
}

MOTOC_EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct spliced_socket s;
    if (!addr || !len || !spliced_socket(fd, &s))
        return real_libc()->getpeername(fd, addr, len);
    copy_address(&s.peer, s.peer_len, addr, len);
    return 0;
}

static bool peer_is_v4_mapped(const struct spliced_socket *s)
{
    return s->peer.ss_family == AF_INET6 &&
           IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)&s->peer)->sin6_addr);
}

/* A loopback address of the application's family. The port is the backend's when it is TCP,
 * else one derived from the socket, stable for the connection's life. */
MOTOC_EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct spliced_socket s;
    if (!addr || !len || !spliced_socket(fd, &s))
        return real_libc()->getsockname(fd, addr, len);
    struct sockaddr_storage backend;
    socklen_t backend_len = sizeof backend;
    uint16_t port = htons((uint16_t)(32768 + s.ino % 28232));
    if (real_libc()->getsockname(fd, (struct sockaddr *)&backend, &backend_len) == 0 &&
        (backend.ss_family == AF_INET || backend.ss_family == AF_INET6))
        port = ((struct sockaddr_in *)&backend)->sin_port; /* same offset in sockaddr_in6 */
    struct sockaddr_storage local = {0};
    socklen_t local_len;
    if (s.peer.ss_family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&local;
        v4->sin_family = AF_INET;
        v4->sin_port = port;
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        local_len = sizeof *v4;
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&local;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = port;
        if (peer_is_v4_mapped(&s)) {
            static const uint8_t mapped_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                        0, 0, 0xff, 0xff, 127, 0, 0, 1};
            memcpy(v6->sin6_addr.s6_addr, mapped_loopback, 16);
        } else {
            v6->sin6_addr = in6addr_loopback;
        }
        local_len = sizeof *v6;
    }
    copy_address(&local, local_len, addr, len);
    return 0;
}

static bool ip_level(int level)
{
    return level == IPPROTO_TCP || level == IPPROTO_IP || level == IPPROTO_IPV6;
}

/* TCP and IP options a unix socket refuses, answered as a TCP connection would. */
static int tcp_option(const struct spliced_socket *s, int level, int name, void *value,
                      socklen_t *len)
{
    if (level == IPPROTO_TCP && name == TCP_INFO) {
        struct tcp_info info = {.tcpi_state = TCP_ESTABLISHED};
        copy_option(&info, sizeof info, value, len);
        return 0;
    }
    int v = level == IPPROTO_TCP && name == TCP_NODELAY ? s->nodelay : 0;
    copy_option(&v, sizeof v, value, len);
    return 0;
}

MOTOC_EXPORT int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
    struct spliced_socket s;
    if (level == SOL_SOCKET && (name == SO_DOMAIN || name == SO_PROTOCOL) && value && len &&
        spliced_socket(fd, &s)) {
        int v = name == SO_DOMAIN ? s.peer.ss_family : IPPROTO_TCP;
        copy_option(&v, sizeof v, value, len);
        return 0;
    }
    int rc = real_libc()->getsockopt(fd, level, name, value, len);
    if (rc == 0 || !ip_level(level) || !value || !len || !spliced_socket(fd, &s))
        return rc;
    return tcp_option(&s, level, name, value, len);
}

MOTOC_EXPORT int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    int saved = errno;
    int rc = real_libc()->setsockopt(fd, level, name, value, len);
    struct spliced_socket s;
    if (rc == 0 || !ip_level(level) || !spliced_socket(fd, &s))
        return rc;
    if (level == IPPROTO_TCP && name == TCP_NODELAY && value && len >= (socklen_t)sizeof(int))
        spliced_set_nodelay(fd, *(const int *)value != 0);
    errno = saved;
    return 0;
}
