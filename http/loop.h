/* The event loop: one thread, epoll, owns every connection and all service state. */
#ifndef MOTOC_LOOP_H
#define MOTOC_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_loop;

/* Embedded in whatever owns an fd; the loop calls cb with the epoll events. */
struct loop_watch {
    int fd;
    void (*cb)(struct loop_watch *w, uint32_t events);
};

struct event_loop *loop_new(void);
void loop_free(struct event_loop *loop);

int loop_watch_add(struct event_loop *loop, struct loop_watch *w, uint32_t events);
int loop_watch_modify(struct event_loop *loop, struct loop_watch *w, uint32_t events);
void loop_watch_remove(struct event_loop *loop, struct loop_watch *w);

/* Frees ptr after the current batch of events, so a watch removed mid-batch is never touched
 * again by an event already fetched for it. */
void loop_defer_free(struct event_loop *loop, void (*free_fn)(void *), void *ptr);

/* A one-shot timer, embedded in its owner. Zero-initialise it; it may be started again after it
 * fired or was stopped. */
struct loop_timer {
    uint64_t due_ms;
    void (*cb)(struct loop_timer *t);
    size_t heap_index; /* position in the loop's heap + 1; 0 when not armed */
};

/* Arms t to call cb after delay_ms (re-arming moves it). */
void loop_timer_start(struct event_loop *loop, struct loop_timer *t, uint64_t delay_ms,
                      void (*cb)(struct loop_timer *t));
void loop_timer_stop(struct event_loop *loop, struct loop_timer *t);
bool loop_timer_armed(const struct loop_timer *t);

/* The loop of this thread's core (set by loop_run), for services that need timers. */
struct event_loop *loop_current(void);

/* Calls fn once the next loop of this thread runs, when loop_current() is still NULL (state
 * loaded at startup whose timers must be armed); registering the same fn twice calls it once.
 * -1 when too many are waiting. */
int loop_when_running(void (*fn)(void));

/* Calls cb about every interval_ms (one tick per loop; used for idle timeouts). */
void loop_set_tick(struct event_loop *loop, unsigned interval_ms, void (*cb)(void *), void *arg);

uint64_t loop_now_ms(void);

/* In a child forked while the loop's thread was parked: lets go of the epoll instance the child
 * shares with its parent, so tearing the loop and its watches down cannot unregister the parent's
 * descriptors. */
void loop_forget_after_fork(struct event_loop *loop);

/* Runs until loop_stop; a stop that comes before the run ends the run at once. Once it has
 * returned, the loop may be run again. */
void loop_run(struct event_loop *loop);
/* Safe from any thread and from signal handlers. */
void loop_stop(struct event_loop *loop);

#endif
