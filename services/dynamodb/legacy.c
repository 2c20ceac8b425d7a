/* Translates the legacy condition and update parameters (Expected, QueryFilter/ScanFilter,
 * KeyConditions, AttributeUpdates, AttributesToGet) into expression trees, with their errors. */
#include "legacy.h"

#include <stdio.h>
#include <string.h>

#include "value.h"

static struct expr *new_node(struct expr_ctx *ctx, enum expr_kind kind, int nargs)
{
    struct expr *e = arena_alloc(&ctx->arena, sizeof *e);
    e->kind = kind;
    e->nargs = nargs;
    if (nargs)
        e->args = arena_alloc(&ctx->arena, (size_t)nargs * sizeof *e->args);
    return e;
}

static void single_step_path(struct expr_ctx *ctx, const char *name, struct doc_path *p)
{
    p->n = 1;
    p->steps = arena_alloc(&ctx->arena, sizeof *p->steps);
    p->steps[0].name = arena_strdup(&ctx->arena, name, strlen(name));
}

static struct expr *path_node(struct expr_ctx *ctx, const char *name)
{
    struct expr *e = new_node(ctx, EXPR_PATH, 0);
    single_step_path(ctx, name, &e->path);
    return e;
}

static struct expr *value_node(struct expr_ctx *ctx, const cJSON *value)
{
    struct expr *e = new_node(ctx, EXPR_VALUE, 0);
    e->value = value;
    return e;
}

static struct expr *function(struct expr_ctx *ctx, enum func_id f, const char *name,
                             const cJSON *value)
{
    struct expr *e = new_node(ctx, EXPR_FUNC, value ? 2 : 1);
    e->func = f;
    e->args[0] = path_node(ctx, name);
    if (value)
        e->args[1] = value_node(ctx, value);
    return e;
}

static struct expr *compare(struct expr_ctx *ctx, enum cmp_op op, const char *name,
                            const cJSON *value)
{
    struct expr *e = new_node(ctx, EXPR_COMPARE, 2);
    e->cmp = op;
    e->args[0] = path_node(ctx, name);
    e->args[1] = value_node(ctx, value);
    return e;
}

static int bad_count(struct expr_ctx *ctx, const char *op)
{
    snprintf(ctx->error, sizeof ctx->error,
             "One or more parameter values were invalid: Invalid number of argument(s) for the %s "
             "ComparisonOperator",
             op);
    return -1;
}

static int check_values(struct expr_ctx *ctx, const cJSON *list)
{
    char msg[512];
    const cJSON *v;
    cJSON_ArrayForEach(v, list)
    {
        const char *error = av_validate((cJSON *)v, msg, sizeof msg);
        if (error) {
            snprintf(ctx->error, sizeof ctx->error, "%s", error);
            return -1;
        }
    }
    return 0;
}

/* One attribute's condition. */
static struct expr *one_condition(struct expr_ctx *ctx, const char *name, const cJSON *spec)
{
    const cJSON *op_item = cJSON_GetObjectItemCaseSensitive(spec, "ComparisonOperator");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(spec, "AttributeValueList");
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(spec, "Value");
    const cJSON *exists = cJSON_GetObjectItemCaseSensitive(spec, "Exists");
    if (check_values(ctx, list))
        return NULL;
    if (value) {
        char msg[512];
        const char *error = av_validate((cJSON *)value, msg, sizeof msg);
        if (error) {
            snprintf(ctx->error, sizeof ctx->error, "%s", error);
            return NULL;
        }
    }
    if (!cJSON_IsString(op_item)) {
        /* Expected's older form: {Value} and/or {Exists} */
        if (exists && cJSON_IsFalse(exists)) {
            if (value) {
                snprintf(ctx->error, sizeof ctx->error,
                         "One or more parameter values were invalid: Value cannot be used when "
                         "Exists is false for Attribute: %s",
                         name);
                return NULL;
            }
            return function(ctx, FN_ATTRIBUTE_NOT_EXISTS, name, NULL);
        }
        if (!value) {
            snprintf(ctx->error, sizeof ctx->error,
                     "One or more parameter values were invalid: Value must be provided when "
                     "Exists is true for Attribute: %s",
                     name);
            return NULL;
        }
        return compare(ctx, CMP_EQ, name, value);
    }
    const char *op = op_item->valuestring;
    int n = cJSON_GetArraySize(list);
    const cJSON *v0 = cJSON_GetArrayItem(list, 0), *v1 = cJSON_GetArrayItem(list, 1);
    static const struct {
        const char *name;
        enum cmp_op op;
    } COMPARISONS[] = {{"EQ", CMP_EQ}, {"NE", CMP_NE}, {"LE", CMP_LE},
                       {"LT", CMP_LT}, {"GE", CMP_GE}, {"GT", CMP_GT}};
    for (size_t i = 0; i < sizeof COMPARISONS / sizeof COMPARISONS[0]; i++) {
        if (strcmp(op, COMPARISONS[i].name) != 0)
            continue;
        if (n != 1)
            return bad_count(ctx, op), NULL;
        return compare(ctx, COMPARISONS[i].op, name, v0);
    }
    if (strcmp(op, "NOT_NULL") == 0 || strcmp(op, "NULL") == 0) {
        if (n != 0)
            return bad_count(ctx, op), NULL;
        return function(
            ctx, op[0] == 'N' && op[1] == 'O' ? FN_ATTRIBUTE_EXISTS : FN_ATTRIBUTE_NOT_EXISTS, name,
            NULL);
    }
    if (strcmp(op, "CONTAINS") == 0 || strcmp(op, "NOT_CONTAINS") == 0 ||
        strcmp(op, "BEGINS_WITH") == 0) {
        if (n != 1)
            return bad_count(ctx, op), NULL;
        struct expr *f = function(ctx, op[0] == 'B' ? FN_BEGINS_WITH : FN_CONTAINS, name, v0);
        if (op[0] != 'N')
            return f;
        struct expr *not = new_node(ctx, EXPR_NOT, 1);
        not ->args[0] = f;
        return not ;
    }
    if (strcmp(op, "BETWEEN") == 0) {
        if (n != 2)
            return bad_count(ctx, op), NULL;
        struct expr *e = new_node(ctx, EXPR_BETWEEN, 3);
        e->args[0] = path_node(ctx, name);
        e->args[1] = value_node(ctx, v0);
        e->args[2] = value_node(ctx, v1);
        return e;
    }
    if (strcmp(op, "IN") == 0) {
        if (n < 1)
            return bad_count(ctx, op), NULL;
        struct expr *e = new_node(ctx, EXPR_IN, n + 1);
        e->args[0] = path_node(ctx, name);
        int i = 1;
        const cJSON *v;
        cJSON_ArrayForEach(v, list) e->args[i++] = value_node(ctx, v);
        return e;
    }
    snprintf(ctx->error, sizeof ctx->error, "Unsupported operator on KeySchema: %s", op);
    return NULL;
}

int legacy_conditions(struct expr_ctx *ctx, const cJSON *conditions, const char *joiner,
                      struct expr **out)
{
    *out = NULL;
    bool any = joiner && strcmp(joiner, "OR") == 0;
    const cJSON *spec;
    cJSON_ArrayForEach(spec, conditions)
    {
        struct expr *e = one_condition(ctx, spec->string, spec);
        if (!e)
            return -1;
        if (!*out) {
            *out = e;
            continue;
        }
        struct expr *both = new_node(ctx, any ? EXPR_OR : EXPR_AND, 2);
        both->args[0] = *out;
        both->args[1] = e;
        *out = both;
    }
    return 0;
}

int legacy_attribute_updates(struct expr_ctx *ctx, const cJSON *updates, struct update_expr *out)
{
    int n = cJSON_GetArraySize(updates);
    out->clauses = arena_alloc(&ctx->arena, (size_t)(n + 1) * sizeof *out->clauses);
    out->n = 0;
    const cJSON *spec;
    cJSON_ArrayForEach(spec, updates)
    {
        const char *action = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(spec, "Action"));
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(spec, "Value");
        if (value) {
            char msg[512];
            const char *error = av_validate((cJSON *)value, msg, sizeof msg);
            if (error) {
                snprintf(ctx->error, sizeof ctx->error, "%s", error);
                return -1;
            }
        }
        struct update_clause *c = &out->clauses[out->n++];
        single_step_path(ctx, spec->string, &c->path);
        if (!action || strcmp(action, "PUT") == 0) {
            if (!value) {
                snprintf(ctx->error, sizeof ctx->error,
                         "One or more parameter values were invalid: Only DELETE action is allowed "
                         "when no attribute value is specified");
                return -1;
            }
            c->action = UPD_SET;
        } else if (strcmp(action, "DELETE") == 0) {
            c->action = value ? UPD_DELETE : UPD_REMOVE;
        } else {
            if (!value) {
                snprintf(ctx->error, sizeof ctx->error,
                         "One or more parameter values were invalid: Only DELETE action is allowed "
                         "when no attribute value is specified");
                return -1;
            }
            c->action = UPD_APPEND_OR_ADD;
        }
        if (value)
            c->value = value_node(ctx, value);
    }
    return 0;
}

void legacy_attributes_to_get(struct expr_ctx *ctx, const cJSON *names, struct projection *out)
{
    int n = cJSON_GetArraySize(names);
    out->paths = arena_alloc(&ctx->arena, (size_t)(n + 1) * sizeof *out->paths);
    out->n = 0;
    const cJSON *name;
    cJSON_ArrayForEach(name, names)
    {
        if (cJSON_IsString(name))
            single_step_path(ctx, name->valuestring, &out->paths[out->n++]);
    }
}
