/* Schedule expressions as EventBridge reads them — at(yyyy-mm-ddThh:mm:ss) (Scheduler only),
 * rate(value unit) and cron(minutes hours day-of-month month day-of-week year) — and the instant
 * each fires next; EventBridge rules and Scheduler share them. Time is a parameter, so the
 * computations are pure. */
#ifndef MOTOC_SCHEDULE_EXPRESSION_H
#define MOTOC_SCHEDULE_EXPRESSION_H

#include <stdbool.h>
#include <stdint.h>

#define CRON_MIN_YEAR 1970
#define CRON_MAX_YEAR 2199

enum schedule_kind { SCHEDULE_AT, SCHEDULE_RATE, SCHEDULE_CRON };

struct cron_spec {
    uint64_t minutes, hours;     /* bit n: minute/hour n */
    uint64_t days;               /* bit n: day of month n (1-31) */
    uint64_t months;             /* bit n: month n (1-12) */
    uint64_t weekdays;           /* bit n: weekday n (1 = Sunday .. 7 = Saturday) */
    uint64_t years[4];           /* bit n of the set: year CRON_MIN_YEAR + n */
    bool any_day_of_month;       /* '?' in day-of-month: the day-of-week field decides */
    bool last_day;               /* L in day-of-month */
    bool last_weekday_of_month;  /* LW */
    int nearest_weekday;         /* nW: the weekday nearest day n, 0 = none */
    int last_weekday_kind;       /* nL in day-of-week: the last weekday n of the month, 0 = none */
    int nth_weekday, nth;        /* n#k: the k-th weekday n of the month, 0 = none */
};

struct schedule_expression {
    enum schedule_kind kind;
    int at_year, at_month, at_day, at_hour, at_minute, at_second; /* at(): a wall time */
    int64_t rate_seconds;                                         /* rate() */
    struct cron_spec cron;                                        /* cron() */
};

/* Reads text; false when it is not an expression EventBridge accepts. */
bool schedule_expression_parse(const char *text, struct schedule_expression *out);

/* The first instant (epoch seconds) strictly after `after` at which e fires, with wall times
 * read in zone (NULL = UTC); rate() counts its periods from start. -1 when it never fires again
 * (at() passed, no cron year left). */
int64_t schedule_expression_next(const struct schedule_expression *e, const char *zone,
                                 int64_t start, int64_t after);

#endif
