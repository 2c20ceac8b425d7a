/* cloudwatch: GetMetricData, the MetricStat queries and metric math expressions of one call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "metric_math.h"
#include "metrics_insights.h"
#include "metrics.h"
#include "ops.h"
#include "s3_storage_metrics.h"
#include "query_series.h"

#define QUERIES_PER_CALL 500
#define DEFAULT_MAX_DATAPOINTS 100800

struct query_results {
    const cJSON *queries;
    struct series *series; /* per query, in order */
    bool *done;
    size_t n;
};

static const struct series *lookup(void *ctx, const char *id)
{
    struct query_results *q = ctx;
    size_t i = 0;
    const cJSON *query;
    cJSON_ArrayForEach(query, q->queries) {
        if (q->done[i] && strcmp(param_string(query, "Id"), id) == 0)
            return &q->series[i];
        i++;
    }
    return NULL;
}

void query_series_of_metric(const cJSON *metric, const cJSON *metric_stat, double start,
                            double end, struct series *out)
{
    *out = (struct series){0};
    if (!metric)
        return;
    long period = (long)param_int(metric_stat, "Period", 60);
    const char *stat = param_string(metric_stat, "Stat");
    size_t n;
    struct period_stats *p =
        metric_periods(metric, start, end, period, param_string(metric_stat, "Unit"), &n);
    double value;
    for (size_t i = 0; i < n; i++) {
        if (stat && period_statistic(&p[i], stat, &value))
            series_append(out, p[i].start, value);
    }
    period_stats_free(p, n);
}

/* Computes every query of queries into results (MetricStat ones first, then expressions in the
 * order they resolve). 0, or -1 after failing c. */
int query_series_compute(struct call *c, struct cloudwatch_region *r, const cJSON *queries,
                         double start, double end, struct series **results)
{
    size_t n = (size_t)cJSON_GetArraySize(queries);
    struct query_results q = {queries, xcalloc(n ? n : 1, sizeof(struct series)),
                              xcalloc(n ? n : 1, sizeof(bool)), n};
    const struct series **all = xcalloc(n ? n : 1, sizeof *all);
    size_t n_all = 0, i = 0;
    const cJSON *query;
    cJSON_ArrayForEach(query, queries) {
        const cJSON *stat = cJSON_GetObjectItemCaseSensitive(query, "MetricStat");
        if (stat) {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(stat, "Metric");
            const cJSON *metric =
                r ? metric_find(r, param_string(m, "Namespace") ? param_string(m, "Namespace") : "",
                                param_string(m, "MetricName") ? param_string(m, "MetricName") : "",
                                cJSON_GetObjectItemCaseSensitive(m, "Dimensions"), false)
                  : NULL;
            query_series_of_metric(metric, stat, start, end, &q.series[i]);
            q.done[i] = true;
            all[n_all++] = &q.series[i];
        }
        i++;
    }
    /* Expressions may name one another: resolve them in passes until none progresses. */
    bool progress = true;
    int rc = 0;
    char error[256] = "";
    const char *failed_id = NULL;
    while (progress && rc == 0) {
        progress = false;
        i = 0;
        cJSON_ArrayForEach(query, queries) {
            const char *expression = param_string(query, "Expression");
            if (!q.done[i] && expression) {
                struct math_inputs inputs = {lookup, &q, all, n_all};
                int evaluated =
                    insights_is_query(expression)
                        ? insights_run(r, expression, (long)param_int(query, "Period", 60),
                                       start, end, &q.series[i], error, sizeof error)
                        : metric_math_eval(expression, &inputs, &q.series[i], error,
                                           sizeof error);
                if (evaluated == 0) {
                    q.done[i] = progress = true;
                } else {
                    failed_id = param_string(query, "Id");
                }
            }
            i++;
        }
        if (!progress && failed_id)
            rc = -1;
    }
    free(all);
    free(q.done);
    if (rc != 0) {
        for (i = 0; i < n; i++)
            series_free(&q.series[i]);
        free(q.series);
        if (!c)
            return -1;
        return call_fail(c, 400, "ValidationError", "Error in expression '%s': %s",
                         failed_id, error);
    }
    *results = q.series;
    return 0;
}

static int check_queries(struct call *c, const cJSON *queries)
{
    if (cJSON_GetArraySize(queries) > QUERIES_PER_CALL)
        return call_fail(c, 400, "ValidationError",
                         "The collection MetricDataQueries must not have a size greater than %d.",
                         QUERIES_PER_CALL);
    const cJSON *query;
    int index = 0;
    cJSON_ArrayForEach(query, queries) {
        index++;
        const char *id = param_string(query, "Id");
        bool has_stat = cJSON_GetObjectItemCaseSensitive(query, "MetricStat") != NULL;
        bool has_expression = param_string(query, "Expression") != NULL;
        if (!has_stat && !has_expression)
            return call_fail(c, 400, "ValidationError",
                             "The parameter MetricDataQueries.member.%d.MetricStat is required.\n",
                             index);
        if (has_stat && has_expression)
            return call_fail(c, 400, "ValidationError",
                             "The parameter MetricDataQueries.member.%d must specify either "
                             "MetricStat or Expression, but not both.", index);
        if (!id || !(id[0] >= 'a' && id[0] <= 'z'))
            return call_fail(c, 400, "ValidationError",
                             "The value %s for parameter MetricDataQueries.member.%d.Id is "
                             "invalid: it must start with a lowercase letter.", id ? id : "",
                             index);
        const cJSON *other;
        cJSON_ArrayForEach(other, queries) {
            if (other == query)
                break;
            if (id && param_string(other, "Id") && strcmp(param_string(other, "Id"), id) == 0)
                return call_fail(c, 400, "ValidationError",
                                 "The values for parameter id in MetricDataQueries are not "
                                 "unique.");
        }
        const cJSON *stat = cJSON_GetObjectItemCaseSensitive(query, "MetricStat");
        if (stat && cloudwatch_check_period(c, (long)param_int(stat, "Period", 60)) != 0)
            return -1;
    }
    return 0;
}

static cJSON *result_of(const cJSON *query, const struct series *s, size_t from, size_t count,
                        bool descending, bool *more)
{
    cJSON *result = cJSON_CreateObject();
    const char *id = param_string(query, "Id");
    cJSON_AddStringToObject(result, "Id", id);
    const char *label = param_string(query, "Label");
    const cJSON *stat = cJSON_GetObjectItemCaseSensitive(query, "MetricStat");
    if (!label)
        label = stat ? param_string(cJSON_GetObjectItemCaseSensitive(stat, "Metric"),
                                    "MetricName")
                     : id;
    cJSON_AddStringToObject(result, "Label", label ? label : id);
    cJSON *stamps = cJSON_AddArrayToObject(result, "Timestamps");
    cJSON *values = cJSON_AddArrayToObject(result, "Values");
    size_t end = from + count < s->n ? from + count : s->n;
    for (size_t k = from; k < end; k++) {
        size_t at = descending ? s->n - 1 - k : k;
        cJSON *holder = cJSON_CreateObject();
        result_add_timestamp(holder, "t", s->timestamps[at]);
        cJSON_AddItemToArray(stamps, cJSON_DetachItemFromObject(holder, "t"));
        cJSON_Delete(holder);
        cJSON_AddItemToArray(values, cJSON_CreateNumber(s->values[at]));
    }
    if (end < s->n)
        *more = true;
    cJSON_AddStringToObject(result, "StatusCode", end < s->n ? "PartialData" : "Complete");
    cJSON_AddArrayToObject(result, "Messages");
    return result;
}

OPERATION(cloudwatch_get_metric_data)
{
    const cJSON *queries = cJSON_GetObjectItemCaseSensitive(in, "MetricDataQueries");
    if (check_queries(c, queries) != 0)
        return -1;
    double start = param_number(in, "StartTime", 0), end = param_number(in, "EndTime", 0);
    if (start > end)
        return call_fail(c, 400, "ValidationError",
                         "The parameter EndTime must be greater than StartTime.");
    if (start == end || (long long)start == (long long)end)
        return call_fail(c, 400, "ValidationError",
                         "The parameter StartTime must not equal parameter EndTime.");
    long from = page_token_index(param_string(in, "NextToken"));
    if (from < 0)
        return call_fail(c, 400, "InvalidNextToken", "The service couldn't process the token.");
    const char *scan = param_string(in, "ScanBy");
    bool descending = !scan || strcmp(scan, "TimestampAscending") != 0;
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    s3_storage_metrics_refresh(r);
    struct series *series;
    if (query_series_compute(c, r, queries, start, end, &series) != 0)
        return -1;
    size_t returned = 0;
    const cJSON *query;
    cJSON_ArrayForEach(query, queries) {
        if (param_bool(query, "ReturnData", true))
            returned++;
    }
    long long max = param_int(in, "MaxDatapoints", DEFAULT_MAX_DATAPOINTS);
    size_t per_result = returned ? (size_t)(max / (long long)returned) : 0;
    if (per_result == 0)
        per_result = 1;
    cJSON *list = cJSON_AddArrayToObject(out, "MetricDataResults");
    bool more = false;
    size_t i = 0;
    cJSON_ArrayForEach(query, queries) {
        if (param_bool(query, "ReturnData", true))
            cJSON_AddItemToArray(list, result_of(query, &series[i], (size_t)from, per_result,
                                                 descending, &more));
        series_free(&series[i]);
        i++;
    }
    free(series);
    if (more)
        page_token_add_index(out, "NextToken", (size_t)from + per_result);
    cJSON_AddArrayToObject(out, "Messages");
    return 0;
}
