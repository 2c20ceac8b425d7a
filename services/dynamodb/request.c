/* Helpers every DynamoDB operation uses: its region, table lookups with DynamoDB's errors,
 * key and item checks, parsing a request's expressions, and capacity units. */
#include "request.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"

#define MAX_HASH_KEY_BYTES 2048
#define MAX_RANGE_KEY_BYTES 1024

struct ddb_region *ddb_call_region(const struct call *c)
{
    return ddb_region(c->route->account, c->route->region);
}

int ddb_validation(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "ValidationException", fmt, ap);
    va_end(ap);
    return -1;
}

int ddb_not_found(struct call *c)
{
    return call_fail_resource_not_found(c, "Requested resource not found");
}

struct ddb_table *ddb_require_table_named(struct call *c, const char *name)
{
    struct ddb_table *t = name ? ddb_table_lookup(ddb_call_region(c), name) : NULL;
    if (!t) {
        ddb_not_found(c);
        return NULL;
    }
    ddb_table_expire(t);
    return t;
}

struct ddb_table *ddb_require_table(struct call *c, const cJSON *in)
{
    return ddb_require_table_named(c, param_string(in, "TableName"));
}

static int check_key_value(struct call *c, const char *name, const cJSON *v, bool hash)
{
    const cJSON *p = av_payload(v);
    enum av_type t = av_type(v);
    if ((t == AV_S || t == AV_B) && cJSON_IsString(p) && p->valuestring[0] == '\0')
        return ddb_validation(c,
                              "One or more parameter values are not valid. The AttributeValue for "
                              "a key attribute cannot contain an empty %s value. Key: %s",
                              t == AV_S ? "string" : "binary", name);
    size_t size = av_size(v);
    if (hash && size > MAX_HASH_KEY_BYTES)
        return ddb_validation(c, "One or more parameter values were invalid: Size of hashkey has "
                                 "exceeded the maximum size limit of2048 bytes");
    if (!hash && size > MAX_RANGE_KEY_BYTES)
        return ddb_validation(c, "One or more parameter values were invalid: Aggregated size of "
                                 "all range keys has exceeded the size limit of 1024 bytes");
    return 0;
}

int ddb_check_key(struct call *c, const struct ddb_table *t, const cJSON *key)
{
    char msg[1024];
    const cJSON *attr;
    cJSON_ArrayForEach(attr, key)
    {
        const char *error = av_validate((cJSON *)attr, msg, sizeof msg);
        if (error)
            return ddb_validation(c, "%s", error);
    }
    int expected = t->key.range ? 2 : 1;
    const cJSON *h, *r;
    if (cJSON_GetArraySize(key) != expected || !ddb_item_key(&t->key, key, &h, &r) ||
        av_type(h) != t->key.hash_type || (r && av_type(r) != t->key.range_type))
        return ddb_validation(c, "The provided key element does not match the schema");
    if (check_key_value(c, t->key.hash, h, true))
        return -1;
    return r ? check_key_value(c, t->key.range, r, false) : 0;
}

static int check_item_key_attr(struct call *c, const char *name, enum av_type want,
                               const cJSON *item, bool hash)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, name);
    if (!v)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Missing the key %s in "
                              "the item",
                              name);
    if (av_type(v) != want)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Type mismatch for key "
                              "%s expected: %s actual: %s",
                              name, av_type_name(want), av_type_name(av_type(v)));
    return check_key_value(c, name, v, hash);
}

static int check_index_key_attr(struct call *c, const struct ddb_index *idx, const char *name,
                                enum av_type want, const cJSON *item)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, name);
    if (!v)
        return 0;
    if (av_type(v) != want)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Type mismatch for "
                              "Index Key %s Expected: %s Actual: %s IndexName: %s",
                              name, av_type_name(want), av_type_name(av_type(v)), idx->name);
    const cJSON *p = av_payload(v);
    if ((want == AV_S || want == AV_B) && p->valuestring[0] == '\0')
        return ddb_validation(c,
                              "One or more parameter values are not valid. A value specified "
                              "for a secondary index key is not supported. The AttributeValue "
                              "for a key attribute cannot contain an empty %s value. IndexName: "
                              "%s, IndexKey: %s",
                              want == AV_S ? "string" : "binary", idx->name, name);
    return 0;
}

int ddb_check_item(struct call *c, const struct ddb_table *t, cJSON *item)
{
    char msg[1024];
    const char *error = item_validate(item, msg, sizeof msg);
    if (error)
        return ddb_validation(c, "%s", error);
    if (check_item_key_attr(c, t->key.hash, t->key.hash_type, item, true))
        return -1;
    if (t->key.range && check_item_key_attr(c, t->key.range, t->key.range_type, item, false))
        return -1;
    for (int i = 0; i < t->nindexes; i++) {
        const struct ddb_index *idx = &t->indexes[i];
        if (check_index_key_attr(c, idx, idx->key.hash, idx->key.hash_type, item))
            return -1;
        if (idx->key.range &&
            check_index_key_attr(c, idx, idx->key.range, idx->key.range_type, item))
            return -1;
    }
    if (item_size(item) > DDB_ITEM_MAX_BYTES)
        return ddb_validation(c, "Item size has exceeded the maximum allowed size");
    return 0;
}

cJSON *ddb_key_of(const struct ddb_table *t, const cJSON *item)
{
    cJSON *key = cJSON_CreateObject();
    const cJSON *h, *r;
    ddb_item_key(&t->key, item, &h, &r);
    if (h)
        cJSON_AddItemToObject(key, t->key.hash, cJSON_Duplicate(h, true));
    if (r)
        cJSON_AddItemToObject(key, t->key.range, cJSON_Duplicate(r, true));
    return key;
}

/* ---- expressions ---- */

static int check_placeholder_keys(struct call *c, const cJSON *map, char sigil, const char *what)
{
    if (!map)
        return 0;
    if (cJSON_GetArraySize(map) == 0)
        return ddb_validation(c, "%s must not be empty", what);
    const cJSON *e;
    cJSON_ArrayForEach(e, map)
    {
        const char *k = e->string;
        bool ok = k[0] == sigil && k[1] != '\0';
        for (const char *p = k + 1; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 *p == '_';
        if (!ok)
            return ddb_validation(c, "%s contains invalid key: Syntax error; key: \"%s\"", what, k);
    }
    return 0;
}

int ddb_expr_begin(struct call *c, cJSON *in, struct expr_ctx *ctx)
{
    cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "ExpressionAttributeNames");
    cJSON *values = cJSON_GetObjectItemCaseSensitive(in, "ExpressionAttributeValues");
    expr_ctx_init(ctx, names, values);
    if (check_placeholder_keys(c, names, '#', "ExpressionAttributeNames") ||
        check_placeholder_keys(c, values, ':', "ExpressionAttributeValues"))
        return -1;
    char msg[1024];
    cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        const char *error = av_validate(v, msg, sizeof msg);
        if (error)
            return ddb_validation(c,
                                  "ExpressionAttributeValues contains invalid value: %s for key %s",
                                  error, v->string);
    }
    return 0;
}

int ddb_parse_condition(struct call *c, struct expr_ctx *ctx, const cJSON *in, const char *member,
                        struct expr **out)
{
    *out = NULL;
    const char *text = param_string(in, member);
    if (!text)
        return 0;
    if (expr_parse_condition(ctx, member, text, out))
        return ddb_validation(c, "%s", ctx->error);
    return 0;
}

int ddb_parse_projection(struct call *c, struct expr_ctx *ctx, const cJSON *in,
                         struct projection **out)
{
    *out = NULL;
    const char *text = param_string(in, "ProjectionExpression");
    if (!text)
        return 0;
    *out = arena_alloc(&ctx->arena, sizeof **out);
    if (expr_parse_projection(ctx, text, *out))
        return ddb_validation(c, "%s", ctx->error);
    return 0;
}

int ddb_expr_finish(struct call *c, struct expr_ctx *ctx)
{
    if (expr_check_unused(ctx))
        return ddb_validation(c, "%s", ctx->error);
    return 0;
}

int ddb_check_placeholders_without_expressions(struct call *c, const cJSON *in)
{
    static const char *const EXPRESSIONS[] = {"ConditionExpression",    "UpdateExpression",
                                              "ProjectionExpression",   "FilterExpression",
                                              "KeyConditionExpression", NULL};
    for (const char *const *e = EXPRESSIONS; *e; e++)
        if (cJSON_GetObjectItemCaseSensitive(in, *e))
            return 0;
    if (cJSON_GetObjectItemCaseSensitive(in, "ExpressionAttributeNames"))
        return ddb_validation(c, "ExpressionAttributeNames can only be specified when using "
                                 "expressions");
    if (cJSON_GetObjectItemCaseSensitive(in, "ExpressionAttributeValues"))
        return ddb_validation(c, "ExpressionAttributeValues can only be specified when using "
                                 "expressions");
    return 0;
}

int ddb_check_no_mixing(struct call *c, const cJSON *in, const char *legacy, const char *expression)
{
    if (cJSON_GetObjectItemCaseSensitive(in, legacy) &&
        cJSON_GetObjectItemCaseSensitive(in, expression))
        return ddb_validation(c,
                              "Can not use both expression and non-expression parameters in the "
                              "same request: Non-expression parameters: {%s} Expression "
                              "parameters: {%s}",
                              legacy, expression);
    return 0;
}

/* ---- capacity ---- */

double ddb_read_units(size_t bytes, bool consistent)
{
    double units = ceil((double)(bytes ? bytes : 1) / 4096.0);
    return consistent ? units : units / 2;
}

double ddb_write_units(size_t bytes)
{
    return ceil((double)(bytes ? bytes : 1) / 1024.0);
}

cJSON *ddb_capacity_json(const cJSON *in, const struct ddb_table *t, double units)
{
    const char *mode = param_string(in, "ReturnConsumedCapacity");
    if (!mode || strcmp(mode, "NONE") == 0)
        return NULL;
    cJSON *cc = cJSON_CreateObject();
    cJSON_AddStringToObject(cc, "TableName", t->name);
    cJSON_AddNumberToObject(cc, "CapacityUnits", units);
    if (strcmp(mode, "INDEXES") == 0)
        cJSON_AddNumberToObject(cJSON_AddObjectToObject(cc, "Table"), "CapacityUnits", units);
    return cc;
}

void ddb_add_capacity(const cJSON *in, cJSON *out, const struct ddb_table *t, double units)
{
    cJSON *cc = ddb_capacity_json(in, t, units);
    if (cc)
        cJSON_AddItemToObject(out, "ConsumedCapacity", cc);
}

int ddb_condition_failed(struct call *c, const cJSON *in, const cJSON *old_item)
{
    call_fail(c, 400, "ConditionalCheckFailedException", "The conditional request failed");
    const char *rv = param_string(in, "ReturnValuesOnConditionCheckFailure");
    if (rv && strcmp(rv, "ALL_OLD") == 0 && old_item)
        call_error_member(c, "Item", cJSON_Duplicate(old_item, true));
    return -1;
}

int ddb_fail_transaction_cancelled(struct call *c, cJSON *reasons)
{
    struct buf codes = BUF_INIT;
    const cJSON *r;
    cJSON_ArrayForEach(r, reasons)
    {
        buf_printf(&codes, "%s%s", codes.len ? ", " : "", param_string(r, "Code"));
    }
    call_fail(c, 400, "TransactionCanceledException",
              "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]",
              codes.data);
    buf_free(&codes);
    call_error_member(c, "CancellationReasons", reasons);
    return -1;
}
