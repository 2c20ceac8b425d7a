/* cloudwatch: PutMetricData, ListMetrics and GetMetricStatistics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "../core/paging.h"
#include "alarms.h"
#include "metrics.h"
#include "ops.h"
#include "s3_storage_metrics.h"

#define METRICS_PER_CALL 1000
#define VALUES_PER_DATUM 150
#define DIMENSIONS_PER_METRIC 30
#define LIST_METRICS_PAGE 500
#define RECENTLY_ACTIVE_SECONDS (3 * 3600)

static int check_datum(struct call *c, const cJSON *d, int index)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(d, "Values");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(d, "Counts");
    bool has_value = cJSON_GetObjectItemCaseSensitive(d, "Value") != NULL;
    bool has_stats = cJSON_GetObjectItemCaseSensitive(d, "StatisticValues") != NULL;
    if (has_value && has_stats)
        return call_fail(c, 400, "InvalidParameterCombination",
                         "The parameters MetricData.member.%d.Value and "
                         "MetricData.member.%d.StatisticValues are mutually exclusive and you "
                         "have specified both.", index, index);
    if (has_value && values)
        return call_fail_invalid_parameter_value(c, "The parameters MetricData.member.%d.Value and "
                                                    "MetricData.member.%d.Values are mutually "
                                                    "exclusive and you have specified both.",
                                                    index, index);
    if (cJSON_GetArraySize(values) > VALUES_PER_DATUM)
        return call_fail_invalid_parameter_value(
            c, "The collection MetricData.member.%d.Values must not have a size greater than %d.",
            index, VALUES_PER_DATUM);
    if (counts && cJSON_GetArraySize(counts) != cJSON_GetArraySize(values))
        return call_fail_invalid_parameter_value(
            c, "The parameters MetricData.member.%d.Values and MetricData.member.%d.Counts must "
               "be of the same size.", index, index);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "Dimensions")) >
        DIMENSIONS_PER_METRIC)
        return call_fail_invalid_parameter_value(
            c, "The collection MetricData.member.%d.Dimensions must not have a size greater "
               "than %d.", index, DIMENSIONS_PER_METRIC);
    int dim_index = 0;
    const cJSON *dim;
    cJSON_ArrayForEach(dim, cJSON_GetObjectItemCaseSensitive(d, "Dimensions")) {
        const char *value = param_string(dim, "Value");
        dim_index++;
        if (!value || !value[0])
            return call_fail_invalid_parameter_value(
                c, "The parameter MetricData.member.%d.Dimensions.member.%d.Value is required.",
                index, dim_index);
    }
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(d, "Value");
    if (value && (!cJSON_IsNumber(value) || !isfinite(value->valuedouble))) {
        const char *shown = cJSON_IsString(value)                  ? value->valuestring
                            : !cJSON_IsNumber(value)               ? "NaN"
                            : isnan(value->valuedouble)            ? "NaN"
                            : value->valuedouble > 0               ? "Infinity"
                                                                   : "-Infinity";
        return call_fail_invalid_parameter_value(
            c, "The value %s for parameter MetricData.member.%d.Value is invalid.", shown, index);
    }
    return 0;
}

static void store_datum(struct cloudwatch_region *r, const char *namespace, const cJSON *d,
                        double now)
{
    cJSON *metric = metric_find(r, namespace, param_string(d, "MetricName"),
                                cJSON_GetObjectItemCaseSensitive(d, "Dimensions"), true);
    double t = param_number(d, "Timestamp", now);
    const char *unit = param_string(d, "Unit");
    const cJSON *stats = cJSON_GetObjectItemCaseSensitive(d, "StatisticValues");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(d, "Values");
    if (stats) {
        metric_add_point(metric, t, param_number(stats, "Sum", 0),
                         param_number(stats, "SampleCount", 0), param_number(stats, "Minimum", 0),
                         param_number(stats, "Maximum", 0), unit, NULL, NULL);
    } else if (values) {
        const cJSON *counts = cJSON_GetObjectItemCaseSensitive(d, "Counts");
        double sum = 0, n = 0, min = INFINITY, max = -INFINITY;
        int i = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, values) {
            const cJSON *count = cJSON_GetArrayItem(counts, i++);
            double weight = cJSON_IsNumber(count) ? count->valuedouble : 1;
            sum += v->valuedouble * weight;
            n += weight;
            min = fmin(min, v->valuedouble);
            max = fmax(max, v->valuedouble);
        }
        if (n > 0)
            metric_add_point(metric, t, sum, n, min, max, unit, values, counts);
    } else {
        double value = param_number(d, "Value", 0);
        cJSON *one = cJSON_CreateArray();
        cJSON_AddItemToArray(one, cJSON_CreateNumber(value));
        metric_add_point(metric, t, value, 1, value, value, unit, one, NULL);
        cJSON_Delete(one);
    }
}

OPERATION(cloudwatch_put_metric_data)
{
    (void)out;
    const char *namespace = param_string(in, "Namespace");
    if (strncmp(namespace, "AWS/", 4) == 0)
        return call_fail_invalid_parameter_value(
            c, "The value %s for parameter Namespace is invalid.", namespace);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(in, "MetricData");
    if (cJSON_GetArraySize(data) > METRICS_PER_CALL)
        return call_fail_invalid_parameter_value(
            c, "The collection MetricData must not have a size greater than %d.",
            METRICS_PER_CALL);
    int index = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, data) {
        if (check_datum(c, d, ++index) != 0)
            return -1;
    }
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    double now = cloudwatch_now();
    cJSON_ArrayForEach(d, data)
        store_datum(r, namespace, d, now);
    alarms_evaluate(r, namespace);
    return 0;
}

/* Whether metric has every dimension of filter (each {Name, Value?}). */
static bool dimensions_match(const cJSON *metric, const cJSON *filter)
{
    const cJSON *want;
    cJSON_ArrayForEach(want, filter) {
        const char *name = param_string(want, "Name");
        const char *value = param_string(want, "Value");
        bool found = false;
        const cJSON *have;
        cJSON_ArrayForEach(have, cJSON_GetObjectItemCaseSensitive(metric, "Dimensions")) {
            if (name && strcmp(name, param_string(have, "Name")) == 0 &&
                (!value || strcmp(value, param_string(have, "Value")) == 0))
                found = true;
        }
        if (!found)
            return false;
    }
    return true;
}

static cJSON *metric_identity(const cJSON *metric)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "Namespace", param_string(metric, "Namespace"));
    cJSON_AddStringToObject(m, "MetricName", param_string(metric, "MetricName"));
    cJSON_AddItemToObject(m, "Dimensions", param_copy(metric, "Dimensions"));
    return m;
}

static bool listed_metric(const cJSON *m, const cJSON *in, double now)
{
    const char *namespace = param_string(in, "Namespace");
    const char *name = param_string(in, "MetricName");
    const char *recently = param_string(in, "RecentlyActive");
    return (!namespace || strcmp(namespace, param_string(m, "Namespace")) == 0) &&
           (!name || strcmp(name, param_string(m, "MetricName")) == 0) &&
           dimensions_match(m, cJSON_GetObjectItemCaseSensitive(in, "Dimensions")) &&
           (!recently || param_number(m, "LastPut", 0) >= now - RECENTLY_ACTIVE_SECONDS);
}

OPERATION(cloudwatch_list_metrics)
{
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_invalid_parameter_value(c, "Request parameter NextToken is invalid");
    cJSON *metrics = cJSON_AddArrayToObject(out, "Metrics");
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    s3_storage_metrics_refresh(r);
    double now = cloudwatch_now();
    long matched = 0, listed = 0;
    /* the metrics put, then those AWS services publish */
    const cJSON *lists[] = {cloudwatch_list(r, "metrics"), r->service_metrics};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *m;
        cJSON_ArrayForEach(m, lists[k]) {
            if (!listed_metric(m, in, now) || matched++ < start)
                continue;
            if (listed == LIST_METRICS_PAGE) {
                page_token_add_index(out, "NextToken", (size_t)(matched - 1));
                return 0;
            }
            cJSON_AddItemToArray(metrics, metric_identity(m));
            listed++;
        }
    }
    return 0;
}

int cloudwatch_check_period(struct call *c, long period)
{
    if (period <= 0 || (period >= 60 && period % 60 != 0) ||
        (period < 60 && period != 1 && period != 5 && period != 10 && period != 20 &&
         period != 30))
        return call_fail_invalid_parameter_value(
            c, "The parameter Period must be a multiple of 60.");
    return 0;
}

static void add_datapoint(cJSON *list, const struct period_stats *p, const cJSON *stats,
                          const cJSON *extended)
{
    cJSON *dp = cJSON_CreateObject();
    result_add_timestamp(dp, "Timestamp", p->start);
    const cJSON *s;
    double value;
    cJSON_ArrayForEach(s, stats) {
        if (cJSON_IsString(s) && period_statistic(p, s->valuestring, &value))
            cJSON_AddNumberToObject(dp, s->valuestring, value);
    }
    if (cJSON_GetArraySize(extended) > 0) {
        cJSON *ext = cJSON_AddObjectToObject(dp, "ExtendedStatistics");
        cJSON_ArrayForEach(s, extended) {
            if (cJSON_IsString(s) && period_statistic(p, s->valuestring, &value))
                cJSON_AddNumberToObject(ext, s->valuestring, value);
        }
    }
    cJSON_AddStringToObject(dp, "Unit", p->unit);
    cJSON_AddItemToArray(list, dp);
}

OPERATION(cloudwatch_get_metric_statistics)
{
    const cJSON *stats = cJSON_GetObjectItemCaseSensitive(in, "Statistics");
    const cJSON *extended = cJSON_GetObjectItemCaseSensitive(in, "ExtendedStatistics");
    if ((cJSON_GetArraySize(stats) > 0) == (cJSON_GetArraySize(extended) > 0))
        return call_fail(c, 400, "InvalidParameterCombination",
                         "Must specify either Statistics or ExtendedStatistics");
    const cJSON *s;
    cJSON_ArrayForEach(s, extended) {
        if (!cJSON_IsString(s) || s->valuestring[0] != 'p' || !statistic_valid(s->valuestring))
            return call_fail_invalid_parameter_value(
                c, "The value %s for parameter ExtendedStatistics is not supported.",
                cJSON_IsString(s) ? s->valuestring : "");
    }
    long period = (long)param_int(in, "Period", 60);
    if (cloudwatch_check_period(c, period) != 0)
        return -1;
    double start = param_number(in, "StartTime", 0), end = param_number(in, "EndTime", 0);
    if (start >= end)
        return call_fail_invalid_parameter_value(
            c, "The parameter StartTime must be less than the parameter EndTime.");
    const char *name = param_string(in, "MetricName");
    cJSON_AddStringToObject(out, "Label", name);
    cJSON *list = cJSON_AddArrayToObject(out, "Datapoints");
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    s3_storage_metrics_refresh(r);
    const cJSON *metric = r ? metric_find(r, param_string(in, "Namespace"), name,
                                          cJSON_GetObjectItemCaseSensitive(in, "Dimensions"),
                                          false)
                            : NULL;
    if (!metric)
        return 0;
    size_t n;
    struct period_stats *periods =
        metric_periods(metric, start, end, period, param_string(in, "Unit"), &n);
    for (size_t i = 0; i < n; i++)
        add_datapoint(list, &periods[i], stats, extended);
    period_stats_free(periods, n);
    return 0;
}
