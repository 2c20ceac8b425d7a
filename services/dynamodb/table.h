/* DynamoDB's state: per account and region, the tables (items in key order, secondary indexes
 * kept in step on every write), their streams and backups. */
#ifndef MOTOC_DDB_TABLE_H
#define MOTOC_DDB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "ordered_index.h"
#include "resource_policy.h"
#include "value.h"

struct ddb_key_schema {
    char *hash;
    char *range; /* NULL when the table/index has no sort key */
    enum av_type hash_type, range_type;
};

/* A stored item: the attributes (an object of AttributeValues) and its accounted size. */
struct ddb_item {
    cJSON *attrs;
    size_t size;
};

/* Warm throughput (read and write units per second a table or GSI is ready for); 0 = the
 * default DynamoDB gives a new one. */
struct ddb_warm_throughput {
    long long read, write;
};

#define WARM_DEFAULT_READ 12000
#define WARM_DEFAULT_WRITE 4000

struct ddb_index {
    char *name;
    char *arn;
    bool global;
    struct ddb_key_schema key;
    char *projection_type;     /* ALL, KEYS_ONLY, INCLUDE */
    cJSON *non_key_attributes; /* array of names (INCLUDE), or NULL */
    long long rcu, wcu;        /* provisioned throughput of a GSI */
    cJSON *on_demand;          /* OnDemandThroughput as given, or NULL */
    struct ddb_warm_throughput warm;
    /* entries keyed (index hash, index range, table hash, table range); value: struct ddb_item */
    struct ordered_index *entries;
    size_t size_bytes;
};

struct ddb_stream;

/* Point-in-time recovery's window when UpdateContinuousBackups names none. */
#define PITR_DEFAULT_DAYS 35

struct ddb_table {
    char *name;
    char *arn;
    char *id;
    double created;
    char *status; /* ACTIVE, … */
    struct ddb_key_schema key;
    cJSON *attribute_definitions; /* as given */
    char *billing_mode;           /* PROVISIONED or PAY_PER_REQUEST */
    double billing_mode_changed;
    long long rcu, wcu;
    double last_increase, last_decrease;
    long long decreases_today;
    cJSON *on_demand;
    struct ddb_warm_throughput warm;
    struct ddb_index *indexes;
    int nindexes;
    struct ordered_index *items; /* keyed (hash, range); value: struct ddb_item */
    size_t size_bytes;
    bool deletion_protection;
    cJSON *tags; /* array of {Key, Value} */
    cJSON *sse;  /* SSEDescription, or NULL */
    char *table_class;
    char *ttl_attribute; /* NULL when TTL is off */
    /* No item expires before this time (epoch seconds), so most requests skip the sweep. */
    double next_expiry;
    bool pitr_enabled;
    double pitr_since;
    int pitr_days; /* RecoveryPeriodInDays, PITR_DEFAULT_DAYS unless set */
    struct ddb_stream *stream; /* current stream, or NULL (owned by the region) */
    char *stream_view_type;
    /* KinesisDataStreamDestination objects as DescribeKinesisStreamingDestination lists them,
     * disabled ones included; NULL until the first is enabled */
    cJSON *kinesis_destinations;
    struct ddb_policy_slot policy;
};

struct ddb_backup {
    char *arn;
    char *name;
    char *table_name;
    char *table_arn;
    char *table_id;
    double created;
    struct ddb_table *snapshot;
};

void ddb_backup_free(struct ddb_backup *b);

struct ddb_region {
    char account[16];
    char region[32];
    struct ddb_table **tables; /* sorted by name */
    size_t ntables;
    struct ddb_stream **streams; /* every stream ever enabled, newest last */
    size_t nstreams;
    struct ddb_backup **backups;
    size_t nbackups;
    struct idempotency_store *idempotency; /* TransactWriteItems' ClientRequestTokens */
    /* ImportTableDescriptions and ExportDescriptions as DescribeImport/DescribeExport answer
     * them, oldest first (arrays) */
    cJSON *imports, *exports;
};

struct ddb_region *ddb_region(const char *account, const char *region);
/* The state if it exists (for the streams API: never creates). */
struct ddb_region *ddb_region_find(const char *account, const char *region);
void ddb_regions_reset(void);
cJSON *ddb_state_json(void);
/* Every region's state, for saving and loading it (persist.c). */
struct regional_states *ddb_regional_states(void);

/* The wall clock in epoch seconds, to the millisecond, as DynamoDB's timestamps read. */
double ddb_now_seconds(void);
/* Whether t bills per request (PAY_PER_REQUEST) rather than provisioned capacity. */
bool ddb_table_on_demand(const struct ddb_table *t);

/* The earliest time point-in-time recovery restores t to, at now (epoch seconds). */
double ddb_pitr_earliest(const struct ddb_table *t, double now);

struct ddb_table *ddb_table_find(struct ddb_region *r, const char *name);
/* Accepts a table name or ARN. */
struct ddb_table *ddb_table_lookup(struct ddb_region *r, const char *name_or_arn);
void ddb_region_add_table(struct ddb_region *r, struct ddb_table *t);
void ddb_region_remove_table(struct ddb_region *r, struct ddb_table *t);

struct ddb_table *ddb_table_new(void);
void ddb_table_free(struct ddb_table *t);
/* A deep copy of schema and items (backups and restores). */
struct ddb_table *ddb_table_clone(const struct ddb_table *t, const char *new_name,
                                  const char *arn_prefix);

/* The key attributes of item under schema, in index order; false if the hash key is absent. */
bool ddb_item_key(const struct ddb_key_schema *k, const cJSON *item, const cJSON **hash,
                  const cJSON **range);

/* Item lookups by primary key (key: an object holding just the key attributes). */
struct ddb_item *ddb_table_get(const struct ddb_table *t, const cJSON *key);
/* Stores attrs (ownership taken), replacing any item with that key; returns the old attributes
 * (caller frees) or NULL. Indexes and the stream follow. */
cJSON *ddb_table_put(struct ddb_table *t, cJSON *attrs);
/* Removes the item with that key; returns its attributes (caller frees) or NULL. */
cJSON *ddb_table_delete(struct ddb_table *t, const cJSON *key);

/* A stored item for a result tree without copying it: the view borrows the item's attributes,
 * which is safe because a result is encoded before any other request can change the state. */
cJSON *ddb_item_view(const cJSON *attrs);

struct ddb_index *ddb_table_index(const struct ddb_table *t, const char *name);
/* Copies the attributes index idx projects from item (new object). */
cJSON *ddb_index_project(const struct ddb_table *t, const struct ddb_index *idx, const cJSON *item);
void ddb_index_rebuild(struct ddb_table *t, struct ddb_index *idx);
void ddb_index_free(struct ddb_index *idx);

/* Drops items whose TTL attribute lies in the past (called lazily before reads and writes);
 * costs O(1) until the earliest expiry is due. */
void ddb_table_expire(struct ddb_table *t);
/* Turns TTL on (attribute) or off (NULL). */
void ddb_table_set_ttl(struct ddb_table *t, const char *attribute);

/* Description objects as DescribeTable / CreateTable answer them. */
cJSON *ddb_table_describe(const struct ddb_table *t);
cJSON *ddb_index_key_schema_json(const struct ddb_key_schema *k);

#endif
