/* cloudwatch: how metric alarms evaluate, change state and notify their SNS topics. */
#include "alarms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../sns/sns.h"
#include "composite_rule.h"
#include "metric_math.h"
#include "metrics.h"
#include "query_series.h"

static const char *string_or(const cJSON *o, const char *name, const char *fallback)
{
    const char *s = param_string(o, name);
    return s ? s : fallback;
}

cJSON *alarm_find(struct cloudwatch_region *r, const char *name, bool *composite)
{
    static const char *const lists[] = {"alarms", "composite_alarms"};
    for (int k = 0; k < 2; k++) {
        cJSON *a;
        cJSON_ArrayForEach(a, cloudwatch_list(r, lists[k])) {
            if (strcmp(string_or(a, "AlarmName", ""), name) == 0) {
                if (composite)
                    *composite = k == 1;
                return a;
            }
        }
    }
    return NULL;
}

static void iso_time(double epoch, char *out, size_t size, bool offset_style)
{
    time_t secs = (time_t)epoch;
    struct tm tm;
    gmtime_r(&secs, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    int millis = (int)((epoch - floor(epoch)) * 1000);
    snprintf(out, size, offset_style ? "%s.%03d+0000" : "%s.%03dZ", base, millis);
}

static const char *region_long_name(const char *region)
{
    static const char *const names[][2] = {
        {"us-east-1", "US East (N. Virginia)"}, {"us-east-2", "US East (Ohio)"},
        {"us-west-1", "US West (N. California)"}, {"us-west-2", "US West (Oregon)"},
        {"eu-west-1", "EU (Ireland)"}, {"eu-west-2", "EU (London)"},
        {"eu-central-1", "EU (Frankfurt)"}, {"ap-southeast-1", "Asia Pacific (Singapore)"},
        {"ap-southeast-2", "Asia Pacific (Sydney)"}, {"ap-northeast-1", "Asia Pacific (Tokyo)"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i][0], region) == 0)
            return names[i][1];
    }
    return region;
}

static cJSON *copy_or_empty(const cJSON *o, const char *name)
{
    cJSON *copy = param_copy(o, name);
    return copy ? copy : cJSON_CreateArray();
}

static cJSON *trigger_of(const cJSON *alarm)
{
    cJSON *t = cJSON_CreateObject();
    if (cJSON_GetObjectItemCaseSensitive(alarm, "Metrics")) {
        cJSON_AddItemToObject(t, "Metrics", param_copy(alarm, "Metrics"));
    } else {
        cJSON_AddStringToObject(t, "MetricName", string_or(alarm, "MetricName", ""));
        cJSON_AddStringToObject(t, "Namespace", string_or(alarm, "Namespace", ""));
        const char *ext = param_string(alarm, "ExtendedStatistic");
        cJSON_AddStringToObject(t, "StatisticType", ext ? "ExtendedStatistic" : "Statistic");
        if (ext) {
            cJSON_AddStringToObject(t, "ExtendedStatistic", ext);
        } else {
            char upper[32];
            snprintf(upper, sizeof upper, "%s", string_or(alarm, "Statistic", ""));
            for (char *p = upper; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            cJSON_AddStringToObject(t, "Statistic", upper);
        }
        const char *unit = param_string(alarm, "Unit");
        cJSON_AddItemToObject(t, "Unit", unit ? cJSON_CreateString(unit) : cJSON_CreateNull());
        cJSON *dims = cJSON_AddArrayToObject(t, "Dimensions");
        const cJSON *d;
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(alarm, "Dimensions")) {
            cJSON *dim = cJSON_CreateObject();
            cJSON_AddStringToObject(dim, "value", string_or(d, "Value", ""));
            cJSON_AddStringToObject(dim, "name", string_or(d, "Name", ""));
            cJSON_AddItemToArray(dims, dim);
        }
        cJSON_AddNumberToObject(t, "Period", param_number(alarm, "Period", 60));
    }
    cJSON_AddNumberToObject(t, "EvaluationPeriods", param_number(alarm, "EvaluationPeriods", 1));
    if (cJSON_GetObjectItemCaseSensitive(alarm, "DatapointsToAlarm"))
        cJSON_AddNumberToObject(t, "DatapointsToAlarm",
                                param_number(alarm, "DatapointsToAlarm", 1));
    cJSON_AddStringToObject(t, "ComparisonOperator", string_or(alarm, "ComparisonOperator", ""));
    cJSON_AddNumberToObject(t, "Threshold", param_number(alarm, "Threshold", 0));
    cJSON_AddStringToObject(t, "TreatMissingData", string_or(alarm, "TreatMissingData", "missing"));
    cJSON_AddStringToObject(t, "EvaluateLowSampleCountPercentile",
                            string_or(alarm, "EvaluateLowSampleCountPercentile", ""));
    return t;
}

/* The notification AWS sends to an alarm's SNS topics on a state change. */
static char *alarm_message(const struct cloudwatch_region *r, const cJSON *alarm, bool composite,
                           const char *old_state, double when)
{
    cJSON *m = cJSON_CreateObject();
    char stamp[48];
    cJSON_AddStringToObject(m, "AlarmName", string_or(alarm, "AlarmName", ""));
    const char *description = param_string(alarm, "AlarmDescription");
    cJSON_AddItemToObject(m, "AlarmDescription",
                          description ? cJSON_CreateString(description) : cJSON_CreateNull());
    cJSON_AddStringToObject(m, "AWSAccountId", r->account);
    iso_time(param_number(alarm, "AlarmConfigurationUpdatedTimestamp", when), stamp, sizeof stamp,
             false);
    cJSON_AddStringToObject(m, "AlarmConfigurationUpdatedTimestamp", stamp);
    cJSON_AddStringToObject(m, "NewStateValue", string_or(alarm, "StateValue", ""));
    cJSON_AddStringToObject(m, "NewStateReason", string_or(alarm, "StateReason", ""));
    iso_time(when, stamp, sizeof stamp, true);
    cJSON_AddStringToObject(m, "StateChangeTime", stamp);
    cJSON_AddStringToObject(m, "Region", region_long_name(r->region));
    cJSON_AddStringToObject(m, "AlarmArn", string_or(alarm, "AlarmArn", ""));
    cJSON_AddStringToObject(m, "OldStateValue", old_state);
    cJSON_AddItemToObject(m, "OKActions", copy_or_empty(alarm, "OKActions"));
    cJSON_AddItemToObject(m, "AlarmActions", copy_or_empty(alarm, "AlarmActions"));
    cJSON_AddItemToObject(m, "InsufficientDataActions",
                          copy_or_empty(alarm, "InsufficientDataActions"));
    if (composite)
        cJSON_AddStringToObject(m, "AlarmRule", string_or(alarm, "AlarmRule", ""));
    else
        cJSON_AddItemToObject(m, "Trigger", trigger_of(alarm));
    char *text = cJSON_PrintUnformatted(m);
    cJSON_Delete(m);
    return text;
}

static void run_actions(const struct cloudwatch_region *r, const cJSON *alarm, bool composite,
                        const char *old_state, double when)
{
    if (!param_bool(alarm, "ActionsEnabled", true))
        return;
    const char *state = string_or(alarm, "StateValue", "");
    const char *list = strcmp(state, "ALARM") == 0  ? "AlarmActions"
                       : strcmp(state, "OK") == 0 ? "OKActions"
                                                  : "InsufficientDataActions";
    char *message = NULL;
    char subject[400];
    snprintf(subject, sizeof subject, "%s: \"%.200s\" in %s", state,
             string_or(alarm, "AlarmName", ""), region_long_name(r->region));
    const cJSON *action;
    cJSON_ArrayForEach(action, cJSON_GetObjectItemCaseSensitive(alarm, list)) {
        if (!cJSON_IsString(action) || strncmp(action->valuestring, "arn:", 4) != 0 ||
            !strstr(action->valuestring, ":sns:"))
            continue;
        if (!message)
            message = alarm_message(r, alarm, composite, old_state, when);
        sns_publish_from_service(action->valuestring, subject, message);
    }
    free(message);
}

static void replace_string(cJSON *o, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, name);
    if (value)
        cJSON_AddStringToObject(o, name, value);
}

static void replace_number(cJSON *o, const char *name, double value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, name);
    cJSON_AddNumberToObject(o, name, value);
}

void alarm_history_add(struct cloudwatch_region *r, const char *name, bool composite,
                       const char *type, const char *summary, const char *data)
{
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "AlarmName", name);
    cJSON_AddStringToObject(item, "AlarmType", composite ? "CompositeAlarm" : "MetricAlarm");
    cJSON_AddNumberToObject(item, "Timestamp", cloudwatch_now());
    cJSON_AddStringToObject(item, "HistoryItemType", type);
    cJSON_AddStringToObject(item, "HistorySummary", summary);
    cJSON_AddStringToObject(item, "HistoryData", data ? data : "{}");
    cJSON_AddItemToArray(cloudwatch_list(r, "history"), item);
}

static void composites_evaluate(struct cloudwatch_region *r, int depth);

static void set_state(struct cloudwatch_region *r, cJSON *alarm, bool composite,
                      const char *state, const char *reason, const char *reason_data, int depth)
{
    char old_state[32];
    snprintf(old_state, sizeof old_state, "%s", string_or(alarm, "StateValue", ""));
    double now = cloudwatch_now();
    replace_string(alarm, "StateReason", reason);
    replace_string(alarm, "StateReasonData", reason_data);
    replace_number(alarm, "StateUpdatedTimestamp", now);
    if (strcmp(old_state, state) == 0)
        return;
    replace_string(alarm, "StateValue", state);
    replace_number(alarm, "StateTransitionedTimestamp", now);
    const char *name = string_or(alarm, "AlarmName", "");
    char summary[512];
    snprintf(summary, sizeof summary, "Alarm updated from %s to %s", old_state, state);
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "version", "1.0");
    cJSON_AddStringToObject(data, "oldState", old_state);
    cJSON_AddStringToObject(data, "newState", state);
    cJSON_AddStringToObject(data, "stateReason", reason ? reason : "");
    char *text = cJSON_PrintUnformatted(data);
    cJSON_Delete(data);
    alarm_history_add(r, name, composite, "StateUpdate", summary, text);
    free(text);
    run_actions(r, alarm, composite, old_state, now);
    composites_evaluate(r, depth + 1);
}

void alarm_set_state(struct cloudwatch_region *r, cJSON *alarm, bool composite, const char *state,
                     const char *reason, const char *reason_data)
{
    set_state(r, alarm, composite, state, reason, reason_data, 0);
}

static const char *state_of(void *ctx, const char *name)
{
    struct cloudwatch_region *r = ctx;
    const cJSON *a = alarm_find(r, name, NULL);
    return a ? string_or(a, "StateValue", NULL) : NULL;
}

/* Composite alarms follow their children; depth bounds chains of composites. */
static void composites_evaluate(struct cloudwatch_region *r, int depth)
{
    if (depth > 16)
        return;
    cJSON *a;
    cJSON_ArrayForEach(a, cloudwatch_list(r, "composite_alarms")) {
        bool value;
        if (composite_rule_eval(string_or(a, "AlarmRule", ""), state_of, r, &value) != 0)
            continue;
        const char *state = value ? "ALARM" : "OK";
        if (strcmp(state, string_or(a, "StateValue", "")) == 0)
            continue;
        set_state(r, a, true, state,
                  value ? "The alarm rule evaluated to TRUE" : "The alarm rule evaluated to FALSE",
                  NULL, depth);
    }
}

void composite_alarms_evaluate(struct cloudwatch_region *r)
{
    composites_evaluate(r, 0);
}

static bool breaches(const char *op, double value, double threshold)
{
    if (strcmp(op, "GreaterThanOrEqualToThreshold") == 0)
        return value >= threshold;
    if (strcmp(op, "GreaterThanThreshold") == 0)
        return value > threshold;
    if (strcmp(op, "LessThanThreshold") == 0)
        return value < threshold;
    if (strcmp(op, "LessThanOrEqualToThreshold") == 0)
        return value <= threshold;
    return false;
}

/* The series the alarm watches over [start, end). */
static void alarm_series(struct cloudwatch_region *r, const cJSON *alarm, double start,
                         double end, struct series *out)
{
    *out = (struct series){0};
    const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(alarm, "Metrics");
    if (metrics) {
        struct series *all;
        if (query_series_compute(NULL, r, metrics, start, end, &all) != 0)
            return;
        size_t i = 0;
        const cJSON *q;
        bool taken = false;
        cJSON_ArrayForEach(q, metrics) {
            if (!taken && param_bool(q, "ReturnData", true)) {
                *out = all[i];
                taken = true;
            } else {
                series_free(&all[i]);
            }
            i++;
        }
        free(all);
        return;
    }
    const cJSON *metric = metric_find(r, string_or(alarm, "Namespace", ""),
                                      string_or(alarm, "MetricName", ""),
                                      cJSON_GetObjectItemCaseSensitive(alarm, "Dimensions"), false);
    cJSON *stat = cJSON_CreateObject();
    cJSON_AddNumberToObject(stat, "Period", param_number(alarm, "Period", 60));
    const char *ext = param_string(alarm, "ExtendedStatistic");
    cJSON_AddStringToObject(stat, "Stat", ext ? ext : string_or(alarm, "Statistic", "Average"));
    if (param_string(alarm, "Unit"))
        cJSON_AddStringToObject(stat, "Unit", param_string(alarm, "Unit"));
    query_series_of_metric(metric, stat, start, end, out);
    cJSON_Delete(stat);
}

static long alarm_period(const cJSON *alarm)
{
    long period = (long)param_int(alarm, "Period", 0);
    const cJSON *q;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(alarm, "Metrics")) {
        const cJSON *stat = cJSON_GetObjectItemCaseSensitive(q, "MetricStat");
        if (!period && stat)
            period = (long)param_int(stat, "Period", 0);
    }
    return period > 0 ? period : 60;
}

void alarm_evaluate(struct cloudwatch_region *r, cJSON *alarm, bool only_with_data)
{
    /* Anomaly detection bands are not modelled: such alarms change state by SetAlarmState. */
    if (param_string(alarm, "ThresholdMetricId"))
        return;
    long period = alarm_period(alarm);
    long evaluation = (long)param_int(alarm, "EvaluationPeriods", 1);
    long needed = (long)param_int(alarm, "DatapointsToAlarm", evaluation);
    double end = floor(cloudwatch_now() / (double)period) * (double)period + (double)period;
    double start = end - (double)(evaluation * period);
    struct series s;
    alarm_series(r, alarm, start, end, &s);
    const char *missing = string_or(alarm, "TreatMissingData", "missing");
    const char *op = string_or(alarm, "ComparisonOperator", "");
    double threshold = param_number(alarm, "Threshold", 0);
    char reason[512];
    if (s.n == 0) {
        series_free(&s);
        if (only_with_data || strcmp(missing, "ignore") == 0)
            return;
        if (strcmp(missing, "breaching") == 0)
            alarm_set_state(r, alarm, false, "ALARM",
                            "Threshold Crossed: no datapoints were received, treated as breaching",
                            NULL);
        else if (strcmp(missing, "notBreaching") == 0)
            alarm_set_state(r, alarm, false, "OK",
                            "Threshold Crossed: no datapoints were received, treated as not "
                            "breaching", NULL);
        else
            alarm_set_state(r, alarm, false, "INSUFFICIENT_DATA",
                            "Insufficient Data: no datapoints were received", NULL);
        return;
    }
    long breaching = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (breaches(op, s.values[i], threshold))
            breaching++;
    }
    if (strcmp(missing, "breaching") == 0)
        breaching += evaluation - (long)s.n;
    bool alarm_now = breaching >= needed;
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "version", "1.0");
    char stamp[48];
    iso_time(s.timestamps[s.n - 1], stamp, sizeof stamp, true);
    cJSON_AddStringToObject(data, "queryDate", stamp);
    cJSON *recent = cJSON_AddArrayToObject(data, "recentDatapoints");
    for (size_t i = s.n; i-- > 0;)
        cJSON_AddItemToArray(recent, cJSON_CreateNumber(s.values[i]));
    cJSON_AddNumberToObject(data, "threshold", threshold);
    char *data_text = cJSON_PrintUnformatted(data);
    cJSON_Delete(data);
    snprintf(reason, sizeof reason,
             "Threshold Crossed: %ld out of the last %ld datapoints [%g] was %s the threshold "
             "(%g) (minimum %ld datapoint%s for %s transition).",
             breaching < 0 ? 0 : breaching, evaluation, s.values[s.n - 1],
             alarm_now ? (strstr(op, "Greater") ? "greater than" : "less than")
                       : (strstr(op, "Greater") ? "not greater than" : "not less than"),
             threshold, alarm_now ? needed : 1, (alarm_now ? needed : 1) == 1 ? "" : "s",
             alarm_now ? "OK -> ALARM" : "ALARM -> OK");
    alarm_set_state(r, alarm, false, alarm_now ? "ALARM" : "OK", reason, data_text);
    free(data_text);
    series_free(&s);
}

static bool watches_namespace(const cJSON *alarm, const char *namespace)
{
    if (!namespace)
        return true;
    const char *own = param_string(alarm, "Namespace");
    if (own)
        return strcmp(own, namespace) == 0;
    const cJSON *q;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(alarm, "Metrics")) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(q, "MetricStat"), "Metric");
        if (m && strcmp(string_or(m, "Namespace", ""), namespace) == 0)
            return true;
    }
    return false;
}

void alarms_evaluate(struct cloudwatch_region *r, const char *namespace)
{
    cJSON *a;
    cJSON_ArrayForEach(a, cloudwatch_list(r, "alarms")) {
        if (watches_namespace(a, namespace))
            alarm_evaluate(r, a, true);
    }
}
