/* Logs Insights queries, case by case: query strings that parse or fail with AWS's message, and
 * queries run over a fixed set of events with the rows they answer. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/logs/insights_eval.h"
#include "../../services/logs/insights_query.h"
#include "check.h"

/* ---- parsing ---- */

struct parse_case {
    const char *query;
    const char *error; /* NULL: parses */
};

static const struct parse_case parse_cases[] = {
    {"", NULL},
    {"   # nothing but a comment", NULL},
    {"fields @timestamp, @message | sort @timestamp desc | limit 20", NULL},
    {"FIELDS @message | LIMIT 5", NULL},
    {"stats count(*) by bin(5m)", NULL},
    {"stats count() as n, avg(latency) by level, bin(1h) as hour", NULL},
    {"stats sum(bytes) / count(*) as mean", NULL},
    {"filter @message like /a\\/b/ and not ispresent(x) or y in [1, 2, 'three']", NULL},
    {"filter a not like 'b' and c not in ['d']", NULL},
    {"filter a =~ /x+/ | filter b != 2 && c <= 3 || !(d >= 4)", NULL},
    {"fields `odd-name` as odd, -x + 2 * y ^ 2 % 5 as calc", NULL},
    {"parse @message \"* - *\" as a, b | display a, b", NULL},
    {"parse \"[*]\" as level", NULL},
    {"parse @message /(?<user>\\w+)@(?<host>[^ ]+)/", NULL},
    {"dedup a, b | sort a asc, b desc", NULL},
    {"fields a # trailing comment\n| limit 3", NULL},
    {"filter x / 2 > 1", NULL},
    {"test", "unexpected symbol found test at line 1 and position 0"},
    {"fields", "unexpected symbol found <EOF> at line 1 and position 6"},
    {"fields @message |", "unexpected symbol found <EOF> at line 1 and position 17"},
    {"fields @message | sortt @timestamp",
     "unexpected symbol found sortt at line 1 and position 18"},
    {"fields a\n| sortt a", "unexpected symbol found sortt at line 2 and position 2"},
    {"limit x", "unexpected symbol found x at line 1 and position 6"},
    {"limit 0", "unexpected symbol found 0 at line 1 and position 6"},
    {"filter (a = 1", "unexpected symbol found <EOF> at line 1 and position 13"},
    {"filter a = 1 b", "unexpected symbol found b at line 1 and position 13"},
    {"fields nosuchfunction(a)",
     "unexpected symbol found nosuchfunction at line 1 and position 7"},
    {"sort bin(5m)(", "unexpected symbol found ( at line 1 and position 12"},
    {"filter a = 'open", "unexpected symbol found 'open at line 1 and position 11"},
    {"fields count(*", "unexpected symbol found <EOF> at line 1 and position 14"},
    {"stats latency", "stats command requires an aggregation function: latency"},
    {"parse @message \"* *\" as a", "parse: the pattern has 2 wildcards for 1 fields"},
    {"parse @message \"*\"", "unexpected symbol found <EOF> at line 1 and position 18"},
    {"filter @message like /(/", "Invalid regular expression: /(/"},
    {"fields 5x", "unexpected symbol found 5x at line 1 and position 7"},
    {"fields a |  | limit 1", "unexpected symbol found | at line 1 and position 12"},
};

static void check_parse_cases(void)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *t = &parse_cases[i];
        struct insights_error err;
        struct insights_query *q = insights_query_parse(t->query, &err);
        if (!t->error) {
            CHECK(q != NULL, "'%s' should parse, got: %s", t->query, err.message);
        } else {
            CHECK(q == NULL, "'%s' should not parse", t->query);
            if (!q)
                CHECK_STR(err.message, t->error, "for '%s'", t->query);
        }
        insights_query_free(q);
    }

    struct insights_error err;
    CHECK(!insights_query_parse("fields @message | sortt x", &err), "sortt fails");
    CHECK(err.start == 18 && err.end == 22, "the error covers sortt: %d..%d", err.start,
          err.end);

    /* nesting deep enough to exhaust a naive parser fails cleanly */
    struct buf deep = BUF_INIT;
    buf_puts(&deep, "filter ");
    for (int i = 0; i < 5000; i++)
        buf_puts(&deep, "(");
    buf_puts(&deep, "a");
    CHECK(!insights_query_parse(deep.data, &err), "deep nesting is refused");
    buf_free(&deep);
}

/* ---- running ---- */

#define T0 1700000000000.0 /* 2023-11-14 22:13:20 UTC */

static const struct insights_event events[] = {
    {"123:/g", "a", "ERROR disk full on /dev/sda", T0, "p1", 0},
    {"123:/g", "a",
     "{\"level\":\"INFO\",\"latency\":12,\"path\":\"/home\",\"user\":{\"id\":\"u1\"},"
     "\"tags\":[\"x\",\"y\"]}",
     T0 + 60000, "p2", 0},
    {"123:/g", "b",
     "{\"level\":\"ERROR\",\"latency\":250,\"path\":\"/pay\",\"user\":{\"id\":\"u2\"}}",
     T0 + 120000, "p3", 0},
    {"123:/g", "b",
     "{\"level\":\"INFO\",\"latency\":30,\"path\":\"/home\",\"user\":{\"id\":\"u1\"}}",
     T0 + 180000, "p4", 0},
    {"123:/g", "a", "10.0.0.2 - POST /login 401", T0 + 240000, "p5", T0 + 241000},
};

struct run_case {
    const char *query;
    const char *rows; /* field=value,… per row, rows joined by ';', @ptr left out */
};

static const struct run_case run_cases[] = {
    {"fields @message | limit 1", "@message=10.0.0.2 - POST /login 401"},
    {"filter @message like 'POST'",
     "@timestamp=2023-11-14 22:17:20.000,@message=10.0.0.2 - POST /login 401,@logStream=a,"
     "@log=123:/g"},
    {"filter level = 'ERROR' | fields path", "path=/pay"},
    {"filter level = \"ERROR\" | fields path", "path=/pay"},
    {"filter latency > 20 | fields latency | sort latency asc", "latency=30;latency=250"},
    {"filter latency >= 30 and level != 'ERROR' | fields path", "path=/home"},
    {"filter latency / 2 > 100 | fields path", "path=/pay"},
    {"filter level = 'INFO' or level = 'ERROR' | stats count(*) as n", "n=3"},
    {"filter @message like 'disk' | fields @logStream", "@logStream=a"},
    {"filter @message like /^10\\.0/ | fields @logStream", "@logStream=a"},
    {"filter @message like /\\bdisk\\b/ | fields @logStream", "@logStream=a"},
    {"filter @message like /\\bisk/ | fields @logStream", ""},
    {"filter @message like /[\\d.]+ - [A-Z]{4}\\s/ | fields @logStream", "@logStream=a"},
    {"filter @message =~ /(?i)error/ | fields @timestamp",
     "@timestamp=2023-11-14 22:15:20.000;@timestamp=2023-11-14 22:13:20.000"},
    {"filter @message not like /\\d+\\.\\d+/ | filter not ispresent(level) | fields @logStream",
     "@logStream=a"},
    {"filter path in ['/pay', '/x'] | fields user.id", "user.id=u2"},
    {"filter ispresent(path) and path not in ['/pay'] | fields latency",
     "latency=30;latency=12"},
    {"filter latency in [12, 30] | stats count(*) as n", "n=2"},
    {"filter not ispresent(level) | fields @logStream, @timestamp | sort @timestamp asc",
     "@logStream=a,@timestamp=2023-11-14 22:13:20.000;"
     "@logStream=a,@timestamp=2023-11-14 22:17:20.000"},
    {"fields tags.1 as second | filter ispresent(second)", "second=y"},
    {"stats count(*)", "count(*)=5"},
    {"stats count(level) as n, sum(latency) as total, min(latency), max(latency)",
     "n=3,total=292,min(latency)=12,max(latency)=250"},
    {"filter level = 'INFO' | stats avg(latency) as mean", "mean=21"},
    {"stats count(*) as n by level | sort level asc", "level=ERROR,n=1;level=INFO,n=2;n=2"},
    {"stats count(*) by bin(1h)", "bin(1h)=2023-11-14 22:00:00.000,count(*)=5"},
    {"stats count(*) as n by bin(2m) as t | sort t asc",
     "t=2023-11-14 22:12:00.000,n=1;t=2023-11-14 22:14:00.000,n=2;"
     "t=2023-11-14 22:16:00.000,n=2"},
    {"stats count_distinct(user.id) as users", "users=2"},
    {"stats pct(latency, 50) as p50", "p50=30"},
    {"stats max(@timestamp) as last", "last=2023-11-14 22:17:20.000"},
    {"stats latest(path) as newest, earliest(path) as oldest", "newest=/home,oldest=/home"},
    {"stats sum(latency) / count(latency) as mean by level | filter level = 'ERROR'",
     "level=ERROR,mean=250"},
    {"parse @message \"* - * * *\" as ip, verb, route, status | filter ispresent(status) "
     "| display verb, status",
     "verb=POST,status=401"},
    {"parse @message /(?<what>\\w+) full on (?<dev>\\S+)/ | filter ispresent(dev) "
     "| fields what, dev",
     "what=disk,dev=/dev/sda"},
    {"parse \"on *\" as device | filter ispresent(device) | fields device", "device=/dev/sda"},
    {"fields strlen(path) as n, toupper(level) as l | filter level = 'INFO' | limit 1",
     "n=5,l=INFO"},
    {"fields latency * 2 + 1 as x | filter ispresent(latency) | sort x desc | limit 1", "x=501"},
    {"fields concat(level, ':', path) as k | filter ispresent(level) | dedup level "
     "| sort k asc",
     "k=ERROR:/pay;k=INFO:/home"},
    {"fields substr(path, 1, 2) as s, replace(path, '/', '_') as r | filter path = '/pay'",
     "s=pa,r=_pay"},
    {"fields path | filter ispresent(path) | sort path asc", "path=/home;path=/home;path=/pay"},
    {"sort @timestamp asc | limit 1 | fields @logStream", "@logStream=a"},
    {"fields @ingestionTime | filter ispresent(@ingestionTime)",
     "@ingestionTime=2023-11-14 22:17:21.000"},
    {"fields @ingestionTime - @timestamp as delay | filter ispresent(delay)", "delay=1000"},
    {"fields frommillis(1e300) as late, frommillis(0) as epoch | limit 1",
     "late=9999-12-31 23:59:59.999,epoch=1970-01-01 00:00:00.000"},
    {"# what happened last\nfields @logStream | limit 1", "@logStream=a"},
    {"filter level = 'DEBUG'", ""},
};

static char *render(const cJSON *results)
{
    struct buf out = BUF_INIT;
    const cJSON *row;
    cJSON_ArrayForEach(row, results) {
        if (row != results->child)
            buf_puts(&out, ";");
        bool first = true;
        const cJSON *pair;
        cJSON_ArrayForEach(pair, row) {
            const char *field = cJSON_GetStringValue(cJSON_GetObjectItem(pair, "field"));
            if (strcmp(field, "@ptr") == 0)
                continue;
            buf_printf(&out, "%s%s=%s", first ? "" : ",", field,
                       cJSON_GetStringValue(cJSON_GetObjectItem(pair, "value")));
            first = false;
        }
    }
    return out.data ? buf_take(&out) : xstrdup("");
}

static void check_run_cases(void)
{
    size_t count = sizeof events / sizeof events[0];
    for (size_t i = 0; i < sizeof run_cases / sizeof run_cases[0]; i++) {
        const struct run_case *t = &run_cases[i];
        struct insights_error err;
        struct insights_query *q = insights_query_parse(t->query, &err);
        CHECK(q != NULL, "'%s' should parse: %s", t->query, err.message);
        if (!q)
            continue;
        struct insights_statistics stats;
        cJSON *results = insights_query_run(q, events, count, 10000, &stats);
        char *rows = render(results);
        CHECK_STR(rows, t->rows, "for '%s'", t->query);
        free(rows);
        cJSON_Delete(results);
        insights_query_free(q);
    }
}

static void check_ptr_statistics_and_limit(void)
{
    struct insights_error err;
    struct insights_query *q = insights_query_parse("filter ispresent(level)", &err);
    struct insights_statistics stats;
    cJSON *results = insights_query_run(q, events, 5, 2, &stats);
    CHECK(cJSON_GetArraySize(results) == 2, "the limit given caps the rows");
    const cJSON *row = cJSON_GetArrayItem(results, 0);
    const cJSON *last = cJSON_GetArrayItem(row, cJSON_GetArraySize(row) - 1);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(last, "field")), "@ptr", "ptr last");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(last, "value")), "p4", "newest first");
    CHECK(stats.records_scanned == 5 && stats.records_matched == 3, "scanned %g, matched %g",
          stats.records_scanned, stats.records_matched);
    CHECK(stats.bytes_scanned > 100, "bytes %g", stats.bytes_scanned);
    cJSON_Delete(results);
    insights_query_free(q);

    q = insights_query_parse("stats count(*) by @logStream", &err);
    results = insights_query_run(q, events, 5, 10000, &stats);
    char *rows = render(results);
    CHECK_STR(rows, "@logStream=a,count(*)=3;@logStream=b,count(*)=2", "groups by stream");
    free(rows);
    cJSON_Delete(results);
    insights_query_free(q);

    q = insights_query_parse("stats count(*) as n", &err);
    results = insights_query_run(q, NULL, 0, 10000, &stats);
    rows = render(results);
    CHECK_STR(rows, "n=0", "count over no events");
    free(rows);
    cJSON_Delete(results);
    insights_query_free(q);
}

/* A JSON member named like a field Logs sets leaves the event's own value alone. */
static void check_json_cannot_shadow_system_fields(void)
{
    const struct insights_event shadow = {"123:/g", "c", "{\"@timestamp\":\"yesterday\"}", T0,
                                          "p0", 0};
    struct insights_error err;
    struct insights_query *q = insights_query_parse("fields @timestamp", &err);
    struct insights_statistics stats;
    cJSON *results = insights_query_run(q, &shadow, 1, 10, &stats);
    char *rows = render(results);
    CHECK_STR(rows, "@timestamp=2023-11-14 22:13:20.000", "the event's timestamp");
    free(rows);
    cJSON_Delete(results);
    insights_query_free(q);
}

int main(void)
{
    check_json_cannot_shadow_system_fields();
    check_parse_cases();
    check_run_cases();
    check_ptr_statistics_and_limit();
    return test_summary("logs_insights");
}
