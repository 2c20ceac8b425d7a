/* Splicing: an application's TCP socket is replaced, under the same descriptor, by a connection
 * to motoc's backend (a unix socket, or loopback TCP). The socket-level hooks then keep presenting
 * it as the TCP connection to the AWS address the application asked for. */
#ifndef MOTOC_SPLICE_H
#define MOTOC_SPLICE_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

/* connect(fd, peer) for a fake address: returns what connect would (0, or -1 with errno;
 * EINPROGRESS for a non-blocking socket, which is then already connected). */
int splice_connect(int fd, const struct sockaddr *peer, socklen_t peer_len);

struct spliced_socket {
    struct sockaddr_storage peer; /* the fake AWS address the application connected to */
    socklen_t peer_len;
    ino_t ino;                    /* of the backend socket now behind the descriptor */
    int nodelay;                  /* the last TCP_NODELAY the application set */
};

/* True, with a copy in out, if fd is a spliced socket. Costs one atomic load in processes that
 * never spliced. */
bool spliced_socket(int fd, struct spliced_socket *out);
void spliced_set_nodelay(int fd, int value);

/* pthread_atfork handlers for the registry's lock. */
void splice_before_fork(void);
void splice_after_fork(void);

#endif
