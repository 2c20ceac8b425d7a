/* The Amazon CloudWatch Logs operations: one function each, listed once
 * (logs.c builds the table from the list). */
#ifndef MOTOC_LOGS_OPS_H
#define MOTOC_LOGS_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(logs_associate_kms_key) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define LOGS_OPERATIONS(OP)                                                     \
    OP(AssociateKmsKey, logs_associate_kms_key)                                 \
    OP(AssociateSourceToS3TableIntegration, operation_not_yet_implemented)      \
    OP(CancelExportTask, operation_not_yet_implemented)                         \
    OP(CancelImportTask, operation_not_yet_implemented)                         \
    OP(CreateDelivery, operation_not_yet_implemented)                           \
    OP(CreateExportTask, operation_not_yet_implemented)                         \
    OP(CreateImportTask, operation_not_yet_implemented)                         \
    OP(CreateLogAnomalyDetector, operation_not_yet_implemented)                 \
    OP(CreateLogGroup, logs_create_log_group)                                   \
    OP(CreateLogStream, logs_create_log_stream)                                 \
    OP(CreateLookupTable, operation_not_yet_implemented)                        \
    OP(CreateScheduledQuery, operation_not_yet_implemented)                     \
    OP(DeleteAccountPolicy, operation_not_yet_implemented)                      \
    OP(DeleteDataProtectionPolicy, operation_not_yet_implemented)               \
    OP(DeleteDelivery, operation_not_yet_implemented)                           \
    OP(DeleteDeliveryDestination, operation_not_yet_implemented)                \
    OP(DeleteDeliveryDestinationPolicy, operation_not_yet_implemented)          \
    OP(DeleteDeliverySource, operation_not_yet_implemented)                     \
    OP(DeleteDestination, logs_delete_destination)                              \
    OP(DeleteIndexPolicy, operation_not_yet_implemented)                        \
    OP(DeleteIntegration, operation_not_yet_implemented)                        \
    OP(DeleteLogAnomalyDetector, operation_not_yet_implemented)                 \
    OP(DeleteLogGroup, logs_delete_log_group)                                   \
    OP(DeleteLogStream, logs_delete_log_stream)                                 \
    OP(DeleteLookupTable, operation_not_yet_implemented)                        \
    OP(DeleteMetricFilter, logs_delete_metric_filter)                           \
    OP(DeleteQueryDefinition, logs_delete_query_definition)                     \
    OP(DeleteResourcePolicy, logs_delete_resource_policy)                       \
    OP(DeleteRetentionPolicy, logs_delete_retention_policy)                     \
    OP(DeleteScheduledQuery, operation_not_yet_implemented)                     \
    OP(DeleteSubscriptionFilter, logs_delete_subscription_filter)               \
    OP(DeleteTransformer, operation_not_yet_implemented)                        \
    OP(DescribeAccountPolicies, operation_not_yet_implemented)                  \
    OP(DescribeConfigurationTemplates, operation_not_yet_implemented)           \
    OP(DescribeDeliveries, operation_not_yet_implemented)                       \
    OP(DescribeDeliveryDestinations, operation_not_yet_implemented)             \
    OP(DescribeDeliverySources, operation_not_yet_implemented)                  \
    OP(DescribeDestinations, logs_describe_destinations)                        \
    OP(DescribeExportTasks, operation_not_yet_implemented)                      \
    OP(DescribeFieldIndexes, operation_not_yet_implemented)                     \
    OP(DescribeImportTaskBatches, operation_not_yet_implemented)                \
    OP(DescribeImportTasks, operation_not_yet_implemented)                      \
    OP(DescribeIndexPolicies, operation_not_yet_implemented)                    \
    OP(DescribeLogGroups, logs_describe_log_groups)                             \
    OP(DescribeLogStreams, logs_describe_log_streams)                           \
    OP(DescribeLookupTables, operation_not_yet_implemented)                     \
    OP(DescribeMetricFilters, logs_describe_metric_filters)                     \
    OP(DescribeQueries, logs_describe_queries)                                  \
    OP(DescribeQueryDefinitions, logs_describe_query_definitions)               \
    OP(DescribeResourcePolicies, logs_describe_resource_policies)               \
    OP(DescribeSubscriptionFilters, logs_describe_subscription_filters)         \
    OP(DisassociateKmsKey, logs_disassociate_kms_key)                           \
    OP(DisassociateSourceFromS3TableIntegration, operation_not_yet_implemented) \
    OP(FilterLogEvents, logs_filter_log_events)                                 \
    OP(GetDataProtectionPolicy, operation_not_yet_implemented)                  \
    OP(GetDelivery, operation_not_yet_implemented)                              \
    OP(GetDeliveryDestination, operation_not_yet_implemented)                   \
    OP(GetDeliveryDestinationPolicy, operation_not_yet_implemented)             \
    OP(GetDeliverySource, operation_not_yet_implemented)                        \
    OP(GetIntegration, operation_not_yet_implemented)                           \
    OP(GetLogAnomalyDetector, operation_not_yet_implemented)                    \
    OP(GetLogEvents, logs_get_log_events)                                       \
    OP(GetLogFields, operation_not_yet_implemented)                             \
    OP(GetLogGroupFields, operation_not_yet_implemented)                        \
    OP(GetLogObject, operation_not_yet_implemented)                             \
    OP(GetLogRecord, operation_not_yet_implemented)                             \
    OP(GetLookupTable, operation_not_yet_implemented)                           \
    OP(GetQueryResults, logs_get_query_results)                                 \
    OP(GetScheduledQuery, operation_not_yet_implemented)                        \
    OP(GetScheduledQueryHistory, operation_not_yet_implemented)                 \
    OP(GetTransformer, operation_not_yet_implemented)                           \
    OP(ListAggregateLogGroupSummaries, operation_not_yet_implemented)           \
    OP(ListAnomalies, operation_not_yet_implemented)                            \
    OP(ListIntegrations, operation_not_yet_implemented)                         \
    OP(ListLogAnomalyDetectors, operation_not_yet_implemented)                  \
    OP(ListLogGroups, operation_not_yet_implemented)                            \
    OP(ListLogGroupsForQuery, operation_not_yet_implemented)                    \
    OP(ListScheduledQueries, operation_not_yet_implemented)                     \
    OP(ListSourcesForS3TableIntegration, operation_not_yet_implemented)         \
    OP(ListTagsForResource, logs_list_tags_for_resource)                        \
    OP(ListTagsLogGroup, logs_list_tags_log_group)                              \
    OP(PutAccountPolicy, operation_not_yet_implemented)                         \
    OP(PutBearerTokenAuthentication, operation_not_yet_implemented)             \
    OP(PutDataProtectionPolicy, operation_not_yet_implemented)                  \
    OP(PutDeliveryDestination, operation_not_yet_implemented)                   \
    OP(PutDeliveryDestinationPolicy, operation_not_yet_implemented)             \
    OP(PutDeliverySource, operation_not_yet_implemented)                        \
    OP(PutDestination, logs_put_destination)                                    \
    OP(PutDestinationPolicy, logs_put_destination_policy)                       \
    OP(PutIndexPolicy, operation_not_yet_implemented)                           \
    OP(PutIntegration, operation_not_yet_implemented)                           \
    OP(PutLogEvents, logs_put_log_events)                                       \
    OP(PutLogGroupDeletionProtection, operation_not_yet_implemented)            \
    OP(PutMetricFilter, logs_put_metric_filter)                                 \
    OP(PutQueryDefinition, logs_put_query_definition)                           \
    OP(PutResourcePolicy, logs_put_resource_policy)                             \
    OP(PutRetentionPolicy, logs_put_retention_policy)                           \
    OP(PutSubscriptionFilter, logs_put_subscription_filter)                     \
    OP(PutTransformer, operation_not_yet_implemented)                           \
    OP(StartLiveTail, operation_not_yet_implemented)                            \
    OP(StartQuery, logs_start_query)                                            \
    OP(StopQuery, logs_stop_query)                                              \
    OP(TagLogGroup, logs_tag_log_group)                                         \
    OP(TagResource, logs_tag_resource)                                          \
    OP(TestMetricFilter, logs_test_metric_filter)                               \
    OP(TestTransformer, operation_not_yet_implemented)                          \
    OP(UntagLogGroup, logs_untag_log_group)                                     \
    OP(UntagResource, logs_untag_resource)                                      \
    OP(UpdateAnomaly, operation_not_yet_implemented)                            \
    OP(UpdateDeliveryConfiguration, operation_not_yet_implemented)              \
    OP(UpdateLogAnomalyDetector, operation_not_yet_implemented)                 \
    OP(UpdateLookupTable, operation_not_yet_implemented)                        \
    OP(UpdateScheduledQuery, operation_not_yet_implemented)
LOGS_OPERATIONS(OPERATION_DECLARE)

#endif
