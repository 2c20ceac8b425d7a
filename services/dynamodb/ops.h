/* DynamoDB's and DynamoDB Streams' operations: one function each, listed once (dynamodb.c builds
 * both tables from the lists). */
#ifndef MOTOC_DDB_OPS_H
#define MOTOC_DDB_OPS_H

#include "../core/backend.h"
#include "expr.h"

/* Every DynamoDB operation, sorted by name (backend.h). */
#define DYNAMODB_OPERATIONS(OP)                                                         \
    OP(BatchExecuteStatement, ddb_batch_execute_statement)                              \
    OP(BatchGetItem, ddb_batch_get_item)                                                \
    OP(BatchWriteItem, ddb_batch_write_item)                                            \
    OP(CreateBackup, ddb_create_backup)                                                 \
    OP(CreateTable, ddb_create_table)                                                   \
    OP(DeleteBackup, ddb_delete_backup)                                                 \
    OP(DeleteItem, ddb_delete_item)                                                     \
    OP(DeleteResourcePolicy, ddb_delete_resource_policy)                                \
    OP(DeleteTable, ddb_delete_table)                                                   \
    OP(DescribeBackup, ddb_describe_backup)                                             \
    OP(DescribeContinuousBackups, ddb_describe_continuous_backups)                      \
    OP(DescribeEndpoints, ddb_describe_endpoints)                                       \
    OP(DescribeExport, ddb_describe_export)                                             \
    OP(DescribeImport, ddb_describe_import)                                             \
    OP(DescribeKinesisStreamingDestination, ddb_describe_kinesis_streaming_destination) \
    OP(DescribeLimits, ddb_describe_limits)                                             \
    OP(DescribeTable, ddb_describe_table)                                               \
    OP(DescribeTimeToLive, ddb_describe_time_to_live)                                   \
    OP(DisableKinesisStreamingDestination, ddb_disable_kinesis_streaming_destination)   \
    OP(EnableKinesisStreamingDestination, ddb_enable_kinesis_streaming_destination)     \
    OP(ExecuteStatement, ddb_execute_statement)                                         \
    OP(ExecuteTransaction, ddb_execute_transaction)                                     \
    OP(ExportTableToPointInTime, ddb_export_table_to_point_in_time)                     \
    OP(GetItem, ddb_get_item)                                                           \
    OP(GetResourcePolicy, ddb_get_resource_policy)                                      \
    OP(ImportTable, ddb_import_table)                                                   \
    OP(ListBackups, ddb_list_backups)                                                   \
    OP(ListExports, ddb_list_exports)                                                   \
    OP(ListImports, ddb_list_imports)                                                   \
    OP(ListTables, ddb_list_tables)                                                     \
    OP(ListTagsOfResource, ddb_list_tags_of_resource)                                   \
    OP(PutItem, ddb_put_item)                                                           \
    OP(PutResourcePolicy, ddb_put_resource_policy)                                      \
    OP(Query, ddb_query)                                                                \
    OP(RestoreTableFromBackup, ddb_restore_table_from_backup)                           \
    OP(RestoreTableToPointInTime, ddb_restore_table_to_point_in_time)                   \
    OP(Scan, ddb_scan)                                                                  \
    OP(TagResource, ddb_tag_resource)                                                   \
    OP(TransactGetItems, ddb_transact_get_items)                                        \
    OP(TransactWriteItems, ddb_transact_write_items)                                    \
    OP(UntagResource, ddb_untag_resource)                                               \
    OP(UpdateContinuousBackups, ddb_update_continuous_backups)                          \
    OP(UpdateItem, ddb_update_item)                                                     \
    OP(UpdateKinesisStreamingDestination, ddb_update_kinesis_streaming_destination)     \
    OP(UpdateTable, ddb_update_table)                                                   \
    OP(UpdateTimeToLive, ddb_update_time_to_live)
DYNAMODB_OPERATIONS(OPERATION_DECLARE)

/* Every DynamoDB Streams operation (streams_api.c), sorted by name. */
#define DYNAMODBSTREAMS_OPERATIONS(OP)            \
    OP(DescribeStream, ddbs_describe_stream)      \
    OP(GetRecords, ddbs_get_records)              \
    OP(GetShardIterator, ddbs_get_shard_iterator) \
    OP(ListStreams, ddbs_list_streams)
DYNAMODBSTREAMS_OPERATIONS(OPERATION_DECLARE)

/* Shared by PutItem/DeleteItem/UpdateItem and the transaction and batch paths (ops_item.c). */
struct write_plan {
    struct expr_ctx ctx;
    struct expr *condition;
    struct update_expr update; /* UpdateItem */
    bool has_update;
};

/* Parses the condition (ConditionExpression or Expected) and, for updates, the update
 * (UpdateExpression or AttributeUpdates) of a write request. 0 or -1 (call failed). Call
 * write_plan_free in every case. */
int write_plan_parse(struct call *c, cJSON *in, bool is_update, struct write_plan *plan);
void write_plan_free(struct write_plan *plan);

struct ddb_table;
/* A new table as CreateTable's parameters in describe it, with every check CreateTable makes
 * (the name must be free); not yet in the region, its stream not started. NULL after failing
 * the call. */
struct ddb_table *ddb_table_from_request(struct call *c, const cJSON *in);

/* Applies a parsed update to the item with key (created when absent). The new attributes
 * (owned) or NULL after failing the call. */
cJSON *ddb_apply_update(struct call *c, struct ddb_table *t, const cJSON *key,
                        const struct update_expr *u, const cJSON *existing);

#endif
