/* Metric filters at work (metric_filters.h). Each event a filter's pattern matches emits its
 * transformation's metric: the value is a number or what "$.path" / "$field" selects in the
 * event, the dimensions name fields the same way. A batch where nothing matches emits the
 * default value, when the filter has one, so the metric reports every period logs arrive. */
#include "metric_filters.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cloudwatch/cloudwatch_metrics.h"
#include "../core/params.h"
#include "filter_pattern.h"

#define FIELD_TEXT_MAX 1024

/* The number text stands for, or selects in message; false when it is not one. */
static bool metric_value(const char *pattern, const char *message, const char *text,
                         double *value)
{
    char selected[FIELD_TEXT_MAX];
    if (text[0] == '$') {
        if (!filter_pattern_select(pattern, message, text, selected, sizeof selected))
            return false;
        text = selected;
    }
    char *end;
    *value = strtod(text, &end);
    return end != text && *end == '\0';
}

/* The transformation's dimensions for message as [{Name, Value}], or NULL when a field they
 * name is missing (no datapoint then). *dims is set to an empty list when there are none. */
static bool metric_dimensions(const char *pattern, const char *message, const cJSON *wanted,
                              cJSON **dims)
{
    *dims = NULL;
    if (!cJSON_IsObject(wanted) || !wanted->child)
        return true;
    cJSON *list = cJSON_CreateArray();
    const cJSON *field;
    cJSON_ArrayForEach(field, wanted) {
        char selected[FIELD_TEXT_MAX];
        if (!cJSON_IsString(field) ||
            !filter_pattern_select(pattern, message, field->valuestring, selected,
                                   sizeof selected) ||
            !selected[0]) {
            cJSON_Delete(list);
            return false;
        }
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "Name", field->string);
        cJSON_AddStringToObject(d, "Value", selected);
        cJSON_AddItemToArray(list, d);
    }
    *dims = list;
    return true;
}

struct datapoints {
    struct metric_datum *data;
    cJSON **owned_dimensions;
    size_t count, capacity;
};

static void add_datapoint(struct datapoints *points, const cJSON *t, double timestamp_ms,
                          double value, cJSON *dims)
{
    if (points->count == points->capacity) {
        points->capacity = points->capacity ? points->capacity * 2 : 16;
        points->data = realloc(points->data, points->capacity * sizeof *points->data);
        points->owned_dimensions = realloc(points->owned_dimensions,
                                           points->capacity * sizeof *points->owned_dimensions);
    }
    points->owned_dimensions[points->count] = dims;
    points->data[points->count++] = (struct metric_datum){
        .namespace = param_string(t, "metricNamespace"),
        .name = param_string(t, "metricName"),
        .dimensions = dims,
        .timestamp = timestamp_ms / 1000.0,
        .value = value,
        .unit = param_string(t, "unit"),
    };
}

static void apply_filter(const cJSON *filter, const cJSON *const *events, size_t n,
                         struct datapoints *points)
{
    const char *pattern = param_string(filter, "filterPattern");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(filter, "metricTransformations")) {
        const char *value_text = param_string(t, "metricValue");
        if (!value_text || !param_string(t, "metricName") || !param_string(t, "metricNamespace"))
            continue;
        bool matched = false;
        double last_timestamp = 0;
        for (size_t i = 0; i < n; i++) {
            const char *message = param_string(events[i], "message");
            double timestamp = param_number(events[i], "timestamp", 0);
            last_timestamp = timestamp > last_timestamp ? timestamp : last_timestamp;
            if (!filter_pattern_matches(pattern, message))
                continue;
            matched = true;
            double value;
            cJSON *dims;
            if (!metric_value(pattern, message, value_text, &value) ||
                !metric_dimensions(pattern, message,
                                   cJSON_GetObjectItemCaseSensitive(t, "dimensions"), &dims))
                continue;
            add_datapoint(points, t, timestamp, value, dims);
        }
        const cJSON *fallback = cJSON_GetObjectItemCaseSensitive(t, "defaultValue");
        if (!matched && n > 0 && cJSON_IsNumber(fallback))
            add_datapoint(points, t, last_timestamp, fallback->valuedouble, NULL);
    }
}

void metric_filters_publish(const char *account, const char *region, const cJSON *group,
                            const cJSON *const *events, size_t n)
{
    struct datapoints points = {0};
    const cJSON *filter;
    cJSON_ArrayForEach(filter, cJSON_GetObjectItemCaseSensitive(group, "_metricFilters"))
        apply_filter(filter, events, n, &points);
    cloudwatch_publish(account, region, points.data, points.count);
    for (size_t i = 0; i < points.count; i++)
        cJSON_Delete(points.owned_dimensions[i]);
    free(points.data);
    free(points.owned_dimensions);
}
