/* cloudwatch: metrics as stored (identity and datapoints) and their statistics per period. */
#ifndef MOTOC_CLOUDWATCH_METRICS_H
#define MOTOC_CLOUDWATCH_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

/* Whether two dimension lists ([{Name, Value}]) hold the same pairs, in any order. */
bool dimensions_equal(const cJSON *a, const cJSON *b);

/* The stored metric namespace/name/dimensions names, or NULL (create: added, empty). Reads also
 * find the metrics AWS services publish. */
cJSON *metric_find(struct cloudwatch_region *r, const char *namespace, const char *name,
                   const cJSON *dimensions, bool create);

/* Adds one datapoint to metric: its aggregate (sum, count, min, max), its unit and, when known,
 * its values with their counts (for percentiles; NULL for a statistic set). */
void metric_add_point(cJSON *metric, double timestamp, double sum, double count, double min,
                      double max, const char *unit, const cJSON *values, const cJSON *counts);

/* The aggregate of one period. */
struct period_stats {
    double start;
    double sum, count, min, max;
    char unit[32];
    double *values, *weights; /* every value seen with its count, for percentiles */
    size_t n_values;
};

/* The periods of metric between start (inclusive) and end (exclusive) holding datapoints,
 * ascending; only datapoints of unit when unit is not NULL. Free with period_stats_free. */
struct period_stats *metric_periods(const cJSON *metric, double start, double end, long period,
                                    const char *unit, size_t *n);
void period_stats_free(struct period_stats *p, size_t n);

/* Whether stat names a statistic motoc computes: SampleCount, Average, Sum, Minimum, Maximum
 * or a percentile pNN(.NN). */
bool statistic_valid(const char *stat);
/* The statistic of a period; false when it has no value (a percentile of statistic sets). */
bool period_statistic(const struct period_stats *p, const char *stat, double *value);

/* Fails c unless period is one CloudWatch accepts (1, 5, 10, 20, 30 or a multiple of 60). */
int cloudwatch_check_period(struct call *c, long period);

#endif
