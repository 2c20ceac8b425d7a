/* connect(), and the two calls that can open a TCP connection without it (TCP Fast Open's
 * sendto/sendmsg with MSG_FASTOPEN): a fake AWS address is spliced onto motoc's backend,
 * everything else goes straight to libc. */
#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>

#include "config.h"
#include "export.h"
#include "fake_hosts.h"
#include "real.h"
#include "splice.h"

/* Only motoc hands out fake addresses, so one reaching connect() is AWS-bound whether or not
 * interception is still on; with motoc disabled the application's address is its own business. */
static bool redirected(const struct sockaddr *addr, socklen_t len)
{
    return sockaddr_is_fake(addr, len) && !motoc_config()->disabled;
}

MOTOC_EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    if (!redirected(addr, len))
        return real_libc()->connect(fd, addr, len);
    return splice_connect(fd, addr, len);
}

/* Connects for a Fast Open send; the data then goes out as a plain send. */
static int open_for_fast_open(int fd, const struct sockaddr *addr, socklen_t len)
{
    return splice_connect(fd, addr, len) == 0 || errno == EINPROGRESS ? 0 : -1;
}

MOTOC_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags,
                            const struct sockaddr *addr, socklen_t len)
{
    if (!(flags & MSG_FASTOPEN) || !redirected(addr, len))
        return real_libc()->sendto(fd, buf, n, flags, addr, len);
    if (open_for_fast_open(fd, addr, len) != 0)
        return -1;
    return real_libc()->sendto(fd, buf, n, flags & ~MSG_FASTOPEN, NULL, 0);
}

MOTOC_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    if (!(flags & MSG_FASTOPEN) || !msg || !redirected(msg->msg_name, msg->msg_namelen))
        return real_libc()->sendmsg(fd, msg, flags);
    if (open_for_fast_open(fd, msg->msg_name, msg->msg_namelen) != 0)
        return -1;
    struct msghdr plain = *msg;
    plain.msg_name = NULL;
    plain.msg_namelen = 0;
    return real_libc()->sendmsg(fd, &plain, flags & ~MSG_FASTOPEN);
}
