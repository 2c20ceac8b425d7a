/* getaddrinfo off the event loop: each lookup runs on a helper thread and signals an fd the
 * loop watches when its answer is ready. */
#include "name_lookup.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "buf.h"

struct name_lookup {
    atomic_int refs; /* the caller's and the helper thread's */
    atomic_bool done;
    int done_fd;
    char *host;
    char *port;
    struct addrinfo *result;
    int gai_error;
};

static atomic_int in_flight;

static void release(struct name_lookup *l)
{
    if (atomic_fetch_sub(&l->refs, 1) != 1)
        return;
    if (l->result)
        freeaddrinfo(l->result);
    if (l->done_fd >= 0)
        close(l->done_fd);
    free(l->host);
    free(l->port);
    free(l);
}

static void *resolve(void *arg)
{
    struct name_lookup *l = arg;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV};
    l->gai_error = getaddrinfo(l->host, l->port, &hints, &l->result);
    atomic_store_explicit(&l->done, true, memory_order_release);
    uint64_t one = 1;
    ssize_t w = write(l->done_fd, &one, sizeof one);
    (void)w;
    atomic_fetch_sub(&in_flight, 1);
    release(l);
    return NULL;
}

struct name_lookup *name_lookup_start(const char *host, const char *port)
{
    if (atomic_fetch_add(&in_flight, 1) >= NAME_LOOKUP_MAX_IN_FLIGHT) {
        atomic_fetch_sub(&in_flight, 1);
        return NULL;
    }
    struct name_lookup *l = xcalloc(1, sizeof *l);
    atomic_init(&l->refs, 2);
    l->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    l->host = xstrdup(host);
    l->port = xstrdup(port);
    pthread_attr_t attr;
    pthread_t thread;
    bool started = false;
    if (l->done_fd >= 0 && pthread_attr_init(&attr) == 0) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        started = pthread_create(&thread, &attr, resolve, l) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!started) {
        atomic_fetch_sub(&in_flight, 1);
        atomic_store(&l->refs, 1);
        release(l);
        return NULL;
    }
    return l;
}

int name_lookup_fd(const struct name_lookup *l)
{
    return l->done_fd;
}

bool name_lookup_done(const struct name_lookup *l)
{
    return atomic_load_explicit(&l->done, memory_order_acquire);
}

const struct addrinfo *name_lookup_result(const struct name_lookup *l, int *gai_error)
{
    *gai_error = l->gai_error;
    return l->gai_error == 0 ? l->result : NULL;
}

void name_lookup_free(struct name_lookup *l)
{
    if (l)
        release(l);
}
