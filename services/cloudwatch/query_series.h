/* cloudwatch: the time series of metric data queries (GetMetricData and metric math alarms). */
#ifndef MOTOC_CLOUDWATCH_QUERY_SERIES_H
#define MOTOC_CLOUDWATCH_QUERY_SERIES_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "metric_math.h"
#include "state.h"

/* The series of metric (NULL: empty) for a MetricStat (Period, Stat, Unit) over [start, end). */
void query_series_of_metric(const cJSON *metric, const cJSON *metric_stat, double start,
                            double end, struct series *out);

/* The series of every query of a MetricDataQueries list, in its order (free each and the array).
 * r may be NULL (no metrics). 0, or -1 after failing c (c NULL: just -1). */
int query_series_compute(struct call *c, struct cloudwatch_region *r, const cJSON *queries,
                         double start, double end, struct series **results);

#endif
