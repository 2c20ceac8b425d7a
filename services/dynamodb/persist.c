/* Saving DynamoDB's state as records and loading it back (core/persist.h).
 *
 * Per account and region, in this order:
 *   {"type":"region", account, region, idempotency, imports?, exports?}
 *   {"type":"table", account, region, …every setting…, resource_policy?}  then one
 *       {"type":"item","attrs":…} per item, in key order, then
 *       {"type":"kinesis_destinations","destinations":[…]} when it has any
 *   {"type":"stream", account, region, …, "current": the table's latest stream?,
 *       resource_policy?}  then one
 *       {"type":"stream_record","record":…} per change record, oldest first
 *   {"type":"backup", account, region, …, "snapshot": {…table settings…}}  then its items
 * Item and stream records belong to the table, backup or stream record before them. Items keep
 * AttributeValues exactly as stored (numbers as their canonical decimal text, binaries as their
 * base64 text); indexes, sizes and counts are rebuilt from them. Streams come after the tables
 * and Kinesis destinations after the items, so that loading items writes no change records. */
#include "persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/idempotency.h"
#include "../core/persist_record.h"
#include "../core/tags.h"
#include "../core/regional_state.h"
#include "stream.h"
#include "table.h"

#define FORMAT_VERSION 1

/* ---- saving ---- */

static cJSON *key_schema_json(const struct ddb_key_schema *k)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "hash", k->hash);
    cJSON_AddStringToObject(o, "hash_type", av_type_name(k->hash_type));
    if (k->range) {
        cJSON_AddStringToObject(o, "range", k->range);
        cJSON_AddStringToObject(o, "range_type", av_type_name(k->range_type));
    }
    return o;
}

static void add_warm(cJSON *o, const struct ddb_warm_throughput *w)
{
    if (w->read || w->write) {
        cJSON *warm = cJSON_AddObjectToObject(o, "warm");
        cJSON_AddNumberToObject(warm, "read", (double)w->read);
        cJSON_AddNumberToObject(warm, "write", (double)w->write);
    }
}

static cJSON *index_json(const struct ddb_index *idx)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", idx->name);
    cJSON_AddStringToObject(o, "arn", idx->arn);
    cJSON_AddBoolToObject(o, "global", idx->global);
    cJSON_AddItemToObject(o, "key", key_schema_json(&idx->key));
    cJSON_AddStringToObject(o, "projection_type", idx->projection_type);
    record_add_json(o, "non_key_attributes", idx->non_key_attributes);
    cJSON_AddNumberToObject(o, "rcu", (double)idx->rcu);
    cJSON_AddNumberToObject(o, "wcu", (double)idx->wcu);
    record_add_json(o, "on_demand", idx->on_demand);
    add_warm(o, &idx->warm);
    return o;
}

/* Adds a table's settings to o (not its items, not its stream: those are records of their
 * own). */
static void add_table_settings(cJSON *o, const struct ddb_table *t)
{
    cJSON_AddStringToObject(o, "name", t->name);
    cJSON_AddStringToObject(o, "arn", t->arn);
    cJSON_AddStringToObject(o, "id", t->id);
    cJSON_AddNumberToObject(o, "created", t->created);
    cJSON_AddStringToObject(o, "status", t->status);
    cJSON_AddItemToObject(o, "key", key_schema_json(&t->key));
    record_add_json(o, "attribute_definitions", t->attribute_definitions);
    record_add_string(o, "billing_mode", t->billing_mode);
    cJSON_AddNumberToObject(o, "billing_mode_changed", t->billing_mode_changed);
    cJSON_AddNumberToObject(o, "rcu", (double)t->rcu);
    cJSON_AddNumberToObject(o, "wcu", (double)t->wcu);
    cJSON_AddNumberToObject(o, "last_increase", t->last_increase);
    cJSON_AddNumberToObject(o, "last_decrease", t->last_decrease);
    cJSON_AddNumberToObject(o, "decreases_today", (double)t->decreases_today);
    record_add_json(o, "on_demand", t->on_demand);
    add_warm(o, &t->warm);
    cJSON *indexes = cJSON_AddArrayToObject(o, "indexes");
    for (int i = 0; i < t->nindexes; i++)
        cJSON_AddItemToArray(indexes, index_json(&t->indexes[i]));
    cJSON_AddBoolToObject(o, "deletion_protection", t->deletion_protection);
    record_add_json(o, "tags", t->tags);
    record_add_json(o, "sse", t->sse);
    record_add_string(o, "table_class", t->table_class);
    record_add_string(o, "ttl_attribute", t->ttl_attribute);
    cJSON_AddBoolToObject(o, "pitr_enabled", t->pitr_enabled);
    cJSON_AddNumberToObject(o, "pitr_since", t->pitr_since);
    cJSON_AddNumberToObject(o, "pitr_days", t->pitr_days);
    record_add_string(o, "stream_view_type", t->stream_view_type);
}

static cJSON *record_new(const char *type, const struct ddb_region *r)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", type);
    cJSON_AddStringToObject(rec, "account", r->account);
    cJSON_AddStringToObject(rec, "region", r->region);
    return rec;
}

/* One record per item; each borrows the item's attributes rather than copying them. */
static int save_items(struct state_writer *w, const struct ordered_index *items)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "item");
    cJSON_AddItemToObject(rec, "attrs", cJSON_CreateObject());
    int rc = 0;
    for (struct oidx_node *n = oidx_first(items); n && rc == 0; n = oidx_next(n)) {
        const struct ddb_item *it = n->value;
        cJSON_ReplaceItemInObjectCaseSensitive(rec, "attrs", ddb_item_view(it->attrs));
        rc = w->record(w, rec);
    }
    cJSON_Delete(rec);
    return rc;
}

static bool is_current_stream(const struct ddb_region *r, const struct ddb_stream *s)
{
    const struct ddb_table *t = ddb_table_find((struct ddb_region *)r, s->table_name);
    return t && t->stream == s;
}

static void add_policy(cJSON *rec, const struct ddb_policy_slot *slot)
{
    cJSON *policy = ddb_policy_slot_save(slot);
    if (policy)
        cJSON_AddItemToObject(rec, "resource_policy", policy);
}

static int save_stream(struct state_writer *w, const struct ddb_region *r,
                       const struct ddb_stream *s)
{
    cJSON *rec = record_new("stream", r);
    cJSON_AddStringToObject(rec, "arn", s->arn);
    cJSON_AddStringToObject(rec, "label", s->label);
    cJSON_AddStringToObject(rec, "table_name", s->table_name);
    cJSON_AddStringToObject(rec, "table_arn", s->table_arn);
    cJSON_AddStringToObject(rec, "view_type", s->view_type);
    cJSON_AddStringToObject(rec, "shard_id", s->shard_id);
    cJSON_AddBoolToObject(rec, "enabled", s->enabled);
    cJSON_AddNumberToObject(rec, "created", s->created);
    record_add_json(rec, "key_schema", s->key_schema);
    /* A 64-bit counter: text, so that no JSON reader rounds it. */
    char seq[32];
    snprintf(seq, sizeof seq, "%llu", (unsigned long long)s->first_seq);
    cJSON_AddStringToObject(rec, "first_seq", seq);
    cJSON_AddBoolToObject(rec, "current", is_current_stream(r, s));
    add_policy(rec, &s->policy);
    if (record_write(w, rec) != 0)
        return -1;
    rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "stream_record");
    cJSON_AddItemToObject(rec, "record", cJSON_CreateObject());
    int rc = 0;
    const cJSON *change;
    cJSON_ArrayForEach(change, s->records)
    {
        if (rc != 0)
            break;
        cJSON_ReplaceItemInObjectCaseSensitive(rec, "record",
                                               cJSON_CreateObjectReference(change->child));
        rc = w->record(w, rec);
    }
    cJSON_Delete(rec);
    return rc;
}

static int save_backup(struct state_writer *w, const struct ddb_region *r,
                       const struct ddb_backup *b)
{
    cJSON *rec = record_new("backup", r);
    cJSON_AddStringToObject(rec, "arn", b->arn);
    cJSON_AddStringToObject(rec, "name", b->name);
    cJSON_AddStringToObject(rec, "table_name", b->table_name);
    cJSON_AddStringToObject(rec, "table_arn", b->table_arn);
    cJSON_AddStringToObject(rec, "table_id", b->table_id);
    cJSON_AddNumberToObject(rec, "created", b->created);
    add_table_settings(cJSON_AddObjectToObject(rec, "snapshot"), b->snapshot);
    if (record_write(w, rec) != 0)
        return -1;
    return save_items(w, b->snapshot->items);
}

static int save_kinesis_destinations(struct state_writer *w, const struct ddb_table *t)
{
    if (!t->kinesis_destinations)
        return 0;
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "kinesis_destinations");
    cJSON_AddItemReferenceToObject(rec, "destinations", t->kinesis_destinations);
    return record_write(w, rec);
}

static int save_region(struct state_writer *w, const struct ddb_region *r)
{
    cJSON *rec = record_new("region", r);
    cJSON *tokens = idempotency_store_save(r->idempotency);
    if (tokens)
        cJSON_AddItemToObject(rec, "idempotency", tokens);
    if (cJSON_GetArraySize(r->imports) > 0)
        cJSON_AddItemReferenceToObject(rec, "imports", r->imports);
    if (cJSON_GetArraySize(r->exports) > 0)
        cJSON_AddItemReferenceToObject(rec, "exports", r->exports);
    if (record_write(w, rec) != 0)
        return -1;
    for (size_t i = 0; i < r->ntables; i++) {
        const struct ddb_table *t = r->tables[i];
        rec = record_new("table", r);
        add_table_settings(rec, t);
        add_policy(rec, &t->policy);
        if (record_write(w, rec) != 0 || save_items(w, t->items) != 0 ||
            save_kinesis_destinations(w, t) != 0)
            return -1;
    }
    for (size_t i = 0; i < r->nstreams; i++)
        if (save_stream(w, r, r->streams[i]) != 0)
            return -1;
    for (size_t i = 0; i < r->nbackups; i++)
        if (save_backup(w, r, r->backups[i]) != 0)
            return -1;
    return 0;
}

static int ddb_save(struct state_writer *w)
{
    const struct regional_states *rs = ddb_regional_states();
    for (size_t i = 0; i < rs->count; i++)
        if (save_region(w, rs->entries[i].state) != 0)
            return -1;
    return 0;
}

/* ---- loading ---- */

/* What the records before this one set up. Valid within one load, which starts with a detach
 * and ends with an attach or discard. */
static struct {
    struct ddb_table *item_target; /* a table or a backup's snapshot */
    bool target_is_table;
    struct ddb_stream *stream;
} loading;

static void loading_forget(void)
{
    memset(&loading, 0, sizeof loading);
}

static const char *string_or(const cJSON *o, const char *name, const char *fallback)
{
    const char *s = record_string(o, name);
    return s ? s : fallback;
}

static void load_warm(const cJSON *o, struct ddb_warm_throughput *w)
{
    const cJSON *warm = cJSON_GetObjectItemCaseSensitive(o, "warm");
    long read = 0, write = 0;
    record_int(warm, "read", 0, 40000000, &read);
    record_int(warm, "write", 0, 40000000, &write);
    w->read = read;
    w->write = write;
}

static bool is_key_type(enum av_type t)
{
    return t == AV_S || t == AV_N || t == AV_B;
}

static int load_key_schema(struct state_reader *rd, const cJSON *o, const char *owner,
                           struct ddb_key_schema *k)
{
    const char *hash = record_string(o, "hash"), *range = record_string(o, "range");
    enum av_type hash_type = av_type_from_name(string_or(o, "hash_type", ""));
    enum av_type range_type = av_type_from_name(string_or(o, "range_type", ""));
    if (!hash || !is_key_type(hash_type) || (range && !is_key_type(range_type)))
        return state_refuse(rd, "%s without a valid key schema (hash, hash_type S, N or B)",
                            owner);
    k->hash = xstrdup(hash);
    k->hash_type = hash_type;
    k->range = range ? xstrdup(range) : NULL;
    k->range_type = range ? range_type : AV_NONE;
    return 0;
}

static int load_index(struct state_reader *rd, const cJSON *o, struct ddb_index *idx)
{
    const char *name = record_string(o, "name");
    const char *projection = record_string(o, "projection_type");
    if (!name || !record_string(o, "arn") || !projection)
        return state_refuse(rd, "index without a name, arn or projection_type");
    idx->name = xstrdup(name);
    idx->arn = record_strdup(o, "arn");
    idx->global = record_bool(o, "global", false);
    idx->projection_type = xstrdup(projection);
    idx->non_key_attributes = record_json(o, "non_key_attributes", cJSON_IsArray);
    idx->rcu = (long long)record_number(o, "rcu", 0);
    idx->wcu = (long long)record_number(o, "wcu", 0);
    idx->on_demand = record_json(o, "on_demand", cJSON_IsObject);
    load_warm(o, &idx->warm);
    idx->entries = oidx_new(4);
    char owner[160];
    snprintf(owner, sizeof owner, "index %s", name);
    return load_key_schema(rd, cJSON_GetObjectItemCaseSensitive(o, "key"), owner, &idx->key);
}

static void replace_string(char **field, const char *value)
{
    free(*field);
    *field = value ? xstrdup(value) : NULL;
}

/* A table (without items) from its settings; NULL after refusing. */
static struct ddb_table *load_table_settings(struct state_reader *rd, const cJSON *o)
{
    const char *name = record_string(o, "name");
    if (!name || !record_string(o, "arn") || !record_string(o, "id"))
        return state_refuse(rd, "table without a name, arn or id"), NULL;
    struct ddb_table *t = ddb_table_new();
    t->name = xstrdup(name);
    t->arn = record_strdup(o, "arn");
    replace_string(&t->id, record_string(o, "id"));
    replace_string(&t->status, string_or(o, "status", "ACTIVE"));
    t->created = record_number(o, "created", 0);
    t->attribute_definitions = record_json(o, "attribute_definitions", cJSON_IsArray);
    t->billing_mode = xstrdup(string_or(o, "billing_mode", "PROVISIONED"));
    t->billing_mode_changed = record_number(o, "billing_mode_changed", 0);
    t->rcu = (long long)record_number(o, "rcu", 0);
    t->wcu = (long long)record_number(o, "wcu", 0);
    t->last_increase = record_number(o, "last_increase", 0);
    t->last_decrease = record_number(o, "last_decrease", 0);
    t->decreases_today = (long long)record_number(o, "decreases_today", 0);
    t->on_demand = record_json(o, "on_demand", cJSON_IsObject);
    load_warm(o, &t->warm);
    t->deletion_protection = record_bool(o, "deletion_protection", false);
    cJSON *tags = record_json(o, "tags", tags_set_valid);
    if (tags) {
        cJSON_Delete(t->tags);
        t->tags = tags;
    }
    t->sse = record_json(o, "sse", cJSON_IsObject);
    t->table_class = record_strdup(o, "table_class");
    /* next_expiry stays 0: the first request sweeps whatever expired meanwhile */
    t->ttl_attribute = record_strdup(o, "ttl_attribute");
    t->pitr_enabled = record_bool(o, "pitr_enabled", false);
    t->pitr_since = record_number(o, "pitr_since", 0);
    long days;
    t->pitr_days = record_int(o, "pitr_days", 1, 35, &days) ? (int)days : PITR_DEFAULT_DAYS;
    t->stream_view_type = record_strdup(o, "stream_view_type");
    char owner[300];
    snprintf(owner, sizeof owner, "table %s", name);
    if (load_key_schema(rd, cJSON_GetObjectItemCaseSensitive(o, "key"), owner, &t->key) != 0)
        goto refused;
    const cJSON *indexes = cJSON_GetObjectItemCaseSensitive(o, "indexes");
    int n = cJSON_GetArraySize(indexes);
    t->indexes = xcalloc((size_t)n + 1, sizeof *t->indexes);
    const cJSON *idx;
    cJSON_ArrayForEach(idx, indexes)
    {
        /* counted first, so a half-loaded index is freed with the table */
        if (load_index(rd, idx, &t->indexes[t->nindexes++]) != 0)
            goto refused;
    }
    return t;
refused:
    ddb_table_free(t);
    return NULL;
}

static void load_policy(const cJSON *rec, struct ddb_policy_slot *slot)
{
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(rec, "resource_policy");
    if (cJSON_IsObject(policy))
        ddb_policy_slot_load(slot, policy);
}

/* The region a record names; NULL after refusing. */
static struct ddb_region *record_region(struct state_reader *rd, const cJSON *rec)
{
    const char *account, *region;
    return record_account_region(rd, rec, &account, &region) ? ddb_region(account, region) : NULL;
}

/* Import or export descriptions: objects naming their ARN, kept as saved. */
static int load_descriptions(struct state_reader *rd, const cJSON *rec, const char *member,
                             const char *arn_member, cJSON *into)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(rec, member);
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return state_refuse(rd, "region record whose %s is not a list", member);
    const cJSON *d;
    cJSON_ArrayForEach(d, list) {
        if (!cJSON_IsObject(d) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d, arn_member)))
            return state_refuse(rd, "region record with a malformed entry in %s", member);
        cJSON_AddItemToArray(into, cJSON_Duplicate(d, true));
    }
    return 0;
}

static int load_region(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_region *r = record_region(rd, rec);
    if (!r)
        return -1;
    const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(rec, "idempotency");
    if (tokens && idempotency_store_load(r->idempotency, tokens) != 0)
        return state_refuse(rd, "region record with malformed idempotency tokens");
    if (load_descriptions(rd, rec, "imports", "ImportArn", r->imports) != 0 ||
        load_descriptions(rd, rec, "exports", "ExportArn", r->exports) != 0)
        return -1;
    loading.item_target = NULL;
    loading.stream = NULL;
    return 0;
}

static int load_table(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_region *r = record_region(rd, rec);
    if (!r)
        return -1;
    struct ddb_table *t = load_table_settings(rd, rec);
    if (!t)
        return -1;
    if (ddb_table_find(r, t->name)) {
        state_refuse(rd, "table %s appears twice", t->name);
        ddb_table_free(t);
        return -1;
    }
    load_policy(rec, &t->policy);
    ddb_region_add_table(r, t);
    loading.item_target = t;
    loading.target_is_table = true;
    loading.stream = NULL;
    return 0;
}

static int load_item(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_table *t = loading.item_target;
    if (!t)
        return state_refuse(rd, "item record before any table or backup record");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(rec, "attrs");
    if (!cJSON_IsObject(attrs))
        return state_refuse(rd, "item record without attrs");
    cJSON *copy = cJSON_Duplicate(attrs, true);
    char msg[256];
    const char *invalid = item_validate(copy, msg, sizeof msg);
    const cJSON *hash, *range;
    if (!invalid && (!ddb_item_key(&t->key, copy, &hash, &range) ||
                     av_type(hash) != t->key.hash_type ||
                     (range && av_type(range) != t->key.range_type)))
        invalid = "the item lacks the table's key attributes or their types differ";
    if (invalid) {
        cJSON_Delete(copy);
        return state_refuse(rd, "item of table %s: %s", t->name, invalid);
    }
    /* A replaced item means a key saved twice; the half-loaded state is dropped anyway. */
    cJSON *replaced = ddb_table_put(t, copy);
    if (replaced) {
        cJSON_Delete(replaced);
        return state_refuse(rd, "item of table %s: an item with this key appears twice",
                            t->name);
    }
    return 0;
}

static cJSON_bool destinations_valid(const cJSON *destinations)
{
    if (!cJSON_IsArray(destinations))
        return false;
    const cJSON *d;
    cJSON_ArrayForEach(d, destinations)
    {
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d, "StreamArn")) ||
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d, "DestinationStatus")))
            return false;
    }
    return true;
}

/* They follow their table's items; a backup's snapshot never has any. */
static int load_kinesis_destinations(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_table *t = loading.item_target;
    if (!t || !loading.target_is_table || t->kinesis_destinations)
        return state_refuse(rd, "kinesis_destinations record that follows no table's items");
    cJSON *destinations = record_json(rec, "destinations", destinations_valid);
    if (!destinations)
        return state_refuse(rd, "table %s with malformed Kinesis destinations", t->name);
    t->kinesis_destinations = destinations;
    return 0;
}

static int load_stream(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_region *r = record_region(rd, rec);
    if (!r)
        return -1;
    static const char *const required[] = {"arn", "label", "table_name", "table_arn",
                                           "view_type", "shard_id", "first_seq"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!record_string(rec, required[i]))
            return state_refuse(rd, "stream record without %s", required[i]);
    char *end;
    unsigned long long first = strtoull(record_string(rec, "first_seq"), &end, 10);
    if (*end || first == 0)
        return state_refuse(rd, "stream record with a bad first_seq");
    struct ddb_table *t = NULL;
    if (record_bool(rec, "current", false)) {
        t = ddb_table_find(r, record_string(rec, "table_name"));
        if (!t)
            return state_refuse(rd, "stream of table %s, which no record before it holds",
                                record_string(rec, "table_name"));
    }
    struct ddb_stream *s = xcalloc(1, sizeof *s);
    s->arn = record_strdup(rec, "arn");
    s->label = record_strdup(rec, "label");
    s->table_name = record_strdup(rec, "table_name");
    s->table_arn = record_strdup(rec, "table_arn");
    s->region = xstrdup(r->region);
    s->view_type = record_strdup(rec, "view_type");
    s->shard_id = record_strdup(rec, "shard_id");
    s->enabled = record_bool(rec, "enabled", false);
    s->created = record_number(rec, "created", 0);
    s->key_schema = record_json(rec, "key_schema", cJSON_IsArray);
    if (!s->key_schema)
        s->key_schema = cJSON_CreateArray();
    s->records = cJSON_CreateArray();
    s->first_seq = s->next_seq = first;
    load_policy(rec, &s->policy);
    r->streams = xrealloc(r->streams, (r->nstreams + 1) * sizeof *r->streams);
    r->streams[r->nstreams++] = s;
    if (t)
        t->stream = s;
    loading.stream = s;
    loading.item_target = NULL;
    return 0;
}

static int load_stream_record(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_stream *s = loading.stream;
    if (!s)
        return state_refuse(rd, "stream_record before any stream record");
    const cJSON *change = cJSON_GetObjectItemCaseSensitive(rec, "record");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(change, "dynamodb");
    char want[32];
    ddb_stream_sequence_text(s->next_seq, want);
    const char *seq = record_string(d, "SequenceNumber");
    if (!seq || strcmp(seq, want) != 0)
        return state_refuse(rd, "stream record of %s out of sequence: %s where %s was due",
                            s->arn, seq ? seq : "none", want);
    if (s->next_seq - s->first_seq >= DDB_STREAM_MAX_RECORDS)
        return state_refuse(rd, "stream %s holds more than %d records", s->arn,
                            DDB_STREAM_MAX_RECORDS);
    cJSON_AddItemToArray(s->records, cJSON_Duplicate(change, true));
    s->next_seq++;
    return 0;
}

static int load_backup(struct state_reader *rd, const cJSON *rec)
{
    struct ddb_region *r = record_region(rd, rec);
    if (!r)
        return -1;
    static const char *const required[] = {"arn", "name", "table_name", "table_arn", "table_id"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!record_string(rec, required[i]))
            return state_refuse(rd, "backup record without %s", required[i]);
    const cJSON *snapshot = cJSON_GetObjectItemCaseSensitive(rec, "snapshot");
    if (!cJSON_IsObject(snapshot))
        return state_refuse(rd, "backup %s without a snapshot", record_string(rec, "arn"));
    struct ddb_table *t = load_table_settings(rd, snapshot);
    if (!t)
        return -1;
    struct ddb_backup *b = xcalloc(1, sizeof *b);
    b->arn = record_strdup(rec, "arn");
    b->name = record_strdup(rec, "name");
    b->table_name = record_strdup(rec, "table_name");
    b->table_arn = record_strdup(rec, "table_arn");
    b->table_id = record_strdup(rec, "table_id");
    b->created = record_number(rec, "created", 0);
    b->snapshot = t;
    r->backups = xrealloc(r->backups, (r->nbackups + 1) * sizeof *r->backups);
    r->backups[r->nbackups++] = b;
    loading.item_target = t;
    loading.target_is_table = false;
    loading.stream = NULL;
    return 0;
}

static int ddb_load(struct state_reader *rd, const cJSON *rec, int version)
{
    (void)version; /* only one format so far */
    const char *type = record_string(rec, "type");
    if (!type)
        return state_refuse(rd, "record without a type");
    if (strcmp(type, "item") == 0)
        return load_item(rd, rec);
    if (strcmp(type, "stream_record") == 0)
        return load_stream_record(rd, rec);
    if (strcmp(type, "table") == 0)
        return load_table(rd, rec);
    if (strcmp(type, "region") == 0)
        return load_region(rd, rec);
    if (strcmp(type, "stream") == 0)
        return load_stream(rd, rec);
    if (strcmp(type, "kinesis_destinations") == 0)
        return load_kinesis_destinations(rd, rec);
    if (strcmp(type, "backup") == 0)
        return load_backup(rd, rec);
    return state_refuse(rd, "unknown record type %s", type);
}

static void *ddb_detach(void)
{
    loading_forget();
    return regional_states_detach(ddb_regional_states());
}

static void ddb_attach(void *detached)
{
    loading_forget();
    regional_states_attach(ddb_regional_states(), detached);
}

static void ddb_discard(void *detached)
{
    loading_forget();
    regional_states_discard(detached);
}

const struct service_persistence ddb_persistence = {
    .format_version = FORMAT_VERSION,
    .save = ddb_save,
    .load = ddb_load,
    .detach = ddb_detach,
    .attach = ddb_attach,
    .discard = ddb_discard,
};

/* DynamoDB Streams has no state of its own: its streams and their records belong to
 * DynamoDB's regions and are saved and loaded with them. */
static int streams_save(struct state_writer *w)
{
    (void)w;
    return 0;
}

static int streams_load(struct state_reader *rd, const cJSON *rec, int version)
{
    (void)rec;
    (void)version;
    return state_refuse(rd, "dynamodbstreams saves no records: its streams are DynamoDB's");
}

static void *streams_detach(void)
{
    return NULL;
}

static void streams_keep(void *detached)
{
    (void)detached;
}

const struct service_persistence ddb_streams_persistence = {
    .format_version = FORMAT_VERSION,
    .save = streams_save,
    .load = streams_load,
    .detach = streams_detach,
    .attach = streams_keep,
    .discard = streams_keep,
};
