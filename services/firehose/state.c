/* firehose: delivery streams per account and region, and their persistence. A save is a region
 * record, then per stream one stream record followed by one record per buffered record (records
 * accepted and not delivered yet survive a restart, as they would survive in AWS). */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "../core/tags.h"
#include "delivery.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

double firehose_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

static void stream_free(struct firehose_stream *s)
{
    firehose_delivery_cancel(s);
    firehose_stream_drop_pending(s, s->n_pending);
    free(s->pending);
    free(s->name);
    free(s->arn);
    cJSON_Delete(s->source);
    cJSON_Delete(s->destination);
    cJSON_Delete(s->encryption);
    cJSON_Delete(s->tags);
    free(s);
}

static void *region_create(const char *account, const char *region)
{
    struct firehose_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    firehose_delivery_listen();
    return r;
}

static void region_destroy(void *state)
{
    struct firehose_region *r = state;
    for (size_t i = 0; i < r->n_streams; i++)
        stream_free(r->streams[i]);
    free(r->streams);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct firehose_region *firehose_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct firehose_region *firehose_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void firehose_regions_reset(void)
{
    regional_states_reset(&regions);
}

void firehose_each_stream(void (*visit)(struct firehose_stream *s, void *ctx), void *ctx)
{
    for (size_t i = 0; i < regions.count; i++) {
        struct firehose_region *r = regions.entries[i].state;
        for (size_t j = 0; j < r->n_streams; j++)
            visit(r->streams[j], ctx);
    }
}

struct firehose_stream *firehose_stream_find(const struct firehose_region *r, const char *name)
{
    if (!r || !name)
        return NULL;
    for (size_t i = 0; i < r->n_streams; i++)
        if (strcmp(r->streams[i]->name, name) == 0)
            return r->streams[i];
    return NULL;
}

struct firehose_stream *firehose_stream_for_arn(const char *arn)
{
    struct arn parsed;
    const char *name;
    if (!arn || !arn_parse_resource(arn, "firehose", "deliverystream", &parsed, &name))
        return NULL;
    return firehose_stream_find(firehose_region_find(parsed.account, parsed.region), name);
}

struct firehose_stream *firehose_stream_add(struct firehose_region *r, const char *name)
{
    struct firehose_stream *s = xcalloc(1, sizeof *s);
    s->owner = r;
    s->name = xstrdup(name);
    s->arn = arn_build("firehose", r->region, r->account, "deliverystream/%s", name);
    snprintf(s->type, sizeof s->type, "DirectPut");
    s->version = 1;
    s->tags = cJSON_CreateArray();
    size_t at = 0;
    while (at < r->n_streams && strcmp(r->streams[at]->name, name) < 0)
        at++;
    r->streams = xrealloc(r->streams, (r->n_streams + 1) * sizeof *r->streams);
    memmove(r->streams + at + 1, r->streams + at, (r->n_streams - at) * sizeof *r->streams);
    r->streams[at] = s;
    r->n_streams++;
    return s;
}

void firehose_stream_remove(struct firehose_region *r, struct firehose_stream *s)
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

void firehose_stream_buffer(struct firehose_stream *s, const void *data, size_t len,
                            double arrival, const char *partition)
{
    if (s->n_pending == s->cap_pending) {
        s->cap_pending = s->cap_pending ? s->cap_pending * 2 : 16;
        s->pending = xrealloc(s->pending, s->cap_pending * sizeof *s->pending);
    }
    struct firehose_record *rec = &s->pending[s->n_pending++];
    rec->data = xmalloc(len ? len : 1);
    if (len)
        memcpy(rec->data, data, len);
    rec->len = len;
    rec->arrival = arrival;
    rec->partition = partition ? xstrdup(partition) : NULL;
    s->pending_bytes += len;
}

void firehose_stream_drop_pending(struct firehose_stream *s, size_t n)
{
    if (n > s->n_pending)
        n = s->n_pending;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        s->pending_bytes -= s->pending[i].len;
        free(s->pending[i].data);
        free(s->pending[i].partition);
    }
    memmove(s->pending, s->pending + n, (s->n_pending - n) * sizeof *s->pending);
    s->n_pending -= n;
}

cJSON *firehose_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct firehose_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *names = cJSON_AddArrayToObject(item, "delivery_streams");
        for (size_t j = 0; j < r->n_streams; j++)
            cJSON_AddItemToArray(names, cJSON_CreateString(r->streams[j]->name));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static cJSON *base_record(const char *type, const struct firehose_region *r)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", type);
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    return record;
}

static int save_stream(struct state_writer *w, const struct firehose_region *r,
                       const struct firehose_stream *s)
{
    cJSON *record = base_record("stream", r);
    cJSON_AddStringToObject(record, "name", s->name);
    cJSON_AddStringToObject(record, "stream_type", s->type);
    cJSON_AddNumberToObject(record, "created", s->created);
    cJSON_AddNumberToObject(record, "updated", s->updated);
    record_add_u64(record, "version", s->version);
    record_add_json(record, "source", s->source);
    record_add_json(record, "destination", s->destination);
    record_add_json(record, "encryption", s->encryption);
    record_add_json(record, "tags", s->tags);
    if (record_write(w, record) != 0)
        return -1;
    for (size_t i = 0; i < s->n_pending; i++) {
        struct buf encoded = BUF_INIT;
        base64_encode(s->pending[i].data, s->pending[i].len, &encoded);
        cJSON *item = base_record("record", r);
        cJSON_AddStringToObject(item, "stream", s->name);
        cJSON_AddStringToObject(item, "data", encoded.data ? encoded.data : "");
        cJSON_AddNumberToObject(item, "arrival", s->pending[i].arrival);
        record_add_string(item, "partition", s->pending[i].partition);
        buf_free(&encoded);
        if (record_write(w, item) != 0)
            return -1;
    }
    return 0;
}

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct firehose_region *r = regions.entries[i].state;
        if (record_write(w, base_record("region", r)) != 0)
            return -1;
        for (size_t j = 0; j < r->n_streams; j++)
            if (save_stream(w, r, r->streams[j]) != 0)
                return -1;
    }
    return 0;
}

static int load_stream(struct state_reader *rd, const cJSON *record)
{
    const char *account, *region;
    if (!record_account_region(rd, record, &account, &region))
        return -1;
    struct firehose_region *r = firehose_region_get(account, region);
    const char *name = record_string(record, "name");
    const char *type = record_string(record, "stream_type");
    uint64_t version;
    cJSON *destination = record_json(record, "destination", cJSON_IsObject);
    cJSON *tags = record_json(record, "tags", tags_set_valid);
    if (!name || !name[0] || strlen(name) > 64 || firehose_stream_find(r, name) || !type ||
        strlen(type) >= sizeof ((struct firehose_stream *)0)->type ||
        !record_u64(record, "version", &version) || version == 0 || !destination || !tags) {
        cJSON_Delete(destination);
        cJSON_Delete(tags);
        return state_refuse(rd, "a malformed delivery stream record");
    }
    struct firehose_stream *s = firehose_stream_add(r, name);
    snprintf(s->type, sizeof s->type, "%s", type);
    s->created = record_number(record, "created", 0);
    s->updated = record_number(record, "updated", s->created);
    s->version = (unsigned long)version;
    s->source = record_json(record, "source", cJSON_IsObject);
    s->destination = destination;
    s->encryption = record_json(record, "encryption", cJSON_IsObject);
    cJSON_Delete(s->tags);
    s->tags = tags;
    return 0;
}

static int load_buffered(struct state_reader *rd, const cJSON *record)
{
    const char *account, *region;
    if (!record_account_region(rd, record, &account, &region))
        return -1;
    struct firehose_stream *s = firehose_stream_find(firehose_region_find(account, region),
                                                     record_string(record, "stream"));
    const char *data = record_string(record, "data");
    struct buf decoded = BUF_INIT;
    if (!s || !data || !base64_decode(data, strlen(data), &decoded)) {
        buf_free(&decoded);
        return state_refuse(rd, "a malformed buffered record");
    }
    firehose_stream_buffer(s, decoded.data, decoded.len, record_number(record, "arrival", 0),
                           record_string(record, "partition"));
    buf_free(&decoded);
    firehose_delivery_arm(s);
    return 0;
}

static int load(struct state_reader *rd, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(rd, "a record without a type");
    if (strcmp(type, "region") == 0) {
        const char *account, *region;
        if (!record_account_region(rd, record, &account, &region))
            return -1;
        firehose_region_get(account, region);
        return 0;
    }
    if (strcmp(type, "stream") == 0)
        return load_stream(rd, record);
    if (strcmp(type, "record") == 0)
        return load_buffered(rd, record);
    return state_refuse(rd, "unknown record type %s", type);
}

const struct service_persistence firehose_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
