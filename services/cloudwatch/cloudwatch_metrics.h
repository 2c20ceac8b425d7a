/* CloudWatch metrics as other services publish them (CloudWatch Logs' metric filters): datapoints
 * land as PutMetricData's would, and the alarms watching their namespaces evaluate at once. */
#ifndef MOTOC_CLOUDWATCH_METRICS_PUBLISH_H
#define MOTOC_CLOUDWATCH_METRICS_PUBLISH_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct metric_datum {
    const char *namespace;
    const char *name;
    const cJSON *dimensions; /* [{"Name", "Value"}], NULL for none */
    double timestamp;        /* epoch seconds */
    double value;
    const char *unit;        /* NULL for None */
};

/* Stores n datapoints in account+region's metrics, then evaluates the alarms they concern. */
void cloudwatch_publish(const char *account, const char *region, const struct metric_datum *data,
                        size_t n);

#endif
