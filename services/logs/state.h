/* logs: the state of one account in one region, created on first use.
 *
 * Log groups are JSON objects as DescribeLogGroups answers them, plus members motoc keeps beside
 * (named with a leading '_': "_tags", "_streams", "_metricFilters", "_subscriptionFilters",
 * "_dataProtectionPolicy", "_indexPolicy", "_transformer"), so a group saves as one record and answers by copying. A stream
 * likewise keeps "_events", its events in timestamp order. */
#ifndef MOTOC_LOGS_STATE_H
#define MOTOC_LOGS_STATE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct logs_region {
    char account[16];
    char region[32];
    cJSON *groups;            /* array of log groups, sorted by name */
    cJSON *destinations;      /* array, sorted by destinationName */
    cJSON *resource_policies; /* array of {policyName, policyDocument, lastUpdatedTime} */
    cJSON *query_definitions; /* array of query definitions */
    cJSON *queries;           /* array of Logs Insights queries and their results */
    cJSON *delivery_sources;      /* array, sorted by name */
    cJSON *delivery_destinations; /* array, sorted by name ("_policy": its access policy) */
    cJSON *deliveries;            /* array, sorted by id */
    cJSON *export_tasks;          /* array, oldest first */
    cJSON *account_policies;      /* array of account-level policies of every type */
    uint64_t next_event_id;
};

/* The state of account+region, created on first use. */
struct logs_region *logs_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct logs_region *logs_region_find(const char *account, const char *region);

/* Drops every account's and region's state (moto-api reset). */
void logs_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *logs_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence logs_persistence;

/* Milliseconds since the epoch, as Logs timestamps are. */
int64_t logs_now_ms(void);

#endif
