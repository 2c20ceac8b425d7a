/* cloudwatch: a recursive-descent evaluator of metric math expressions over time series. */
#include "metric_math.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"

#define MAX_DEPTH 64

enum value_kind { V_SCALAR, V_SERIES, V_LIST };

struct value {
    enum value_kind kind;
    double scalar;
    struct series series;  /* V_SERIES */
    struct series *list;   /* V_LIST */
    size_t n_list;
};

struct parser {
    const char *p;
    const struct math_inputs *in;
    char *error;
    size_t size;
    int depth;
    bool failed;
};

void series_free(struct series *s)
{
    free(s->timestamps);
    free(s->values);
    *s = (struct series){0};
}

void series_append(struct series *s, double timestamp, double value)
{
    s->timestamps = xrealloc(s->timestamps, (s->n + 1) * sizeof *s->timestamps);
    s->values = xrealloc(s->values, (s->n + 1) * sizeof *s->values);
    s->timestamps[s->n] = timestamp;
    s->values[s->n] = value;
    s->n++;
}

static struct series series_copy(const struct series *s)
{
    struct series c = {0};
    for (size_t i = 0; i < s->n; i++)
        series_append(&c, s->timestamps[i], s->values[i]);
    return c;
}

static void value_free(struct value *v)
{
    series_free(&v->series);
    for (size_t i = 0; i < v->n_list; i++)
        series_free(&v->list[i]);
    free(v->list);
    *v = (struct value){0};
}

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *ps, const char *fmt, ...)
{
    if (!ps->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->error, ps->size, fmt, ap);
        va_end(ap);
        ps->failed = true;
    }
    return -1;
}

static void skip_space(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static bool accept(struct parser *ps, char ch)
{
    skip_space(ps);
    if (*ps->p != ch)
        return false;
    ps->p++;
    return true;
}

static double apply(char op, double a, double b)
{
    switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default: return b == 0 ? NAN : a / b;
    }
}

/* a op b on matching timestamps (both ascending). */
static struct series combine(const struct series *a, const struct series *b, char op)
{
    struct series out = {0};
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->timestamps[i] < b->timestamps[j]) {
            i++;
        } else if (a->timestamps[i] > b->timestamps[j]) {
            j++;
        } else {
            double v = apply(op, a->values[i], b->values[j]);
            if (!isnan(v))
                series_append(&out, a->timestamps[i], v);
            i++, j++;
        }
    }
    return out;
}

static struct series with_scalar(const struct series *s, double k, char op, bool scalar_first)
{
    struct series out = {0};
    for (size_t i = 0; i < s->n; i++) {
        double v = scalar_first ? apply(op, k, s->values[i]) : apply(op, s->values[i], k);
        if (!isnan(v))
            series_append(&out, s->timestamps[i], v);
    }
    return out;
}

static int binary(struct parser *ps, struct value *a, struct value *b, char op)
{
    if (a->kind == V_LIST || b->kind == V_LIST) {
        value_free(a);
        value_free(b);
        return fail(ps, "Operator %c cannot be applied to an array of time series.", op);
    }
    struct value r = {0};
    if (a->kind == V_SCALAR && b->kind == V_SCALAR) {
        r.kind = V_SCALAR;
        r.scalar = apply(op, a->scalar, b->scalar);
    } else if (a->kind == V_SERIES && b->kind == V_SERIES) {
        r.kind = V_SERIES;
        r.series = combine(&a->series, &b->series, op);
    } else if (a->kind == V_SERIES) {
        r.kind = V_SERIES;
        r.series = with_scalar(&a->series, b->scalar, op, false);
    } else {
        r.kind = V_SERIES;
        r.series = with_scalar(&b->series, a->scalar, op, true);
    }
    value_free(a);
    value_free(b);
    *a = r;
    return 0;
}

static int expr(struct parser *ps, struct value *out);

static void list_add(struct value *list, const struct series *s)
{
    list->list = xrealloc(list->list, (list->n_list + 1) * sizeof *list->list);
    list->list[list->n_list++] = series_copy(s);
}

/* Moves v's series into list (a list value). */
static int list_take(struct parser *ps, struct value *list, struct value *v)
{
    if (v->kind == V_SERIES) {
        list_add(list, &v->series);
    } else if (v->kind == V_LIST) {
        for (size_t i = 0; i < v->n_list; i++)
            list_add(list, &v->list[i]);
    } else {
        value_free(v);
        return fail(ps, "An array may hold time series only.");
    }
    value_free(v);
    return 0;
}

enum aggregate { AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX };

static double fold(enum aggregate agg, double acc, double v, size_t seen)
{
    if (seen == 0)
        return v;
    switch (agg) {
    case AGG_MIN: return fmin(acc, v);
    case AGG_MAX: return fmax(acc, v);
    default: return acc + v;
    }
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Across the series of a list, per timestamp present in any of them. */
static struct series aggregate_list(const struct value *list, enum aggregate agg)
{
    size_t total = 0;
    for (size_t i = 0; i < list->n_list; i++)
        total += list->list[i].n;
    double *stamps = xmalloc((total ? total : 1) * sizeof *stamps);
    size_t k = 0;
    for (size_t i = 0; i < list->n_list; i++)
        for (size_t j = 0; j < list->list[i].n; j++)
            stamps[k++] = list->list[i].timestamps[j];
    qsort(stamps, total, sizeof *stamps, compare_double);
    struct series out = {0};
    for (size_t s = 0; s < total; s++) {
        if (s > 0 && stamps[s] == stamps[s - 1])
            continue;
        double acc = 0;
        size_t seen = 0;
        for (size_t i = 0; i < list->n_list; i++)
            for (size_t j = 0; j < list->list[i].n; j++)
                if (list->list[i].timestamps[j] == stamps[s])
                    acc = fold(agg, acc, list->list[i].values[j], seen++);
        series_append(&out, stamps[s], agg == AGG_AVG ? acc / (double)seen : acc);
    }
    free(stamps);
    return out;
}

/* Over the values of one series: a scalar. */
static double aggregate_series(const struct series *s, enum aggregate agg)
{
    double acc = 0;
    for (size_t i = 0; i < s->n; i++)
        acc = fold(agg, acc, s->values[i], i);
    return agg == AGG_AVG && s->n ? acc / (double)s->n : (s->n ? acc : NAN);
}

static struct series spread(const struct math_inputs *in, double k);

/* FILL(series, value): series at every timestamp of the inputs, value where it has none. */
static int fill(struct parser *ps, struct value *out)
{
    struct value arg = {0}, with = {0};
    if (expr(ps, &arg) != 0)
        return -1;
    if (arg.kind != V_SERIES || !accept(ps, ',') || expr(ps, &with) != 0 ||
        with.kind != V_SCALAR || !accept(ps, ')')) {
        value_free(&arg);
        value_free(&with);
        return fail(ps, "FILL takes a time series and a number.");
    }
    struct series grid = spread(ps->in, with.scalar);
    size_t j = 0;
    for (size_t i = 0; i < grid.n; i++) {
        while (j < arg.series.n && arg.series.timestamps[j] < grid.timestamps[i])
            j++;
        if (j < arg.series.n && arg.series.timestamps[j] == grid.timestamps[i])
            grid.values[i] = arg.series.values[j];
    }
    value_free(&arg);
    out->kind = V_SERIES;
    out->series = grid;
    return 0;
}

static int function(struct parser *ps, const char *name, struct value *out)
{
    if (strcasecmp(name, "FILL") == 0)
        return fill(ps, out);
    static const char *const names[] = {"SUM", "AVG", "MIN", "MAX"};
    if (strcasecmp(name, "METRICS") == 0) {
        if (!accept(ps, ')'))
            return fail(ps, "METRICS() takes no argument here.");
        out->kind = V_LIST;
        for (size_t i = 0; i < ps->in->n_all; i++)
            list_add(out, ps->in->all[i]);
        return 0;
    }
    int agg = -1;
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, names[i]) == 0)
            agg = i;
    if (agg < 0)
        return fail(ps, "Unrecognized function %s.", name);
    struct value arg = {0};
    if (expr(ps, &arg) != 0)
        return -1;
    if (!accept(ps, ')')) {
        value_free(&arg);
        return fail(ps, "Expected ) after the argument of %s.", name);
    }
    if (arg.kind == V_LIST) {
        out->kind = V_SERIES;
        out->series = aggregate_list(&arg, (enum aggregate)agg);
    } else if (arg.kind == V_SERIES) {
        out->kind = V_SCALAR;
        out->scalar = aggregate_series(&arg.series, (enum aggregate)agg);
    } else {
        *out = arg;
        return 0;
    }
    value_free(&arg);
    return 0;
}

static int primary(struct parser *ps, struct value *out)
{
    skip_space(ps);
    const char *start = ps->p;
    if (isdigit((unsigned char)*start) || *start == '.') {
        char *end;
        out->kind = V_SCALAR;
        out->scalar = strtod(start, &end);
        ps->p = end;
        return 0;
    }
    if (accept(ps, '(')) {
        if (expr(ps, out) != 0)
            return -1;
        if (!accept(ps, ')')) {
            value_free(out);
            return fail(ps, "Expected ).");
        }
        return 0;
    }
    if (accept(ps, '[')) {
        out->kind = V_LIST;
        do {
            struct value item = {0};
            if (expr(ps, &item) != 0 || list_take(ps, out, &item) != 0) {
                value_free(out);
                return -1;
            }
        } while (accept(ps, ','));
        if (!accept(ps, ']')) {
            value_free(out);
            return fail(ps, "Expected ].");
        }
        return 0;
    }
    if (isalpha((unsigned char)*start)) {
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
            ps->p++;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(ps->p - start), start);
        if (accept(ps, '('))
            return function(ps, name, out);
        const struct series *s = ps->in->lookup(ps->in->ctx, name);
        if (!s)
            return fail(ps, "Unrecognized identifier %s.", name);
        out->kind = V_SERIES;
        out->series = series_copy(s);
        return 0;
    }
    return *start ? fail(ps, "Unexpected character %c.", *start)
                  : fail(ps, "Unexpected end of expression.");
}

static int unary(struct parser *ps, struct value *out)
{
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "The expression is nested too deeply.");
    int rc;
    if (accept(ps, '-')) {
        struct value zero = {.kind = V_SCALAR};
        rc = unary(ps, out);
        if (rc == 0) {
            rc = binary(ps, &zero, out, '-');
            *out = zero;
        }
    } else {
        rc = primary(ps, out);
    }
    ps->depth--;
    return rc;
}

static int chain(struct parser *ps, struct value *out, const char *ops,
                 int (*operand)(struct parser *, struct value *))
{
    if (operand(ps, out) != 0)
        return -1;
    for (;;) {
        skip_space(ps);
        char op = *ps->p;
        if (!op || !strchr(ops, op))
            return 0;
        ps->p++;
        struct value rhs = {0};
        if (operand(ps, &rhs) != 0) {
            value_free(out);
            return -1;
        }
        if (binary(ps, out, &rhs, op) != 0)
            return -1;
    }
}

static int term(struct parser *ps, struct value *out)
{
    return chain(ps, out, "*/", unary);
}

static int expr(struct parser *ps, struct value *out)
{
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "The expression is nested too deeply.");
    int rc = chain(ps, out, "+-", term);
    ps->depth--;
    return rc;
}

/* A scalar result becomes a series over every timestamp of the inputs. */
static struct series spread(const struct math_inputs *in, double k)
{
    struct value all = {.kind = V_LIST};
    for (size_t i = 0; i < in->n_all; i++)
        list_add(&all, in->all[i]);
    struct series grid = aggregate_list(&all, AGG_SUM);
    for (size_t i = 0; i < grid.n; i++)
        grid.values[i] = k;
    value_free(&all);
    return grid;
}

int metric_math_eval(const char *expression, const struct math_inputs *inputs,
                     struct series *result, char *error, size_t size)
{
    struct parser ps = {.p = expression, .in = inputs, .error = error, .size = size};
    struct value v = {0};
    *result = (struct series){0};
    if (expr(&ps, &v) != 0)
        return -1;
    skip_space(&ps);
    if (*ps.p) {
        value_free(&v);
        return fail(&ps, "Unexpected character %c.", *ps.p);
    }
    if (v.kind == V_LIST) {
        value_free(&v);
        return fail(&ps, "The expression must return a single time series.");
    }
    if (v.kind == V_SCALAR)
        *result = isnan(v.scalar) ? (struct series){0} : spread(inputs, v.scalar);
    else {
        *result = v.series;
        v.series = (struct series){0};
    }
    value_free(&v);
    return 0;
}
