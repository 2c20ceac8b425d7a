/* kinesis: the streams of one account in one region, their shards and records. */
#ifndef MOTOC_KINESIS_STATE_H
#define MOTOC_KINESIS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../core/persist.h"
#include "hash_key.h"

struct kinesis_record {
    uint64_t counter;      /* the sequence number's counter */
    double arrival;        /* epoch seconds */
    char *partition_key;
    char *data;            /* base64, as the wire carries it */
    size_t data_bytes;
};

struct kinesis_shard {
    char id[32];           /* shardId-000000000000 */
    unsigned number;
    hash_key start, end;
    char parent[32], adjacent_parent[32]; /* "" when none */
    uint64_t starting_counter;
    bool closed;
    uint64_t ending_counter;
    struct kinesis_record *records; /* records[head..count) are live */
    size_t head, count, cap;
};

struct kinesis_region;

struct kinesis_stream {
    struct kinesis_region *owner;
    char *name;
    char *arn;
    bool on_demand;
    double created;
    long retention_hours;
    char *key_id;          /* NULL: not encrypted */
    cJSON *monitoring;     /* array of shard level metric names */
    cJSON *tags;           /* tag set (tags.h) */
    cJSON *consumers;      /* array of {ConsumerName, ConsumerARN, ConsumerStatus, ...} */
    char *policy;          /* resource policy, NULL when none */
    struct kinesis_shard *shards;
    size_t n_shards;
    uint64_t next_counter;
};

struct kinesis_region {
    char account[16];
    char region[32];
    struct kinesis_stream **streams; /* sorted by name */
    size_t n_streams;
};

struct kinesis_region *kinesis_region_get(const char *account, const char *region);
struct kinesis_region *kinesis_region_find(const char *account, const char *region);

struct kinesis_stream *kinesis_stream_find(struct kinesis_region *r, const char *name);
/* A new stream of shard_count evenly split shards, added to r. */
struct kinesis_stream *kinesis_stream_add(struct kinesis_region *r, const char *name,
                                          unsigned shard_count, bool on_demand, double now);
void kinesis_stream_remove(struct kinesis_region *r, struct kinesis_stream *s);

/* A new open shard (shards may move: pointers into s->shards do not survive it). */
struct kinesis_shard *kinesis_shard_add(struct kinesis_stream *s, hash_key start, hash_key end,
                                        const char *parent, const char *adjacent_parent);
struct kinesis_shard *kinesis_shard_find(struct kinesis_stream *s, const char *id);
/* Closes an open shard at the stream's last sequence number. */
void kinesis_shard_close(struct kinesis_stream *s, struct kinesis_shard *shard);
/* Appends a record (data and key copied) and returns it; drops records past retention. */
struct kinesis_record *kinesis_shard_append(struct kinesis_stream *s, struct kinesis_shard *shard,
                                            const char *partition_key, const char *data,
                                            size_t data_bytes, double now);

double kinesis_now(void);

void kinesis_regions_reset(void);
cJSON *kinesis_regions_json(void);

extern const struct service_persistence kinesis_persistence;

#endif
