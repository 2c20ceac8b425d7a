/* The Amazon CloudWatch operations: one function each, listed once
 * (cloudwatch.c builds the table from the list). */
#ifndef MOTOC_CLOUDWATCH_OPS_H
#define MOTOC_CLOUDWATCH_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(cloudwatch_delete_alarm_mute_rule) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define CLOUDWATCH_OPERATIONS(OP)                                \
    OP(DeleteAlarmMuteRule, operation_not_yet_implemented)       \
    OP(DeleteAlarms, cloudwatch_delete_alarms)              \
    OP(DeleteAnomalyDetector, cloudwatch_delete_anomaly_detector)\
    OP(DeleteDashboards, cloudwatch_delete_dashboards)          \
    OP(DeleteInsightRules, cloudwatch_delete_insight_rules)        \
    OP(DeleteMetricStream, cloudwatch_delete_metric_stream)        \
    OP(DescribeAlarmContributors, operation_not_yet_implemented) \
    OP(DescribeAlarmHistory, cloudwatch_describe_alarm_history)      \
    OP(DescribeAlarms, cloudwatch_describe_alarms)            \
    OP(DescribeAlarmsForMetric, cloudwatch_describe_alarms_for_metric)   \
    OP(DescribeAnomalyDetectors, cloudwatch_describe_anomaly_detectors)\
    OP(DescribeInsightRules, cloudwatch_describe_insight_rules)      \
    OP(DisableAlarmActions, cloudwatch_disable_alarm_actions)       \
    OP(DisableInsightRules, cloudwatch_disable_insight_rules)       \
    OP(EnableAlarmActions, cloudwatch_enable_alarm_actions)        \
    OP(EnableInsightRules, cloudwatch_enable_insight_rules)        \
    OP(GetAlarmMuteRule, operation_not_yet_implemented)          \
    OP(GetDashboard, cloudwatch_get_dashboard)              \
    OP(GetInsightRuleReport, operation_not_yet_implemented)      \
    OP(GetMetricData, cloudwatch_get_metric_data)             \
    OP(GetMetricStatistics, cloudwatch_get_metric_statistics)       \
    OP(GetMetricStream, cloudwatch_get_metric_stream)           \
    OP(GetMetricWidgetImage, operation_not_yet_implemented)      \
    OP(GetOTelEnrichment, operation_not_yet_implemented)         \
    OP(ListAlarmMuteRules, operation_not_yet_implemented)        \
    OP(ListDashboards, cloudwatch_list_dashboards)            \
    OP(ListManagedInsightRules, operation_not_yet_implemented)   \
    OP(ListMetricStreams, cloudwatch_list_metric_streams)         \
    OP(ListMetrics, cloudwatch_list_metrics)               \
    OP(ListTagsForResource, cloudwatch_list_tags_for_resource)       \
    OP(PutAlarmMuteRule, operation_not_yet_implemented)          \
    OP(PutAnomalyDetector, cloudwatch_put_anomaly_detector)      \
    OP(PutCompositeAlarm, cloudwatch_put_composite_alarm)         \
    OP(PutDashboard, cloudwatch_put_dashboard)              \
    OP(PutInsightRule, cloudwatch_put_insight_rule)            \
    OP(PutManagedInsightRules, operation_not_yet_implemented)    \
    OP(PutMetricAlarm, cloudwatch_put_metric_alarm)            \
    OP(PutMetricData, cloudwatch_put_metric_data)             \
    OP(PutMetricStream, cloudwatch_put_metric_stream)           \
    OP(SetAlarmState, cloudwatch_set_alarm_state)             \
    OP(StartMetricStreams, cloudwatch_start_metric_streams)        \
    OP(StartOTelEnrichment, operation_not_yet_implemented)       \
    OP(StopMetricStreams, cloudwatch_stop_metric_streams)         \
    OP(StopOTelEnrichment, operation_not_yet_implemented)        \
    OP(TagResource, cloudwatch_tag_resource)               \
    OP(UntagResource, cloudwatch_untag_resource)
CLOUDWATCH_OPERATIONS(OPERATION_DECLARE)

#endif
