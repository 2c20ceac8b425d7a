/* events: the state of one account in one region, created on first use.
 *
 * Event buses are JSON objects as DescribeEventBus answers them, plus members motoc keeps
 * beside (named with a leading '_': "_rules", "_tags"); a rule likewise keeps "_targets" and
 * "_tags". The default bus exists from the region's first use, as in AWS. Archives (with their
 * "_events"), replays, connections and API destinations are JSON objects the same way. */
#ifndef MOTOC_EVENTS_STATE_H
#define MOTOC_EVENTS_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct events_region {
    char account[16];
    char region[32];
    cJSON *buses;            /* array, sorted by Name */
    cJSON *archives;         /* array, sorted by ArchiveName */
    cJSON *replays;          /* array, sorted by ReplayName */
    cJSON *connections;      /* array, sorted by Name */
    cJSON *api_destinations; /* array, sorted by Name */
};

/* The state of account+region, created on first use. */
struct events_region *events_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct events_region *events_region_find(const char *account, const char *region);

/* Drops every account's and region's state (moto-api reset). */
void events_regions_reset(void);
/* Calls fn for the state of every account and region there is. */
void events_regions_each(void (*fn)(struct events_region *r, void *arg), void *arg);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *events_regions_json(void);

/* The time now, in epoch seconds with milliseconds. */
double events_now(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence events_persistence;

#endif
