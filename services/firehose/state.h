/* firehose: the delivery streams of one account in one region, their configuration as
 * DescribeDeliveryStream shows it, and the records waiting in their buffers. */
#ifndef MOTOC_FIREHOSE_STATE_H
#define MOTOC_FIREHOSE_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/loop.h"
#include "../core/persist.h"

/* A record accepted and not delivered yet. */
struct firehose_record {
    unsigned char *data;
    size_t len;
    double arrival; /* epoch seconds */
    char *partition; /* processing.h's partition keys; NULL without dynamic partitioning */
};

struct firehose_region;

struct firehose_stream {
    struct firehose_region *owner;
    char *name;
    char *arn;
    char type[32];        /* DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource */
    double created, updated;
    unsigned long version;
    cJSON *source;        /* SourceDescription, or NULL for DirectPut without one */
    /* The destination as DestinationDescription shows it, without its DestinationId: one
     * member, e.g. {"ExtendedS3DestinationDescription": {...}} */
    cJSON *destination;
    cJSON *encryption;    /* DeliveryStreamEncryptionConfiguration */
    cJSON *tags;          /* tag set (tags.h) */
    struct firehose_record *pending;
    size_t n_pending, cap_pending;
    size_t pending_bytes;
    struct loop_timer flush_timer;
};

struct firehose_region {
    char account[16];
    char region[32];
    struct firehose_stream **streams; /* sorted by name */
    size_t n_streams;
};

/* The state of account+region, created on first use. */
struct firehose_region *firehose_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct firehose_region *firehose_region_find(const char *account, const char *region);

struct firehose_stream *firehose_stream_find(const struct firehose_region *r, const char *name);
/* The stream an ARN names (any account and region), or NULL. */
struct firehose_stream *firehose_stream_for_arn(const char *arn);
/* A new empty stream, added to r in name order. */
struct firehose_stream *firehose_stream_add(struct firehose_region *r, const char *name);
/* Removes and frees s; records still buffered are dropped, as AWS drops them. */
void firehose_stream_remove(struct firehose_region *r, struct firehose_stream *s);

/* Calls visit for every stream of every account and region. */
void firehose_each_stream(void (*visit)(struct firehose_stream *s, void *ctx), void *ctx);

/* Appends a copy of data (and of partition, which may be NULL) to the stream's buffer. */
void firehose_stream_buffer(struct firehose_stream *s, const void *data, size_t len,
                            double arrival, const char *partition);
/* Forgets the first n buffered records. */
void firehose_stream_drop_pending(struct firehose_stream *s, size_t n);

double firehose_now(void);

/* Drops every account's and region's state (moto-api reset). */
void firehose_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *firehose_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence firehose_persistence;

#endif
