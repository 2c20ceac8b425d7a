/* Metric filters and subscription filters stored on their log group, TestMetricFilter, and
 * resource policies. Filters deliver nothing yet: they are kept and listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "filter_pattern.h"
#include "groups.h"
#include "ops.h"

#define MAX_SUBSCRIPTION_FILTERS 2
#define MAX_RESOURCE_POLICIES 10

/* A filter built from the request's members, replacing any of the same name in list. */
static void store_filter(cJSON *list, const cJSON *in, const char *group, const char *const *members)
{
    const char *name = param_string(in, "filterName");
    sorted_remove(list, "filterName", name);
    cJSON *filter = cJSON_CreateObject();
    cJSON_AddStringToObject(filter, "filterName", name);
    cJSON_AddStringToObject(filter, "logGroupName", group);
    for (const char *const *m = members; *m; m++) {
        cJSON *value = param_copy(in, *m);
        if (value)
            cJSON_AddItemToObject(filter, *m, value);
    }
    cJSON_AddNumberToObject(filter, "creationTime", (double)logs_now_ms());
    json_sorted_insert(list, filter, "filterName");
}

/* Lists filters of list whose name starts with the request's filterNamePrefix. */
static void list_filters(const cJSON *list, const cJSON *in, cJSON *into,
                         bool (*keep)(const cJSON *filter, const cJSON *in))
{
    const char *prefix = param_string(in, "filterNamePrefix");
    const cJSON *filter;
    cJSON_ArrayForEach(filter, list) {
        const char *name = param_string(filter, "filterName");
        if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
            continue;
        if (keep && !keep(filter, in))
            continue;
        cJSON_AddItemToArray(into, cJSON_Duplicate(filter, 1));
    }
}

static void update_metric_filter_count(cJSON *group)
{
    int count = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(group, "_metricFilters"));
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(group, "metricFilterCount"), count);
}

OPERATION(logs_put_metric_filter)
{
    (void)out;
    const char *group_name = param_string(in, "logGroupName");
    cJSON *g = group_for_call(c, logs_state(c), group_name);
    if (!g)
        return -1;
    static const char *const members[] = {"filterPattern", "metricTransformations",
                                          "applyOnTransformedLogs", "fieldSelectionCriteria",
                                          "emitSystemFieldDimensions", NULL};
    store_filter(cJSON_GetObjectItemCaseSensitive(g, "_metricFilters"), in, group_name, members);
    update_metric_filter_count(g);
    return 0;
}

static bool metric_matches(const cJSON *filter, const cJSON *in)
{
    const char *metric = param_string(in, "metricName");
    const char *namespace = param_string(in, "metricNamespace");
    if (!metric && !namespace)
        return true;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(filter, "metricTransformations")) {
        const char *own_metric = param_string(t, "metricName");
        const char *own_namespace = param_string(t, "metricNamespace");
        if ((!metric || (own_metric && strcmp(metric, own_metric) == 0)) &&
            (!namespace || (own_namespace && strcmp(namespace, own_namespace) == 0)))
            return true;
    }
    return false;
}

OPERATION(logs_describe_metric_filters)
{
    struct logs_region *r = logs_state(c);
    const char *group_name = param_string(in, "logGroupName");
    if ((param_string(in, "metricName") != NULL) != (param_string(in, "metricNamespace") != NULL))
        return logs_fail_invalid_parameter(c, "If you include the metricName parameter in your "
                                              "request, you must also include the "
                                              "metricNamespace parameter.");
    cJSON *list = cJSON_AddArrayToObject(out, "metricFilters");
    if (group_name) {
        cJSON *g = group_for_call(c, r, group_name);
        if (!g)
            return -1;
        list_filters(cJSON_GetObjectItemCaseSensitive(g, "_metricFilters"), in, list,
                     metric_matches);
        return 0;
    }
    const cJSON *g;
    cJSON_ArrayForEach(g, r->groups)
        list_filters(cJSON_GetObjectItemCaseSensitive(g, "_metricFilters"), in, list,
                     metric_matches);
    return 0;
}

OPERATION(logs_delete_metric_filter)
{
    (void)out;
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    if (!sorted_remove(cJSON_GetObjectItemCaseSensitive(g, "_metricFilters"), "filterName",
                       param_string(in, "filterName")))
        return call_fail_resource_not_found(c, "The specified metric filter does not exist.");
    update_metric_filter_count(g);
    return 0;
}

OPERATION(logs_test_metric_filter)
{
    (void)c;
    const char *pattern = param_string(in, "filterPattern");
    cJSON *matches = cJSON_AddArrayToObject(out, "matches");
    int number = 1;
    const cJSON *message;
    cJSON_ArrayForEach(message, cJSON_GetObjectItemCaseSensitive(in, "logEventMessages")) {
        if (cJSON_IsString(message) && filter_pattern_matches(pattern, message->valuestring)) {
            cJSON *match = cJSON_CreateObject();
            cJSON_AddNumberToObject(match, "eventNumber", number);
            cJSON_AddStringToObject(match, "eventMessage", message->valuestring);
            cJSON_AddObjectToObject(match, "extractedValues");
            cJSON_AddItemToArray(matches, match);
        }
        number++;
    }
    return 0;
}

OPERATION(logs_put_subscription_filter)
{
    (void)out;
    const char *group_name = param_string(in, "logGroupName");
    cJSON *g = group_for_call(c, logs_state(c), group_name);
    if (!g)
        return -1;
    cJSON *list = cJSON_GetObjectItemCaseSensitive(g, "_subscriptionFilters");
    if (!entry_named(list, "filterName", param_string(in, "filterName")) &&
        cJSON_GetArraySize(list) >= MAX_SUBSCRIPTION_FILTERS)
        return call_fail(c, 400, "LimitExceededException", "Resource limit exceeded.");
    static const char *const members[] = {"filterPattern", "destinationArn", "roleArn",
                                          "distribution", "applyOnTransformedLogs",
                                          "fieldSelectionCriteria", "emitSystemFields", NULL};
    store_filter(list, in, group_name, members);
    cJSON *stored = entry_named(list, "filterName", param_string(in, "filterName"));
    if (!cJSON_GetObjectItemCaseSensitive(stored, "distribution"))
        cJSON_AddStringToObject(stored, "distribution", "ByLogStream");
    return 0;
}

OPERATION(logs_describe_subscription_filters)
{
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    list_filters(cJSON_GetObjectItemCaseSensitive(g, "_subscriptionFilters"), in,
                 cJSON_AddArrayToObject(out, "subscriptionFilters"), NULL);
    return 0;
}

OPERATION(logs_delete_subscription_filter)
{
    (void)out;
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    if (!sorted_remove(cJSON_GetObjectItemCaseSensitive(g, "_subscriptionFilters"), "filterName",
                       param_string(in, "filterName")))
        return call_fail_resource_not_found(c, "The specified subscription filter does not "
                                               "exist.");
    return 0;
}

/* ---- resource policies ---- */

OPERATION(logs_put_resource_policy)
{
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "policyName");
    const char *document = param_string(in, "policyDocument");
    if (!name || !document)
        return logs_fail_invalid_parameter(c, "policyName and policyDocument are required.");
    cJSON *policy = entry_named(r->resource_policies, "policyName", name);
    if (!policy && cJSON_GetArraySize(r->resource_policies) >= MAX_RESOURCE_POLICIES)
        return call_fail(c, 400, "LimitExceededException",
                         "Resource limit exceeded.");
    if (policy)
        sorted_remove(r->resource_policies, "policyName", name);
    policy = cJSON_CreateObject();
    cJSON_AddStringToObject(policy, "policyName", name);
    cJSON_AddStringToObject(policy, "policyDocument", document);
    cJSON_AddNumberToObject(policy, "lastUpdatedTime", (double)logs_now_ms());
    json_sorted_insert(r->resource_policies, policy, "policyName");
    cJSON_AddItemToObject(out, "resourcePolicy", cJSON_Duplicate(policy, 1));
    return 0;
}

OPERATION(logs_describe_resource_policies)
{
    (void)in;
    struct logs_region *r = logs_state(c);
    cJSON_AddItemToObject(out, "resourcePolicies", cJSON_Duplicate(r->resource_policies, 1));
    return 0;
}

OPERATION(logs_delete_resource_policy)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    if (!sorted_remove(r->resource_policies, "policyName", param_string(in, "policyName")))
        return call_fail_resource_not_found(c, "Policy with name [%s] does not exist",
                                            param_string(in, "policyName"));
    return 0;
}
