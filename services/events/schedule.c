/* Schedule rules: when rate() and cron() expressions fire next (read as EventBridge Scheduler
 * reads them, schedule_expression.h), and one event loop timer, armed for the earliest enabled
 * schedule rule of every account and region, that sends each rule due AWS's "Scheduled Event"
 * (source aws.events, resources [the rule's ARN], detail {}). A rule keeps its next firing in
 * "_next_fire" (epoch seconds), dropped whenever the rule changes so that it is computed
 * afresh. */
#include "schedule.h"

#include <string.h>

#include "../../http/loop.h"
#include "../core/params.h"
#include "../core/schedule_expression.h"
#include "deliver.h"
#include "events.h"
#include "state.h"

bool schedule_next_fire(const char *expression, double after, double *next)
{
    struct schedule_expression e;
    /* Rules take rate() and cron(); at() is Scheduler's alone. */
    if (!expression || !schedule_expression_parse(expression, &e) || e.kind == SCHEDULE_AT)
        return false;
    int64_t from = (int64_t)after;
    int64_t at = schedule_expression_next(&e, NULL, from, from);
    if (at < 0)
        return false;
    *next = (double)at;
    return true;
}

/* ---- firing ---- */

static struct loop_timer ticker;

static bool is_schedule_rule(const cJSON *rule)
{
    const char *state = param_string(rule, "State");
    return param_string(rule, "ScheduleExpression") && (!state || strcmp(state, "ENABLED") == 0);
}

/* The rule's next firing, computed from now when it has none yet. */
static double next_fire_of(cJSON *rule, double now)
{
    const cJSON *known = cJSON_GetObjectItemCaseSensitive(rule, "_next_fire");
    if (cJSON_IsNumber(known))
        return known->valuedouble;
    double next;
    if (!schedule_next_fire(param_string(rule, "ScheduleExpression"), now, &next))
        next = 0;
    cJSON_AddNumberToObject(rule, "_next_fire", next);
    return next;
}

static void fire(struct events_region *r, cJSON *rule)
{
    cJSON *resources = cJSON_CreateArray();
    cJSON_AddItemToArray(resources, cJSON_CreateString(param_string(rule, "Arn")));
    cJSON *event = events_new_event(r->account, r->region, "aws.events", "Scheduled Event",
                                    resources, cJSON_CreateObject());
    cJSON_Delete(resources);
    events_deliver_to_targets(rule, event, 0);
    cJSON_Delete(event);
}

struct scan {
    double now;
    double earliest; /* 0 = none */
};

/* Fires the region's due schedule rules and notes the earliest firing to come. */
static void scan_region(struct events_region *r, void *arg)
{
    struct scan *scan = arg;
    cJSON *bus;
    cJSON_ArrayForEach(bus, r->buses) {
        cJSON *rule;
        cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(bus, "_rules")) {
            if (!is_schedule_rule(rule))
                continue;
            double next = next_fire_of(rule, scan->now);
            if (next <= 0)
                continue;
            if (next <= scan->now) {
                fire(r, rule);
                /* a late timer (or a restart) fires once, then keeps to the schedule */
                double after = next;
                while (next <= scan->now && schedule_next_fire(
                           param_string(rule, "ScheduleExpression"), after, &next))
                    after = next;
                if (next <= scan->now)
                    next = 0;
                cJSON_ReplaceItemInObjectCaseSensitive(rule, "_next_fire",
                                                       cJSON_CreateNumber(next));
                if (next <= 0)
                    continue;
            }
            if (scan->earliest <= 0 || next < scan->earliest)
                scan->earliest = next;
        }
    }
}

static void tick(struct loop_timer *t)
{
    (void)t;
    events_schedules_changed();
}

void events_schedules_changed(void)
{
    struct event_loop *loop = loop_current();
    if (!loop)
        return;
    struct scan scan = {.now = events_now(), .earliest = 0};
    events_regions_each(scan_region, &scan);
    if (scan.earliest <= 0) {
        loop_timer_stop(loop, &ticker);
        return;
    }
    double delay = (scan.earliest - events_now()) * 1000.0;
    loop_timer_start(loop, &ticker, delay > 0 ? (uint64_t)delay + 1 : 0, tick);
}

void events_schedule_reset_rule(cJSON *rule)
{
    cJSON_DeleteItemFromObjectCaseSensitive(rule, "_next_fire");
}
