/* Schedule expressions (expression.h): parsing at(), rate() and cron() with Scheduler's rules,
 * and the next instant each fires, day by day through the calendar of the schedule's zone. */
#include "schedule_expression.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "time_zone.h"

#define CRON_FIELDS 6
#define CRON_FIELD_MAX_CHARS 128

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
static const char *const weekday_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* 1 = Sunday .. 7 = Saturday (Zeller's congruence, Gregorian calendar). */
static int weekday_of(int year, int month, int day)
{
    if (month < 3) {
        month += 12;
        year--;
    }
    int h = (day + 13 * (month + 1) / 5 + year + year / 4 - year / 100 + year / 400) % 7;
    return (h + 6) % 7 + 1; /* h: 0 = Saturday */
}

/* ---- parsing ---- */

/* A whole decimal number of at most 9 digits. */
static bool read_number(const char *text, size_t len, long *out)
{
    if (len == 0 || len > 9)
        return false;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)text[i]))
            return false;
        v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
}

/* A number or, where names are given (months, weekdays), a three-letter name. */
static bool read_value(const char *text, size_t len, const char *const *names, int first,
                       int count, long *out)
{
    if (read_number(text, len, out))
        return true;
    if (!names || len != 3)
        return false;
    for (int i = 0; i < count; i++)
        if (strncasecmp(text, names[i], 3) == 0) {
            *out = first + i;
            return true;
        }
    return false;
}

static void set_bit(uint64_t *bits, long n)
{
    bits[n / 64] |= (uint64_t)1 << (n % 64);
}

static bool bit_set(const uint64_t *bits, long n)
{
    return (bits[n / 64] >> (n % 64)) & 1;
}

/* One field of plain values: lists of *, n, n-m with an optional /step. Values are set in bits
 * as value - offset. */
static bool parse_values(const char *field, long min, long max, const char *const *names,
                         uint64_t *bits, long offset)
{
    const char *p = field;
    for (;;) {
        size_t item_len = strcspn(p, ",");
        const char *slash = memchr(p, '/', item_len);
        size_t base_len = slash ? (size_t)(slash - p) : item_len;
        long low, high, step = 1;
        if (slash && !read_number(slash + 1, item_len - base_len - 1, &step))
            return false;
        if (step < 1)
            return false;
        if (base_len == 1 && p[0] == '*') {
            low = min;
            high = max;
        } else {
            const char *dash = memchr(p, '-', base_len);
            if (dash) {
                if (!read_value(p, (size_t)(dash - p), names, min, (int)(max - min + 1), &low) ||
                    !read_value(dash + 1, base_len - (size_t)(dash - p) - 1, names, min,
                                (int)(max - min + 1), &high))
                    return false;
            } else {
                if (!read_value(p, base_len, names, min, (int)(max - min + 1), &low))
                    return false;
                high = slash ? max : low;
            }
        }
        if (low < min || high > max || low > high)
            return false;
        for (long v = low; v <= high; v += step)
            set_bit(bits, v - offset);
        if (p[item_len] == '\0')
            return true;
        p += item_len + 1;
    }
}

static bool parse_day_of_month(const char *field, struct cron_spec *c)
{
    size_t len = strlen(field);
    if (strcmp(field, "?") == 0) {
        c->any_day_of_month = true;
        return true;
    }
    if (strcmp(field, "L") == 0) {
        c->last_day = true;
        return true;
    }
    if (strcmp(field, "LW") == 0) {
        c->last_weekday_of_month = true;
        return true;
    }
    long day;
    if (len >= 2 && field[len - 1] == 'W') {
        if (!read_number(field, len - 1, &day) || day < 1 || day > 31)
            return false;
        c->nearest_weekday = (int)day;
        return true;
    }
    return parse_values(field, 1, 31, NULL, &c->days, 0);
}

static bool parse_day_of_week(const char *field, struct cron_spec *c, bool *any)
{
    size_t len = strlen(field);
    *any = strcmp(field, "?") == 0;
    if (*any)
        return true;
    long weekday, nth;
    if (strcmp(field, "L") == 0) {
        c->last_weekday_kind = 7;
        return true;
    }
    if (len >= 2 && field[len - 1] == 'L') {
        if (!read_value(field, len - 1, weekday_names, 1, 7, &weekday) || weekday < 1 ||
            weekday > 7)
            return false;
        c->last_weekday_kind = (int)weekday;
        return true;
    }
    const char *hash = strchr(field, '#');
    if (hash) {
        if (!read_value(field, (size_t)(hash - field), weekday_names, 1, 7, &weekday) ||
            weekday < 1 || weekday > 7 || !read_number(hash + 1, strlen(hash + 1), &nth) ||
            nth < 1 || nth > 5)
            return false;
        c->nth_weekday = (int)weekday;
        c->nth = (int)nth;
        return true;
    }
    return parse_values(field, 1, 7, weekday_names, &c->weekdays, 0);
}

static bool parse_cron(const char *body, struct cron_spec *c)
{
    char fields[CRON_FIELDS][CRON_FIELD_MAX_CHARS];
    int n = 0;
    const char *p = body;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        if (n == CRON_FIELDS || len >= CRON_FIELD_MAX_CHARS)
            return false;
        memcpy(fields[n], p, len);
        fields[n][len] = '\0';
        n++;
        p += len;
    }
    if (n != CRON_FIELDS)
        return false;
    memset(c, 0, sizeof *c);
    bool any_day_of_week;
    if (!parse_values(fields[0], 0, 59, NULL, &c->minutes, 0) ||
        !parse_values(fields[1], 0, 23, NULL, &c->hours, 0) ||
        !parse_day_of_month(fields[2], c) ||
        !parse_values(fields[3], 1, 12, month_names, &c->months, 0) ||
        !parse_day_of_week(fields[4], c, &any_day_of_week) ||
        !parse_values(fields[5], CRON_MIN_YEAR, CRON_MAX_YEAR, NULL, c->years, CRON_MIN_YEAR))
        return false;
    /* Exactly one of the two day fields is '?'. */
    return c->any_day_of_month != any_day_of_week;
}

static bool parse_at(const char *body, struct schedule_expression *e)
{
    int consumed = 0;
    if (strlen(body) != 19 ||
        sscanf(body, "%4d-%2d-%2dT%2d:%2d:%2d%n", &e->at_year, &e->at_month, &e->at_day,
               &e->at_hour, &e->at_minute, &e->at_second, &consumed) != 6 ||
        consumed != 19)
        return false;
    for (int i = 0; i < 19; i++) {
        bool separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
        if (!separator && !isdigit((unsigned char)body[i]))
            return false;
    }
    return e->at_year >= CRON_MIN_YEAR && e->at_month >= 1 && e->at_month <= 12 &&
           e->at_day >= 1 && e->at_day <= days_in_month(e->at_year, e->at_month) &&
           e->at_hour <= 23 && e->at_minute <= 59 && e->at_second <= 59;
}

static bool parse_rate(const char *body, struct schedule_expression *e)
{
    const char *space = strchr(body, ' ');
    long value;
    if (!space || !read_number(body, (size_t)(space - body), &value) || value < 1)
        return false;
    const char *unit = space + 1;
    int64_t seconds;
    if (strcmp(unit, "minute") == 0 || strcmp(unit, "minutes") == 0)
        seconds = 60;
    else if (strcmp(unit, "hour") == 0 || strcmp(unit, "hours") == 0)
        seconds = 3600;
    else if (strcmp(unit, "day") == 0 || strcmp(unit, "days") == 0)
        seconds = 86400;
    else
        return false;
    e->rate_seconds = seconds * value;
    return true;
}

bool schedule_expression_parse(const char *text, struct schedule_expression *out)
{
    memset(out, 0, sizeof *out);
    size_t len = text ? strlen(text) : 0;
    if (len < 4 || len > 256 || text[len - 1] != ')')
        return false;
    static const struct {
        const char *prefix;
        enum schedule_kind kind;
    } kinds[] = {{"at(", SCHEDULE_AT}, {"rate(", SCHEDULE_RATE}, {"cron(", SCHEDULE_CRON}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t prefix_len = strlen(kinds[i].prefix);
        if (len <= prefix_len || strncmp(text, kinds[i].prefix, prefix_len) != 0)
            continue;
        char body[257];
        memcpy(body, text + prefix_len, len - prefix_len - 1);
        body[len - prefix_len - 1] = '\0';
        out->kind = kinds[i].kind;
        switch (kinds[i].kind) {
        case SCHEDULE_AT:
            return parse_at(body, out);
        case SCHEDULE_RATE:
            return parse_rate(body, out);
        case SCHEDULE_CRON:
            return parse_cron(body, &out->cron);
        }
    }
    return false;
}

/* ---- next fire ---- */

static int nearest_weekday_to(int year, int month, int day)
{
    int last = days_in_month(year, month);
    if (day > last)
        day = last;
    int weekday = weekday_of(year, month, day);
    if (weekday == 7) /* Saturday: the Friday before, or the Monday after the 1st */
        return day > 1 ? day - 1 : day + 2;
    if (weekday == 1) /* Sunday: the Monday after, or the Friday before the month's end */
        return day < last ? day + 1 : day - 2;
    return day;
}

static bool day_matches(const struct cron_spec *c, int year, int month, int day)
{
    int last = days_in_month(year, month);
    int weekday = weekday_of(year, month, day);
    if (c->any_day_of_month) {
        if (c->last_weekday_kind)
            return weekday == c->last_weekday_kind && day + 7 > last;
        if (c->nth_weekday)
            return weekday == c->nth_weekday && (day - 1) / 7 + 1 == c->nth;
        return (c->weekdays >> weekday) & 1;
    }
    if (c->last_day)
        return day == last;
    if (c->last_weekday_of_month)
        return day == nearest_weekday_to(year, month, last);
    if (c->nearest_weekday)
        return day == nearest_weekday_to(year, month, c->nearest_weekday);
    return (c->days >> day) & 1;
}

/* The first wall time of a matching day that is an instant after `after`, or -1. */
static int64_t first_fire_on_day(const struct cron_spec *c, int year, int month, int day,
                                 int64_t after)
{
    for (int hour = 0; hour < 24; hour++) {
        if (!((c->hours >> hour) & 1))
            continue;
        for (int minute = 0; minute < 60; minute++) {
            if (!((c->minutes >> minute) & 1))
                continue;
            struct tm wall = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day,
                              .tm_hour = hour, .tm_min = minute};
            int64_t t;
            if (zone_wall_to_epoch(&wall, &t) && t > after)
                return t;
        }
    }
    return -1;
}

static int64_t next_cron(const struct cron_spec *c, int64_t after)
{
    time_t now = (time_t)after;
    struct tm local;
    if (!localtime_r(&now, &local))
        return -1;
    int year = local.tm_year + 1900, month = local.tm_mon + 1, day = local.tm_mday;
    if (year < CRON_MIN_YEAR) {
        year = CRON_MIN_YEAR;
        month = day = 1;
    }
    while (year <= CRON_MAX_YEAR) {
        if (!bit_set(c->years, year - CRON_MIN_YEAR)) {
            year++;
            month = day = 1;
            continue;
        }
        if (!((c->months >> month) & 1) || day > days_in_month(year, month)) {
            day = 1;
            if (++month > 12) {
                month = 1;
                year++;
            }
            continue;
        }
        if (day_matches(c, year, month, day)) {
            int64_t t = first_fire_on_day(c, year, month, day, after);
            if (t >= 0)
                return t;
        }
        day++;
    }
    return -1;
}

int64_t schedule_expression_next(const struct schedule_expression *e, const char *zone,
                                 int64_t start, int64_t after)
{
    if (e->kind == SCHEDULE_RATE) {
        if (after < start)
            return start;
        return start + ((after - start) / e->rate_seconds + 1) * e->rate_seconds;
    }
    zone_enter(zone);
    int64_t t = -1;
    if (e->kind == SCHEDULE_CRON) {
        t = next_cron(&e->cron, after);
    } else {
        struct tm wall = {.tm_year = e->at_year - 1900, .tm_mon = e->at_month - 1,
                          .tm_mday = e->at_day, .tm_hour = e->at_hour, .tm_min = e->at_minute,
                          .tm_sec = e->at_second, .tm_isdst = -1};
        if (!zone_wall_to_epoch(&wall, &t)) {
            /* A wall time the clocks spring over happens as the same time after the jump. */
            time_t moved = mktime(&wall);
            t = moved == (time_t)-1 ? -1 : (int64_t)moved;
        }
        if (t <= after)
            t = -1;
    }
    zone_leave();
    return t;
}
