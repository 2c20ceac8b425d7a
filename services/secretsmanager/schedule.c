/* Parsing and stepping rotation schedules (schedule.h). */
#include "schedule.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/params.h"

#define HOUR 3600.0
#define DAY 86400.0
#define MAX_RATE_DAYS 1000
#define MIN_RATE_HOURS 4
#define CRON_FIELDS 6

static int fail(char *problem, size_t size, const char *message)
{
    snprintf(problem, size, "%s", message);
    return -1;
}

/* "rate(N unit)": N and the unit's length in seconds, or -1. */
static int parse_rate(const char *body, long *count, double *unit)
{
    char *end;
    if (!isdigit((unsigned char)*body))
        return -1;
    *count = strtol(body, &end, 10);
    if (*end != ' ')
        return -1;
    end++;
    size_t len = strcspn(end, ")");
    if (end[len] != ')' || end[len + 1] != '\0')
        return -1;
    if ((len == 4 && strncmp(end, "hour", 4) == 0) || (len == 5 && strncmp(end, "hours", 5) == 0))
        *unit = HOUR;
    else if ((len == 3 && strncmp(end, "day", 3) == 0) ||
             (len == 4 && strncmp(end, "days", 4) == 0))
        *unit = DAY;
    else
        return -1;
    return 0;
}

struct cron_field_rule {
    int low, high;
    const char *names; /* three-letter names, in order from low, or NULL */
    bool question_allowed;
};

static const struct cron_field_rule cron_rules[CRON_FIELDS] = {
    {0, 59, NULL, false},
    {0, 23, NULL, false},
    {1, 31, NULL, true},
    {1, 12, "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC", false},
    {1, 7, "SUNMONTUEWEDTHUFRISAT", true},
    {1970, 2199, NULL, false},
};

/* One value of a field: a number or a name. -1 when it is neither or out of range. */
static int cron_value(const char *text, size_t len, const struct cron_field_rule *rule)
{
    if (len == 3 && rule->names && isalpha((unsigned char)text[0])) {
        for (int i = 0; rule->names[i * 3]; i++)
            if (strncasecmp(rule->names + i * 3, text, 3) == 0)
                return rule->low + i;
        return -1;
    }
    if (len == 0 || len > 4)
        return -1;
    int value = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)text[i]))
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value >= rule->low && value <= rule->high ? value : -1;
}

/* Whether value satisfies field (a checked field's text: "*", "?", lists, ranges, steps, "L",
 * "W" and "#" forms match loosely, by their base value). With value < 0 only checks the text. */
static bool cron_field(const char *field, const struct cron_field_rule *rule, int value)
{
    if (strcmp(field, "*") == 0)
        return true;
    if (strcmp(field, "?") == 0)
        return rule->question_allowed;
    const char *p = field;
    bool matched = false;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return false;
        char item[32];
        if (len >= sizeof item)
            return false;
        memcpy(item, p, len);
        item[len] = '\0';
        p += len + (p[len] == ',');
        if (p[-1] == ',' && !*p)
            return false;
        int step = 1;
        char *slash = strchr(item, '/');
        if (slash) {
            *slash = '\0';
            char *end;
            long parsed = strtol(slash + 1, &end, 10);
            if (*end || parsed < 1 || parsed > rule->high || !isdigit((unsigned char)slash[1]))
                return false;
            step = (int)parsed;
        }
        /* day-of-month "L"/"15W" and day-of-week "5#3"/"5L": accepted, matched by their day */
        size_t item_len = strlen(item);
        if (rule->question_allowed && item_len > 0 &&
            (item[item_len - 1] == 'L' || item[item_len - 1] == 'W'))
            item[--item_len] = '\0';
        char *hash = rule->question_allowed ? strchr(item, '#') : NULL;
        if (hash) {
            if (hash[1] < '1' || hash[1] > '5' || hash[2])
                return false;
            *hash = '\0';
        }
        int low, high;
        if (item[0] == '\0' && !slash) {
            continue; /* a bare "L" */
        } else if (strcmp(item, "*") == 0) {
            low = rule->low;
            high = rule->high;
        } else {
            char *dash = strchr(item, '-');
            low = cron_value(item, dash ? (size_t)(dash - item) : strlen(item), rule);
            high = dash ? cron_value(dash + 1, strlen(dash + 1), rule) : (slash ? rule->high : low);
            if (low < 0 || high < 0)
                return false;
        }
        if (value >= 0) {
            if (low <= high)
                matched = matched || (value >= low && value <= high && (value - low) % step == 0);
            else
                matched = matched || value >= low || value <= high;
        }
    }
    return value < 0 ? true : matched;
}

/* Splits a cron body into its fields (in fields[], NUL-separated in copy). The count. */
static int cron_split(const char *body, char *copy, size_t size, char *fields[CRON_FIELDS + 1])
{
    size_t len = strlen(body);
    if (len == 0 || len >= size || body[len - 1] != ')')
        return -1;
    memcpy(copy, body, len - 1);
    copy[len - 1] = '\0';
    int n = 0;
    for (char *save = NULL, *token = strtok_r(copy, " ", &save); token;
         token = strtok_r(NULL, " ", &save)) {
        if (n == CRON_FIELDS + 1)
            return -1;
        fields[n++] = token;
    }
    return n;
}

int schedule_check(const char *expression, char *problem, size_t size)
{
    if (!expression)
        return fail(problem, size, "Invalid schedule expression.");
    if (strncmp(expression, "rate(", 5) == 0) {
        long count;
        double unit;
        if (parse_rate(expression + 5, &count, &unit) != 0)
            return fail(problem, size, "Invalid rate expression. The expression must be "
                                       "rate(N hours) or rate(N days).");
        if ((unit == HOUR && count < MIN_RATE_HOURS) || count < 1)
            return fail(problem, size, "The schedule expression must be at least 4 hours.");
        if ((unit == DAY && count > MAX_RATE_DAYS) || (unit == HOUR && count > MAX_RATE_DAYS * 24))
            return fail(problem, size, "The schedule expression must be within 1000 days.");
        return 0;
    }
    if (strncmp(expression, "cron(", 5) == 0) {
        char copy[256], *fields[CRON_FIELDS + 1];
        if (cron_split(expression + 5, copy, sizeof copy, fields) != CRON_FIELDS)
            return fail(problem, size, "Invalid cron expression. The expression must have six "
                                       "fields: minutes hours day-of-month month day-of-week "
                                       "year.");
        for (int i = 0; i < CRON_FIELDS; i++)
            if (!cron_field(fields[i], &cron_rules[i], -1))
                return fail(problem, size, "Invalid cron expression.");
        if ((strcmp(fields[2], "?") == 0) == (strcmp(fields[4], "?") == 0))
            return fail(problem, size, "Invalid cron expression. Use ? in exactly one of "
                                       "day-of-month and day-of-week.");
        return 0;
    }
    return fail(problem, size, "Invalid schedule expression. The expression must be a rate() or "
                               "cron() expression.");
}

int schedule_duration_check(const char *duration, char *problem, size_t size)
{
    size_t len = duration ? strlen(duration) : 0;
    bool digits = len >= 2 && len <= 3 && isdigit((unsigned char)duration[0]) &&
                  (len == 2 || isdigit((unsigned char)duration[1]));
    if (!digits || duration[len - 1] != 'h')
        return fail(problem, size, "Invalid Duration. The duration must be a number of hours, "
                                   "such as 3h.");
    int hours = atoi(duration);
    if (hours < 1 || hours > 24)
        return fail(problem, size, "The rotation window must be between 1 and 24 hours.");
    return 0;
}

double schedule_next(const char *expression, double from)
{
    if (strncmp(expression, "rate(", 5) == 0) {
        long count;
        double unit;
        return parse_rate(expression + 5, &count, &unit) == 0 ? from + (double)count * unit : 0;
    }
    char copy[256], *fields[CRON_FIELDS + 1];
    if (strncmp(expression, "cron(", 5) != 0 ||
        cron_split(expression + 5, copy, sizeof copy, fields) != CRON_FIELDS)
        return 0;
    /* step by minute through matching days: days first, so a year costs 366 checks */
    time_t start = (time_t)from / 60 * 60 + 60;
    for (time_t day = start - start % 86400; day < start + 5 * 366 * 86400; day += 86400) {
        struct tm tm;
        gmtime_r(&day, &tm);
        if (!cron_field(fields[2], &cron_rules[2], tm.tm_mday) ||
            !cron_field(fields[3], &cron_rules[3], tm.tm_mon + 1) ||
            !cron_field(fields[4], &cron_rules[4], tm.tm_wday + 1) ||
            !cron_field(fields[5], &cron_rules[5], tm.tm_year + 1900))
            continue;
        for (int minute = 0; minute < 24 * 60; minute++) {
            time_t at = day + minute * 60;
            if (at >= start && cron_field(fields[1], &cron_rules[1], minute / 60) &&
                cron_field(fields[0], &cron_rules[0], minute % 60))
                return (double)at;
        }
    }
    return 0;
}

#define DAY_SECONDS 86400.0

double schedule_next_rotation(const cJSON *rules, double from)
{
    const char *expression = param_string(rules, "ScheduleExpression");
    if (expression)
        return schedule_next(expression, from);
    long long days = param_int(rules, "AutomaticallyAfterDays", 0);
    return days > 0 ? from + (double)days * DAY_SECONDS : 0;
}
