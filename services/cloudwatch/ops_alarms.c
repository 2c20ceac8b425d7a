/* cloudwatch: the alarm operations (metric and composite alarms, state, history). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "alarms.h"
#include "composite_rule.h"
#include "metrics.h"
#include "ops.h"
#include "resource_tags.h"

#define DESCRIBE_PAGE_DEFAULT 50
#define DESCRIBE_PAGE_MAX 100

/* The members of PutMetricAlarm the alarm keeps as they were given. */
static const char *const metric_alarm_members[] = {
    "AlarmDescription", "OKActions", "AlarmActions", "InsufficientDataActions", "MetricName",
    "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit",
    "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator",
    "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId",
};

static const char *const composite_alarm_members[] = {
    "AlarmDescription", "OKActions", "AlarmActions", "InsufficientDataActions", "AlarmRule",
    "ActionsSuppressor", "ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod",
};

static struct cloudwatch_region *region_of(struct call *c)
{
    return cloudwatch_region_get(c->route->account, c->route->region);
}

static int check_metric_alarm(struct call *c, const cJSON *in)
{
    bool has_metric = param_string(in, "MetricName") != NULL;
    bool has_metrics = cJSON_GetObjectItemCaseSensitive(in, "Metrics") != NULL;
    if (has_metric && has_metrics)
        return call_fail(c, 400, "ValidationError",
                         "MetricName and Metrics are mutually exclusive.");
    if (!has_metric && !has_metrics)
        return call_fail(c, 400, "ValidationError",
                         "Either MetricName or Metrics must be specified.");
    if (param_string(in, "Statistic") && param_string(in, "ExtendedStatistic"))
        return call_fail(c, 400, "InvalidParameterCombination",
                         "Statistic and ExtendedStatistic are mutually exclusive.");
    const char *extended = param_string(in, "ExtendedStatistic");
    if (extended && (extended[0] != 'p' || !statistic_valid(extended)))
        return call_fail_invalid_parameter_value(
            c, "The value %s for parameter ExtendedStatistic is not supported.", extended);
    const char *low = param_string(in, "EvaluateLowSampleCountPercentile");
    if (low && strcmp(low, "evaluate") != 0 && strcmp(low, "ignore") != 0)
        return call_fail(c, 400, "ValidationError",
                         "Option %s is not supported. Supported options for parameter "
                         "EvaluateLowSampleCountPercentile are evaluate and ignore.", low);
    if (has_metric && cJSON_GetObjectItemCaseSensitive(in, "Period") &&
        cloudwatch_check_period(c, (long)param_int(in, "Period", 60)) != 0)
        return -1;
    long long evaluation = param_int(in, "EvaluationPeriods", 1);
    if (param_int(in, "DatapointsToAlarm", evaluation) > evaluation)
        return call_fail(c, 400, "ValidationError",
                         "DatapointsToAlarm must be less than or equal to EvaluationPeriods");
    const char *missing = param_string(in, "TreatMissingData");
    if (missing && strcmp(missing, "breaching") != 0 && strcmp(missing, "notBreaching") != 0 &&
        strcmp(missing, "ignore") != 0 && strcmp(missing, "missing") != 0)
        return call_fail(c, 400, "ValidationError",
                         "Option %s is not supported. Supported options for parameter "
                         "TreatMissingData are: [breaching, notBreaching, ignore, missing].",
                         missing);
    int returned = 0;
    const cJSON *q;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(in, "Metrics")) {
        if (param_bool(q, "ReturnData", true))
            returned++;
    }
    if (has_metrics && !param_string(in, "ThresholdMetricId") && returned != 1)
        return call_fail(c, 400, "ValidationError",
                         "Metrics list must contain exactly one metric matching the "
                         "ThresholdMetricId parameter or exactly one ReturnData set to true.");
    return 0;
}

/* Creates or updates the alarm named in `in`, keeping its state across updates. */
static cJSON *store_alarm(struct call *c, const cJSON *in, const char *list,
                          const char *const *members, size_t n_members, bool composite)
{
    struct cloudwatch_region *r = region_of(c);
    const char *name = param_string(in, "AlarmName");
    bool existing_composite;
    cJSON *old = alarm_find(r, name, &existing_composite);
    cJSON *alarm = cJSON_CreateObject();
    cJSON_AddStringToObject(alarm, "AlarmName", name);
    char *arn = arn_build("cloudwatch", r->region, r->account, "alarm:%s", name);
    cJSON_AddStringToObject(alarm, "AlarmArn", arn);
    cJSON_AddBoolToObject(alarm, "ActionsEnabled", param_bool(in, "ActionsEnabled", true));
    for (size_t i = 0; i < n_members; i++) {
        cJSON *v = param_copy(in, members[i]);
        if (v)
            cJSON_AddItemToObject(alarm, members[i], v);
    }
    double now = cloudwatch_now();
    cJSON_AddNumberToObject(alarm, "AlarmConfigurationUpdatedTimestamp", now);
    if (old) {
        cJSON_AddStringToObject(alarm, "StateValue", param_string(old, "StateValue"));
        cJSON_AddItemToObject(alarm, "StateReason", param_copy(old, "StateReason"));
        cJSON *data = param_copy(old, "StateReasonData");
        if (data)
            cJSON_AddItemToObject(alarm, "StateReasonData", data);
        cJSON_AddNumberToObject(alarm, "StateUpdatedTimestamp",
                                param_number(old, "StateUpdatedTimestamp", now));
        cJSON_AddNumberToObject(alarm, "StateTransitionedTimestamp",
                                param_number(old, "StateTransitionedTimestamp", now));
        cJSON_Delete(cJSON_DetachItemViaPointer(
            cloudwatch_list(r, existing_composite ? "composite_alarms" : "alarms"), old));
    } else {
        cJSON_AddStringToObject(alarm, "StateValue", "INSUFFICIENT_DATA");
        cJSON_AddStringToObject(alarm, "StateReason", "Unchecked: Initial alarm creation");
        cJSON_AddNumberToObject(alarm, "StateUpdatedTimestamp", now);
        cJSON_AddNumberToObject(alarm, "StateTransitionedTimestamp", now);
    }
    cJSON_AddItemToArray(cloudwatch_list(r, list), alarm);
    char summary[400];
    snprintf(summary, sizeof summary, "Alarm \"%.255s\" %s", name, old ? "updated" : "created");
    alarm_history_add(r, name, composite, "ConfigurationUpdate", summary, NULL);
    free(arn);
    return alarm;
}

OPERATION(cloudwatch_put_metric_alarm)
{
    (void)out;
    if (check_metric_alarm(c, in) != 0)
        return -1;
    struct cloudwatch_region *r = region_of(c);
    char *arn = arn_build("cloudwatch", r->region, r->account, "alarm:%s",
                          param_string(in, "AlarmName"));
    int rc = resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
    free(arn);
    if (rc != 0)
        return -1;
    cJSON *alarm = store_alarm(c, in, "alarms", metric_alarm_members,
                               sizeof metric_alarm_members / sizeof *metric_alarm_members, false);
    alarm_evaluate(r, alarm, true);
    return 0;
}

static void no_state(void *ctx, const char *name)
{
    (void)ctx;
    (void)name;
}

OPERATION(cloudwatch_put_composite_alarm)
{
    (void)out;
    const char *rule = param_string(in, "AlarmRule");
    if (!rule || composite_rule_alarms(rule, no_state, NULL) != 0)
        return call_fail(c, 400, "ValidationError",
                         "AlarmRule is not a valid rule expression: %s", rule ? rule : "");
    struct cloudwatch_region *r = region_of(c);
    char *arn = arn_build("cloudwatch", r->region, r->account, "alarm:%s",
                          param_string(in, "AlarmName"));
    int rc = resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
    free(arn);
    if (rc != 0)
        return -1;
    store_alarm(c, in, "composite_alarms", composite_alarm_members,
                sizeof composite_alarm_members / sizeof *composite_alarm_members, true);
    /* Composite alarms evaluate as soon as they exist; a state change of a child re-evaluates. */
    composite_alarms_evaluate(r);
    return 0;
}

static bool any_starts_with(const cJSON *list, const char *prefix)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (cJSON_IsString(e) && strncmp(e->valuestring, prefix, strlen(prefix)) == 0)
            return true;
    }
    return false;
}

static bool string_listed(const cJSON *list, const char *s)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return true;
    }
    return false;
}

struct rule_search {
    const char *name;
    bool found;
};

static void match_name(void *ctx, const char *name)
{
    struct rule_search *search = ctx;
    if (strcmp(search->name, name) == 0)
        search->found = true;
}

/* Whether the composite alarm's rule names the alarm called name. */
static bool rule_names(const cJSON *composite, const char *name)
{
    struct rule_search search = {name, false};
    const char *rule = param_string(composite, "AlarmRule");
    return rule && composite_rule_alarms(rule, match_name, &search) == 0 && search.found;
}

/* ChildrenOfAlarmName and ParentsOfAlarmName: the alarms a composite names, the composites
 * naming an alarm. */
static bool family_selected(struct cloudwatch_region *r, const cJSON *a, const cJSON *in)
{
    const char *children_of = param_string(in, "ChildrenOfAlarmName");
    const char *parents_of = param_string(in, "ParentsOfAlarmName");
    if (children_of) {
        bool composite;
        const cJSON *parent = alarm_find(r, children_of, &composite);
        if (!parent || !composite || !rule_names(parent, param_string(a, "AlarmName")))
            return false;
    }
    if (parents_of && !rule_names(a, parents_of))
        return false;
    return true;
}

static bool alarm_selected(const cJSON *a, const cJSON *in)
{
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "AlarmNames");
    const char *prefix = param_string(in, "AlarmNamePrefix");
    const char *state = param_string(in, "StateValue");
    const char *action = param_string(in, "ActionPrefix");
    const char *name = param_string(a, "AlarmName");
    if (cJSON_GetArraySize(names) > 0 && !string_listed(names, name))
        return false;
    if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
        return false;
    if (state && strcmp(state, param_string(a, "StateValue")) != 0)
        return false;
    if (action && !any_starts_with(cJSON_GetObjectItemCaseSensitive(a, "AlarmActions"), action) &&
        !any_starts_with(cJSON_GetObjectItemCaseSensitive(a, "OKActions"), action) &&
        !any_starts_with(cJSON_GetObjectItemCaseSensitive(a, "InsufficientDataActions"), action))
        return false;
    return true;
}

static int compare_alarm_names(const void *a, const void *b)
{
    return strcmp(param_string(*(const cJSON *const *)a, "AlarmName"),
                  param_string(*(const cJSON *const *)b, "AlarmName"));
}

/* The alarms of list selected by in, sorted by name, paged into out[member]. */
static int describe_list(struct call *c, struct cloudwatch_region *r, const char *list,
                         const cJSON *in, cJSON *out, const char *member, long *remaining,
                         long *skip, bool *more)
{
    (void)c;
    cJSON *selected = cJSON_AddArrayToObject(out, member);
    if (!r)
        return 0;
    cJSON *all = cloudwatch_list(r, list);
    size_t n = (size_t)cJSON_GetArraySize(all), k = 0;
    const cJSON **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    const cJSON *a;
    cJSON_ArrayForEach(a, all) {
        if (alarm_selected(a, in) && family_selected(r, a, in))
            sorted[k++] = a;
    }
    qsort(sorted, k, sizeof *sorted, compare_alarm_names);
    for (size_t i = 0; i < k; i++) {
        if (*skip > 0) {
            (*skip)--;
            continue;
        }
        if (*remaining == 0) {
            *more = true;
            break;
        }
        cJSON_AddItemToArray(selected, cJSON_Duplicate(sorted[i], true));
        (*remaining)--;
    }
    free(sorted);
    return 0;
}

OPERATION(cloudwatch_describe_alarms)
{
    long size;
    if (page_size_read(in, "MaxRecords", 1, DESCRIBE_PAGE_MAX, DESCRIBE_PAGE_DEFAULT, &size) != 0)
        return call_fail_invalid_parameter_value(
            c, "The value %ld for parameter MaxRecords is invalid.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_invalid_parameter_value(c, "Invalid NextToken");
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(in, "AlarmTypes");
    bool metric = cJSON_GetArraySize(types) == 0 || string_listed(types, "MetricAlarm");
    bool composite = string_listed(types, "CompositeAlarm");
    struct cloudwatch_region *r = cloudwatch_region_find(c->route->account, c->route->region);
    long remaining = size, skip = start;
    bool more = false;
    if (composite)
        describe_list(c, r, "composite_alarms", in, out, "CompositeAlarms", &remaining, &skip,
                      &more);
    if (metric)
        describe_list(c, r, "alarms", in, out, "MetricAlarms", &remaining, &skip, &more);
    if (more)
        page_token_add_index(out, "NextToken", (size_t)(start + size));
    return 0;
}

static bool same_string(const cJSON *in, const cJSON *alarm, const char *name)
{
    const char *want = param_string(in, name);
    const char *have = param_string(alarm, name);
    return !want || (have && strcmp(want, have) == 0);
}

OPERATION(cloudwatch_describe_alarms_for_metric)
{
    cJSON *list = cJSON_AddArrayToObject(out, "MetricAlarms");
    struct cloudwatch_region *r = cloudwatch_region_find(c->route->account, c->route->region);
    if (!r)
        return 0;
    const cJSON *dims = cJSON_GetObjectItemCaseSensitive(in, "Dimensions");
    const cJSON *a;
    cJSON_ArrayForEach(a, cloudwatch_list(r, "alarms")) {
        if (!same_string(in, a, "MetricName") || !same_string(in, a, "Namespace") ||
            !same_string(in, a, "Statistic") || !same_string(in, a, "ExtendedStatistic") ||
            !same_string(in, a, "Unit"))
            continue;
        if (dims && !dimensions_equal(dims, cJSON_GetObjectItemCaseSensitive(a, "Dimensions")))
            continue;
        if (cJSON_GetObjectItemCaseSensitive(in, "Period") &&
            param_int(in, "Period", 0) != param_int(a, "Period", 0))
            continue;
        cJSON_AddItemToArray(list, cJSON_Duplicate(a, true));
    }
    return 0;
}

static void remove_alarm(struct cloudwatch_region *r, const char *name)
{
    static const char *const lists[] = {"alarms", "composite_alarms"};
    for (int k = 0; k < 2; k++) {
        cJSON *list = cloudwatch_list(r, lists[k]);
        cJSON *a;
        cJSON_ArrayForEach(a, list) {
            if (strcmp(param_string(a, "AlarmName"), name) == 0) {
                char *arn = arn_build("cloudwatch", r->region, r->account, "alarm:%s", name);
                resource_tags_drop(r, arn);
                free(arn);
                cJSON_Delete(cJSON_DetachItemViaPointer(list, a));
                return;
            }
        }
    }
}

OPERATION(cloudwatch_delete_alarms)
{
    (void)out;
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "AlarmNames");
    struct cloudwatch_region *r = region_of(c);
    const cJSON *n;
    cJSON_ArrayForEach(n, names) {
        if (cJSON_IsString(n) && !alarm_find(r, n->valuestring, NULL))
            return call_fail(c, 404, "ResourceNotFound", "1 alarm(s) not found: %s",
                             n->valuestring);
    }
    cJSON_ArrayForEach(n, names)
        remove_alarm(r, n->valuestring);
    return 0;
}

OPERATION(cloudwatch_set_alarm_state)
{
    (void)out;
    struct cloudwatch_region *r = region_of(c);
    const char *name = param_string(in, "AlarmName");
    bool composite;
    cJSON *alarm = alarm_find(r, name, &composite);
    if (!alarm)
        return call_fail(c, 404, "ResourceNotFound", "Alarm %s not found", name);
    const char *data = param_string(in, "StateReasonData");
    if (data) {
        cJSON *parsed = cJSON_Parse(data);
        bool valid = cJSON_IsObject(parsed);
        cJSON_Delete(parsed);
        if (!valid)
            return call_fail(c, 400, "InvalidFormat", "Unable to parse StateReasonData as JSON.");
    }
    alarm_set_state(r, alarm, composite, param_string(in, "StateValue"),
                    param_string(in, "StateReason"), data);
    return 0;
}

static int set_actions_enabled(struct call *c, const cJSON *in, bool enabled)
{
    struct cloudwatch_region *r = region_of(c);
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(in, "AlarmNames")) {
        cJSON *alarm = cJSON_IsString(n) ? alarm_find(r, n->valuestring, NULL) : NULL;
        if (!alarm)
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(alarm, "ActionsEnabled");
        cJSON_AddBoolToObject(alarm, "ActionsEnabled", enabled);
    }
    return 0;
}

OPERATION(cloudwatch_enable_alarm_actions)
{
    (void)out;
    return set_actions_enabled(c, in, true);
}

OPERATION(cloudwatch_disable_alarm_actions)
{
    (void)out;
    return set_actions_enabled(c, in, false);
}

OPERATION(cloudwatch_describe_alarm_history)
{
    long size;
    if (page_size_read(in, "MaxRecords", 1, DESCRIBE_PAGE_MAX, DESCRIBE_PAGE_DEFAULT, &size) != 0)
        return call_fail_invalid_parameter_value(
            c, "The value %ld for parameter MaxRecords is invalid.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_invalid_parameter_value(c, "Invalid NextToken");
    cJSON *items = cJSON_AddArrayToObject(out, "AlarmHistoryItems");
    struct cloudwatch_region *r = cloudwatch_region_find(c->route->account, c->route->region);
    if (!r)
        return 0;
    const char *name = param_string(in, "AlarmName");
    const char *type = param_string(in, "HistoryItemType");
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(in, "AlarmTypes");
    double from = param_number(in, "StartDate", 0), to = param_number(in, "EndDate", 1e18);
    const char *scan = param_string(in, "ScanBy");
    bool ascending = scan && strcmp(scan, "TimestampAscending") == 0;
    cJSON *history = cloudwatch_list(r, "history");
    int n = cJSON_GetArraySize(history);
    long matched = 0, listed = 0;
    for (int k = 0; k < n; k++) {
        const cJSON *h = cJSON_GetArrayItem(history, ascending ? k : n - 1 - k);
        double t = param_number(h, "Timestamp", 0);
        if ((name && strcmp(name, param_string(h, "AlarmName")) != 0) ||
            (type && strcmp(type, param_string(h, "HistoryItemType")) != 0) ||
            (cJSON_GetArraySize(types) > 0 &&
             !string_listed(types, param_string(h, "AlarmType"))) ||
            t < from || t > to)
            continue;
        if (matched++ < start)
            continue;
        if (listed == size) {
            page_token_add_index(out, "NextToken", (size_t)(matched - 1));
            break;
        }
        cJSON_AddItemToArray(items, cJSON_Duplicate(h, true));
        listed++;
    }
    return 0;
}
