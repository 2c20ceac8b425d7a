/* The AWS Lambda operations: one function each, listed once
 * (lambda.c builds the table from the list). */
#ifndef MOTOC_LAMBDA_OPS_H
#define MOTOC_LAMBDA_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(lambda_add_layer_version_permission) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define LAMBDA_OPERATIONS(OP)                                                 \
    OP(AddLayerVersionPermission, lambda_add_layer_version_permission)              \
    OP(AddPermission, lambda_add_permission)                                  \
    OP(CheckpointDurableExecution, operation_not_yet_implemented)             \
    OP(CreateAlias, lambda_create_alias)                                      \
    OP(CreateCapacityProvider, operation_not_yet_implemented)                 \
    OP(CreateCodeSigningConfig, lambda_create_code_signing_config)                \
    OP(CreateEventSourceMapping, lambda_create_event_source_mapping)               \
    OP(CreateFunction, lambda_create_function)                                \
    OP(CreateFunctionUrlConfig, lambda_create_function_url_config)                \
    OP(DeleteAlias, lambda_delete_alias)                                      \
    OP(DeleteCapacityProvider, operation_not_yet_implemented)                 \
    OP(DeleteCodeSigningConfig, lambda_delete_code_signing_config)                \
    OP(DeleteEventSourceMapping, lambda_delete_event_source_mapping)               \
    OP(DeleteFunction, lambda_delete_function)                                \
    OP(DeleteFunctionCodeSigningConfig, lambda_delete_function_code_signing_config)        \
    OP(DeleteFunctionConcurrency, lambda_delete_function_concurrency)              \
    OP(DeleteFunctionEventInvokeConfig, lambda_delete_function_event_invoke_config)        \
    OP(DeleteFunctionUrlConfig, lambda_delete_function_url_config)                \
    OP(DeleteLayerVersion, lambda_delete_layer_version)                       \
    OP(DeleteProvisionedConcurrencyConfig, lambda_delete_provisioned_concurrency_config)     \
    OP(GetAccountSettings, lambda_get_account_settings)                       \
    OP(GetAlias, lambda_get_alias)                                            \
    OP(GetCapacityProvider, operation_not_yet_implemented)                    \
    OP(GetCodeSigningConfig, lambda_get_code_signing_config)                   \
    OP(GetDurableExecution, operation_not_yet_implemented)                    \
    OP(GetDurableExecutionHistory, operation_not_yet_implemented)             \
    OP(GetDurableExecutionState, operation_not_yet_implemented)               \
    OP(GetEventSourceMapping, lambda_get_event_source_mapping)                  \
    OP(GetFunction, lambda_get_function)                                      \
    OP(GetFunctionCodeSigningConfig, lambda_get_function_code_signing_config)           \
    OP(GetFunctionConcurrency, lambda_get_function_concurrency)                 \
    OP(GetFunctionConfiguration, lambda_get_function_configuration)               \
    OP(GetFunctionEventInvokeConfig, lambda_get_function_event_invoke_config)           \
    OP(GetFunctionRecursionConfig, operation_not_yet_implemented)             \
    OP(GetFunctionScalingConfig, operation_not_yet_implemented)               \
    OP(GetFunctionUrlConfig, lambda_get_function_url_config)                   \
    OP(GetLayerVersion, lambda_get_layer_version)                             \
    OP(GetLayerVersionByArn, lambda_get_layer_version_by_arn)                   \
    OP(GetLayerVersionPolicy, lambda_get_layer_version_policy)                  \
    OP(GetPolicy, lambda_get_policy)                                          \
    OP(GetProvisionedConcurrencyConfig, lambda_get_provisioned_concurrency_config)        \
    OP(GetRuntimeManagementConfig, operation_not_yet_implemented)             \
    OP(Invoke, lambda_invoke)                                                 \
    OP(InvokeAsync, operation_not_yet_implemented)                            \
    OP(InvokeWithResponseStream, lambda_invoke_with_response_stream)          \
    OP(ListAliases, lambda_list_aliases)                                      \
    OP(ListCapacityProviders, operation_not_yet_implemented)                  \
    OP(ListCodeSigningConfigs, lambda_list_code_signing_configs)                 \
    OP(ListDurableExecutionsByFunction, operation_not_yet_implemented)        \
    OP(ListEventSourceMappings, lambda_list_event_source_mappings)                \
    OP(ListFunctionEventInvokeConfigs, lambda_list_function_event_invoke_configs)         \
    OP(ListFunctionUrlConfigs, lambda_list_function_url_configs)                 \
    OP(ListFunctionVersionsByCapacityProvider, operation_not_yet_implemented) \
    OP(ListFunctions, lambda_list_functions)                                  \
    OP(ListFunctionsByCodeSigningConfig, lambda_list_functions_by_code_signing_config)       \
    OP(ListLayerVersions, lambda_list_layer_versions)                         \
    OP(ListLayers, lambda_list_layers)                                        \
    OP(ListProvisionedConcurrencyConfigs, lambda_list_provisioned_concurrency_configs)      \
    OP(ListTags, lambda_list_tags)                                            \
    OP(ListVersionsByFunction, lambda_list_versions_by_function)                 \
    OP(PublishLayerVersion, lambda_publish_layer_version)                     \
    OP(PublishVersion, lambda_publish_version)                                \
    OP(PutFunctionCodeSigningConfig, lambda_put_function_code_signing_config)           \
    OP(PutFunctionConcurrency, lambda_put_function_concurrency)                 \
    OP(PutFunctionEventInvokeConfig, lambda_put_function_event_invoke_config)           \
    OP(PutFunctionRecursionConfig, operation_not_yet_implemented)             \
    OP(PutFunctionScalingConfig, operation_not_yet_implemented)               \
    OP(PutProvisionedConcurrencyConfig, lambda_put_provisioned_concurrency_config)        \
    OP(PutRuntimeManagementConfig, operation_not_yet_implemented)             \
    OP(RemoveLayerVersionPermission, lambda_remove_layer_version_permission)           \
    OP(RemovePermission, lambda_remove_permission)                            \
    OP(SendDurableExecutionCallbackFailure, operation_not_yet_implemented)    \
    OP(SendDurableExecutionCallbackHeartbeat, operation_not_yet_implemented)  \
    OP(SendDurableExecutionCallbackSuccess, operation_not_yet_implemented)    \
    OP(StopDurableExecution, operation_not_yet_implemented)                   \
    OP(TagResource, lambda_tag_resource)                                      \
    OP(UntagResource, lambda_untag_resource)                                  \
    OP(UpdateAlias, lambda_update_alias)                                      \
    OP(UpdateCapacityProvider, operation_not_yet_implemented)                 \
    OP(UpdateCodeSigningConfig, lambda_update_code_signing_config)                \
    OP(UpdateEventSourceMapping, lambda_update_event_source_mapping)               \
    OP(UpdateFunctionCode, lambda_update_function_code)                       \
    OP(UpdateFunctionConfiguration, lambda_update_function_configuration)            \
    OP(UpdateFunctionEventInvokeConfig, lambda_update_function_event_invoke_config)        \
    OP(UpdateFunctionUrlConfig, lambda_update_function_url_config)
LAMBDA_OPERATIONS(OPERATION_DECLARE)

#endif
