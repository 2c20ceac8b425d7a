/* cloudwatch: the state of one account in one region, created on first use. */
#ifndef MOTOC_CLOUDWATCH_STATE_H
#define MOTOC_CLOUDWATCH_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"

/* The region's resources live as one JSON document, which is also what a save writes:
 * "metrics" (each metric with its datapoints), "alarms", "dashboards", "history" (alarm
 * history items, newest last), "tags" (resource ARN to tag set), "metric_streams",
 * "insight_rules" and "anomaly_detectors". */
struct cloudwatch_region {
    char account[16];
    char region[32];
    cJSON *doc;
    /* Metrics AWS services publish (AWS/S3 storage), rebuilt before each read, never saved. */
    cJSON *service_metrics;
};

/* The array or object member name of r's document, created on first use. */
cJSON *cloudwatch_list(struct cloudwatch_region *r, const char *name);
cJSON *cloudwatch_object(struct cloudwatch_region *r, const char *name);

/* The time now, in epoch seconds with milliseconds. */
double cloudwatch_now(void);

/* The state of account+region, created on first use. */
struct cloudwatch_region *cloudwatch_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct cloudwatch_region *cloudwatch_region_find(const char *account, const char *region);

/* Drops every account's and region's state (moto-api reset). */
void cloudwatch_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *cloudwatch_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence cloudwatch_persistence;

#endif
