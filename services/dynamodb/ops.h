/* DynamoDB's and DynamoDB Streams' operations, one function each (the tables in dynamodb.c and
 * streams_api.c list them). */
#ifndef MOTOC_DDB_OPS_H
#define MOTOC_DDB_OPS_H

#include "../core/backend.h"
#include "expr.h"

#define DDB_OP(name) int name(struct call *c, const cJSON *in, cJSON *out)

/* ops_table.c */
DDB_OP(ddb_create_table);
DDB_OP(ddb_describe_table);
DDB_OP(ddb_list_tables);
DDB_OP(ddb_delete_table);
DDB_OP(ddb_update_table);
DDB_OP(ddb_update_time_to_live);
DDB_OP(ddb_describe_time_to_live);
DDB_OP(ddb_update_continuous_backups);
DDB_OP(ddb_describe_continuous_backups);
DDB_OP(ddb_tag_resource);
DDB_OP(ddb_untag_resource);
DDB_OP(ddb_list_tags_of_resource);
DDB_OP(ddb_describe_endpoints);
DDB_OP(ddb_describe_limits);

/* ops_backup.c */
DDB_OP(ddb_create_backup);
DDB_OP(ddb_describe_backup);
DDB_OP(ddb_list_backups);
DDB_OP(ddb_delete_backup);
DDB_OP(ddb_restore_table_from_backup);

/* ops_item.c */
DDB_OP(ddb_put_item);
DDB_OP(ddb_get_item);
DDB_OP(ddb_delete_item);
DDB_OP(ddb_update_item);

/* ops_query.c */
DDB_OP(ddb_query);
DDB_OP(ddb_scan);

/* ops_batch.c */
DDB_OP(ddb_batch_get_item);
DDB_OP(ddb_batch_write_item);

/* ops_transact.c */
DDB_OP(ddb_transact_get_items);
DDB_OP(ddb_transact_write_items);

/* partiql.c */
DDB_OP(ddb_execute_statement);
DDB_OP(ddb_batch_execute_statement);
DDB_OP(ddb_execute_transaction);

/* streams_api.c */
DDB_OP(ddbs_describe_stream);
DDB_OP(ddbs_get_records);
DDB_OP(ddbs_get_shard_iterator);
DDB_OP(ddbs_list_streams);

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
/* Applies a parsed update to the item with key (created when absent). The new attributes
 * (owned) or NULL after failing the call. */
cJSON *ddb_apply_update(struct call *c, struct ddb_table *t, const cJSON *key,
                        const struct update_expr *u, const cJSON *existing);

#endif
