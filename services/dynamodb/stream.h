/* DynamoDB Streams: a table's change log. One shard per stream; records carry the keys and,
 * depending on the view type, the old and new images. */
#ifndef MOTOC_DDB_STREAM_H
#define MOTOC_DDB_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "resource_policy.h"
#include "table.h"

/* Streams keep at most this many records; older ones fall off the trim horizon. */
#define DDB_STREAM_MAX_RECORDS 100000

struct ddb_stream {
    char *arn;
    char *label;
    char *table_name;
    char *table_arn;
    char *region;
    char *view_type;
    char *shard_id;
    bool enabled;
    double created;
    cJSON *key_schema; /* the table's KeySchema */
    cJSON *records;    /* array of Record objects, oldest first */
    uint64_t first_seq, next_seq;
    struct ddb_policy_slot policy;
};

/* Starts a stream for t (enabled, t->stream set) and registers it in r. */
struct ddb_stream *ddb_stream_start(struct ddb_region *r, struct ddb_table *t,
                                    const char *view_type);
void ddb_stream_free(struct ddb_stream *s);
/* Appends a change record; old/new are the item before and after (NULL when absent). */
void ddb_stream_record(struct ddb_stream *s, const struct ddb_table *t, const cJSON *old,
                       const cJSON *new_item, bool by_ttl);
/* "000000000000000000042" */
void ddb_stream_sequence_text(uint64_t seq, char out[32]);

#endif
