/* cloudwatch: a parser and runner of the Metrics Insights queries GetMetricData accepts. */
#include "metrics_insights.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/params.h"
#include "metrics.h"

#define MAX_CONDITIONS 16
#define TOKEN_CHARS 256

struct insights_query {
    char function[8];
    char metric[TOKEN_CHARS];
    char namespace[TOKEN_CHARS];
    size_t n_conditions;
    char keys[MAX_CONDITIONS][TOKEN_CHARS];
    char values[MAX_CONDITIONS][TOKEN_CHARS];
};

struct cursor {
    const char *p;
};

static void skip_space(struct cursor *c)
{
    while (isspace((unsigned char)*c->p))
        c->p++;
}

static bool keyword(struct cursor *c, const char *word)
{
    skip_space(c);
    size_t n = strlen(word);
    if (strncasecmp(c->p, word, n) != 0 || isalnum((unsigned char)c->p[n]) || c->p[n] == '_')
        return false;
    c->p += n;
    return true;
}

static bool punct(struct cursor *c, char ch)
{
    skip_space(c);
    if (*c->p != ch)
        return false;
    c->p++;
    return true;
}

/* A bare word, or a "double" or 'single' quoted one. */
static bool word(struct cursor *c, char *out)
{
    skip_space(c);
    const char *start = c->p, *end;
    if (*c->p == '"' || *c->p == '\'') {
        char quote = *c->p;
        start = ++c->p;
        end = strchr(start, quote);
        if (!end)
            return false;
        c->p = end + 1;
    } else {
        while (isalnum((unsigned char)*c->p) || (*c->p && strchr("_-./:#", *c->p)))
            c->p++;
        end = c->p;
    }
    size_t len = (size_t)(end - start);
    if (len == 0 || len >= TOKEN_CHARS)
        return false;
    memcpy(out, start, len);
    out[len] = 0;
    return true;
}

static int parse(const char *text, struct insights_query *q)
{
    struct cursor c = {text};
    static const char *const functions[] = {"SUM", "AVG", "MIN", "MAX", "COUNT"};
    if (!keyword(&c, "SELECT"))
        return -1;
    for (size_t i = 0; i < sizeof functions / sizeof *functions && !q->function[0]; i++) {
        if (keyword(&c, functions[i]))
            snprintf(q->function, sizeof q->function, "%s", functions[i]);
    }
    if (!q->function[0] || !punct(&c, '(') || !word(&c, q->metric) || !punct(&c, ')') ||
        !keyword(&c, "FROM"))
        return -1;
    if (keyword(&c, "SCHEMA")) {
        char ignored[TOKEN_CHARS];
        if (!punct(&c, '(') || !word(&c, q->namespace))
            return -1;
        while (punct(&c, ','))
            if (!word(&c, ignored))
                return -1;
        if (!punct(&c, ')'))
            return -1;
    } else if (!word(&c, q->namespace)) {
        return -1;
    }
    if (keyword(&c, "WHERE")) {
        do {
            if (q->n_conditions == MAX_CONDITIONS || !word(&c, q->keys[q->n_conditions]) ||
                !punct(&c, '=') || !word(&c, q->values[q->n_conditions]))
                return -1;
            q->n_conditions++;
        } while (keyword(&c, "AND"));
    }
    if (keyword(&c, "GROUP")) {
        char ignored[TOKEN_CHARS];
        if (!keyword(&c, "BY") || !word(&c, ignored))
            return -1;
        while (punct(&c, ','))
            if (!word(&c, ignored))
                return -1;
    }
    skip_space(&c);
    return *c.p ? -1 : 0;
}

bool insights_is_query(const char *expression)
{
    struct cursor c = {expression};
    return keyword(&c, "SELECT");
}

static bool metric_matches(const cJSON *m, const struct insights_query *q)
{
    if (strcmp(param_string(m, "Namespace"), q->namespace) != 0 ||
        strcmp(param_string(m, "MetricName"), q->metric) != 0)
        return false;
    for (size_t i = 0; i < q->n_conditions; i++) {
        bool found = false;
        const cJSON *d;
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(m, "Dimensions")) {
            if (strcmp(param_string(d, "Name"), q->keys[i]) == 0 &&
                strcmp(param_string(d, "Value"), q->values[i]) == 0)
                found = true;
        }
        if (!found)
            return false;
    }
    return true;
}

struct bucket {
    double start, sum, count, min, max;
};

int insights_run(struct cloudwatch_region *r, const char *query, long period, double start,
                 double end, struct series *out, char *error, size_t size)
{
    struct insights_query q = {0};
    *out = (struct series){0};
    if (parse(query, &q) != 0) {
        snprintf(error, size, "Invalid Metrics Insights query.");
        return -1;
    }
    struct bucket *buckets = NULL;
    size_t n_buckets = 0;
    const cJSON *metrics = r ? cloudwatch_list(r, "metrics") : NULL;
    const cJSON *m;
    cJSON_ArrayForEach(m, metrics) {
        if (!metric_matches(m, &q))
            continue;
        size_t n;
        struct period_stats *p = metric_periods(m, start, end, period, NULL, &n);
        for (size_t i = 0; i < n; i++) {
            struct bucket *b = NULL;
            for (size_t k = 0; k < n_buckets; k++)
                if (buckets[k].start == p[i].start)
                    b = &buckets[k];
            if (!b) {
                buckets = xrealloc(buckets, (n_buckets + 1) * sizeof *buckets);
                b = &buckets[n_buckets++];
                *b = (struct bucket){p[i].start, 0, 0, INFINITY, -INFINITY};
            }
            b->sum += p[i].sum;
            b->count += p[i].count;
            b->min = fmin(b->min, p[i].min);
            b->max = fmax(b->max, p[i].max);
        }
        period_stats_free(p, n);
    }
    /* ascending by start: insertion order is not */
    for (size_t i = 1; i < n_buckets; i++)
        for (size_t k = i; k > 0 && buckets[k - 1].start > buckets[k].start; k--) {
            struct bucket t = buckets[k];
            buckets[k] = buckets[k - 1];
            buckets[k - 1] = t;
        }
    for (size_t i = 0; i < n_buckets; i++) {
        const struct bucket *b = &buckets[i];
        double v = strcmp(q.function, "SUM") == 0   ? b->sum
                   : strcmp(q.function, "AVG") == 0 ? (b->count ? b->sum / b->count : 0)
                   : strcmp(q.function, "MIN") == 0 ? b->min
                   : strcmp(q.function, "MAX") == 0 ? b->max
                                                    : b->count;
        series_append(out, b->start, v);
    }
    free(buckets);
    return 0;
}
