/* Kinesis streaming destinations: while one is ACTIVE, every change to a table's items goes to
 * that Kinesis data stream as a change record, in the JSON shape DynamoDB writes there. */
#ifndef MOTOC_DDB_KINESIS_DESTINATION_H
#define MOTOC_DDB_KINESIS_DESTINATION_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "table.h"

/* Writes the change of one item of t (old and new_item NULL when absent; by_ttl when TTL removed
 * it) to each of t's ACTIVE destinations. A stream that refuses the record (deleted meanwhile)
 * loses it, as DynamoDB's replication cannot fail the write that caused it. */
void ddb_kinesis_forward(const struct ddb_table *t, const cJSON *old, const cJSON *new_item,
                         bool by_ttl);

#endif
