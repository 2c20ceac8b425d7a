/* Schedule rules: when rate() and cron() expressions fire next, and one event loop timer, armed
 * for the earliest enabled schedule rule of every account and region, that sends each rule due
 * AWS's "Scheduled Event" (source aws.events, resources [the rule's ARN], detail {}). A rule
 * keeps its next firing in "_next_fire" (epoch seconds), dropped whenever the rule changes so
 * that it is computed afresh. */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/loop.h"
#include "../core/params.h"
#include "deliver.h"
#include "events.h"
#include "state.h"

#define MINUTE 60.0
#define FIRST_YEAR 1970
#define LAST_YEAR 2199
/* How far ahead a cron expression is searched (its years may all be past). */
#define SEARCH_DAYS (366 * 30)

/* ---- rate() ---- */

static bool rate_period(const char *expression, double *seconds)
{
    char unit[16];
    long n;
    char close;
    if (sscanf(expression, "rate(%ld %15[a-z]%c", &n, unit, &close) != 3 || close != ')' || n <= 0)
        return false;
    static const struct {
        const char *name;
        double seconds;
    } units[] = {{"minute", 60}, {"minutes", 60}, {"hour", 3600}, {"hours", 3600},
                 {"day", 86400}, {"days", 86400}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(unit, units[i].name) == 0) {
            *seconds = (double)n * units[i].seconds;
            return true;
        }
    return false;
}

/* ---- cron() ---- */

struct cron_field {
    bool any;         /* '*' or '?' */
    bool last;        /* 'L' in day-of-month: the month's last day */
    bool values[240]; /* indexed by value (years: value - FIRST_YEAR) */
};

struct cron {
    struct cron_field minute, hour, day, month, weekday, year;
};

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
static const char *const day_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

/* A number or a name (names[0] stands for first); -1 when neither. */
static int read_value(const char **p, const char *const *names, size_t count, int first)
{
    for (size_t i = 0; names && i < count; i++)
        if (strncmp(*p, names[i], 3) == 0) {
            *p += 3;
            return first + (int)i;
        }
    if (**p < '0' || **p > '9')
        return -1;
    char *end;
    long v = strtol(*p, &end, 10);
    *p = end;
    return v > 10000 ? -1 : (int)v;
}

/* Parses one field: lists of '*', values, ranges a-b, each with an optional /step; value v is
 * kept at values[v - offset]. ('W' and '#' are not understood: such a rule never fires.) */
static bool field_parse(const char *text, int min, int max, const char *const *names,
                        size_t count, int first, int offset, struct cron_field *f)
{
    memset(f, 0, sizeof *f);
    if (strcmp(text, "*") == 0 || strcmp(text, "?") == 0) {
        f->any = true;
        return true;
    }
    if (strcmp(text, "L") == 0 && max == 31) {
        f->last = true;
        return true;
    }
    const char *p = text;
    for (;;) {
        int low, high, step = 1;
        bool single = false;
        if (*p == '*') {
            p++;
            low = min;
            high = max;
        } else {
            low = read_value(&p, names, count, first);
            high = low;
            single = true;
            if (*p == '-') {
                p++;
                high = read_value(&p, names, count, first);
                single = false;
            }
        }
        if (*p == '/') {
            p++;
            step = read_value(&p, NULL, 0, 0);
            if (single) /* "a/n": from a to the end, every n */
                high = max;
        }
        if (low < min || high > max || low > high || step <= 0)
            return false;
        for (int v = low; v <= high; v += step)
            f->values[v - offset] = true;
        if (*p == '\0')
            return true;
        if (*p != ',')
            return false;
        p++;
    }
}

static bool cron_parse(const char *expression, struct cron *cron)
{
    size_t len = strlen(expression);
    if (strncmp(expression, "cron(", 5) != 0 || len < 7 || expression[len - 1] != ')')
        return false;
    char body[256];
    if (len - 6 >= sizeof body)
        return false;
    memcpy(body, expression + 5, len - 6);
    body[len - 6] = '\0';
    char *fields[6];
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(body, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        if (n == 6)
            return false;
        fields[n++] = tok;
    }
    if (n != 6 || (strcmp(fields[2], "?") == 0) == (strcmp(fields[4], "?") == 0))
        return false;
    return field_parse(fields[0], 0, 59, NULL, 0, 0, 0, &cron->minute) &&
           field_parse(fields[1], 0, 23, NULL, 0, 0, 0, &cron->hour) &&
           field_parse(fields[2], 1, 31, NULL, 0, 0, 0, &cron->day) &&
           field_parse(fields[3], 1, 12, month_names, 12, 1, 0, &cron->month) &&
           field_parse(fields[4], 1, 7, day_names, 7, 1, 0, &cron->weekday) &&
           field_parse(fields[5], FIRST_YEAR, LAST_YEAR, NULL, 0, 0, FIRST_YEAR, &cron->year);
}

static bool field_has(const struct cron_field *f, int v)
{
    return f->any || f->values[v];
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static bool day_matches(const struct cron *cron, const struct tm *tm)
{
    int year = tm->tm_year + 1900, month = tm->tm_mon + 1;
    if (year < FIRST_YEAR || year > LAST_YEAR || !field_has(&cron->year, year - FIRST_YEAR) ||
        !field_has(&cron->month, month))
        return false;
    if (cron->day.last)
        return tm->tm_mday == days_in_month(year, month) && field_has(&cron->weekday,
                                                                      tm->tm_wday + 1);
    return field_has(&cron->day, tm->tm_mday) && field_has(&cron->weekday, tm->tm_wday + 1);
}

/* The first minute of the day of tm at or after hour:minute that cron names, or false. */
static bool time_in_day(const struct cron *cron, int from_minute_of_day, int *minute_of_day)
{
    for (int m = from_minute_of_day; m < 24 * 60; m++)
        if (field_has(&cron->hour, m / 60) && field_has(&cron->minute, m % 60)) {
            *minute_of_day = m;
            return true;
        }
    return false;
}

static bool cron_next(const struct cron *cron, double after, double *next)
{
    time_t t = (time_t)(after / MINUTE) * 60 + 60; /* the next whole minute */
    struct tm tm;
    gmtime_r(&t, &tm);
    int from = tm.tm_hour * 60 + tm.tm_min;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    for (int day = 0; day < SEARCH_DAYS; day++) {
        time_t midnight = timegm(&tm);
        struct tm today;
        gmtime_r(&midnight, &today);
        int minute;
        if (day_matches(cron, &today) && time_in_day(cron, from, &minute)) {
            *next = (double)midnight + minute * MINUTE;
            return true;
        }
        from = 0;
        tm = today;
        tm.tm_mday++;
    }
    return false;
}

bool schedule_next_fire(const char *expression, double after, double *next)
{
    double seconds;
    if (rate_period(expression, &seconds)) {
        *next = after + seconds;
        return true;
    }
    struct cron cron;
    return cron_parse(expression, &cron) && cron_next(&cron, after, next);
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
