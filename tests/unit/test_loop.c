/* The event loop's timers: order, re-arming, stopping, many at once. */
#include <stdlib.h>

#include "../../http/loop.h"
#include "check.h"

struct probe {
    struct loop_timer timer;
    int id;
};

static struct event_loop *loop;
static int fired[64];
static int n_fired;

static void record(struct loop_timer *t)
{
    struct probe *p = (struct probe *)t;
    fired[n_fired++] = p->id;
}

static void stop_loop(struct loop_timer *t)
{
    (void)t;
    loop_stop(loop);
}

static void test_order_and_stop(void)
{
    loop = loop_new();
    struct probe probes[6];
    static const unsigned delays[6] = {30, 10, 20, 10, 50, 40};
    for (int i = 0; i < 6; i++) {
        probes[i] = (struct probe){{0}, i};
        loop_timer_start(loop, &probes[i].timer, delays[i], record);
    }
    loop_timer_stop(loop, &probes[2].timer);              /* never fires */
    loop_timer_start(loop, &probes[5].timer, 5, record);  /* re-armed earlier */
    CHECK(!loop_timer_armed(&probes[2].timer), "stopped timer is disarmed");
    struct loop_timer end = {0};
    loop_timer_start(loop, &end, 80, stop_loop);
    n_fired = 0;
    loop_run(loop);
    static const int expected[] = {5, 1, 3, 0, 4};
    CHECK(n_fired == 5, "five timers fired, got %d", n_fired);
    for (int i = 0; i < 5 && i < n_fired; i++)
        CHECK(fired[i] == expected[i], "position %d: timer %d fired, want %d", i, fired[i],
              expected[i]);
    CHECK(loop_current() == loop, "loop_current names the running loop");
    loop_free(loop);
}

static int n_counted;
static uint64_t last_due;
static int out_of_order;

static void count_in_order(struct loop_timer *t)
{
    if (t->due_ms < last_due)
        out_of_order++;
    last_due = t->due_ms;
    n_counted++;
}

/* Many timers stopped in arbitrary order keep the heap consistent. */
static void test_heap_stress(void)
{
    loop = loop_new();
    enum { N = 500 };
    struct probe *probes = calloc(N, sizeof *probes);
    srand(7);
    for (int i = 0; i < N; i++) {
        probes[i].id = i % 64;
        loop_timer_start(loop, &probes[i].timer, (uint64_t)(1000 + rand() % 5000), count_in_order);
    }
    for (int i = 0; i < N; i += 3)
        loop_timer_stop(loop, &probes[(i * 7) % N].timer);
    int armed = 0;
    for (int i = 0; i < N; i++)
        armed += loop_timer_armed(&probes[i].timer);
    int stopped = 0;
    for (int i = 0; i < N; i++)
        if (!loop_timer_armed(&probes[i].timer))
            stopped++;
    CHECK(armed + stopped == N && stopped > 0, "stopping is tracked");
    /* Re-arm everything within the next few milliseconds; all fire exactly once, in due
     * order. */
    for (int i = 0; i < N; i++)
        loop_timer_start(loop, &probes[i].timer, (uint64_t)(rand() % 5), count_in_order);
    struct loop_timer end = {0};
    loop_timer_start(loop, &end, 30, stop_loop);
    n_counted = 0;
    last_due = 0;
    loop_run(loop);
    CHECK(n_counted == N, "all %d fired, got %d", N, n_counted);
    CHECK(out_of_order == 0, "%d fired out of order", out_of_order);
    for (int i = 0; i < N; i++)
        CHECK(!loop_timer_armed(&probes[i].timer), "timer %d fired", i);
    free(probes);
    loop_free(loop);
}

/* A stopped loop runs again: an embedded core that stops and restarts its loop keeps serving. */
static void test_runs_again_after_stop(void)
{
    loop = loop_new();
    for (int run = 0; run < 2; run++) {
        struct probe probe = {{0}, run};
        struct loop_timer end = {0};
        loop_timer_start(loop, &probe.timer, 1, record);
        loop_timer_start(loop, &end, 5, stop_loop);
        n_fired = 0;
        loop_run(loop);
        CHECK(n_fired == 1 && fired[0] == run, "run %d fired its timer", run);
    }
    loop_free(loop);
}

int main(void)
{
    test_order_and_stop();
    test_heap_stress();
    test_runs_again_after_stop();
    return test_summary("loop");
}
