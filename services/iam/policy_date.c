#include "policy_date.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads up to max digits at *s, advancing past them; how many it read, their value in *value. */
static size_t read_digits(const char **s, size_t max, long *value)
{
    size_t n = 0;
    long v = 0;
    while (n < max && isdigit((unsigned char)(*s)[n])) {
        v = v * 10 + ((*s)[n] - '0');
        n++;
    }
    *s += n;
    *value = v;
    return n;
}

static bool parse_epoch(const char *text, double *seconds)
{
    const char *digits = text[0] == '-' ? text + 1 : text;
    if (!*digits || strspn(digits, "0123456789") != strlen(digits))
        return false;
    errno = 0;
    long long value = strtoll(text, NULL, 10);
    if (errno != 0)
        return false;
    *seconds = (double)value;
    return true;
}

/* The part after T: h[h][:mm[:ss[.fraction]]], each absent part 0. */
static bool parse_time(const char **s, struct tm *tm, double *fraction)
{
    long hours, minutes, secs, digits;
    size_t hour_digits = read_digits(s, 2, &hours);
    tm->tm_hour = (int)hours;
    if (hour_digits == 0 || **s != ':')
        return true; /* IAM takes the hour alone, or no time at all, after the T */
    (*s)++;
    if (read_digits(s, 2, &minutes) != 2)
        return false;
    tm->tm_min = (int)minutes;
    if (**s != ':')
        return true;
    (*s)++;
    if (read_digits(s, 2, &secs) != 2)
        return false;
    tm->tm_sec = (int)secs;
    if (**s != '.')
        return true;
    (*s)++;
    size_t n = read_digits(s, 10, &digits);
    if (n < 1 || n > 9)
        return false;
    *fraction = (double)digits;
    while (n--)
        *fraction /= 10;
    return true;
}

/* Z, or +hh[[:]mm] / -hh[[:]mm]: the zone's offset east of UTC in seconds. */
static bool parse_zone(const char *s, long *offset)
{
    *offset = 0;
    if (!*s || ((*s == 'Z' || *s == 'z') && !s[1]))
        return true;
    if (*s != '+' && *s != '-')
        return false;
    int sign = *s == '+' ? 1 : -1;
    s++;
    long hours, minutes = 0;
    if (read_digits(&s, 2, &hours) != 2)
        return false;
    if (*s == ':')
        s++;
    if (*s && (read_digits(&s, 2, &minutes) != 2 || *s))
        return false;
    *offset = sign * (hours * 3600 + minutes * 60);
    return true;
}

bool policy_date_parse(const char *text, double *seconds)
{
    double ignored;
    if (!seconds)
        seconds = &ignored;
    if (parse_epoch(text, seconds))
        return true;
    const char *s = text;
    long year, month = 1, day = 1;
    if (read_digits(&s, 4, &year) == 0)
        return false;
    if (*s == '-') {
        s++;
        if (read_digits(&s, 2, &month) != 2 || month < 1 || month > 12)
            return false;
        if (*s == '-') {
            s++;
            if (read_digits(&s, 2, &day) != 2 || day < 1 || day > 31)
                return false;
        }
    }
    struct tm tm = {.tm_year = (int)year - 1900, .tm_mon = (int)month - 1, .tm_mday = (int)day};
    double fraction = 0;
    long offset = 0;
    if (*s == 'T' || *s == 't') {
        s++;
        if (!parse_time(&s, &tm, &fraction) || !parse_zone(s, &offset))
            return false;
    } else if (*s) {
        return false;
    }
    *seconds = (double)timegm(&tm) + fraction - (double)offset;
    return true;
}
