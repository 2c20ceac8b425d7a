/* Wall-clock time in an IANA time zone ("America/New_York"), read from the system's zoneinfo.
 * Between zone_enter and zone_leave the C library's local time is that zone's; the core runs
 * on one thread, so no other code sees the switch. */
#ifndef MOTOC_TIME_ZONE_H
#define MOTOC_TIME_ZONE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Whether name is a time zone the system knows (a TZif file under the zoneinfo directory). */
bool zone_known(const char *name);

/* Makes name (NULL or "" = UTC) the local zone until zone_leave. */
void zone_enter(const char *name);
void zone_leave(void);

/* The instant a local wall time (tm_year.. tm_sec as in struct tm) names in the entered zone:
 * the earlier one when the clocks fall back, false when the clocks spring over it. */
bool zone_wall_to_epoch(const struct tm *wall, int64_t *epoch);

#endif
