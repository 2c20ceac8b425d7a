/* PutItem, GetItem, DeleteItem, UpdateItem. */
#include <string.h>

#include "../core/params.h"
#include "legacy.h"
#include "ops.h"
#include "request.h"

int write_plan_parse(struct call *c, cJSON *in, bool is_update, struct write_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    if (ddb_check_no_mixing(c, in, "Expected", "ConditionExpression") ||
        (is_update && ddb_check_no_mixing(c, in, "AttributeUpdates", "UpdateExpression")) ||
        ddb_check_placeholders_without_expressions(c, in))
        return -1;
    if (ddb_expr_begin(c, in, &plan->ctx))
        return -1;
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(in, "Expected");
    if (expected) {
        if (legacy_conditions(&plan->ctx, expected, param_string(in, "ConditionalOperator"),
                              &plan->condition))
            return ddb_validation(c, "%s", plan->ctx.error);
    } else if (ddb_parse_condition(c, &plan->ctx, in, "ConditionExpression", &plan->condition)) {
        return -1;
    }
    if (is_update) {
        const char *text = param_string(in, "UpdateExpression");
        const cJSON *legacy = cJSON_GetObjectItemCaseSensitive(in, "AttributeUpdates");
        if (text) {
            if (expr_parse_update(&plan->ctx, text, &plan->update))
                return ddb_validation(c, "%s", plan->ctx.error);
            plan->has_update = true;
        } else if (legacy) {
            if (legacy_attribute_updates(&plan->ctx, legacy, &plan->update))
                return ddb_validation(c, "%s", plan->ctx.error);
            plan->has_update = true;
        }
    }
    return ddb_expr_finish(c, &plan->ctx);
}

void write_plan_free(struct write_plan *plan)
{
    expr_ctx_free(&plan->ctx);
}

static int check_return_values(struct call *c, const cJSON *in, bool update)
{
    const char *rv = param_string(in, "ReturnValues");
    if (!rv || strcmp(rv, "NONE") == 0 || strcmp(rv, "ALL_OLD") == 0)
        return 0;
    if (update && (strcmp(rv, "ALL_NEW") == 0 || strcmp(rv, "UPDATED_OLD") == 0 ||
                   strcmp(rv, "UPDATED_NEW") == 0))
        return 0;
    return ddb_validation(c, "Return values set to invalid value");
}

static bool wants(const cJSON *in, const char *rv)
{
    const char *given = param_string(in, "ReturnValues");
    return given && strcmp(given, rv) == 0;
}

/* The params tree belongs to this call alone; numbers in it are canonicalised in place. */
static cJSON *mutable_params(const cJSON *in)
{
    return (cJSON *)in;
}

int ddb_put_item(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    cJSON *item = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(in, "Item"), true);
    struct write_plan plan = {0};
    int rc = -1;
    if (ddb_check_item(c, t, item) || check_return_values(c, in, false) ||
        write_plan_parse(c, mutable_params(in), false, &plan))
        goto done;
    struct ddb_item *existing = ddb_table_get(t, item);
    if (!expr_eval_condition(plan.condition, existing ? existing->attrs : NULL)) {
        ddb_condition_failed(c, in, existing ? existing->attrs : NULL);
        goto done;
    }
    size_t size = item_size(item);
    cJSON *old = ddb_table_put(t, item);
    item = NULL;
    if (old && wants(in, "ALL_OLD"))
        cJSON_AddItemToObject(out, "Attributes", old);
    else
        cJSON_Delete(old);
    ddb_add_capacity(in, out, t, ddb_write_units(size));
    rc = 0;
done:
    write_plan_free(&plan);
    cJSON_Delete(item);
    return rc;
}

/* ProjectionExpression or AttributesToGet, NULL for the whole item. */
static int read_projection(struct call *c, cJSON *in, struct expr_ctx *ctx,
                           struct projection **proj)
{
    if (ddb_check_no_mixing(c, in, "AttributesToGet", "ProjectionExpression") ||
        ddb_check_placeholders_without_expressions(c, in) || ddb_expr_begin(c, in, ctx))
        return -1;
    const cJSON *legacy = cJSON_GetObjectItemCaseSensitive(in, "AttributesToGet");
    if (legacy) {
        *proj = arena_alloc(&ctx->arena, sizeof **proj);
        legacy_attributes_to_get(ctx, legacy, *proj);
    } else if (ddb_parse_projection(c, ctx, in, proj)) {
        return -1;
    }
    return ddb_expr_finish(c, ctx);
}

int ddb_get_item(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(in, "Key");
    struct expr_ctx ctx = {0};
    struct projection *proj = NULL;
    int rc = -1;
    if (read_projection(c, mutable_params(in), &ctx, &proj) || ddb_check_key(c, t, key))
        goto done;
    struct ddb_item *it = ddb_table_get(t, key);
    if (it)
        cJSON_AddItemToObject(out, "Item",
                              proj ? projection_apply(it->attrs, proj) : ddb_item_view(it->attrs));
    ddb_add_capacity(in, out, t,
                     ddb_read_units(it ? it->size : 0, param_bool(in, "ConsistentRead", false)));
    rc = 0;
done:
    expr_ctx_free(&ctx);
    return rc;
}

int ddb_delete_item(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(in, "Key");
    struct write_plan plan = {0};
    int rc = -1;
    if (check_return_values(c, in, false) || write_plan_parse(c, mutable_params(in), false, &plan))
        goto done;
    if (ddb_check_key(c, t, key))
        goto done;
    struct ddb_item *existing = ddb_table_get(t, key);
    if (!expr_eval_condition(plan.condition, existing ? existing->attrs : NULL)) {
        ddb_condition_failed(c, in, existing ? existing->attrs : NULL);
        goto done;
    }
    size_t size = existing ? existing->size : 0;
    cJSON *old = ddb_table_delete(t, key);
    if (old && wants(in, "ALL_OLD"))
        cJSON_AddItemToObject(out, "Attributes", old);
    else
        cJSON_Delete(old);
    ddb_add_capacity(in, out, t, ddb_write_units(size));
    rc = 0;
done:
    write_plan_free(&plan);
    return rc;
}

static int check_update_spares_key(struct call *c, const struct ddb_table *t,
                                   const struct update_expr *u)
{
    for (int i = 0; i < u->n; i++) {
        const char *name = u->clauses[i].path.steps[0].name;
        if (strcmp(name, t->key.hash) == 0 || (t->key.range && strcmp(name, t->key.range) == 0))
            return ddb_validation(c,
                                  "One or more parameter values were invalid: Cannot update "
                                  "attribute %s. This attribute is part of the key",
                                  name);
    }
    return 0;
}

/* UPDATED_OLD / UPDATED_NEW: the updated paths of one version of the item. */
static cJSON *updated_part(const struct update_expr *u, const cJSON *item, struct arena *arena)
{
    struct projection p = {arena_alloc(arena, (size_t)(u->n + 1) * sizeof(struct doc_path)), 0};
    for (int i = 0; i < u->n; i++)
        p.paths[p.n++] = u->clauses[i].path;
    return projection_apply(item, &p);
}

/* An update that leaves a secondary index key empty is refused in words of its own. */
static int check_updated_index_keys(struct call *c, const struct ddb_table *t, const cJSON *item)
{
    for (int i = 0; i < t->nindexes; i++) {
        const struct ddb_key_schema *k = &t->indexes[i].key;
        const char *names[] = {k->hash, k->range};
        const enum av_type types[] = {k->hash_type, k->range_type};
        for (size_t j = 0; j < 2; j++) {
            const cJSON *v = names[j] ? cJSON_GetObjectItemCaseSensitive(item, names[j]) : NULL;
            enum av_type type = v ? av_type(v) : AV_NONE;
            /* a value of another type is a type mismatch, which ddb_check_item reports */
            if ((type == AV_S || type == AV_B) && type == types[j] &&
                av_payload(v)->valuestring[0] == '\0')
                return ddb_validation(c, "One or more parameter values are not valid. The update "
                                         "expression attempted to update a secondary index key to "
                                         "a value that is not supported. The AttributeValue for a "
                                         "key attribute cannot contain an empty %s value.",
                                      type == AV_S ? "string" : "binary");
        }
    }
    return 0;
}

cJSON *ddb_apply_update(struct call *c, struct ddb_table *t, const cJSON *key,
                        const struct update_expr *u, const cJSON *existing)
{
    char error[512];
    cJSON *updated = update_apply(u, existing ? existing : key, error, sizeof error);
    if (!updated) {
        ddb_validation(c, "%s", error);
        return NULL;
    }
    if (item_size(updated) > DDB_ITEM_MAX_BYTES) {
        cJSON_Delete(updated);
        ddb_validation(c, "Item size to update has exceeded the maximum allowed size");
        return NULL;
    }
    if (check_updated_index_keys(c, t, updated) || ddb_check_item(c, t, updated)) {
        cJSON_Delete(updated);
        return NULL;
    }
    return updated;
}

int ddb_update_item(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(in, "Key");
    struct write_plan plan = {0};
    int rc = -1;
    if (check_return_values(c, in, true) || write_plan_parse(c, mutable_params(in), true, &plan))
        goto done;
    if (ddb_check_key(c, t, key) || check_update_spares_key(c, t, &plan.update))
        goto done;
    struct ddb_item *existing = ddb_table_get(t, key);
    const cJSON *old = existing ? existing->attrs : NULL;
    if (!expr_eval_condition(plan.condition, old)) {
        ddb_condition_failed(c, in, old);
        goto done;
    }
    cJSON *updated = ddb_apply_update(c, t, key, &plan.update, old);
    if (!updated)
        goto done;
    cJSON *returned = NULL;
    if (wants(in, "UPDATED_NEW"))
        returned = updated_part(&plan.update, updated, &plan.ctx.arena);
    else if (wants(in, "ALL_NEW"))
        returned = cJSON_Duplicate(updated, true);
    else if (old && wants(in, "UPDATED_OLD"))
        returned = updated_part(&plan.update, old, &plan.ctx.arena);
    /* nothing to return (the updated attributes did not exist before, or were removed): no
     * Attributes member at all, as in DynamoDB */
    if (returned && cJSON_GetArraySize(returned))
        cJSON_AddItemToObject(out, "Attributes", returned);
    else
        cJSON_Delete(returned);
    size_t size = item_size(updated);
    cJSON *previous = ddb_table_put(t, updated);
    if (previous && wants(in, "ALL_OLD"))
        cJSON_AddItemToObject(out, "Attributes", previous);
    else
        cJSON_Delete(previous);
    ddb_add_capacity(in, out, t, ddb_write_units(size));
    rc = 0;
done:
    write_plan_free(&plan);
    return rc;
}
