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
    OP(CancelExportTask, logs_cancel_export_task)                               \
    OP(CancelImportTask, operation_not_yet_implemented)                         \
    OP(CreateDelivery, logs_create_delivery)                                    \
    OP(CreateExportTask, logs_create_export_task)                               \
    OP(CreateImportTask, operation_not_yet_implemented)                         \
    OP(CreateLogAnomalyDetector, operation_not_yet_implemented)                 \
    OP(CreateLogGroup, logs_create_log_group)                                   \
    OP(CreateLogStream, logs_create_log_stream)                                 \
    OP(CreateLookupTable, operation_not_yet_implemented)                        \
    OP(CreateScheduledQuery, operation_not_yet_implemented)                     \
    OP(DeleteAccountPolicy, logs_delete_account_policy)                         \
    OP(DeleteDataProtectionPolicy, logs_delete_data_protection_policy)          \
    OP(DeleteDelivery, logs_delete_delivery)                                    \
    OP(DeleteDeliveryDestination, logs_delete_delivery_destination)             \
    OP(DeleteDeliveryDestinationPolicy, logs_delete_delivery_destination_policy)\
    OP(DeleteDeliverySource, logs_delete_delivery_source)                       \
    OP(DeleteDestination, logs_delete_destination)                              \
    OP(DeleteIndexPolicy, logs_delete_index_policy)                             \
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
    OP(DeleteTransformer, logs_delete_transformer)                              \
    OP(DescribeAccountPolicies, logs_describe_account_policies)                 \
    OP(DescribeConfigurationTemplates, operation_not_yet_implemented)           \
    OP(DescribeDeliveries, logs_describe_deliveries)                            \
    OP(DescribeDeliveryDestinations, logs_describe_delivery_destinations)       \
    OP(DescribeDeliverySources, logs_describe_delivery_sources)                 \
    OP(DescribeDestinations, logs_describe_destinations)                        \
    OP(DescribeExportTasks, logs_describe_export_tasks)                         \
    OP(DescribeFieldIndexes, operation_not_yet_implemented)                     \
    OP(DescribeImportTaskBatches, operation_not_yet_implemented)                \
    OP(DescribeImportTasks, operation_not_yet_implemented)                      \
    OP(DescribeIndexPolicies, logs_describe_index_policies)                     \
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
    OP(GetDataProtectionPolicy, logs_get_data_protection_policy)                \
    OP(GetDelivery, logs_get_delivery)                                          \
    OP(GetDeliveryDestination, logs_get_delivery_destination)                   \
    OP(GetDeliveryDestinationPolicy, logs_get_delivery_destination_policy)      \
    OP(GetDeliverySource, logs_get_delivery_source)                             \
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
    OP(GetTransformer, logs_get_transformer)                                    \
    OP(ListAggregateLogGroupSummaries, operation_not_yet_implemented)           \
    OP(ListAnomalies, operation_not_yet_implemented)                            \
    OP(ListIntegrations, operation_not_yet_implemented)                         \
    OP(ListLogAnomalyDetectors, operation_not_yet_implemented)                  \
    OP(ListLogGroups, logs_list_log_groups)                                     \
    OP(ListLogGroupsForQuery, operation_not_yet_implemented)                    \
    OP(ListScheduledQueries, operation_not_yet_implemented)                     \
    OP(ListSourcesForS3TableIntegration, operation_not_yet_implemented)         \
    OP(ListTagsForResource, logs_list_tags_for_resource)                        \
    OP(ListTagsLogGroup, logs_list_tags_log_group)                              \
    OP(PutAccountPolicy, logs_put_account_policy)                               \
    OP(PutBearerTokenAuthentication, operation_not_yet_implemented)             \
    OP(PutDataProtectionPolicy, logs_put_data_protection_policy)                \
    OP(PutDeliveryDestination, logs_put_delivery_destination)                   \
    OP(PutDeliveryDestinationPolicy, logs_put_delivery_destination_policy)      \
    OP(PutDeliverySource, logs_put_delivery_source)                             \
    OP(PutDestination, logs_put_destination)                                    \
    OP(PutDestinationPolicy, logs_put_destination_policy)                       \
    OP(PutIndexPolicy, logs_put_index_policy)                                   \
    OP(PutIntegration, operation_not_yet_implemented)                           \
    OP(PutLogEvents, logs_put_log_events)                                       \
    OP(PutLogGroupDeletionProtection, logs_put_log_group_deletion_protection)   \
    OP(PutMetricFilter, logs_put_metric_filter)                                 \
    OP(PutQueryDefinition, logs_put_query_definition)                           \
    OP(PutResourcePolicy, logs_put_resource_policy)                             \
    OP(PutRetentionPolicy, logs_put_retention_policy)                           \
    OP(PutSubscriptionFilter, logs_put_subscription_filter)                     \
    OP(PutTransformer, logs_put_transformer)                                    \
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
    OP(UpdateDeliveryConfiguration, logs_update_delivery_configuration)         \
    OP(UpdateLogAnomalyDetector, operation_not_yet_implemented)                 \
    OP(UpdateLookupTable, operation_not_yet_implemented)                        \
    OP(UpdateScheduledQuery, operation_not_yet_implemented)
LOGS_OPERATIONS(OPERATION_DECLARE)

#endif
