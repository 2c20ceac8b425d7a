/* EventBridge schedule expressions: when rate() and cron() rules fire next after a given time. */
#include <stdbool.h>
#include <stddef.h>

#include "../../http/buf.h"
#include "../../services/core/codec_util.h"
#include "../../services/events/schedule.h"
#include "check.h"

struct schedule_case {
    const char *expression;
    const char *after;
    const char *next; /* NULL: never */
};

static const struct schedule_case cases[] = {
    {"rate(1 minute)", "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z"},
    {"rate(5 minutes)", "2024-03-01T10:00:00Z", "2024-03-01T10:05:00Z"},
    {"rate(2 hours)", "2024-03-01T23:30:00Z", "2024-03-02T01:30:00Z"},
    {"rate(1 day)", "2024-02-28T06:00:00Z", "2024-02-29T06:00:00Z"},
    {"cron(* * * * ? *)", "2024-03-01T10:00:30Z", "2024-03-01T10:01:00Z"},
    {"cron(0 12 * * ? *)", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z"},
    {"cron(0 12 * * ? *)", "2024-03-01T12:00:00Z", "2024-03-02T12:00:00Z"},
    {"cron(0/15 * * * ? *)", "2024-03-01T10:07:30Z", "2024-03-01T10:15:00Z"},
    {"cron(10-20/5 8 * * ? *)", "2024-03-01T08:16:00Z", "2024-03-01T08:20:00Z"},
    /* 2024-03-02 is a Saturday */
    {"cron(30 9 ? * MON-FRI *)", "2024-03-02T10:00:00Z", "2024-03-04T09:30:00Z"},
    {"cron(0 18 ? * 1 *)", "2024-03-01T00:00:00Z", "2024-03-03T18:00:00Z"},
    {"cron(0 0 L * ? *)", "2024-02-10T00:00:00Z", "2024-02-29T00:00:00Z"},
    {"cron(0 0 L * ? *)", "2023-02-10T00:00:00Z", "2023-02-28T00:00:00Z"},
    {"cron(0 8 1 JAN,JUL ? *)", "2024-03-01T00:00:00Z", "2024-07-01T08:00:00Z"},
    {"cron(5,35 14 * * ? 2025)", "2024-03-01T00:00:00Z", "2025-01-01T14:05:00Z"},
    {"cron(0 0 31 2 ? *)", "2024-01-01T00:00:00Z", NULL},
    {"cron(0 0 1 1 ? 2020)", "2024-01-01T00:00:00Z", NULL},
    /* the third Friday; the weekday nearest the 15th (a Saturday in June 2024) */
    {"cron(15 10 ? * 6#3 *)", "2024-01-01T00:00:00Z", "2024-01-19T10:15:00Z"},
    {"cron(0 9 15W * ? *)", "2024-06-01T00:00:00Z", "2024-06-14T09:00:00Z"},
    /* rules have no at() */
    {"at(2030-01-01T00:00:00)", "2024-01-01T00:00:00Z", NULL},
    {"cron(0 12 * * * *)", "2024-01-01T00:00:00Z", NULL},
    {"rate(0 minutes)", "2024-01-01T00:00:00Z", NULL},
    {"every minute", "2024-01-01T00:00:00Z", NULL},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double after, want = 0, got = 0;
        CHECK(timestamp_parse(cases[i].after, TS_ISO8601, &after), "%s parses", cases[i].after);
        if (cases[i].next)
            CHECK(timestamp_parse(cases[i].next, TS_ISO8601, &want), "%s parses", cases[i].next);
        bool fires = schedule_next_fire(cases[i].expression, after, &got);
        CHECK(fires == (cases[i].next != NULL), "%s after %s: %s", cases[i].expression,
              cases[i].after, fires ? "fires" : "never fires");
        if (fires && cases[i].next) {
            struct buf text = BUF_INIT;
            timestamp_format(got, TS_ISO8601, &text);
            CHECK(got == want, "%s after %s: got %s, want %s", cases[i].expression,
                  cases[i].after, text.data, cases[i].next);
            buf_free(&text);
        }
    }
    return test_summary("event_schedule");
}
