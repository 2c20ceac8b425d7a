/* scheduler: the state of one account in one region, created on first use.
 *
 * Schedule groups are JSON objects as GetScheduleGroup answers them, plus members motoc keeps
 * beside (named with a leading '_'): "_tags" and "_schedules", the group's schedules as
 * GetSchedule answers them, each with "_next", the instant it fires next (-1: never). The
 * default group exists from the region's first use and cannot be deleted, as in AWS. */
#ifndef MOTOC_SCHEDULER_STATE_H
#define MOTOC_SCHEDULER_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct scheduler_region {
    char account[16];
    char region[32];
    cJSON *groups;                    /* array, sorted by Name */
    struct idempotency_store *tokens; /* ClientToken of the create and delete calls */
};

/* The state of account+region, created on first use. */
struct scheduler_region *scheduler_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct scheduler_region *scheduler_region_find(const char *account, const char *region);

/* Calls fn for every region's state, in no particular order. */
void scheduler_regions_each(void (*fn)(struct scheduler_region *r, void *arg), void *arg);

/* Drops every account's and region's state (moto-api reset). */
void scheduler_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *scheduler_regions_json(void);

/* Creates the group named name in r (no check that it is new) and returns it. */
cJSON *scheduler_group_add(struct scheduler_region *r, const char *name, double now);

/* The time now, in epoch seconds with milliseconds. */
double scheduler_now(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence scheduler_persistence;

#endif
