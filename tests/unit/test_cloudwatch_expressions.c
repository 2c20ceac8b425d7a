/* The CloudWatch expression languages: composite alarm rules and metric math, table-driven. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../../services/cloudwatch/composite_rule.h"
#include "../../services/cloudwatch/metric_math.h"
#include "check.h"

/* ---- composite alarm rules ---- */

static const char *state_of(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "cpu") == 0)
        return "ALARM";
    if (strcmp(name, "disk") == 0)
        return "OK";
    if (strcmp(name, "net alarm") == 0)
        return "INSUFFICIENT_DATA";
    return NULL;
}

struct rule_case {
    const char *rule;
    int rc;      /* 0 valid, -1 invalid */
    bool value;  /* when valid */
};

static const struct rule_case rule_cases[] = {
    {"ALARM(cpu)", 0, true},
    {"ALARM(\"cpu\")", 0, true},
    {"alarm(cpu)", 0, true},
    {"OK(cpu)", 0, false},
    {"OK(disk)", 0, true},
    {"INSUFFICIENT_DATA(\"net alarm\")", 0, true},
    {"INSUFFICIENT_DATA(net alarm)", 0, true},
    {"ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu)", 0, true},
    {"ALARM(missing)", 0, false},
    {"OK(missing)", 0, false},
    {"TRUE", 0, true},
    {"FALSE", 0, false},
    {"NOT ALARM(cpu)", 0, false},
    {"NOT NOT ALARM(cpu)", 0, true},
    {"ALARM(cpu) AND OK(disk)", 0, true},
    {"ALARM(cpu) AND ALARM(disk)", 0, false},
    {"ALARM(disk) OR ALARM(cpu)", 0, true},
    {"ALARM(disk) OR ALARM(missing)", 0, false},
    /* AND binds tighter than OR */
    {"TRUE OR FALSE AND FALSE", 0, true},
    {"(TRUE OR FALSE) AND FALSE", 0, false},
    {"NOT (ALARM(cpu) AND OK(disk))", 0, false},
    {"  ALARM( cpu )  ", 0, true},
    {"ALARM(cpu) AND (OK(disk) OR (INSUFFICIENT_DATA(\"net alarm\") AND NOT TRUE))", 0, true},
    {"", -1, false},
    {"ALARM", -1, false},
    {"ALARM()", -1, false},
    {"ALARM(cpu", -1, false},
    {"ALARM(\"cpu)", -1, false},
    {"ALARM(cpu) AND", -1, false},
    {"AND ALARM(cpu)", -1, false},
    {"ALARM(cpu) ALARM(disk)", -1, false},
    {"(ALARM(cpu)", -1, false},
    {"ALARM(cpu))", -1, false},
    {"NOT", -1, false},
    {"TRUEISH", -1, false},
    {"WARNING(cpu)", -1, false},
};

static void test_rules(void)
{
    for (size_t i = 0; i < sizeof rule_cases / sizeof *rule_cases; i++) {
        const struct rule_case *t = &rule_cases[i];
        bool value = !t->value;
        int rc = composite_rule_eval(t->rule, state_of, NULL, &value);
        CHECK(rc == t->rc, "rule '%s': rc %d, want %d", t->rule, rc, t->rc);
        if (rc == 0 && t->rc == 0)
            CHECK(value == t->value, "rule '%s': %d, want %d", t->rule, value, t->value);
    }
    char deep[4096] = "";
    for (int i = 0; i < 500; i++)
        strcat(deep, "(");
    CHECK(composite_rule_eval(deep, state_of, NULL, &(bool){false}) == -1,
          "deep nesting is refused, not a stack overflow");
}

static int names_seen;
static void count_name(void *ctx, const char *name)
{
    (void)ctx;
    (void)name;
    names_seen++;
}

static void test_rule_alarms(void)
{
    names_seen = 0;
    CHECK(composite_rule_alarms("ALARM(a) OR (OK(b) AND NOT INSUFFICIENT_DATA(c))", count_name,
                                NULL) == 0, "valid rule");
    CHECK(names_seen == 3, "three alarms named, saw %d", names_seen);
}

/* ---- metric math ---- */

static struct series series_a, series_b, series_c;

static const struct series *lookup(void *ctx, const char *id)
{
    (void)ctx;
    if (strcmp(id, "a") == 0)
        return &series_a;
    if (strcmp(id, "b") == 0)
        return &series_b;
    if (strcmp(id, "c2") == 0)
        return &series_c;
    return NULL;
}

struct math_case {
    const char *expression;
    int rc;
    size_t n;
    double values[4];
};

static const struct math_case math_cases[] = {
    {"a", 0, 3, {1, 2, 3}},
    {"a + b", 0, 3, {11, 22, 33}},
    {"b - a", 0, 3, {9, 18, 27}},
    {"a * 2", 0, 3, {2, 4, 6}},
    {"2 * a", 0, 3, {2, 4, 6}},
    {"b / a", 0, 3, {10, 10, 10}},
    {"a + b * 2", 0, 3, {21, 42, 63}},
    {"(a + b) * 2", 0, 3, {22, 44, 66}},
    {"-a", 0, 3, {-1, -2, -3}},
    {"a - -1", 0, 3, {2, 3, 4}},
    {"SUM([a, b])", 0, 3, {11, 22, 33}},
    {"AVG([a, b])", 0, 3, {5.5, 11, 16.5}},
    {"MIN([a, b])", 0, 3, {1, 2, 3}},
    {"MAX([a, b])", 0, 3, {10, 20, 30}},
    {"sum([a, b])", 0, 3, {11, 22, 33}},
    /* c2 has a timestamp a lacks: arithmetic keeps common ones, lists every one */
    {"a + c2", 0, 1, {102}},
    {"SUM([a, c2])", 0, 4, {1, 102, 3, 7}},
    {"SUM(METRICS())", 0, 4, {11, 122, 33, 7}},
    /* an aggregate of one series is a scalar, spread over the inputs' timestamps */
    {"SUM(a)", 0, 4, {6, 6, 6, 6}},
    {"a / 0", 0, 0, {0}},
    {"FILL(c2, 0)", 0, 4, {0, 100, 0, 7}},
    {"FILL(a, -1) + 1", 0, 4, {2, 3, 4, 0}},
    {"FILL(a)", -1, 0, {0}},
    {"FILL(a, b)", -1, 0, {0}},
    {"", -1, 0, {0}},
    {"a +", -1, 0, {0}},
    {"unknown", -1, 0, {0}},
    {"NOPE(a)", -1, 0, {0}},
    {"(a", -1, 0, {0}},
    {"[a, b]", -1, 0, {0}},
    {"[a, 1]", -1, 0, {0}},
    {"a b", -1, 0, {0}},
    {"SUM([a, b]", -1, 0, {0}},
    {"[a] + 1", -1, 0, {0}},
};

static void test_math(void)
{
    series_append(&series_a, 60, 1);
    series_append(&series_a, 120, 2);
    series_append(&series_a, 180, 3);
    series_append(&series_b, 60, 10);
    series_append(&series_b, 120, 20);
    series_append(&series_b, 180, 30);
    series_append(&series_c, 120, 100);
    series_append(&series_c, 240, 7);
    const struct series *all[] = {&series_a, &series_b, &series_c};
    struct math_inputs in = {lookup, NULL, all, 3};
    for (size_t i = 0; i < sizeof math_cases / sizeof *math_cases; i++) {
        const struct math_case *t = &math_cases[i];
        struct series out;
        char error[256];
        int rc = metric_math_eval(t->expression, &in, &out, error, sizeof error);
        CHECK(rc == t->rc, "'%s': rc %d, want %d (%s)", t->expression, rc, t->rc,
              rc ? error : "");
        if (rc == 0 && t->rc == 0) {
            CHECK(out.n == t->n, "'%s': %zu values, want %zu", t->expression, out.n, t->n);
            for (size_t k = 0; k < out.n && k < t->n; k++)
                CHECK(fabs(out.values[k] - t->values[k]) < 1e-9, "'%s'[%zu]: %g, want %g",
                      t->expression, k, out.values[k], t->values[k]);
        }
        if (rc != 0)
            CHECK(error[0] != 0, "'%s': an error says what is wrong", t->expression);
        series_free(&out);
    }
    series_free(&series_a);
    series_free(&series_b);
    series_free(&series_c);
}

int main(void)
{
    test_rules();
    test_rule_alarms();
    test_math();
    return test_summary("cloudwatch_expressions");
}
