/* Query and Scan: walks of a table's or index's ordered entries, with Limit, the 1 MB page, the
 * filter applied after both (as DynamoDB does) and LastEvaluatedKey to go on from. */
#include <stdint.h>
#include <string.h>

#include "../core/params.h"
#include "legacy.h"
#include "ops.h"
#include "request.h"

#define PAGE_BYTES (1024 * 1024)

/* What a read walks: the table's items or one index's entries. */
struct source {
    struct ddb_table *table;
    struct ddb_index *index; /* NULL for the table */
    struct ordered_index *entries;
    int nkeys; /* 2 for a table, 4 for an index */
    const struct ddb_key_schema *key;
};

/* Common read parameters of Query and Scan. */
struct read_plan {
    struct expr_ctx ctx;
    struct source src;
    struct expr *filter;
    struct projection *projection;
    const char *select;
    long long limit;
    bool consistent;
    const cJSON *start_keys[4];
    bool has_start;
};

static int resolve_source(struct call *c, const cJSON *in, struct source *src)
{
    src->table = ddb_require_table(c, in);
    if (!src->table)
        return -1;
    const char *index_name = param_string(in, "IndexName");
    if (!index_name) {
        src->entries = src->table->items;
        src->nkeys = 2;
        src->key = &src->table->key;
        return 0;
    }
    src->index = ddb_table_index(src->table, index_name);
    if (!src->index)
        return ddb_validation(c, "The table does not have the specified index: %s", index_name);
    if (src->index->global && param_bool(in, "ConsistentRead", false))
        return ddb_validation(c, "Consistent reads are not supported on global secondary indexes");
    src->entries = src->index->entries;
    src->nkeys = 4;
    src->key = &src->index->key;
    return 0;
}

static bool names_key(const struct ddb_key_schema *k, const char *name)
{
    return strcmp(name, k->hash) == 0 || (k->range && strcmp(name, k->range) == 0);
}

/* ExclusiveStartKey → the entry keys to continue after. It must hold exactly the table's key
 * attributes and, for an index, the index's; Query and Scan word the failure differently. */
static int start_key(struct call *c, const cJSON *in, struct read_plan *rp, bool is_query)
{
    const cJSON *esk = cJSON_GetObjectItemCaseSensitive(in, "ExclusiveStartKey");
    if (!esk)
        return 0;
    char msg[512];
    const cJSON *attr;
    cJSON_ArrayForEach(attr, esk)
    {
        const char *error = av_validate((cJSON *)attr, msg, sizeof msg);
        if (error)
            return ddb_validation(c, "%s", error);
    }
    const struct ddb_table *t = rp->src.table;
    const struct ddb_index *idx = rp->src.index;
    const cJSON *h, *r, *ih = NULL, *ir = NULL;
    bool ok = ddb_item_key(&t->key, esk, &h, &r) && av_type(h) == t->key.hash_type &&
              (!r || av_type(r) == t->key.range_type);
    if (ok && idx)
        ok = ddb_item_key(&idx->key, esk, &ih, &ir) && av_type(ih) == idx->key.hash_type &&
             (!ir || av_type(ir) == idx->key.range_type);
    cJSON_ArrayForEach(attr, esk)
    {
        if (!names_key(&t->key, attr->string) && !(idx && names_key(&idx->key, attr->string)))
            ok = false;
    }
    if (!ok)
        return ddb_validation(c, is_query ? "The provided starting key is invalid"
                                          : "The provided starting key is invalid: The provided "
                                            "key element does not match the schema");
    if (idx) {
        rp->start_keys[0] = ih;
        rp->start_keys[1] = ir;
        rp->start_keys[2] = h;
        rp->start_keys[3] = r;
    } else {
        rp->start_keys[0] = h;
        rp->start_keys[1] = r;
    }
    rp->has_start = true;
    return 0;
}

static int check_select(struct call *c, const cJSON *in, struct read_plan *rp)
{
    rp->select = param_string(in, "Select");
    bool has_projection = rp->projection != NULL;
    if (!rp->select)
        return 0;
    if (strcmp(rp->select, "ALL_PROJECTED_ATTRIBUTES") == 0 && !rp->src.index)
        return ddb_validation(c, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an "
                                 "IndexName");
    if (strcmp(rp->select, "SPECIFIC_ATTRIBUTES") == 0 && !has_projection)
        return ddb_validation(c, "SPECIFIC_ATTRIBUTES can be used only when specifying an "
                                 "AttributesToGet or a ProjectionExpression");
    if (strcmp(rp->select, "SPECIFIC_ATTRIBUTES") != 0 && has_projection)
        return ddb_validation(c, "Cannot specify the AttributesToGet when choosing to get %s",
                              rp->select);
    if (strcmp(rp->select, "ALL_ATTRIBUTES") == 0 && rp->src.index && rp->src.index->global &&
        strcmp(rp->src.index->projection_type, "ALL") != 0)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Select type "
                              "ALL_ATTRIBUTES is not supported for global secondary index %s "
                              "because its projection type is not ALL",
                              rp->src.index->name);
    return 0;
}

/* Everything but the key condition (Query) or segments (Scan). */
static int read_plan_parse(struct call *c, cJSON *in, const char *legacy_filter, bool is_query,
                           struct read_plan *rp)
{
    if (resolve_source(c, in, &rp->src))
        return -1;
    rp->limit = param_int(in, "Limit", 0);
    rp->consistent = param_bool(in, "ConsistentRead", false);
    if (ddb_check_no_mixing(c, in, legacy_filter, "FilterExpression") ||
        ddb_check_no_mixing(c, in, "AttributesToGet", "ProjectionExpression") ||
        ddb_check_placeholders_without_expressions(c, in) || ddb_expr_begin(c, in, &rp->ctx))
        return -1;
    const cJSON *legacy = cJSON_GetObjectItemCaseSensitive(in, legacy_filter);
    if (legacy) {
        if (legacy_conditions(&rp->ctx, legacy, param_string(in, "ConditionalOperator"),
                              &rp->filter))
            return ddb_validation(c, "%s", rp->ctx.error);
    } else if (ddb_parse_condition(c, &rp->ctx, in, "FilterExpression", &rp->filter)) {
        return -1;
    }
    const cJSON *to_get = cJSON_GetObjectItemCaseSensitive(in, "AttributesToGet");
    if (to_get) {
        rp->projection = arena_alloc(&rp->ctx.arena, sizeof *rp->projection);
        legacy_attributes_to_get(&rp->ctx, to_get, rp->projection);
    } else if (ddb_parse_projection(c, &rp->ctx, in, &rp->projection)) {
        return -1;
    }
    return check_select(c, in, rp) || start_key(c, in, rp, is_query);
}

/* The item as the read returns it: projected by the expression, or by the index. A GSI only
 * has what it projects; an LSI fetches the rest from the table. */
static cJSON *returned_item(const struct read_plan *rp, const cJSON *attrs)
{
    const struct ddb_index *idx = rp->src.index;
    if (rp->projection && idx && idx->global && strcmp(idx->projection_type, "ALL") != 0) {
        cJSON *projected = ddb_index_project(rp->src.table, idx, attrs);
        cJSON *result = projection_apply(projected, rp->projection);
        cJSON_Delete(projected);
        return result;
    }
    if (rp->projection)
        return projection_apply(attrs, rp->projection);
    bool all = rp->select && strcmp(rp->select, "ALL_ATTRIBUTES") == 0;
    if (rp->src.index && !all)
        return ddb_index_project(rp->src.table, rp->src.index, attrs);
    return ddb_item_view(attrs);
}

static cJSON *last_evaluated_key(const struct read_plan *rp, const struct oidx_node *n)
{
    cJSON *key = ddb_key_of(rp->src.table, n->attrs);
    if (rp->src.index) {
        const struct ddb_key_schema *k = &rp->src.index->key;
        if (!cJSON_GetObjectItemCaseSensitive(key, k->hash))
            cJSON_AddItemToObject(key, k->hash, cJSON_Duplicate(n->keys[0], true));
        if (k->range && !cJSON_GetObjectItemCaseSensitive(key, k->range))
            cJSON_AddItemToObject(key, k->range, cJSON_Duplicate(n->keys[1], true));
    }
    return key;
}

/* One page of results. */
struct page {
    cJSON *items;
    long long count, scanned;
    size_t bytes;
    const struct oidx_node *last;
    bool more;
};

/* Takes entry n into the page; false when the page is full after it. */
static bool page_take(const struct read_plan *rp, struct page *pg, const struct oidx_node *n)
{
    pg->scanned++;
    pg->bytes += n->weight;
    pg->last = n;
    if (expr_eval_condition(rp->filter, n->attrs)) {
        pg->count++;
        if (!rp->select || strcmp(rp->select, "COUNT") != 0)
            cJSON_AddItemToArray(pg->items, returned_item(rp, n->attrs));
    }
    if (rp->limit > 0 && pg->scanned >= rp->limit)
        return false;
    return pg->bytes < PAGE_BYTES;
}

static void page_answer(const cJSON *in, const struct read_plan *rp, struct page *pg, cJSON *out)
{
    if (!rp->select || strcmp(rp->select, "COUNT") != 0)
        cJSON_AddItemToObject(out, "Items", pg->items);
    else
        cJSON_Delete(pg->items);
    cJSON_AddNumberToObject(out, "Count", (double)pg->count);
    cJSON_AddNumberToObject(out, "ScannedCount", (double)pg->scanned);
    if (pg->more && pg->last)
        cJSON_AddItemToObject(out, "LastEvaluatedKey", last_evaluated_key(rp, pg->last));
    ddb_add_capacity(in, out, rp->src.table, ddb_read_units(pg->bytes, rp->consistent));
}

/* ---- Query ---- */

struct key_condition {
    const cJSON *hash;
    const struct expr *range; /* the sort key's condition, or NULL */
};

static const char *operator_name(const struct expr *e)
{
    static const char *const CMP[] = {"=", "<>", "<", "<=", ">", ">="};
    switch (e->kind) {
    case EXPR_OR:
        return "OR";
    case EXPR_NOT:
        return "NOT";
    case EXPR_IN:
        return "IN";
    case EXPR_COMPARE:
        return CMP[e->cmp];
    case EXPR_FUNC:
        switch (e->func) {
        case FN_ATTRIBUTE_EXISTS:
            return "attribute_exists";
        case FN_ATTRIBUTE_NOT_EXISTS:
            return "attribute_not_exists";
        case FN_ATTRIBUTE_TYPE:
            return "attribute_type";
        case FN_CONTAINS:
            return "contains";
        case FN_SIZE:
            return "size";
        default:
            return "begins_with";
        }
    default:
        return "";
    }
}

static int flatten_and(const struct expr *e, const struct expr **parts, int *n)
{
    if (e->kind == EXPR_AND)
        return flatten_and(e->args[0], parts, n) || flatten_and(e->args[1], parts, n);
    if (*n == 2)
        return 1;
    parts[(*n)++] = e;
    return 0;
}

/* The attribute a key condition is on (its first operand, a one-step path), or NULL. */
static const char *condition_attribute(const struct expr *e)
{
    if (e->nargs < 1 || e->args[0]->kind != EXPR_PATH || e->args[0]->path.n != 1)
        return NULL;
    for (int i = 1; i < e->nargs; i++)
        if (e->args[i]->kind != EXPR_VALUE)
            return NULL;
    return e->args[0]->path.steps[0].name;
}

static int paths_in(const struct expr *e)
{
    int n = 0;
    for (int i = 0; i < e->nargs; i++)
        n += e->args[i]->kind == EXPR_PATH;
    return n;
}

static int analyse_key_condition(struct call *c, const struct source *src, const struct expr *e,
                                 struct key_condition *kc)
{
    const struct expr *parts[2];
    int n = 0;
    if (flatten_and(e, parts, &n))
        return ddb_validation(c, "KeyConditionExpressions must only contain one condition per key");
    for (int i = 0; i < n; i++) {
        const struct expr *p = parts[i];
        bool supported = (p->kind == EXPR_COMPARE && p->cmp != CMP_NE) || p->kind == EXPR_BETWEEN ||
                         (p->kind == EXPR_FUNC && p->func == FN_BEGINS_WITH);
        if (!supported)
            return ddb_validation(c, "Invalid operator used in KeyConditionExpression: %s",
                                  operator_name(p));
    }
    memset(kc, 0, sizeof *kc);
    const struct ddb_key_schema *k = src->key;
    bool other_attribute = false;
    for (int i = 0; i < n; i++) {
        const struct expr *p = parts[i];
        const char *name = condition_attribute(p);
        if (!name && paths_in(p) > 1)
            return ddb_validation(c, "Invalid condition in KeyConditionExpression: Multiple "
                                     "attribute names used in one condition");
        if (!name)
            return ddb_validation(c, "Query key condition not supported");
        if (strcmp(name, k->hash) == 0 && !kc->hash) {
            if (p->kind != EXPR_COMPARE || p->cmp != CMP_EQ)
                return ddb_validation(c, "Query key condition not supported");
            kc->hash = p->args[1]->value;
        } else if (k->range && strcmp(name, k->range) == 0 && !kc->range) {
            kc->range = p;
        } else if (strcmp(name, k->hash) == 0 || (k->range && strcmp(name, k->range) == 0)) {
            return ddb_validation(c, "KeyConditionExpressions must only contain one condition per "
                                     "key");
        } else {
            other_attribute = true;
        }
    }
    /* DynamoDB names the key element it misses: the hash key first, then the sort key */
    if (!kc->hash)
        return ddb_validation(c, "Query condition missed key schema element: %s", k->hash);
    if (other_attribute)
        return ddb_validation(c, "Query condition missed key schema element: %s",
                              k->range ? k->range : k->hash);
    if (av_type(kc->hash) != k->hash_type)
        return ddb_validation(c, "One or more parameter values were invalid: Condition parameter "
                                 "type does not match schema type");
    for (int i = 1; kc->range && i < kc->range->nargs; i++)
        if (av_type(kc->range->args[i]->value) != k->range_type)
            return ddb_validation(c, "One or more parameter values were invalid: Condition "
                                     "parameter type does not match schema type");
    return 0;
}

/* Where the sort key condition lets a walk start and whether an entry is still inside. */
struct range_bounds {
    const cJSON *lower, *upper;
    bool lower_open, upper_open;
    const struct expr *prefix; /* begins_with */
    struct oidx_probe lower_probe, upper_probe;
};

static void range_bounds(const struct expr *range, struct range_bounds *b)
{
    memset(b, 0, sizeof *b);
    if (!range)
        return;
    if (range->kind == EXPR_BETWEEN) {
        b->lower = range->args[1]->value;
        b->upper = range->args[2]->value;
        return;
    }
    if (range->kind == EXPR_FUNC) {
        b->prefix = range;
        b->lower = range->args[1]->value;
        return;
    }
    const cJSON *v = range->args[1]->value;
    switch (range->cmp) {
    case CMP_EQ:
        b->lower = b->upper = v;
        break;
    case CMP_LT:
        b->upper = v, b->upper_open = true;
        break;
    case CMP_LE:
        b->upper = v;
        break;
    case CMP_GT:
        b->lower = v, b->lower_open = true;
        break;
    case CMP_GE:
        b->lower = v;
        break;
    default:
        break;
    }
}

static bool has_prefix(const struct range_bounds *b, const cJSON *sk);

static void range_probes(struct range_bounds *b)
{
    oidx_probe_init(&b->lower_probe, b->lower);
    oidx_probe_init(&b->upper_probe, b->upper);
}

/* The sort key of entry n (key 1) against the bounds, through the digests where they decide. */
static bool above_lower(const struct range_bounds *b, const struct oidx_node *n)
{
    if (!b->lower)
        return true;
    int cmp = oidx_compare_probe(n, 1, &b->lower_probe);
    return b->lower_open ? cmp > 0 : cmp >= 0;
}

static bool below_upper(const struct range_bounds *b, const struct oidx_node *n)
{
    if (b->prefix || !b->upper)
        return true;
    int cmp = oidx_compare_probe(n, 1, &b->upper_probe);
    return b->upper_open ? cmp < 0 : cmp <= 0;
}

static bool in_range(const struct range_bounds *b, const struct oidx_node *n)
{
    return n->keys[1] && has_prefix(b, n->keys[1]) && above_lower(b, n) && below_upper(b, n);
}

static bool has_prefix(const struct range_bounds *b, const cJSON *sk)
{
    if (!b->prefix)
        return true;
    const cJSON *prefix = b->lower;
    if (av_type(sk) == AV_S)
        return strncmp(av_payload(sk)->valuestring, av_payload(prefix)->valuestring,
                       strlen(av_payload(prefix)->valuestring)) == 0;
    /* binary: compare decoded bytes */
    struct buf x = BUF_INIT, y = BUF_INIT;
    av_binary_bytes(av_payload(sk), &x);
    av_binary_bytes(av_payload(prefix), &y);
    bool ok = y.len <= x.len && (y.len == 0 || memcmp(x.data, y.data, y.len) == 0);
    buf_free(&x);
    buf_free(&y);
    return ok;
}

/* Items live wherever they were allocated: asking for the ones a few entries ahead (the item
 * record, then its attributes) overlaps their cache misses with the work on this one. */
static void prefetch_items(const struct oidx_node *n, bool forward)
{
    const struct oidx_node *ahead = oidx_nearby(n, forward ? 16 : -16);
    if (ahead)
        __builtin_prefetch(ahead->attrs);
}

/* The start of a walk: the items of the next entries all at once. */
static void prefetch_first_items(const struct oidx_node *n, bool forward)
{
    for (int i = 0; n && i < 16; i++) {
        const struct oidx_node *e = oidx_nearby(n, forward ? i : -i);
        if (!e)
            break;
        __builtin_prefetch(e->attrs);
    }
}

static bool same_partition(const struct oidx_node *n, const struct oidx_probe *hash)
{
    return n && oidx_compare_probe(n, 0, hash) == 0;
}

static const struct oidx_node *query_start(const struct read_plan *rp, const cJSON *hash,
                                           const struct range_bounds *b, bool forward)
{
    const struct ordered_index *x = rp->src.entries;
    if (rp->has_start)
        return forward ? oidx_seek(x, rp->start_keys, rp->src.nkeys, true)
                       : oidx_seek_back(x, rp->start_keys, rp->src.nkeys, true);
    const cJSON *keys[4] = {hash, NULL, NULL, NULL};
    if (forward) {
        keys[1] = b->lower;
        return oidx_seek(x, keys, b->lower ? 2 : 1, b->lower_open);
    }
    keys[1] = b->prefix ? NULL : b->upper;
    return oidx_seek_back(x, keys, keys[1] ? 2 : 1, keys[1] ? b->upper_open : false);
}

/* The first key attribute a filter refers to, or NULL. */
static const char *key_in_filter(const struct expr *e, const struct ddb_key_schema *k)
{
    if (!e)
        return NULL;
    if (e->kind == EXPR_PATH) {
        const char *name = e->path.steps[0].name;
        if (strcmp(name, k->hash) == 0 || (k->range && strcmp(name, k->range) == 0))
            return name;
        return NULL;
    }
    for (int i = 0; i < e->nargs; i++) {
        const char *found = key_in_filter(e->args[i], k);
        if (found)
            return found;
    }
    return NULL;
}

static int check_filter_spares_keys(struct call *c, const struct read_plan *rp)
{
    const char *key = key_in_filter(rp->filter, rp->src.key);
    if (key)
        return ddb_validation(c,
                              "Filter Expression can only contain non-primary key attributes: "
                              "Primary key attribute: %s",
                              key);
    return 0;
}

int ddb_query(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *params = (cJSON *)in; /* this call's own tree: numbers are canonicalised in place */
    struct read_plan rp = {0};
    struct page pg = {cJSON_CreateArray(), 0, 0, 0, NULL, false};
    int rc = -1;
    if (ddb_check_no_mixing(c, in, "KeyConditions", "KeyConditionExpression") ||
        read_plan_parse(c, params, "QueryFilter", true, &rp))
        goto done;
    struct expr *key_expr = NULL;
    const cJSON *legacy = cJSON_GetObjectItemCaseSensitive(in, "KeyConditions");
    if (legacy) {
        if (legacy_conditions(&rp.ctx, legacy, "AND", &key_expr)) {
            ddb_validation(c, "%s", rp.ctx.error);
            goto done;
        }
    } else if (ddb_parse_condition(c, &rp.ctx, in, "KeyConditionExpression", &key_expr)) {
        goto done;
    }
    if (!key_expr) {
        ddb_validation(c, "Either the KeyConditions or KeyConditionExpression parameter must be "
                          "specified in the request.");
        goto done;
    }
    if (ddb_expr_finish(c, &rp.ctx) || check_filter_spares_keys(c, &rp))
        goto done;
    struct key_condition kc;
    if (analyse_key_condition(c, &rp.src, key_expr, &kc))
        goto done;
    struct range_bounds b;
    range_bounds(kc.range, &b);
    range_probes(&b);
    struct oidx_probe hash;
    oidx_probe_init(&hash, kc.hash);
    if (rp.has_start && !av_equal(rp.start_keys[0], kc.hash)) {
        ddb_validation(c, "The provided starting key is outside query boundaries based on provided "
                          "condition");
        goto done;
    }
    bool forward = param_bool(in, "ScanIndexForward", true);
    const struct oidx_node *n = query_start(&rp, kc.hash, &b, forward);
    /* Walking back through a begins_with range starts past it; skip to its end. */
    while (!forward && b.prefix && same_partition(n, &hash) && !has_prefix(&b, n->keys[1]) &&
           av_compare(n->keys[1], b.lower) > 0)
        n = oidx_prev(rp.src.entries, n);
    if (n)
        prefetch_first_items(n, forward);
    for (; same_partition(n, &hash); n = forward ? oidx_next(n) : oidx_prev(rp.src.entries, n)) {
        prefetch_items(n, forward);
        if (kc.range && !in_range(&b, n))
            break;
        if (!page_take(&rp, &pg, n)) {
            const struct oidx_node *next = forward ? oidx_next(n) : oidx_prev(rp.src.entries, n);
            pg.more = same_partition(next, &hash) && (!kc.range || in_range(&b, next));
            /* DynamoDB hands out a LastEvaluatedKey whenever Limit cut the page */
            if (rp.limit > 0 && pg.scanned >= rp.limit)
                pg.more = true;
            break;
        }
    }
    page_answer(in, &rp, &pg, out);
    pg.items = NULL;
    rc = 0;
done:
    cJSON_Delete(pg.items);
    expr_ctx_free(&rp.ctx);
    return rc;
}

/* ---- Scan ---- */

static uint32_t partition_hash(const cJSON *key)
{
    uint32_t h = 2166136261u;
    const cJSON *p = av_payload(key);
    const char *s = cJSON_IsString(p) ? p->valuestring : "";
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static int scan_segments(struct call *c, const cJSON *in, long long *segment, long long *total)
{
    const cJSON *seg = cJSON_GetObjectItemCaseSensitive(in, "Segment");
    const cJSON *tot = cJSON_GetObjectItemCaseSensitive(in, "TotalSegments");
    *segment = 0;
    *total = 1;
    if (seg && !tot)
        return ddb_validation(c, "The TotalSegments parameter is required but was not present in "
                                 "the request when Segment parameter is present");
    if (tot && !seg)
        return ddb_validation(c, "The Segment parameter is required but was not present in the "
                                 "request when parameter TotalSegments is present");
    if (!seg)
        return 0;
    *segment = (long long)seg->valuedouble;
    *total = (long long)tot->valuedouble;
    if (*segment >= *total)
        return ddb_validation(c,
                              "The Segment parameter is zero-based and must be less than "
                              "parameter TotalSegments: Segment: %lld is not less than "
                              "TotalSegments: %lld",
                              *segment, *total);
    return 0;
}

int ddb_scan(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *params = (cJSON *)in; /* this call's own tree: numbers are canonicalised in place */
    struct read_plan rp = {0};
    struct page pg = {cJSON_CreateArray(), 0, 0, 0, NULL, false};
    long long segment, total;
    int rc = -1;
    if (scan_segments(c, in, &segment, &total) ||
        read_plan_parse(c, params, "ScanFilter", false, &rp) || ddb_expr_finish(c, &rp.ctx))
        goto done;
    if (rp.has_start && total > 1 &&
        partition_hash(rp.start_keys[0]) % (uint32_t)total != (uint32_t)segment) {
        ddb_validation(c,
                       "The provided starting key is invalid: Invalid ExclusiveStartKey. Please "
                       "use ExclusiveStartKey with correct Segment. TotalSegments: %lld "
                       "Segment: %lld",
                       total, segment);
        goto done;
    }
    const struct oidx_node *n = rp.has_start
                                    ? oidx_seek(rp.src.entries, rp.start_keys, rp.src.nkeys, true)
                                    : oidx_first(rp.src.entries);
    for (; n; n = oidx_next(n)) {
        if (total > 1 && partition_hash(n->keys[0]) % (uint32_t)total != (uint32_t)segment)
            continue;
        if (!page_take(&rp, &pg, n)) {
            pg.more = oidx_next(n) != NULL || (rp.limit > 0 && pg.scanned >= rp.limit);
            break;
        }
    }
    page_answer(in, &rp, &pg, out);
    pg.items = NULL;
    rc = 0;
done:
    cJSON_Delete(pg.items);
    expr_ctx_free(&rp.ctx);
    return rc;
}
