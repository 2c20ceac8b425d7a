/* cloudwatch: the metrics a region holds, their datapoints and the statistics of a period. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

static const char *member_string(const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(m) ? m->valuestring : "";
}

static double member_number(const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(m) ? m->valuedouble : 0;
}

static bool dimension_listed(const cJSON *list, const cJSON *d)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (strcmp(member_string(e, "Name"), member_string(d, "Name")) == 0 &&
            strcmp(member_string(e, "Value"), member_string(d, "Value")) == 0)
            return true;
    }
    return false;
}

bool dimensions_equal(const cJSON *a, const cJSON *b)
{
    int na = cJSON_GetArraySize(a), nb = cJSON_GetArraySize(b);
    if (na != nb)
        return false;
    const cJSON *d;
    cJSON_ArrayForEach(d, a) {
        if (!dimension_listed(b, d))
            return false;
    }
    return true;
}

cJSON *metric_find(struct cloudwatch_region *r, const char *namespace, const char *name,
                   const cJSON *dimensions, bool create)
{
    cJSON *metrics = cloudwatch_list(r, "metrics");
    cJSON *m;
    cJSON_ArrayForEach(m, metrics) {
        if (strcmp(member_string(m, "Namespace"), namespace) == 0 &&
            strcmp(member_string(m, "MetricName"), name) == 0 &&
            dimensions_equal(cJSON_GetObjectItemCaseSensitive(m, "Dimensions"), dimensions))
            return m;
    }
    if (!create) {
        cJSON_ArrayForEach(m, r->service_metrics) {
            if (strcmp(member_string(m, "Namespace"), namespace) == 0 &&
                strcmp(member_string(m, "MetricName"), name) == 0 &&
                dimensions_equal(cJSON_GetObjectItemCaseSensitive(m, "Dimensions"), dimensions))
                return m;
        }
        return NULL;
    }
    m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "Namespace", namespace);
    cJSON_AddStringToObject(m, "MetricName", name);
    cJSON *dims = cJSON_AddArrayToObject(m, "Dimensions");
    const cJSON *d;
    cJSON_ArrayForEach(d, dimensions) {
        cJSON *copy = cJSON_CreateObject();
        cJSON_AddStringToObject(copy, "Name", member_string(d, "Name"));
        cJSON_AddStringToObject(copy, "Value", member_string(d, "Value"));
        cJSON_AddItemToArray(dims, copy);
    }
    cJSON_AddArrayToObject(m, "points");
    cJSON_AddItemToArray(metrics, m);
    return m;
}

void metric_add_point(cJSON *metric, double timestamp, double sum, double count, double min,
                      double max, const char *unit, const cJSON *values, const cJSON *counts)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "t", timestamp);
    cJSON_AddNumberToObject(p, "sum", sum);
    cJSON_AddNumberToObject(p, "n", count);
    cJSON_AddNumberToObject(p, "min", min);
    cJSON_AddNumberToObject(p, "max", max);
    cJSON_AddStringToObject(p, "unit", unit && unit[0] ? unit : "None");
    if (values) {
        cJSON_AddItemToObject(p, "v", cJSON_Duplicate(values, true));
        if (counts)
            cJSON_AddItemToObject(p, "c", cJSON_Duplicate(counts, true));
    }
    cJSON *points = cJSON_GetObjectItemCaseSensitive(metric, "points");
    if (!cJSON_IsArray(points)) {
        cJSON_DeleteItemFromObjectCaseSensitive(metric, "points");
        points = cJSON_AddArrayToObject(metric, "points");
    }
    cJSON_AddItemToArray(points, p);
    cJSON_DeleteItemFromObjectCaseSensitive(metric, "LastPut");
    cJSON_AddNumberToObject(metric, "LastPut", timestamp);
}

static int compare_start(const void *a, const void *b)
{
    double x = ((const struct period_stats *)a)->start, y = ((const struct period_stats *)b)->start;
    return x < y ? -1 : x > y;
}

static void add_value(struct period_stats *s, double value, double weight)
{
    s->values = xrealloc(s->values, (s->n_values + 1) * sizeof *s->values);
    s->weights = xrealloc(s->weights, (s->n_values + 1) * sizeof *s->weights);
    s->values[s->n_values] = value;
    s->weights[s->n_values] = weight;
    s->n_values++;
}

static void add_point_values(struct period_stats *s, const cJSON *p)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(p, "v");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(p, "c");
    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values) {
        const cJSON *c = cJSON_GetArrayItem(counts, i++);
        add_value(s, v->valuedouble, cJSON_IsNumber(c) ? c->valuedouble : 1);
    }
}

struct period_stats *metric_periods(const cJSON *metric, double start, double end, long period,
                                    const char *unit, size_t *n)
{
    struct period_stats *out = NULL;
    size_t count = 0;
    if (period <= 0)
        period = 60;
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(metric, "points")) {
        double t = member_number(p, "t");
        if (t < start || t >= end)
            continue;
        if (unit && strcmp(unit, member_string(p, "unit")) != 0)
            continue;
        double bucket = floor(t / (double)period) * (double)period;
        struct period_stats *s = NULL;
        for (size_t i = 0; i < count; i++) {
            if (out[i].start == bucket)
                s = &out[i];
        }
        if (!s) {
            out = xrealloc(out, (count + 1) * sizeof *out);
            s = &out[count++];
            memset(s, 0, sizeof *s);
            s->start = bucket;
            s->min = INFINITY;
            s->max = -INFINITY;
            snprintf(s->unit, sizeof s->unit, "%s", member_string(p, "unit"));
        }
        s->sum += member_number(p, "sum");
        s->count += member_number(p, "n");
        s->min = fmin(s->min, member_number(p, "min"));
        s->max = fmax(s->max, member_number(p, "max"));
        add_point_values(s, p);
    }
    if (count > 1)
        qsort(out, count, sizeof *out, compare_start);
    *n = count;
    return out;
}

void period_stats_free(struct period_stats *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].values);
        free(p[i].weights);
    }
    free(p);
}

static bool percentile_of(const char *stat, double *fraction)
{
    if (stat[0] != 'p' || !stat[1])
        return false;
    char *end;
    double pct = strtod(stat + 1, &end);
    if (*end || pct < 0 || pct > 100 || !(stat[1] >= '0' && stat[1] <= '9'))
        return false;
    *fraction = pct / 100.0;
    return true;
}

bool statistic_valid(const char *stat)
{
    static const char *const names[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(stat, names[i]) == 0)
            return true;
    }
    double fraction;
    return percentile_of(stat, &fraction);
}

struct weighted {
    double value, weight;
};

static int compare_value(const void *a, const void *b)
{
    double x = ((const struct weighted *)a)->value, y = ((const struct weighted *)b)->value;
    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile over the values weighted by their counts. */
static bool percentile(const struct period_stats *p, double fraction, double *value)
{
    if (p->n_values == 0)
        return false;
    struct weighted *w = xmalloc(p->n_values * sizeof *w);
    double total = 0;
    for (size_t i = 0; i < p->n_values; i++) {
        w[i] = (struct weighted){p->values[i], p->weights[i]};
        total += p->weights[i];
    }
    qsort(w, p->n_values, sizeof *w, compare_value);
    double rank = ceil(fraction * total);
    if (rank < 1)
        rank = 1;
    double seen = 0;
    *value = w[p->n_values - 1].value;
    for (size_t i = 0; i < p->n_values; i++) {
        seen += w[i].weight;
        if (seen >= rank) {
            *value = w[i].value;
            break;
        }
    }
    free(w);
    return true;
}

bool period_statistic(const struct period_stats *p, const char *stat, double *value)
{
    double fraction;
    if (strcmp(stat, "SampleCount") == 0)
        *value = p->count;
    else if (strcmp(stat, "Sum") == 0)
        *value = p->sum;
    else if (strcmp(stat, "Minimum") == 0)
        *value = p->min;
    else if (strcmp(stat, "Maximum") == 0)
        *value = p->max;
    else if (strcmp(stat, "Average") == 0)
        *value = p->count > 0 ? p->sum / p->count : 0;
    else if (percentile_of(stat, &fraction))
        return percentile(p, fraction, value);
    else
        return false;
    return true;
}
