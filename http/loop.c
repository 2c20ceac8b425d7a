/* The epoll event loop: fd watches, a heap of timers, an eventfd that stops it from another
 * thread, and frees deferred until the current iteration is done with the object. */
#include "loop.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

struct deferred_free {
    void (*free_fn)(void *);
    void *ptr;
};

struct event_loop {
    int epfd;
    struct loop_watch wakeup; /* eventfd that loop_stop writes to */
    atomic_int stopping;

    struct deferred_free *deferred;
    size_t n_deferred, cap_deferred;

    struct loop_timer **timers; /* min-heap on due_ms */
    size_t n_timers, cap_timers;

    unsigned tick_ms;
    void (*tick_cb)(void *);
    void *tick_arg;
    uint64_t next_tick;
};

uint64_t loop_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void drain_wakeup(struct loop_watch *w, uint32_t events)
{
    (void)events;
    uint64_t n;
    while (read(w->fd, &n, sizeof n) > 0) {
    }
}

struct event_loop *loop_new(void)
{
    struct event_loop *loop = xcalloc(1, sizeof *loop);
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    loop->wakeup.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    loop->wakeup.cb = drain_wakeup;
    if (loop->epfd < 0 || loop->wakeup.fd < 0 ||
        loop_watch_add(loop, &loop->wakeup, EPOLLIN) != 0) {
        log_msg(LOG_ERROR, "cannot create the event loop: %s", strerror(errno));
        loop_free(loop);
        return NULL;
    }
    return loop;
}

static _Thread_local struct event_loop *current_loop;

struct event_loop *loop_current(void)
{
    return current_loop;
}

#define MAX_WHEN_RUNNING 8
static _Thread_local void (*when_running[MAX_WHEN_RUNNING])(void);

int loop_when_running(void (*fn)(void))
{
    for (size_t i = 0; i < MAX_WHEN_RUNNING; i++) {
        if (when_running[i] == fn)
            return 0;
        if (!when_running[i]) {
            when_running[i] = fn;
            return 0;
        }
    }
    return -1;
}

static void run_when_running(void)
{
    for (size_t i = 0; i < MAX_WHEN_RUNNING && when_running[i]; i++) {
        void (*fn)(void) = when_running[i];
        when_running[i] = NULL;
        fn();
    }
}

/* ---- timers: a binary min-heap; each timer knows its slot so stopping is O(log n) ---- */

static void heap_place(struct event_loop *loop, size_t i, struct loop_timer *t)
{
    loop->timers[i] = t;
    t->heap_index = i + 1;
}

static void heap_sift_up(struct event_loop *loop, size_t i)
{
    struct loop_timer *t = loop->timers[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (loop->timers[parent]->due_ms <= t->due_ms)
            break;
        heap_place(loop, i, loop->timers[parent]);
        i = parent;
    }
    heap_place(loop, i, t);
}

static void heap_sift_down(struct event_loop *loop, size_t i)
{
    struct loop_timer *t = loop->timers[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= loop->n_timers)
            break;
        if (child + 1 < loop->n_timers &&
            loop->timers[child + 1]->due_ms < loop->timers[child]->due_ms)
            child++;
        if (loop->timers[child]->due_ms >= t->due_ms)
            break;
        heap_place(loop, i, loop->timers[child]);
        i = child;
    }
    heap_place(loop, i, t);
}

bool loop_timer_armed(const struct loop_timer *t)
{
    return t->heap_index != 0;
}

void loop_timer_stop(struct event_loop *loop, struct loop_timer *t)
{
    if (!loop_timer_armed(t))
        return;
    size_t i = t->heap_index - 1;
    t->heap_index = 0;
    struct loop_timer *last = loop->timers[--loop->n_timers];
    if (last == t)
        return;
    heap_place(loop, i, last);
    heap_sift_up(loop, i);
    heap_sift_down(loop, last->heap_index - 1);
}

void loop_timer_start(struct event_loop *loop, struct loop_timer *t, uint64_t delay_ms,
                      void (*cb)(struct loop_timer *t))
{
    loop_timer_stop(loop, t);
    t->due_ms = loop_now_ms() + delay_ms;
    t->cb = cb;
    if (loop->n_timers == loop->cap_timers) {
        loop->cap_timers = loop->cap_timers ? loop->cap_timers * 2 : 16;
        loop->timers = xrealloc(loop->timers, loop->cap_timers * sizeof *loop->timers);
    }
    heap_place(loop, loop->n_timers++, t);
    heap_sift_up(loop, t->heap_index - 1);
}

static void run_due_timers(struct event_loop *loop)
{
    uint64_t now = loop_now_ms();
    while (loop->n_timers > 0 && loop->timers[0]->due_ms <= now) {
        struct loop_timer *t = loop->timers[0];
        loop_timer_stop(loop, t);
        t->cb(t);
    }
}

static void run_deferred_frees(struct event_loop *loop)
{
    for (size_t i = 0; i < loop->n_deferred; i++)
        loop->deferred[i].free_fn(loop->deferred[i].ptr);
    loop->n_deferred = 0;
}

void loop_free(struct event_loop *loop)
{
    if (!loop)
        return;
    run_deferred_frees(loop);
    free(loop->deferred);
    free(loop->timers);
    if (loop->wakeup.fd >= 0)
        close(loop->wakeup.fd);
    if (loop->epfd >= 0)
        close(loop->epfd);
    free(loop);
}

void loop_forget_after_fork(struct event_loop *loop)
{
    if (loop->epfd >= 0)
        close(loop->epfd);
    loop->epfd = -1;
}

int loop_watch_add(struct event_loop *loop, struct loop_watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, w->fd, &ev);
}

int loop_watch_modify(struct event_loop *loop, struct loop_watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, w->fd, &ev);
}

void loop_watch_remove(struct event_loop *loop, struct loop_watch *w)
{
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

void loop_defer_free(struct event_loop *loop, void (*free_fn)(void *), void *ptr)
{
    if (loop->n_deferred == loop->cap_deferred) {
        loop->cap_deferred = loop->cap_deferred ? loop->cap_deferred * 2 : 16;
        loop->deferred = xrealloc(loop->deferred, loop->cap_deferred * sizeof *loop->deferred);
    }
    loop->deferred[loop->n_deferred++] = (struct deferred_free){free_fn, ptr};
}

void loop_set_tick(struct event_loop *loop, unsigned interval_ms, void (*cb)(void *), void *arg)
{
    loop->tick_ms = interval_ms;
    loop->tick_cb = cb;
    loop->tick_arg = arg;
    loop->next_tick = loop_now_ms() + interval_ms;
}

static int wait_timeout(const struct event_loop *loop)
{
    uint64_t due = UINT64_MAX;
    if (loop->tick_cb)
        due = loop->next_tick;
    if (loop->n_timers > 0 && loop->timers[0]->due_ms < due)
        due = loop->timers[0]->due_ms;
    if (due == UINT64_MAX)
        return -1;
    uint64_t now = loop_now_ms();
    if (due <= now)
        return 0;
    return due - now > 60000 ? 60000 : (int)(due - now);
}

void loop_run(struct event_loop *loop)
{
    struct epoll_event events[64];
    current_loop = loop;
    run_when_running();
    while (!loop->stopping) {
        int n = epoll_wait(loop->epfd, events, 64, wait_timeout(loop));
        if (n < 0 && errno != EINTR) {
            log_msg(LOG_ERROR, "epoll_wait: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n; i++) {
            struct loop_watch *w = events[i].data.ptr;
            w->cb(w, events[i].events);
        }
        run_due_timers(loop);
        if (loop->tick_cb && loop_now_ms() >= loop->next_tick) {
            loop->next_tick = loop_now_ms() + loop->tick_ms;
            loop->tick_cb(loop->tick_arg);
        }
        run_deferred_frees(loop);
    }
    loop->stopping = 0;
}

void loop_stop(struct event_loop *loop)
{
    loop->stopping = 1;
    uint64_t one = 1;
    ssize_t r = write(loop->wakeup.fd, &one, sizeof one);
    (void)r;
}
