/* Replaces an application's TCP socket, under the same descriptor, by a connection to motoc's
 * backend, and remembers the AWS peer it must keep presenting. */
#include "splice.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "../http/log.h"
#include "fake_hosts.h"
#include "fork_handlers.h"
#include "mode.h"
#include "real.h"

/* The registry: spliced sockets by descriptor, in pages allocated on first use. An entry stays
 * after the application closes the descriptor; the inode check tells a reused descriptor apart. */
#define PAGE_BITS 10
#define PAGE_SIZE (1u << PAGE_BITS)
#define MAX_PAGES 1024u /* descriptors below 2^20 */

struct entry {
    bool used;
    dev_t dev;
    struct spliced_socket s;
};

static _Atomic(struct entry *) pages[MAX_PAGES];
static atomic_bool any_spliced;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static struct entry *entry_for(int fd, bool create)
{
    if (fd < 0 || (unsigned)fd >= PAGE_SIZE * MAX_PAGES)
        return NULL;
    _Atomic(struct entry *) *page = &pages[(unsigned)fd >> PAGE_BITS];
    struct entry *p = atomic_load(page);
    if (!p && create) {
        struct entry *fresh = calloc(PAGE_SIZE, sizeof *fresh);
        if (!fresh)
            return NULL;
        if (atomic_compare_exchange_strong(page, &p, fresh))
            p = fresh;
        else
            free(fresh);
    }
    return p ? &p[(unsigned)fd & (PAGE_SIZE - 1)] : NULL;
}

static void remember(int fd, const struct stat *st, const struct sockaddr *peer, socklen_t len)
{
    struct entry *e = entry_for(fd, true);
    if (!e) {
        log_msg(LOG_WARN, "out of memory: descriptor %d will show its backend address", fd);
        return;
    }
    pthread_mutex_lock(&registry_lock);
    e->used = true;
    e->dev = st->st_dev;
    memset(&e->s, 0, sizeof e->s);
    memcpy(&e->s.peer, peer, len);
    e->s.peer_len = len;
    e->s.ino = st->st_ino;
    pthread_mutex_unlock(&registry_lock);
    atomic_store(&any_spliced, true);
}

bool spliced_socket(int fd, struct spliced_socket *out)
{
    if (!atomic_load_explicit(&any_spliced, memory_order_relaxed))
        return false;
    struct entry *e = entry_for(fd, false);
    if (!e)
        return false;
    pthread_mutex_lock(&registry_lock);
    bool used = e->used;
    dev_t dev = e->dev;
    *out = e->s;
    pthread_mutex_unlock(&registry_lock);
    struct stat st;
    return used && fstat(fd, &st) == 0 && st.st_ino == out->ino && st.st_dev == dev;
}

void spliced_set_nodelay(int fd, int value)
{
    struct entry *e = entry_for(fd, false);
    if (!e)
        return;
    pthread_mutex_lock(&registry_lock);
    e->s.nodelay = value;
    pthread_mutex_unlock(&registry_lock);
}

/* Timeouts set before connect() bound the application's blocking calls; they carry over. */
static void copy_timeouts(int from, int to)
{
    static const int options[] = {SO_RCVTIMEO, SO_SNDTIMEO};
    const struct real_libc *real = real_libc();
    for (size_t i = 0; i < 2; i++) {
        struct timeval tv;
        socklen_t len = sizeof tv;
        if (real->getsockopt(from, SOL_SOCKET, options[i], &tv, &len) == 0 &&
            (tv.tv_sec || tv.tv_usec))
            real->setsockopt(to, SOL_SOCKET, options[i], &tv, sizeof tv);
    }
}

/* What connect() on fd would fail with before any address is tried, or 0. */
static int unusable_socket(int fd, socklen_t addr_len)
{
    if (addr_len > sizeof(struct sockaddr_storage))
        return EINVAL; /* as the kernel says */
    const struct real_libc *real = real_libc();
    int type;
    socklen_t len = sizeof type;
    if (real->getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
        return errno; /* EBADF, ENOTSOCK: as connect would say */
    /* Datagrams to a fake address would go to the default route; there is no AWS API over UDP. */
    if (type != SOCK_STREAM)
        return ENETUNREACH;
    struct spliced_socket s;
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    if (spliced_socket(fd, &s) || real->getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0)
        return EISCONN;
    return 0;
}

static void log_redirect(const struct sockaddr *peer, socklen_t len)
{
    if (!log_enabled(LOG_DEBUG))
        return;
    char host[DNS_NAME_SIZE];
    if (!fake_address_host(peer, len, host, sizeof host))
        strcpy(host, "(a fake address from another process)");
    log_msg(LOG_DEBUG, "redirecting a connection to %s to motoc", host);
}

int splice_connect(int fd, const struct sockaddr *peer, socklen_t peer_len)
{
    int problem = unusable_socket(fd, peer_len);
    if (problem) {
        errno = problem;
        return -1;
    }
    int status_flags = fcntl(fd, F_GETFL);
    int fd_flags = fcntl(fd, F_GETFD);
    if (status_flags < 0 || fd_flags < 0)
        return -1;
    fork_handlers_install();
    int backend = backend_open();
    if (backend < 0) {
        errno = ECONNREFUSED;
        return -1;
    }
    copy_timeouts(fd, backend);
    struct stat st;
    if (fcntl(backend, F_SETFL, status_flags & O_NONBLOCK) != 0 || fstat(backend, &st) != 0 ||
        dup3(backend, fd, (fd_flags & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
        int saved = errno;
        close(backend);
        errno = saved;
        return -1;
    }
    close(backend);
    /* The application may pass a larger buffer; the address itself has its family's size. */
    remember(fd, &st, peer,
             peer->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
    log_redirect(peer, peer_len);
    if (status_flags & O_NONBLOCK) {
        /* What a TCP connect would say; the caller's poll for writability succeeds at once. */
        errno = EINPROGRESS;
        return -1;
    }
    return 0;
}

void splice_before_fork(void)
{
    pthread_mutex_lock(&registry_lock);
}

void splice_after_fork(void)
{
    pthread_mutex_unlock(&registry_lock);
}
