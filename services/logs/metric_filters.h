/* Metric filters at work: the events a PutLogEvents call stores become CloudWatch datapoints. */
#ifndef MOTOC_LOGS_METRIC_FILTERS_H
#define MOTOC_LOGS_METRIC_FILTERS_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Publishes what group's metric filters make of the n events just stored (each with its
 * timestamp and message) to CloudWatch in account+region. */
void metric_filters_publish(const char *account, const char *region, const cJSON *group,
                            const cJSON *const *events, size_t n);

#endif
