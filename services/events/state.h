/* events: the state of one account in one region, created on first use. */
#ifndef MOTOC_EVENTS_STATE_H
#define MOTOC_EVENTS_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct events_region {
    char account[16];
    char region[32];
};

/* The state of account+region, created on first use. */
struct events_region *events_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct events_region *events_region_find(const char *account, const char *region);

/* Drops every account's and region's state (moto-api reset). */
void events_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *events_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence events_persistence;

#endif
