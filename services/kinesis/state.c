/* kinesis: streams per account and region, their shards and records, and their persistence.
 * A save is a region record, then per stream one stream record (shards included) followed by
 * one record per data record. */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "../core/tags.h"

#define RECORD_FORMAT_VERSION 1

double kinesis_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

static void shard_free_records(struct kinesis_shard *shard)
{
    for (size_t i = shard->head; i < shard->count; i++) {
        free(shard->records[i].partition_key);
        free(shard->records[i].data);
    }
    free(shard->records);
}

static void stream_free(struct kinesis_stream *s)
{
    for (size_t i = 0; i < s->n_shards; i++)
        shard_free_records(&s->shards[i]);
    free(s->shards);
    free(s->name);
    free(s->arn);
    free(s->key_id);
    free(s->policy);
    cJSON_Delete(s->monitoring);
    cJSON_Delete(s->tags);
    cJSON_Delete(s->consumers);
    free(s);
}

static void *region_create(const char *account, const char *region)
{
    struct kinesis_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    return r;
}

static void region_destroy(void *state)
{
    struct kinesis_region *r = state;
    for (size_t i = 0; i < r->n_streams; i++)
        stream_free(r->streams[i]);
    free(r->streams);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct kinesis_region *kinesis_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct kinesis_region *kinesis_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void kinesis_regions_reset(void)
{
    regional_states_reset(&regions);
}

struct kinesis_stream *kinesis_stream_find(struct kinesis_region *r, const char *name)
{
    if (!r || !name)
        return NULL;
    for (size_t i = 0; i < r->n_streams; i++)
        if (strcmp(r->streams[i]->name, name) == 0)
            return r->streams[i];
    return NULL;
}

static struct kinesis_stream *stream_insert(struct kinesis_region *r, const char *name)
{
    struct kinesis_stream *s = xcalloc(1, sizeof *s);
    s->owner = r;
    s->name = xstrdup(name);
    size_t at = 0;
    while (at < r->n_streams && strcmp(r->streams[at]->name, name) < 0)
        at++;
    r->streams = xrealloc(r->streams, (r->n_streams + 1) * sizeof *r->streams);
    memmove(r->streams + at + 1, r->streams + at, (r->n_streams - at) * sizeof *r->streams);
    r->streams[at] = s;
    r->n_streams++;
    return s;
}

static char *stream_arn(const struct kinesis_region *r, const char *name)
{
    return arn_build("kinesis", r->region, r->account, "stream/%s", name);
}

struct kinesis_stream *kinesis_stream_add(struct kinesis_region *r, const char *name,
                                          unsigned shard_count, bool on_demand, double now)
{
    struct kinesis_stream *s = stream_insert(r, name);
    s->arn = stream_arn(r, name);
    s->on_demand = on_demand;
    s->created = now;
    s->retention_hours = 24;
    s->monitoring = cJSON_CreateArray();
    s->tags = cJSON_CreateArray();
    s->consumers = cJSON_CreateArray();
    s->next_counter = 1;
    for (unsigned i = 0; i < shard_count; i++) {
        hash_key start, end;
        hash_key_range_split(i, shard_count, &start, &end);
        kinesis_shard_add(s, start, end, NULL, NULL);
    }
    return s;
}

void kinesis_stream_remove(struct kinesis_region *r, struct kinesis_stream *s)
{
    for (size_t i = 0; i < r->n_streams; i++) {
        if (r->streams[i] != s)
            continue;
        memmove(r->streams + i, r->streams + i + 1, (r->n_streams - i - 1) * sizeof *r->streams);
        r->n_streams--;
        stream_free(s);
        return;
    }
}

struct kinesis_shard *kinesis_shard_add(struct kinesis_stream *s, hash_key start, hash_key end,
                                        const char *parent, const char *adjacent_parent)
{
    s->shards = xrealloc(s->shards, (s->n_shards + 1) * sizeof *s->shards);
    struct kinesis_shard *shard = &s->shards[s->n_shards];
    memset(shard, 0, sizeof *shard);
    shard->number = (unsigned)s->n_shards;
    snprintf(shard->id, sizeof shard->id, "shardId-%012u", shard->number);
    shard->start = start;
    shard->end = end;
    snprintf(shard->parent, sizeof shard->parent, "%s", parent ? parent : "");
    snprintf(shard->adjacent_parent, sizeof shard->adjacent_parent, "%s",
             adjacent_parent ? adjacent_parent : "");
    shard->starting_counter = s->next_counter;
    s->n_shards++;
    return shard;
}

struct kinesis_shard *kinesis_shard_find(struct kinesis_stream *s, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < s->n_shards; i++)
        if (strcmp(s->shards[i].id, id) == 0)
            return &s->shards[i];
    return NULL;
}

void kinesis_shard_close(struct kinesis_stream *s, struct kinesis_shard *shard)
{
    shard->closed = true;
    /* a counter is spent so that the ending number is past every record the shard holds */
    shard->ending_counter = s->next_counter++;
}

static void shard_trim(struct kinesis_shard *shard, double oldest_kept)
{
    while (shard->head < shard->count && shard->records[shard->head].arrival < oldest_kept) {
        free(shard->records[shard->head].partition_key);
        free(shard->records[shard->head].data);
        shard->head++;
    }
    if (shard->head > 0 && shard->head * 2 >= shard->count) {
        memmove(shard->records, shard->records + shard->head,
                (shard->count - shard->head) * sizeof *shard->records);
        shard->count -= shard->head;
        shard->head = 0;
    }
}

static struct kinesis_record *shard_push(struct kinesis_shard *shard)
{
    if (shard->count == shard->cap) {
        shard->cap = shard->cap ? shard->cap * 2 : 16;
        shard->records = xrealloc(shard->records, shard->cap * sizeof *shard->records);
    }
    return &shard->records[shard->count++];
}

struct kinesis_record *kinesis_shard_append(struct kinesis_stream *s, struct kinesis_shard *shard,
                                            const char *partition_key, const char *data,
                                            size_t data_bytes, double now)
{
    shard_trim(shard, now - (double)s->retention_hours * 3600.0);
    struct kinesis_record *rec = shard_push(shard);
    rec->counter = s->next_counter++;
    rec->arrival = now;
    rec->partition_key = xstrdup(partition_key);
    rec->data = xstrdup(data);
    rec->data_bytes = data_bytes;
    return rec;
}

cJSON *kinesis_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct kinesis_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *names = cJSON_AddArrayToObject(item, "streams");
        for (size_t j = 0; j < r->n_streams; j++)
            cJSON_AddItemToArray(names, cJSON_CreateString(r->streams[j]->name));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static cJSON *shard_record(const struct kinesis_shard *shard)
{
    char start[HASH_KEY_DECIMAL_SIZE], end[HASH_KEY_DECIMAL_SIZE];
    hash_key_format(shard->start, start);
    hash_key_format(shard->end, end);
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "start", start);
    cJSON_AddStringToObject(item, "end", end);
    cJSON_AddStringToObject(item, "parent", shard->parent);
    cJSON_AddStringToObject(item, "adjacent_parent", shard->adjacent_parent);
    record_add_u64(item, "starting_counter", shard->starting_counter);
    if (shard->closed)
        record_add_u64(item, "ending_counter", shard->ending_counter);
    return item;
}

static int save_stream(struct state_writer *w, const struct kinesis_region *r,
                       const struct kinesis_stream *s)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", "stream");
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    cJSON_AddStringToObject(record, "name", s->name);
    cJSON_AddBoolToObject(record, "on_demand", s->on_demand);
    cJSON_AddNumberToObject(record, "created", s->created);
    cJSON_AddNumberToObject(record, "retention_hours", (double)s->retention_hours);
    record_add_string(record, "key_id", s->key_id);
    record_add_string(record, "policy", s->policy);
    record_add_json(record, "monitoring", s->monitoring);
    record_add_json(record, "tags", s->tags);
    record_add_json(record, "consumers", s->consumers);
    record_add_u64(record, "next_counter", s->next_counter);
    cJSON *shards = cJSON_AddArrayToObject(record, "shards");
    for (size_t i = 0; i < s->n_shards; i++)
        cJSON_AddItemToArray(shards, shard_record(&s->shards[i]));
    if (record_write(w, record) != 0)
        return -1;
    for (size_t i = 0; i < s->n_shards; i++) {
        const struct kinesis_shard *shard = &s->shards[i];
        for (size_t j = shard->head; j < shard->count; j++) {
            const struct kinesis_record *rec = &shard->records[j];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "type", "record");
            cJSON_AddStringToObject(item, "account", r->account);
            cJSON_AddStringToObject(item, "region", r->region);
            cJSON_AddStringToObject(item, "stream", s->name);
            cJSON_AddNumberToObject(item, "shard", (double)shard->number);
            record_add_u64(item, "counter", rec->counter);
            cJSON_AddNumberToObject(item, "arrival", rec->arrival);
            cJSON_AddStringToObject(item, "partition_key", rec->partition_key);
            cJSON_AddStringToObject(item, "data", rec->data);
            record_add_u64(item, "data_bytes", rec->data_bytes);
            if (record_write(w, item) != 0)
                return -1;
        }
    }
    return 0;
}

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct kinesis_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        if (record_write(w, record) != 0)
            return -1;
        for (size_t j = 0; j < r->n_streams; j++)
            if (save_stream(w, r, r->streams[j]) != 0)
                return -1;
    }
    return 0;
}

static int load_shard(struct state_reader *rd, struct kinesis_stream *s, const cJSON *item)
{
    hash_key start, end;
    const char *parent = record_string(item, "parent");
    const char *adjacent = record_string(item, "adjacent_parent");
    uint64_t starting;
    if (!hash_key_parse(record_string(item, "start"), &start) ||
        !hash_key_parse(record_string(item, "end"), &end) || start > end || !parent ||
        !adjacent || strlen(parent) >= 32 || strlen(adjacent) >= 32 ||
        !record_u64(item, "starting_counter", &starting))
        return state_refuse(rd, "stream %s has a malformed shard", s->name);
    struct kinesis_shard *shard = kinesis_shard_add(s, start, end, parent, adjacent);
    shard->starting_counter = starting;
    uint64_t ending;
    if (record_u64(item, "ending_counter", &ending)) {
        shard->closed = true;
        shard->ending_counter = ending;
    }
    return 0;
}

static int load_stream(struct state_reader *rd, const cJSON *record)
{
    const char *account, *region;
    if (!record_account_region(rd, record, &account, &region))
        return -1;
    const char *name = record_string(record, "name");
    long retention;
    uint64_t next_counter;
    const cJSON *shards = cJSON_GetObjectItemCaseSensitive(record, "shards");
    cJSON *tags = record_json(record, "tags", tags_set_valid);
    cJSON *monitoring = record_json(record, "monitoring", cJSON_IsArray);
    cJSON *consumers = record_json(record, "consumers", cJSON_IsArray);
    struct kinesis_region *r = kinesis_region_get(account, region);
    if (!name || !name[0] || kinesis_stream_find(r, name) ||
        !record_int(record, "retention_hours", 1, 87600, &retention) ||
        !record_u64(record, "next_counter", &next_counter) || !cJSON_IsArray(shards) || !tags ||
        !monitoring || !consumers) {
        cJSON_Delete(tags);
        cJSON_Delete(monitoring);
        cJSON_Delete(consumers);
        return state_refuse(rd, "a malformed stream record");
    }
    struct kinesis_stream *s = stream_insert(r, name);
    s->arn = stream_arn(r, name);
    s->on_demand = record_bool(record, "on_demand", false);
    s->created = record_number(record, "created", 0);
    s->retention_hours = retention;
    s->key_id = record_strdup(record, "key_id");
    s->policy = record_strdup(record, "policy");
    s->tags = tags;
    s->monitoring = monitoring;
    s->consumers = consumers;
    s->next_counter = next_counter;
    const cJSON *item;
    cJSON_ArrayForEach(item, shards)
        if (load_shard(rd, s, item) != 0)
            return -1;
    return 0;
}

static int load_data_record(struct state_reader *rd, const cJSON *record)
{
    const char *account, *region;
    if (!record_account_region(rd, record, &account, &region))
        return -1;
    struct kinesis_stream *s =
        kinesis_stream_find(kinesis_region_find(account, region), record_string(record, "stream"));
    long shard_number;
    uint64_t counter, data_bytes;
    const char *key = record_string(record, "partition_key");
    const char *data = record_string(record, "data");
    if (!s || !record_int(record, "shard", 0, (long)s->n_shards - 1, &shard_number) ||
        !record_u64(record, "counter", &counter) || !record_u64(record, "data_bytes", &data_bytes) ||
        !key || !data)
        return state_refuse(rd, "a malformed data record");
    struct kinesis_shard *shard = &s->shards[shard_number];
    if (shard->count > shard->head && shard->records[shard->count - 1].counter >= counter)
        return state_refuse(rd, "data records of shard %s out of order", shard->id);
    struct kinesis_record *rec = shard_push(shard);
    rec->counter = counter;
    rec->arrival = record_number(record, "arrival", 0);
    rec->partition_key = xstrdup(key);
    rec->data = xstrdup(data);
    rec->data_bytes = (size_t)data_bytes;
    return 0;
}

static int load(struct state_reader *rd, const cJSON *record, int version)
{
    (void)version;
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(rd, "a record without a type");
    if (strcmp(type, "region") == 0) {
        const char *account, *region;
        if (!record_account_region(rd, record, &account, &region))
            return -1;
        kinesis_region_get(account, region);
        return 0;
    }
    if (strcmp(type, "stream") == 0)
        return load_stream(rd, record);
    if (strcmp(type, "record") == 0)
        return load_data_record(rd, record);
    return state_refuse(rd, "unknown record type %s", type);
}

const struct service_persistence kinesis_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
