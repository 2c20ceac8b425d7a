/* BatchGetItem and BatchWriteItem: everything is checked before anything is done; motoc never
 * throttles, so nothing is ever left unprocessed. */
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "legacy.h"
#include "ops.h"
#include "request.h"

#define MAX_BATCH_GET_KEYS 100
#define MAX_BATCH_WRITES 25

/* True when key (an object of key attributes) equals one of keys[0..n). */
static bool key_seen(const struct ddb_table *t, const cJSON *const *keys, int n, const cJSON *key)
{
    const cJSON *h, *r;
    ddb_item_key(&t->key, key, &h, &r);
    for (int i = 0; i < n; i++) {
        const cJSON *h2, *r2;
        ddb_item_key(&t->key, keys[i], &h2, &r2);
        if (av_equal(h, h2) && (!r || av_equal(r, r2)))
            return true;
    }
    return false;
}

static int count_requests(const cJSON *request_items)
{
    int n = 0;
    const cJSON *table;
    cJSON_ArrayForEach(table, request_items)
    {
        const cJSON *keys = cJSON_GetObjectItemCaseSensitive(table, "Keys");
        n += cJSON_GetArraySize(keys ? keys : table);
    }
    return n;
}

static int batch_get_table(struct call *c, const char *name, cJSON *spec, cJSON *responses,
                           cJSON *capacity, const cJSON *in)
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(spec, "Keys");
    int n = cJSON_GetArraySize(keys);
    const cJSON **seen = xcalloc((size_t)n + 1, sizeof *seen);
    struct expr_ctx ctx = {0};
    struct projection *proj = NULL;
    struct ddb_table *t = NULL;
    int rc = -1, i = 0;
    /* The request's expressions are checked before the table is looked up, as DynamoDB does. */
    if (ddb_check_no_mixing(c, spec, "AttributesToGet", "ProjectionExpression") ||
        ddb_check_placeholders_without_expressions(c, spec) || ddb_expr_begin(c, spec, &ctx))
        goto done;
    const cJSON *to_get = cJSON_GetObjectItemCaseSensitive(spec, "AttributesToGet");
    if (to_get) {
        proj = arena_alloc(&ctx.arena, sizeof *proj);
        legacy_attributes_to_get(&ctx, to_get, proj);
    } else if (ddb_parse_projection(c, &ctx, spec, &proj)) {
        goto done;
    }
    if (ddb_expr_finish(c, &ctx) || !(t = ddb_require_table_named(c, name)))
        goto done;
    const cJSON *key;
    cJSON_ArrayForEach(key, keys)
    {
        if (ddb_check_key(c, t, key))
            goto done;
        if (key_seen(t, seen, i, key)) {
            ddb_validation(c, "Provided list of item keys contains duplicates");
            goto done;
        }
        seen[i++] = key;
    }
    cJSON *items = cJSON_AddArrayToObject(responses, name);
    size_t bytes = 0;
    cJSON_ArrayForEach(key, keys)
    {
        struct ddb_item *it = ddb_table_get(t, key);
        if (!it)
            continue;
        bytes += it->size;
        cJSON_AddItemToArray(items,
                             proj ? projection_apply(it->attrs, proj) : ddb_item_view(it->attrs));
    }
    cJSON *cc = ddb_capacity_json(
        in, t, ddb_read_units(bytes, param_bool(spec, "ConsistentRead", false)));
    if (cc)
        cJSON_AddItemToArray(capacity, cc);
    rc = 0;
done:
    expr_ctx_free(&ctx);
    free(seen);
    return rc;
}

int ddb_batch_get_item(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *request_items = cJSON_GetObjectItemCaseSensitive(in, "RequestItems");
    if (count_requests(request_items) > MAX_BATCH_GET_KEYS)
        return ddb_validation(c, "Too many items requested for the BatchGetItem call");
    cJSON *responses = cJSON_AddObjectToObject(out, "Responses");
    cJSON *capacity = cJSON_CreateArray();
    cJSON *spec;
    cJSON_ArrayForEach(spec, request_items)
    {
        if (batch_get_table(c, spec->string, spec, responses, capacity, in)) {
            cJSON_Delete(capacity);
            return -1;
        }
    }
    cJSON_AddObjectToObject(out, "UnprocessedKeys");
    if (cJSON_GetArraySize(capacity))
        cJSON_AddItemToObject(out, "ConsumedCapacity", capacity);
    else
        cJSON_Delete(capacity);
    return 0;
}

/* Checks one table's write requests; fills keys with the key object of each. */
static int check_writes(struct call *c, struct ddb_table *t, cJSON *requests, const cJSON **keys)
{
    int i = 0;
    cJSON *req;
    cJSON_ArrayForEach(req, requests)
    {
        cJSON *put = cJSON_GetObjectItemCaseSensitive(req, "PutRequest");
        cJSON *del = cJSON_GetObjectItemCaseSensitive(req, "DeleteRequest");
        if ((put != NULL) == (del != NULL))
            return ddb_validation(c, "Supplied AttributeValue has more than one datatypes set, "
                                     "must contain exactly one of the supported datatypes");
        const cJSON *key;
        if (put) {
            cJSON *item = cJSON_GetObjectItemCaseSensitive(put, "Item");
            if (ddb_check_item(c, t, item))
                return -1;
            key = item;
        } else {
            key = cJSON_GetObjectItemCaseSensitive(del, "Key");
            if (ddb_check_key(c, t, key))
                return -1;
        }
        if (key_seen(t, keys, i, key))
            return ddb_validation(c, "Provided list of item keys contains duplicates");
        keys[i++] = key;
    }
    return 0;
}

int ddb_batch_write_item(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *request_items = cJSON_GetObjectItemCaseSensitive(in, "RequestItems");
    int total = count_requests(request_items);
    if (total > MAX_BATCH_WRITES)
        return ddb_validation(c, "Too many items requested for the BatchWriteItem call");
    const cJSON **keys = xcalloc((size_t)total + 1, sizeof *keys);
    cJSON *requests;
    int rc = 0;
    cJSON_ArrayForEach(requests, request_items)
    {
        struct ddb_table *t = ddb_require_table_named(c, requests->string);
        if (!t || check_writes(c, t, requests, keys)) {
            rc = -1;
            break;
        }
    }
    free(keys);
    if (rc)
        return -1;
    cJSON *capacity = cJSON_CreateArray();
    cJSON_ArrayForEach(requests, request_items)
    {
        struct ddb_table *t = ddb_table_lookup(ddb_call_region(c), requests->string);
        size_t bytes = 0;
        const cJSON *req;
        cJSON_ArrayForEach(req, requests)
        {
            const cJSON *put = cJSON_GetObjectItemCaseSensitive(req, "PutRequest");
            if (put) {
                cJSON *item = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(put, "Item"), true);
                bytes += item_size(item);
                cJSON_Delete(ddb_table_put(t, item));
            } else {
                const cJSON *key = cJSON_GetObjectItemCaseSensitive(
                    cJSON_GetObjectItemCaseSensitive(req, "DeleteRequest"), "Key");
                cJSON *old = ddb_table_delete(t, key);
                bytes += old ? item_size(old) : 0;
                cJSON_Delete(old);
            }
        }
        cJSON *cc = ddb_capacity_json(in, t, ddb_write_units(bytes));
        if (cc)
            cJSON_AddItemToArray(capacity, cc);
    }
    cJSON_AddObjectToObject(out, "UnprocessedItems");
    if (cJSON_GetArraySize(capacity))
        cJSON_AddItemToObject(out, "ConsumedCapacity", capacity);
    else
        cJSON_Delete(capacity);
    return 0;
}
