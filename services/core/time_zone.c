/* Time zones for schedule expressions (zone.h): the TZ variable is switched for the span of
 * one computation and put back, so localtime_r and mktime answer for the schedule's zone. */
#include "time_zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONEINFO_DIR "/usr/share/zoneinfo/"

static char *saved_tz;
static bool saved_tz_set;

bool zone_known(const char *name)
{
    if (!name || !name[0] || name[0] == '/' || strstr(name, "..") || strlen(name) > 64)
        return false;
    for (const char *p = name; *p; p++)
        if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') || ('0' <= *p && *p <= '9') ||
              strchr("/_-+", *p)))
            return false;
    char path[128];
    snprintf(path, sizeof path, "%s%s", ZONEINFO_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char magic[4];
    bool tzif = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return tzif;
}

void zone_enter(const char *name)
{
    const char *current = getenv("TZ");
    saved_tz_set = current != NULL;
    free(saved_tz);
    saved_tz = current ? strdup(current) : NULL;
    char value[80];
    snprintf(value, sizeof value, ":%s", name && name[0] ? name : "UTC");
    setenv("TZ", value, 1);
    tzset();
}

void zone_leave(void)
{
    if (saved_tz_set && saved_tz)
        setenv("TZ", saved_tz, 1);
    else
        unsetenv("TZ");
    free(saved_tz);
    saved_tz = NULL;
    tzset();
}

static bool same_wall(const struct tm *a, const struct tm *b)
{
    return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon && a->tm_mday == b->tm_mday &&
           a->tm_hour == b->tm_hour && a->tm_min == b->tm_min && a->tm_sec == b->tm_sec;
}

bool zone_wall_to_epoch(const struct tm *wall, int64_t *epoch)
{
    bool found = false;
    for (int dst = 0; dst <= 1; dst++) {
        struct tm probe = *wall;
        probe.tm_isdst = dst;
        time_t t = mktime(&probe);
        struct tm back;
        if (t == (time_t)-1 || !localtime_r(&t, &back) || !same_wall(&back, wall))
            continue;
        if (!found || (int64_t)t < *epoch)
            *epoch = (int64_t)t;
        found = true;
    }
    return found;
}
