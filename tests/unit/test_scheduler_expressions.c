/* EventBridge Scheduler's schedule expressions: which at(), rate() and cron() texts are
 * accepted, and when each fires next, in UTC and in time zones across daylight saving changes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../services/core/schedule_expression.h"
#include "../../services/core/time_zone.h"
#include "check.h"

static int64_t utc(const char *iso)
{
    struct tm tm = {0};
    if (sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return -2;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

static void check_parsing(void)
{
    static const char *const accepted[] = {
        "rate(1 minute)", "rate(1 minutes)", "rate(2 hours)", "rate(1 day)", "rate(30 days)",
        "cron(0 12 * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(15 10 ? * 6L 2026-2030)",
        "cron(0 18 ? * 2#1 *)", "cron(0 0 1,15 JAN,JUL ? *)", "cron(0 0 L * ? *)",
        "cron(0 0 LW * ? *)", "cron(0 0 15W * ? *)", "cron(*/10 * ? * sun *)",
        "cron(0 9 ? * L *)", "at(2026-12-05T10:00:00)", "at(2028-02-29T23:59:59)",
    };
    static const char *const refused[] = {
        "", "some cron", "cron(0 12 * * * *)", "cron(0 12 ? * ? *)", "cron(60 * * * ? *)",
        "cron(0 24 * * ? *)", "cron(0 12 32 * ? *)", "cron(0 12 0 * ? *)", "cron(0 12 * 13 ? *)",
        "cron(0 12 ? * 8 *)", "cron(0 12 * * ? 1969)", "cron(0 12 * * ? 2200)", "cron(0 12 * * ?)",
        "cron(0 12 * * ? * *)", "cron(5-2 * * * ? *)", "cron(0/0 * * * ? *)",
        "cron(0 12 ? * 6#6 *)",
        "cron(0 12 ? * FOO *)", "cron(a b c d e f)", "rate(1 week)", "rate(-1 minutes)",
        "rate(0 minutes)", "rate(minutes)", "rate(5  minutes)", "Rate(5 minutes)",
        "rate(5 minutes) ", "at(2026-02-30T00:00:00)", "at(2027-02-29T00:00:00)",
        "at(2026-12-05 10:00:00)", "at(2026-12-05T10:00)", "at(2026-12-05T24:00:00)",
        "at(+026-12-05T10:00:00)", "cron()", "at()",
    };
    struct schedule_expression e;
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
        CHECK(schedule_expression_parse(accepted[i], &e), "%s is an expression", accepted[i]);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK(!schedule_expression_parse(refused[i], &e), "%s is no expression", refused[i]);
    CHECK(schedule_expression_parse("rate(3 hours)", &e) && e.kind == SCHEDULE_RATE &&
              e.rate_seconds == 3 * 3600, "rate(3 hours) is 10800 seconds");
}

struct next_case {
    const char *expression;
    const char *zone;
    const char *after;
    const char *expected; /* NULL: never again */
};

static const struct next_case next_cases[] = {
    /* UTC */
    {"cron(0/15 * * * ? *)", NULL, "2026-12-05T07:52:10Z", "2026-12-05T08:00:00Z"},
    {"cron(0/15 * * * ? *)", NULL, "2026-12-05T08:00:00Z", "2026-12-05T08:15:00Z"},
    {"cron(0 12 * * ? *)", "UTC", "2026-12-31T12:00:00Z", "2027-01-01T12:00:00Z"},
    {"cron(0 12 L * ? *)", NULL, "2026-02-01T00:00:00Z", "2026-02-28T12:00:00Z"},
    {"cron(0 12 L * ? *)", NULL, "2028-02-01T00:00:00Z", "2028-02-29T12:00:00Z"},
    {"cron(0 12 LW * ? *)", NULL, "2026-05-01T00:00:00Z", "2026-05-29T12:00:00Z"},
    {"cron(0 12 15W * ? *)", NULL, "2026-08-01T00:00:00Z", "2026-08-14T12:00:00Z"},
    {"cron(0 12 1W * ? *)", NULL, "2026-07-31T13:00:00Z", "2026-08-03T12:00:00Z"},
    {"cron(0 10 ? * 6#3 *)", NULL, "2026-12-01T00:00:00Z", "2026-12-18T10:00:00Z"},
    {"cron(0 10 ? * 2L *)", NULL, "2026-12-01T00:00:00Z", "2026-12-28T10:00:00Z"},
    {"cron(0 9 ? * MON-FRI *)", NULL, "2026-12-05T10:00:00Z", "2026-12-07T09:00:00Z"},
    {"cron(0 8 1 JAN ? 2027-2028)", NULL, "2026-12-05T00:00:00Z", "2027-01-01T08:00:00Z"},
    {"cron(0 8 1 JAN ? 2025)", NULL, "2026-12-05T00:00:00Z", NULL},
    {"cron(0 0 29 FEB ? *)", NULL, "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"},
    {"at(2026-12-24T18:00:00)", NULL, "2026-12-05T00:00:00Z", "2026-12-24T18:00:00Z"},
    {"at(2026-12-24T18:00:00)", NULL, "2026-12-24T18:00:00Z", NULL},
    /* time zones */
    {"at(2026-12-24T18:00:00)", "America/New_York", "2026-12-05T00:00:00Z",
     "2026-12-24T23:00:00Z"},
    {"cron(0 0 1 * ? *)", "Australia/Sydney", "2026-01-01T00:00:00Z", "2026-01-31T13:00:00Z"},
    {"cron(0 0 1 * ? *)", "Australia/Sydney", "2026-06-01T00:00:00Z", "2026-06-30T14:00:00Z"},
    {"cron(0 9 ? * MON-FRI *)", "Europe/Berlin", "2026-03-27T12:00:00Z", "2026-03-30T07:00:00Z"},
    {"cron(0 9 ? * MON-FRI *)", "Europe/Berlin", "2026-03-26T12:00:00Z", "2026-03-27T08:00:00Z"},
    /* 05:30 in Kolkata is midnight UTC */
    {"cron(30 5 * * ? *)", "Asia/Kolkata", "2026-12-04T23:59:59Z", "2026-12-05T00:00:00Z"},
    /* spring forward: 02:30 does not exist on 8 March 2026 in New York and is skipped */
    {"cron(30 2 * * ? *)", "America/New_York", "2026-03-07T08:00:00Z", "2026-03-09T06:30:00Z"},
    {"at(2026-03-08T02:30:00)", "America/New_York", "2026-03-01T00:00:00Z",
     "2026-03-08T07:30:00Z"},
    /* fall back: 01:30 happens twice on 1 November 2026 and fires once, the first time */
    {"cron(30 1 * * ? *)", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z"},
    {"cron(30 1 * * ? *)", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
};

static void check_next_fire(void)
{
    for (size_t i = 0; i < sizeof next_cases / sizeof next_cases[0]; i++) {
        const struct next_case *t = &next_cases[i];
        struct schedule_expression e;
        if (!schedule_expression_parse(t->expression, &e)) {
            CHECK(0, "%s parses", t->expression);
            continue;
        }
        int64_t after = utc(t->after);
        int64_t got = schedule_expression_next(&e, t->zone, 0, after);
        int64_t want = t->expected ? utc(t->expected) : -1;
        CHECK(got == want, "%s in %s after %s: got %lld, want %s", t->expression,
              t->zone ? t->zone : "UTC", t->after, (long long)got,
              t->expected ? t->expected : "never");
    }
}

static void check_rates(void)
{
    struct schedule_expression e;
    schedule_expression_parse("rate(5 minutes)", &e);
    int64_t start = utc("2026-12-05T08:00:00Z");
    CHECK(schedule_expression_next(&e, NULL, start, start) == start + 300,
          "a period after the start");
    CHECK(schedule_expression_next(&e, NULL, start, start + 301) == start + 600,
          "on the period grid");
    CHECK(schedule_expression_next(&e, NULL, start, start - 3600) == start, "a later start first");
    CHECK(schedule_expression_next(&e, "Asia/Tokyo", start, start) == start + 300,
          "rates ignore the zone");
}

static void check_zones(void)
{
    CHECK(zone_known("America/New_York"), "New York is a zone");
    CHECK(zone_known("UTC"), "UTC is a zone");
    CHECK(!zone_known("Mars/Olympus_Mons"), "no zone on Mars");
    CHECK(!zone_known("../../etc/passwd"), "paths are not zones");
    CHECK(!zone_known("/etc/localtime"), "absolute paths are not zones");
    CHECK(!zone_known(""), "the empty name is no zone");
    /* Switching zones leaves the process's own TZ as it was. */
    setenv("TZ", "Europe/Paris", 1);
    struct schedule_expression e;
    schedule_expression_parse("cron(0 12 * * ? *)", &e);
    schedule_expression_next(&e, "Asia/Tokyo", 0, utc("2026-12-05T00:00:00Z"));
    CHECK_STR(getenv("TZ"), "Europe/Paris", "TZ put back");
    unsetenv("TZ");
    schedule_expression_next(&e, "Asia/Tokyo", 0, utc("2026-12-05T00:00:00Z"));
    CHECK(getenv("TZ") == NULL, "an unset TZ stays unset");
}

int main(void)
{
    check_parsing();
    check_next_fire();
    check_rates();
    check_zones();
    return test_summary("scheduler_expressions");
}
