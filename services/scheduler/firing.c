/* Schedules firing (firing.h): one loop timer armed for the earliest due schedule; when it
 * rings, every due schedule is planned anew (or deleted after completion) first and delivered
 * after, so a target that changes schedules (a universal target calling Scheduler) never
 * changes the list being walked. */
#include "firing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/loop.h"
#include "../core/params.h"
#include "deliver.h"
#include "../core/schedule_expression.h"
#include "state.h"
#include "../core/time_zone.h"

/* The timer rings at least this often, so a wall clock that jumps is noticed. */
#define MAX_TIMER_DELAY_MS 60000

static struct loop_timer timer;

/* Whole seconds of an instant read from state, kept where int64_t holds it (about the year
 * 33658 either way: beyond any date Scheduler accepts). */
static int64_t whole_seconds(double epoch, bool round_up)
{
    const double limit = 1e12;
    if (!(epoch > -limit))
        return (int64_t)-limit;
    if (epoch > limit)
        return (int64_t)limit;
    return (int64_t)(round_up ? ceil(epoch) : floor(epoch));
}

void scheduler_schedule_plan(cJSON *schedule, double now)
{
    struct schedule_expression e;
    int64_t next = -1;
    const char *state = param_string(schedule, "State");
    if ((!state || strcmp(state, "ENABLED") == 0) &&
        schedule_expression_parse(param_string(schedule, "ScheduleExpression"), &e)) {
        const cJSON *start = cJSON_GetObjectItemCaseSensitive(schedule, "StartDate");
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(schedule, "EndDate");
        int64_t after = whole_seconds(now, false);
        if (e.kind == SCHEDULE_CRON && cJSON_IsNumber(start) &&
            whole_seconds(start->valuedouble, true) - 1 > after)
            after = whole_seconds(start->valuedouble, true) - 1;
        int64_t base = whole_seconds(param_number(schedule, "_base", now), false);
        /* A zone read back from a save is checked again before the C library opens it. */
        const char *zone = param_string(schedule, "ScheduleExpressionTimezone");
        next = schedule_expression_next(&e, zone && zone_known(zone) ? zone : NULL, base, after);
        if (next >= 0 && cJSON_IsNumber(end) && (double)next > end->valuedouble)
            next = -1;
    }
    double offset = 0;
    const cJSON *window = cJSON_GetObjectItemCaseSensitive(schedule, "FlexibleTimeWindow");
    const char *mode = param_string(window, "Mode");
    if (next >= 0 && mode && strcmp(mode, "FLEXIBLE") == 0) {
        double minutes = param_number(window, "MaximumWindowInMinutes", 0);
        offset = floor((double)rand() / ((double)RAND_MAX + 1.0) * minutes * 60.0);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(schedule, "_next");
    cJSON_DeleteItemFromObjectCaseSensitive(schedule, "_offset");
    cJSON_AddNumberToObject(schedule, "_next", (double)next);
    cJSON_AddNumberToObject(schedule, "_offset", offset);
}

static double due_at(const cJSON *schedule)
{
    double next = param_number(schedule, "_next", -1);
    return next < 0 ? -1 : next + param_number(schedule, "_offset", 0);
}

struct due_scan {
    double now;
    double earliest;        /* -1: none */
    cJSON *fired;           /* array of {account, region, schedule, scheduled} to deliver */
};

static void take_due(struct scheduler_region *r, cJSON *schedules, struct due_scan *scan)
{
    cJSON *schedule = schedules->child;
    while (schedule) {
        cJSON *following = schedule->next;
        double due = due_at(schedule);
        if (due >= 0 && due <= scan->now) {
            double scheduled = param_number(schedule, "_next", 0);
            cJSON *firing = cJSON_CreateObject();
            cJSON_AddStringToObject(firing, "account", r->account);
            cJSON_AddStringToObject(firing, "region", r->region);
            cJSON_AddNumberToObject(firing, "scheduled", scheduled);
            cJSON_AddItemToObject(firing, "schedule", cJSON_Duplicate(schedule, 1));
            cJSON_AddItemToArray(scan->fired, firing);
            /* The next run comes after this one and after now: runs missed while motoc was
             * not running are not made up. */
            scheduler_schedule_plan(schedule, scan->now > scheduled ? scan->now : scheduled);
            const char *after = param_string(schedule, "ActionAfterCompletion");
            if (param_number(schedule, "_next", -1) < 0 && after && strcmp(after, "DELETE") == 0) {
                cJSON_Delete(cJSON_DetachItemViaPointer(schedules, schedule));
                schedule = following;
                continue;
            }
            due = due_at(schedule);
        }
        if (due >= 0 && (scan->earliest < 0 || due < scan->earliest))
            scan->earliest = due;
        schedule = following;
    }
}

static void scan_region(struct scheduler_region *r, void *arg)
{
    cJSON *group;
    cJSON_ArrayForEach(group, r->groups)
        take_due(r, cJSON_GetObjectItemCaseSensitive(group, "_schedules"), arg);
}

static void ring(struct loop_timer *t)
{
    (void)t;
    scheduler_fire_due(scheduler_now());
}

static void arm(double earliest, double now)
{
    struct event_loop *loop = loop_current();
    if (!loop)
        return;
    if (earliest < 0) {
        loop_timer_stop(loop, &timer);
        return;
    }
    double delay_ms = (earliest - now) * 1000.0;
    if (delay_ms < 0)
        delay_ms = 0;
    if (delay_ms > MAX_TIMER_DELAY_MS)
        delay_ms = MAX_TIMER_DELAY_MS;
    loop_timer_start(loop, &timer, (uint64_t)delay_ms, ring);
}

void scheduler_fire_due(double now)
{
    struct due_scan scan = {.now = now, .earliest = -1, .fired = cJSON_CreateArray()};
    scheduler_regions_each(scan_region, &scan);
    arm(scan.earliest, now);
    const cJSON *firing;
    cJSON_ArrayForEach(firing, scan.fired)
        scheduler_deliver(param_string(firing, "account"), param_string(firing, "region"),
                          cJSON_GetObjectItemCaseSensitive(firing, "schedule"),
                          param_number(firing, "scheduled", now));
    cJSON_Delete(scan.fired);
}

static void find_earliest(struct scheduler_region *r, void *arg)
{
    double *earliest = arg;
    const cJSON *group;
    cJSON_ArrayForEach(group, r->groups) {
        const cJSON *schedule;
        cJSON_ArrayForEach(schedule, cJSON_GetObjectItemCaseSensitive(group, "_schedules")) {
            double due = due_at(schedule);
            if (due >= 0 && (*earliest < 0 || due < *earliest))
                *earliest = due;
        }
    }
}

void scheduler_firing_refresh(void)
{
    if (!loop_current()) {
        /* State loaded before the server's loop runs fires once it does. */
        loop_call_when_running(scheduler_firing_refresh);
        return;
    }
    double earliest = -1;
    scheduler_regions_each(find_earliest, &earliest);
    arm(earliest, scheduler_now());
}
