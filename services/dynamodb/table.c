/* DynamoDB's per-region state: tables with their items and secondary indexes kept in step on
 * every write, and their streams and backups. */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/idempotency.h"
#include "../core/regional_state.h"
#include "../core/request_id.h"
#include "kinesis_destination.h"
#include "stream.h"

/* A transaction's ClientRequestToken is remembered this long, as DynamoDB does. */
#define IDEMPOTENCY_SECONDS 600

double ddb_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}

/* ---- regions ---- */

static void *region_create(const char *account, const char *region)
{
    struct ddb_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->idempotency = idempotency_store_new(IDEMPOTENCY_SECONDS);
    r->imports = cJSON_CreateArray();
    r->exports = cJSON_CreateArray();
    return r;
}

void ddb_backup_free(struct ddb_backup *b)
{
    free(b->arn);
    free(b->name);
    free(b->table_name);
    free(b->table_arn);
    free(b->table_id);
    ddb_table_free(b->snapshot);
    free(b);
}

static void region_destroy(void *state)
{
    struct ddb_region *r = state;
    for (size_t i = 0; i < r->ntables; i++)
        ddb_table_free(r->tables[i]);
    for (size_t i = 0; i < r->nstreams; i++)
        ddb_stream_free(r->streams[i]);
    for (size_t i = 0; i < r->nbackups; i++)
        ddb_backup_free(r->backups[i]);
    free(r->tables);
    free(r->streams);
    free(r->backups);
    idempotency_store_free(r->idempotency);
    cJSON_Delete(r->imports);
    cJSON_Delete(r->exports);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct ddb_region *ddb_region(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct ddb_region *ddb_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

struct regional_states *ddb_regional_states(void)
{
    return &regions;
}

void ddb_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *ddb_state_json(void)
{
    cJSON *out = cJSON_CreateObject();
    cJSON *tables = cJSON_AddArrayToObject(out, "tables");
    for (size_t i = 0; i < regions.count; i++) {
        struct ddb_region *r = regions.entries[i].state;
        for (size_t j = 0; j < r->ntables; j++) {
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "account", r->account);
            cJSON_AddStringToObject(t, "region", r->region);
            cJSON_AddStringToObject(t, "name", r->tables[j]->name);
            cJSON_AddNumberToObject(t, "items", (double)oidx_count(r->tables[j]->items));
            cJSON_AddItemToArray(tables, t);
        }
    }
    return out;
}

static size_t table_position(const struct ddb_region *r, const char *name, bool *found)
{
    size_t lo = 0, hi = r->ntables;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->tables[mid]->name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

struct ddb_table *ddb_table_find(struct ddb_region *r, const char *name)
{
    bool found;
    size_t i = table_position(r, name, &found);
    return found ? r->tables[i] : NULL;
}

struct ddb_table *ddb_table_lookup(struct ddb_region *r, const char *name_or_arn)
{
    if (strncmp(name_or_arn, "arn:", 4) == 0) {
        const char *slash = strstr(name_or_arn, ":table/");
        if (!slash)
            return NULL;
        struct ddb_table *t = ddb_table_find(r, slash + 7);
        return t && strcmp(t->arn, name_or_arn) == 0 ? t : NULL;
    }
    return ddb_table_find(r, name_or_arn);
}

void ddb_region_add_table(struct ddb_region *r, struct ddb_table *t)
{
    bool found;
    size_t i = table_position(r, t->name, &found);
    r->tables = xrealloc(r->tables, (r->ntables + 1) * sizeof *r->tables);
    memmove(&r->tables[i + 1], &r->tables[i], (r->ntables - i) * sizeof *r->tables);
    r->tables[i] = t;
    r->ntables++;
}

void ddb_region_remove_table(struct ddb_region *r, struct ddb_table *t)
{
    bool found;
    size_t i = table_position(r, t->name, &found);
    if (!found)
        return;
    memmove(&r->tables[i], &r->tables[i + 1], (r->ntables - i - 1) * sizeof *r->tables);
    r->ntables--;
}

/* ---- tables ---- */

struct ddb_table *ddb_table_new(void)
{
    struct ddb_table *t = xcalloc(1, sizeof *t);
    t->items = oidx_new(2);
    t->created = ddb_now_seconds();
    char id[37];
    uuid_new(id);
    t->id = xstrdup(id);
    t->status = xstrdup("ACTIVE");
    t->tags = cJSON_CreateArray();
    t->pitr_days = PITR_DEFAULT_DAYS;
    return t;
}

static void key_schema_free(struct ddb_key_schema *k)
{
    free(k->hash);
    free(k->range);
}

void ddb_index_free(struct ddb_index *idx)
{
    free(idx->name);
    free(idx->arn);
    free(idx->projection_type);
    cJSON_Delete(idx->non_key_attributes);
    cJSON_Delete(idx->on_demand);
    key_schema_free(&idx->key);
    oidx_free(idx->entries);
}

static void free_items(struct ordered_index *items)
{
    for (struct oidx_node *n = oidx_first(items); n; n = oidx_next(n)) {
        struct ddb_item *it = n->value;
        cJSON_Delete(it->attrs);
        free(it);
    }
}

void ddb_table_free(struct ddb_table *t)
{
    if (!t)
        return;
    free_items(t->items);
    oidx_free(t->items);
    for (int i = 0; i < t->nindexes; i++)
        ddb_index_free(&t->indexes[i]);
    free(t->indexes);
    free(t->name);
    free(t->arn);
    free(t->id);
    free(t->status);
    key_schema_free(&t->key);
    cJSON_Delete(t->attribute_definitions);
    free(t->billing_mode);
    cJSON_Delete(t->on_demand);
    cJSON_Delete(t->tags);
    cJSON_Delete(t->sse);
    free(t->table_class);
    free(t->ttl_attribute);
    free(t->stream_view_type);
    cJSON_Delete(t->kinesis_destinations);
    ddb_policy_slot_clear(&t->policy);
    free(t);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static cJSON *dup_json(const cJSON *j)
{
    return j ? cJSON_Duplicate(j, true) : NULL;
}

static void key_schema_copy(struct ddb_key_schema *to, const struct ddb_key_schema *from)
{
    *to = *from;
    to->hash = dup_or_null(from->hash);
    to->range = dup_or_null(from->range);
}

struct ddb_table *ddb_table_clone(const struct ddb_table *src, const char *new_name,
                                  const char *arn_prefix)
{
    struct ddb_table *t = ddb_table_new();
    t->name = xstrdup(new_name);
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s%s", arn_prefix, new_name);
    t->arn = buf_take(&arn);
    key_schema_copy(&t->key, &src->key);
    t->attribute_definitions = dup_json(src->attribute_definitions);
    t->billing_mode = dup_or_null(src->billing_mode);
    t->rcu = src->rcu;
    t->wcu = src->wcu;
    t->on_demand = dup_json(src->on_demand);
    t->warm = src->warm;
    t->sse = dup_json(src->sse);
    t->table_class = dup_or_null(src->table_class);
    t->nindexes = src->nindexes;
    t->indexes = xcalloc((size_t)src->nindexes + 1, sizeof *t->indexes);
    for (int i = 0; i < src->nindexes; i++) {
        const struct ddb_index *s = &src->indexes[i];
        struct ddb_index *d = &t->indexes[i];
        *d = *s;
        d->name = xstrdup(s->name);
        struct buf iarn = BUF_INIT;
        buf_printf(&iarn, "%s/index/%s", t->arn, s->name);
        d->arn = buf_take(&iarn);
        key_schema_copy(&d->key, &s->key);
        d->projection_type = dup_or_null(s->projection_type);
        d->non_key_attributes = dup_json(s->non_key_attributes);
        d->on_demand = dup_json(s->on_demand);
        d->entries = oidx_new(4);
        d->size_bytes = 0;
    }
    for (struct oidx_node *n = oidx_first(src->items); n; n = oidx_next(n)) {
        const struct ddb_item *it = n->value;
        cJSON *old = ddb_table_put(t, cJSON_Duplicate(it->attrs, true));
        cJSON_Delete(old);
    }
    return t;
}

bool ddb_item_key(const struct ddb_key_schema *k, const cJSON *item, const cJSON **hash,
                  const cJSON **range)
{
    *hash = cJSON_GetObjectItemCaseSensitive(item, k->hash);
    *range = k->range ? cJSON_GetObjectItemCaseSensitive(item, k->range) : NULL;
    return *hash && (!k->range || *range);
}

struct ddb_item *ddb_table_get(const struct ddb_table *t, const cJSON *key)
{
    const cJSON *keys[2];
    if (!ddb_item_key(&t->key, key, &keys[0], &keys[1]))
        return NULL;
    struct oidx_node *n = oidx_find(t->items, keys);
    return n ? n->value : NULL;
}

/* The index keys of item, or false when the item is not in the index (sparse indexes). */
static bool index_keys(const struct ddb_table *t, const struct ddb_index *idx, const cJSON *item,
                       const cJSON *keys[4])
{
    if (!ddb_item_key(&idx->key, item, &keys[0], &keys[1]))
        return false;
    if (av_type(keys[0]) != idx->key.hash_type ||
        (keys[1] && av_type(keys[1]) != idx->key.range_type))
        return false;
    ddb_item_key(&t->key, item, &keys[2], &keys[3]);
    return true;
}

static void index_add(struct ddb_table *t, struct ddb_item *it)
{
    for (int i = 0; i < t->nindexes; i++) {
        struct ddb_index *idx = &t->indexes[i];
        const cJSON *keys[4];
        if (!index_keys(t, idx, it->attrs, keys))
            continue;
        struct oidx_node *n = oidx_insert(idx->entries, keys, it);
        n->attrs = it->attrs;
        n->weight = it->size;
        idx->size_bytes += it->size;
    }
}

static void index_remove(struct ddb_table *t, struct ddb_item *it)
{
    for (int i = 0; i < t->nindexes; i++) {
        struct ddb_index *idx = &t->indexes[i];
        const cJSON *keys[4];
        if (!index_keys(t, idx, it->attrs, keys))
            continue;
        if (oidx_remove(idx->entries, keys))
            idx->size_bytes -= it->size;
    }
}

void ddb_index_rebuild(struct ddb_table *t, struct ddb_index *idx)
{
    oidx_free(idx->entries);
    idx->entries = oidx_new(4);
    idx->size_bytes = 0;
    for (struct oidx_node *n = oidx_first(t->items); n; n = oidx_next(n)) {
        struct ddb_item *it = n->value;
        const cJSON *keys[4];
        if (!index_keys(t, idx, it->attrs, keys))
            continue;
        struct oidx_node *e = oidx_insert(idx->entries, keys, it);
        e->attrs = it->attrs;
        e->weight = it->size;
        idx->size_bytes += it->size;
    }
}

static void note_expiry(struct ddb_table *t, const cJSON *attrs);

cJSON *ddb_table_put(struct ddb_table *t, cJSON *attrs)
{
    const cJSON *keys[2];
    ddb_item_key(&t->key, attrs, &keys[0], &keys[1]);
    struct oidx_node *n = oidx_find(t->items, keys);
    cJSON *old = NULL;
    struct ddb_item *it;
    if (n) {
        it = n->value;
        index_remove(t, it);
        t->size_bytes -= it->size;
        old = it->attrs;
        /* same key values, new storage: the entry's borrowed keys move to the new attributes */
        n->keys[0] = keys[0];
        n->keys[1] = keys[1];
    } else {
        it = xcalloc(1, sizeof *it);
        n = oidx_insert(t->items, keys, it);
    }
    it->attrs = attrs;
    it->size = item_size(attrs);
    n->attrs = attrs;
    n->weight = it->size;
    t->size_bytes += it->size;
    index_add(t, it);
    note_expiry(t, attrs);
    if (t->stream && t->stream->enabled)
        ddb_stream_record(t->stream, t, old, attrs, false);
    if (t->kinesis_destinations)
        ddb_kinesis_forward(t, old, attrs, false);
    return old;
}

static cJSON *remove_item(struct ddb_table *t, const cJSON *key, bool by_ttl)
{
    const cJSON *keys[2];
    if (!ddb_item_key(&t->key, key, &keys[0], &keys[1]))
        return NULL;
    struct oidx_node *n = oidx_find(t->items, keys);
    if (!n)
        return NULL;
    struct ddb_item *it = n->value;
    index_remove(t, it);
    oidx_remove(t->items, keys);
    t->size_bytes -= it->size;
    cJSON *old = it->attrs;
    free(it);
    if (t->stream && t->stream->enabled)
        ddb_stream_record(t->stream, t, old, NULL, by_ttl);
    if (t->kinesis_destinations)
        ddb_kinesis_forward(t, old, NULL, by_ttl);
    return old;
}

cJSON *ddb_table_delete(struct ddb_table *t, const cJSON *key)
{
    return remove_item(t, key, false);
}

cJSON *ddb_item_view(const cJSON *attrs)
{
    return cJSON_CreateObjectReference(attrs->child);
}

struct ddb_index *ddb_table_index(const struct ddb_table *t, const char *name)
{
    for (int i = 0; i < t->nindexes; i++)
        if (strcmp(t->indexes[i].name, name) == 0)
            return &t->indexes[i];
    return NULL;
}

static bool projected_name(const struct ddb_table *t, const struct ddb_index *idx, const char *name)
{
    if (strcmp(idx->projection_type, "ALL") == 0)
        return true;
    if (strcmp(name, t->key.hash) == 0 || (t->key.range && strcmp(name, t->key.range) == 0) ||
        strcmp(name, idx->key.hash) == 0 || (idx->key.range && strcmp(name, idx->key.range) == 0))
        return true;
    const cJSON *e;
    cJSON_ArrayForEach(e, idx->non_key_attributes)
    {
        if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
            return true;
    }
    return false;
}

cJSON *ddb_index_project(const struct ddb_table *t, const struct ddb_index *idx, const cJSON *item)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *attr;
    cJSON_ArrayForEach(attr, item)
    {
        if (projected_name(t, idx, attr->string))
            cJSON_AddItemToObject(out, attr->string, cJSON_Duplicate(attr, true));
    }
    return out;
}

/* ---- time to live ---- */

/* DynamoDB ignores TTL values more than five years in the past. */
#define TTL_IGNORED_BEFORE_SECONDS (5 * 365.0 * 86400)

/* The expiry time of an item, or 0 when it has none that counts. */
static double expiry_of(const struct ddb_table *t, const cJSON *attrs, double now)
{
    const cJSON *attr = cJSON_GetObjectItemCaseSensitive(attrs, t->ttl_attribute);
    if (av_type(attr) != AV_N)
        return 0;
    double at = strtod(av_payload(attr)->valuestring, NULL);
    return at > now - TTL_IGNORED_BEFORE_SECONDS ? at : 0;
}

static void note_expiry(struct ddb_table *t, const cJSON *attrs)
{
    if (!t->ttl_attribute)
        return;
    double at = expiry_of(t, attrs, ddb_now_seconds());
    if (at > 0 && at < t->next_expiry)
        t->next_expiry = at;
}

void ddb_table_set_ttl(struct ddb_table *t, const char *attribute)
{
    free(t->ttl_attribute);
    t->ttl_attribute = attribute ? xstrdup(attribute) : NULL;
    t->next_expiry = 0; /* unknown: the next request sweeps */
}

void ddb_table_expire(struct ddb_table *t)
{
    if (!t->ttl_attribute)
        return;
    double now = ddb_now_seconds();
    if (now < t->next_expiry)
        return;
    double next = 1e300;
    /* Removing shifts entries, so the expired keys are gathered first. */
    cJSON *expired = cJSON_CreateArray();
    for (struct oidx_node *n = oidx_first(t->items); n; n = oidx_next(n)) {
        struct ddb_item *it = n->value;
        double at = expiry_of(t, it->attrs, now);
        if (at > 0 && at <= now) {
            cJSON *key = cJSON_CreateObject();
            cJSON_AddItemToObject(key, t->key.hash, cJSON_Duplicate(n->keys[0], true));
            if (t->key.range)
                cJSON_AddItemToObject(key, t->key.range, cJSON_Duplicate(n->keys[1], true));
            cJSON_AddItemToArray(expired, key);
        } else if (at > 0 && at < next) {
            next = at;
        }
    }
    const cJSON *key;
    cJSON_ArrayForEach(key, expired) cJSON_Delete(remove_item(t, key, true));
    cJSON_Delete(expired);
    t->next_expiry = next;
}

/* ---- descriptions ---- */

cJSON *ddb_index_key_schema_json(const struct ddb_key_schema *k)
{
    cJSON *ks = cJSON_CreateArray();
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "AttributeName", k->hash);
    cJSON_AddStringToObject(h, "KeyType", "HASH");
    cJSON_AddItemToArray(ks, h);
    if (k->range) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "AttributeName", k->range);
        cJSON_AddStringToObject(r, "KeyType", "RANGE");
        cJSON_AddItemToArray(ks, r);
    }
    return ks;
}

static cJSON *throughput_json(long long rcu, long long wcu, double inc, double dec,
                              long long decreases)
{
    cJSON *p = cJSON_CreateObject();
    if (inc > 0)
        cJSON_AddNumberToObject(p, "LastIncreaseDateTime", inc);
    if (dec > 0)
        cJSON_AddNumberToObject(p, "LastDecreaseDateTime", dec);
    cJSON_AddNumberToObject(p, "NumberOfDecreasesToday", (double)decreases);
    cJSON_AddNumberToObject(p, "ReadCapacityUnits", (double)rcu);
    cJSON_AddNumberToObject(p, "WriteCapacityUnits", (double)wcu);
    return p;
}

/* The warm throughput as DescribeTable shows it: what was asked for, else the default, and at
 * least the provisioned capacity. */
static cJSON *warm_json(const struct ddb_warm_throughput *w, long long rcu, long long wcu)
{
    long long read = w->read ? w->read : WARM_DEFAULT_READ;
    long long write = w->write ? w->write : WARM_DEFAULT_WRITE;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "ReadUnitsPerSecond", (double)(rcu > read ? rcu : read));
    cJSON_AddNumberToObject(o, "WriteUnitsPerSecond", (double)(wcu > write ? wcu : write));
    cJSON_AddStringToObject(o, "Status", "ACTIVE");
    return o;
}

static cJSON *index_describe(const struct ddb_table *t, const struct ddb_index *idx)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "IndexName", idx->name);
    cJSON_AddItemToObject(d, "KeySchema", ddb_index_key_schema_json(&idx->key));
    cJSON *proj = cJSON_AddObjectToObject(d, "Projection");
    cJSON_AddStringToObject(proj, "ProjectionType", idx->projection_type);
    if (idx->non_key_attributes)
        cJSON_AddItemToObject(proj, "NonKeyAttributes",
                              cJSON_Duplicate(idx->non_key_attributes, true));
    if (idx->global) {
        cJSON_AddStringToObject(d, "IndexStatus", "ACTIVE");
        bool on_demand = ddb_table_on_demand(t);
        cJSON_AddItemToObject(
            d, "ProvisionedThroughput",
            throughput_json(on_demand ? 0 : idx->rcu, on_demand ? 0 : idx->wcu, 0, 0, 0));
        if (idx->on_demand)
            cJSON_AddItemToObject(d, "OnDemandThroughput", cJSON_Duplicate(idx->on_demand, true));
        cJSON_AddItemToObject(d, "WarmThroughput",
                              warm_json(&idx->warm, on_demand ? 0 : idx->rcu,
                                        on_demand ? 0 : idx->wcu));
    }
    cJSON_AddNumberToObject(d, "IndexSizeBytes", (double)idx->size_bytes);
    cJSON_AddNumberToObject(d, "ItemCount", (double)oidx_count(idx->entries));
    cJSON_AddStringToObject(d, "IndexArn", idx->arn);
    return d;
}

cJSON *ddb_table_describe(const struct ddb_table *t)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "AttributeDefinitions", dup_json(t->attribute_definitions));
    cJSON_AddStringToObject(d, "TableName", t->name);
    cJSON_AddItemToObject(d, "KeySchema", ddb_index_key_schema_json(&t->key));
    cJSON_AddStringToObject(d, "TableStatus", t->status);
    cJSON_AddNumberToObject(d, "CreationDateTime", t->created);
    bool on_demand = ddb_table_on_demand(t);
    cJSON_AddItemToObject(d, "ProvisionedThroughput",
                          throughput_json(on_demand ? 0 : t->rcu, on_demand ? 0 : t->wcu,
                                          t->last_increase, t->last_decrease, t->decreases_today));
    cJSON_AddNumberToObject(d, "TableSizeBytes", (double)t->size_bytes);
    cJSON_AddNumberToObject(d, "ItemCount", (double)oidx_count(t->items));
    cJSON_AddStringToObject(d, "TableArn", t->arn);
    cJSON_AddStringToObject(d, "TableId", t->id);
    if (on_demand || t->billing_mode_changed > 0) {
        cJSON *b = cJSON_AddObjectToObject(d, "BillingModeSummary");
        cJSON_AddStringToObject(b, "BillingMode", t->billing_mode);
        cJSON_AddNumberToObject(b, "LastUpdateToPayPerRequestDateTime",
                                t->billing_mode_changed > 0 ? t->billing_mode_changed : t->created);
    }
    cJSON *lsis = NULL, *gsis = NULL;
    for (int i = 0; i < t->nindexes; i++) {
        const struct ddb_index *idx = &t->indexes[i];
        cJSON **list = idx->global ? &gsis : &lsis;
        if (!*list)
            *list = cJSON_CreateArray();
        cJSON_AddItemToArray(*list, index_describe(t, idx));
    }
    if (lsis)
        cJSON_AddItemToObject(d, "LocalSecondaryIndexes", lsis);
    if (gsis)
        cJSON_AddItemToObject(d, "GlobalSecondaryIndexes", gsis);
    if (t->stream) {
        cJSON *spec = cJSON_AddObjectToObject(d, "StreamSpecification");
        cJSON_AddBoolToObject(spec, "StreamEnabled", t->stream->enabled);
        if (t->stream->enabled)
            cJSON_AddStringToObject(spec, "StreamViewType", t->stream->view_type);
        cJSON_AddStringToObject(d, "LatestStreamLabel", t->stream->label);
        cJSON_AddStringToObject(d, "LatestStreamArn", t->stream->arn);
    }
    if (t->sse)
        cJSON_AddItemToObject(d, "SSEDescription", cJSON_Duplicate(t->sse, true));
    if (t->table_class) {
        cJSON *c = cJSON_AddObjectToObject(d, "TableClassSummary");
        cJSON_AddStringToObject(c, "TableClass", t->table_class);
    }
    if (t->on_demand)
        cJSON_AddItemToObject(d, "OnDemandThroughput", cJSON_Duplicate(t->on_demand, true));
    cJSON_AddItemToObject(d, "WarmThroughput",
                          warm_json(&t->warm, on_demand ? 0 : t->rcu, on_demand ? 0 : t->wcu));
    cJSON_AddBoolToObject(d, "DeletionProtectionEnabled", t->deletion_protection);
    return d;
}

double ddb_pitr_earliest(const struct ddb_table *t, double now)
{
    double window_start = now - (double)t->pitr_days * 86400.0;
    return t->pitr_since > window_start ? t->pitr_since : window_start;
}

bool ddb_table_on_demand(const struct ddb_table *t)
{
    return t->billing_mode && strcmp(t->billing_mode, "PAY_PER_REQUEST") == 0;
}
