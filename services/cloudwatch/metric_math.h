/* cloudwatch: metric math, the expressions of GetMetricData queries and alarms over time series:
 * numbers, query ids, + - * / and parentheses, [a, b] lists, SUM/AVG/MIN/MAX, METRICS() and
 * FILL(series, number). */
#ifndef MOTOC_CLOUDWATCH_METRIC_MATH_H
#define MOTOC_CLOUDWATCH_METRIC_MATH_H

#include <stddef.h>

/* A time series, ascending by timestamp. */
struct series {
    double *timestamps, *values;
    size_t n;
};

void series_free(struct series *s);
void series_append(struct series *s, double timestamp, double value);

/* Where an expression finds the series of the ids it names: 0 with *out filled (owned by the
 * lookup), -1 for an id it does not know. all lists the series METRICS() stands for. */
struct math_inputs {
    const struct series *(*lookup)(void *ctx, const char *id);
    void *ctx;
    const struct series *const *all;
    size_t n_all;
};

/* Evaluates expression into *result (a series; a scalar result is spread over the timestamps of
 * every input). 0, or -1 with error (size bytes) saying what is wrong. */
int metric_math_eval(const char *expression, const struct math_inputs *inputs,
                     struct series *result, char *error, size_t size);

#endif
