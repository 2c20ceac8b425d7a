/* DynamoDB and DynamoDB Streams as the core sees them: operation tables and state hooks. */
#include <stdio.h>
#include <zlib.h>

#include "../core/backend.h"
#include "ops.h"
#include "persist.h"
#include "table.h"

static const struct operation_entry DYNAMODB_OPERATIONS[] = {
    {"BatchGetItem", ddb_batch_get_item},
    {"BatchExecuteStatement", ddb_batch_execute_statement},
    {"BatchWriteItem", ddb_batch_write_item},
    {"CreateBackup", ddb_create_backup},
    {"CreateTable", ddb_create_table},
    {"DeleteBackup", ddb_delete_backup},
    {"DeleteItem", ddb_delete_item},
    {"DeleteTable", ddb_delete_table},
    {"DescribeBackup", ddb_describe_backup},
    {"DescribeContinuousBackups", ddb_describe_continuous_backups},
    {"DescribeEndpoints", ddb_describe_endpoints},
    {"DescribeLimits", ddb_describe_limits},
    {"DescribeTable", ddb_describe_table},
    {"DescribeTimeToLive", ddb_describe_time_to_live},
    {"ExecuteStatement", ddb_execute_statement},
    {"ExecuteTransaction", ddb_execute_transaction},
    {"GetItem", ddb_get_item},
    {"ListBackups", ddb_list_backups},
    {"ListTables", ddb_list_tables},
    {"ListTagsOfResource", ddb_list_tags_of_resource},
    {"PutItem", ddb_put_item},
    {"Query", ddb_query},
    {"RestoreTableFromBackup", ddb_restore_table_from_backup},
    {"Scan", ddb_scan},
    {"TagResource", ddb_tag_resource},
    {"TransactGetItems", ddb_transact_get_items},
    {"TransactWriteItems", ddb_transact_write_items},
    {"UntagResource", ddb_untag_resource},
    {"UpdateContinuousBackups", ddb_update_continuous_backups},
    {"UpdateItem", ddb_update_item},
    {"UpdateTable", ddb_update_table},
    {"UpdateTimeToLive", ddb_update_time_to_live},
    {NULL, NULL},
};

static const struct operation_entry STREAMS_OPERATIONS[] = {
    {"DescribeStream", ddbs_describe_stream},
    {"GetRecords", ddbs_get_records},
    {"GetShardIterator", ddbs_get_shard_iterator},
    {"ListStreams", ddbs_list_streams},
    {NULL, NULL},
};

/* botocore checks every DynamoDB answer against this header and retries on a mismatch. */
static void add_crc32(struct http_response *resp)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    if (resp->body.len)
        crc = crc32(crc, (const Bytef *)resp->body.data, (uInt)resp->body.len);
    char text[16];
    snprintf(text, sizeof text, "%lu", (unsigned long)crc);
    http_headers_set(&resp->headers, "x-amz-crc32", text);
}

const struct service_backend dynamodb_backend = {
    .service = "dynamodb",
    .operations = DYNAMODB_OPERATIONS,
    .reset = ddb_regions_reset,
    .state_json = ddb_state_json,
    .finish_response = add_crc32,
    .persistence = &ddb_persistence,
};

/* The streams share DynamoDB's state; reset is DynamoDB's. */
const struct service_backend dynamodbstreams_backend = {
    .service = "dynamodbstreams",
    .operations = STREAMS_OPERATIONS,
    .finish_response = add_crc32,
    .persistence = &ddb_streams_persistence,
};
