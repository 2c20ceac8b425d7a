/* cloudwatch: Metrics Insights queries in GetMetricData expressions:
 *   SELECT SUM|AVG|MIN|MAX|COUNT(metric) FROM namespace | SCHEMA(namespace, key, ...)
 *   [WHERE key = 'value' [AND ...]] [GROUP BY key, ...]
 * Every matching metric is aggregated into one series (groups are not split). */
#ifndef MOTOC_CLOUDWATCH_METRICS_INSIGHTS_H
#define MOTOC_CLOUDWATCH_METRICS_INSIGHTS_H

#include <stdbool.h>
#include <stddef.h>

#include "metric_math.h"
#include "state.h"

/* Whether expression is a Metrics Insights query (starts with SELECT). */
bool insights_is_query(const char *expression);

/* Runs the query over r's metrics (r may be NULL) into *out. 0, or -1 with error. */
int insights_run(struct cloudwatch_region *r, const char *query, long period, double start,
                 double end, struct series *out, char *error, size_t size);

#endif
