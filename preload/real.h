/* The libc functions the hooks stand in front of: the next definitions after libmotoc's own. */
#ifndef MOTOC_REAL_H
#define MOTOC_REAL_H

#include <netdb.h>
#include <sys/socket.h>

struct real_libc {
    int (*connect)(int fd, const struct sockaddr *addr, socklen_t len);
    ssize_t (*sendto)(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr,
                      socklen_t addr_len);
    ssize_t (*sendmsg)(int fd, const struct msghdr *msg, int flags);
    int (*getaddrinfo)(const char *node, const char *service, const struct addrinfo *hints,
                       struct addrinfo **res);
    struct hostent *(*gethostbyname)(const char *name);
    struct hostent *(*gethostbyname2)(const char *name, int af);
    int (*gethostbyname_r)(const char *name, struct hostent *ret, char *buf, size_t buflen,
                           struct hostent **result, int *h_errnop);
    int (*gethostbyname2_r)(const char *name, int af, struct hostent *ret, char *buf,
                            size_t buflen, struct hostent **result, int *h_errnop);
    int (*getnameinfo)(const struct sockaddr *addr, socklen_t addr_len, char *host,
                       socklen_t host_len, char *serv, socklen_t serv_len, int flags);
    int (*getpeername)(int fd, struct sockaddr *addr, socklen_t *len);
    int (*getsockname)(int fd, struct sockaddr *addr, socklen_t *len);
    int (*getsockopt)(int fd, int level, int name, void *value, socklen_t *len);
    int (*setsockopt)(int fd, int level, int name, const void *value, socklen_t len);
};

/* Looked up once, on the first call from any thread; safe before the library's constructor ran. */
const struct real_libc *real_libc(void);

#endif
