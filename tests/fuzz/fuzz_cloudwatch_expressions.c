/* Fuzzes CloudWatch's expression parsers: the input is a composite alarm rule, a metric math
 * expression over two small series and a Metrics Insights query. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/cloudwatch/composite_rule.h"
#include "../../services/cloudwatch/metric_math.h"
#include "../../services/cloudwatch/metrics_insights.h"

static const char *state_of(void *ctx, const char *name)
{
    (void)ctx;
    return name[0] == 'a' ? "ALARM" : name[0] == 'o' ? "OK" : NULL;
}

static void each(void *ctx, const char *name)
{
    (void)ctx;
    (void)name;
}

static struct series first = {(double[]){60, 120}, (double[]){1, 2}, 2};
static struct series second = {(double[]){120, 180}, (double[]){5, 0}, 2};

static const struct series *lookup(void *ctx, const char *id)
{
    (void)ctx;
    return strcmp(id, "m1") == 0 ? &first : strcmp(id, "m2") == 0 ? &second : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    bool value;
    composite_rule_eval(text, state_of, NULL, &value);
    composite_rule_alarms(text, each, NULL);
    const struct series *all[] = {&first, &second};
    struct math_inputs in = {lookup, NULL, all, 2};
    struct series out;
    char error[128];
    if (metric_math_eval(text, &in, &out, error, sizeof error) == 0)
        series_free(&out);
    if (insights_run(NULL, text, 60, 0, 600, &out, error, sizeof error) == 0)
        series_free(&out);
    free(text);
    return 0;
}
