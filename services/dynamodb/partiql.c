/* PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. The
 * statements (parsed by partiql_parse.c) run on the same evaluator and update engine as the
 * expression languages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "ops.h"
#include "partiql.h"
#include "request.h"

/* A parsed statement with everything it owns. */
struct prepared {
    struct expr_ctx ctx;
    struct statement st;
    struct ddb_table *table;
    cJSON *key; /* the primary key the WHERE clause pins, or NULL */
};

static void prepared_free(struct prepared *pr)
{
    partiql_statement_free(&pr->st);
    cJSON_Delete(pr->key);
    expr_ctx_free(&pr->ctx);
}

/* Equalities on key attributes among the top-level ANDs of where. */
static void collect_key(const struct ddb_table *t, const struct expr *e, cJSON *key)
{
    if (!e)
        return;
    if (e->kind == EXPR_AND) {
        collect_key(t, e->args[0], key);
        collect_key(t, e->args[1], key);
        return;
    }
    if (e->kind != EXPR_COMPARE || e->cmp != CMP_EQ)
        return;
    const struct expr *path = e->args[0], *value = e->args[1];
    if (path->kind == EXPR_VALUE)
        path = e->args[1], value = e->args[0];
    if (path->kind != EXPR_PATH || value->kind != EXPR_VALUE || path->path.n != 1)
        return;
    const char *name = path->path.steps[0].name;
    if (strcmp(name, t->key.hash) != 0 && !(t->key.range && strcmp(name, t->key.range) == 0))
        return;
    if (!cJSON_GetObjectItemCaseSensitive(key, name))
        cJSON_AddItemToObject(key, name, cJSON_Duplicate(value->value, true));
}

static int prepare(struct call *c, const char *text, const cJSON *parameters, struct prepared *pr)
{
    memset(pr, 0, sizeof *pr);
    expr_ctx_init(&pr->ctx, NULL, NULL);
    char msg[512];
    const cJSON *param;
    cJSON_ArrayForEach(param, parameters)
    {
        const char *error = av_validate((cJSON *)param, msg, sizeof msg);
        if (error)
            return ddb_validation(c, "%s", error);
    }
    if (partiql_parse(&pr->ctx, text, parameters, &pr->st, msg, sizeof msg))
        return ddb_validation(c, "%s", msg);
    pr->table = ddb_require_table_named(c, pr->st.table);
    if (!pr->table)
        return -1;
    if (pr->st.index && !ddb_table_index(pr->table, pr->st.index))
        return ddb_validation(c, "The table does not have the specified index: %s", pr->st.index);
    pr->key = cJSON_CreateObject();
    collect_key(pr->table, pr->st.where, pr->key);
    int want = pr->table->key.range ? 2 : 1;
    if ((pr->st.kind == ST_UPDATE || pr->st.kind == ST_DELETE) &&
        cJSON_GetArraySize(pr->key) != want)
        return ddb_validation(c, "Where clause does not contain a mandatory equality on all key "
                                 "attributes");
    if (pr->st.kind == ST_INSERT) {
        cJSON_Delete(pr->key);
        pr->key = NULL;
        if (ddb_check_item(c, pr->table, pr->st.insert_item))
            return -1;
    } else if (cJSON_GetArraySize(pr->key) == want && ddb_check_key(c, pr->table, pr->key)) {
        return -1;
    }
    return 0;
}

static cJSON *select_item(const struct prepared *pr, const cJSON *attrs)
{
    if (pr->st.projection.n)
        return projection_apply(attrs, &pr->st.projection);
    return ddb_item_view(attrs);
}

static void run_select(struct prepared *pr, long long limit, cJSON *items)
{
    const struct ddb_table *t = pr->table;
    int want = t->key.range ? 2 : 1;
    if (!pr->st.index && pr->key && cJSON_GetArraySize(pr->key) == want) {
        struct ddb_item *it = ddb_table_get(t, pr->key);
        if (it && expr_eval_condition(pr->st.where, it->attrs))
            cJSON_AddItemToArray(items, select_item(pr, it->attrs));
        return;
    }
    const struct ddb_index *idx = pr->st.index ? ddb_table_index(t, pr->st.index) : NULL;
    const struct ordered_index *entries = idx ? idx->entries : t->items;
    long long n = 0;
    for (const struct oidx_node *node = oidx_first(entries); node; node = oidx_next(node)) {
        const struct ddb_item *it = node->value;
        if (!expr_eval_condition(pr->st.where, it->attrs))
            continue;
        cJSON_AddItemToArray(items,
                             idx && strcmp(idx->projection_type, "ALL") != 0 && !pr->st.projection.n
                                 ? ddb_index_project(t, idx, it->attrs)
                                 : select_item(pr, it->attrs));
        if (limit > 0 && ++n >= limit)
            return;
    }
}

/* Checks a write statement against the stored item; NULL when it can go ahead, else the
 * error code (message in c->err). For updates *result receives the new item. */
static const char *check_write(struct call *c, struct prepared *pr, cJSON **result)
{
    *result = NULL;
    if (pr->st.kind == ST_INSERT) {
        if (ddb_table_get(pr->table, pr->st.insert_item)) {
            call_fail(c, 400, "DuplicateItemException", "Duplicate primary key exists in table");
            return "DuplicateItem";
        }
        *result = cJSON_Duplicate(pr->st.insert_item, true);
        return NULL;
    }
    struct ddb_item *it = ddb_table_get(pr->table, pr->key);
    if (!it || !expr_eval_condition(pr->st.where, it->attrs)) {
        call_fail(c, 400, "ConditionalCheckFailedException", "The conditional request failed");
        return "ConditionalCheckFailed";
    }
    if (pr->st.kind == ST_UPDATE) {
        for (int i = 0; i < pr->st.update.n; i++) {
            const char *name = pr->st.update.clauses[i].path.steps[0].name;
            if (strcmp(name, pr->table->key.hash) == 0 ||
                (pr->table->key.range && strcmp(name, pr->table->key.range) == 0)) {
                ddb_validation(c,
                               "One or more parameter values were invalid: Cannot update "
                               "attribute %s. This attribute is part of the key",
                               name);
                return "ValidationError";
            }
        }
        *result = ddb_apply_update(c, pr->table, pr->key, &pr->st.update, it->attrs);
        if (!*result)
            return "ValidationError";
    }
    return NULL;
}

static void apply_write(struct prepared *pr, cJSON *result)
{
    if (pr->st.kind == ST_DELETE)
        cJSON_Delete(ddb_table_delete(pr->table, pr->key));
    else if (result)
        cJSON_Delete(ddb_table_put(pr->table, result));
}

int ddb_execute_statement(struct call *c, const cJSON *in, cJSON *out)
{
    struct prepared pr;
    int rc = -1;
    if (prepare(c, param_string(in, "Statement"),
                cJSON_GetObjectItemCaseSensitive(in, "Parameters"), &pr))
        goto done;
    cJSON *items = cJSON_AddArrayToObject(out, "Items");
    if (pr.st.kind == ST_SELECT) {
        run_select(&pr, param_int(in, "Limit", 0), items);
    } else {
        cJSON *result;
        if (check_write(c, &pr, &result))
            goto done;
        apply_write(&pr, result);
    }
    rc = 0;
done:
    prepared_free(&pr);
    return rc;
}

static void add_statement_error(cJSON *response, const struct call *c)
{
    cJSON *error = cJSON_AddObjectToObject(response, "Error");
    char code[128];
    snprintf(code, sizeof code, "%s", c->err->code);
    char *suffix = strstr(code, "Exception");
    if (suffix)
        *suffix = '\0';
    cJSON_AddStringToObject(error, "Code", code);
    cJSON_AddStringToObject(error, "Message", c->err->message);
}

int ddb_batch_execute_statement(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *responses = cJSON_AddArrayToObject(out, "Responses");
    const cJSON *request;
    cJSON_ArrayForEach(request, cJSON_GetObjectItemCaseSensitive(in, "Statements"))
    {
        cJSON *response = cJSON_CreateObject();
        cJSON_AddItemToArray(responses, response);
        struct prepared pr;
        if (prepare(c, param_string(request, "Statement"),
                    cJSON_GetObjectItemCaseSensitive(request, "Parameters"), &pr) == 0) {
            cJSON_AddStringToObject(response, "TableName", pr.table->name);
            if (pr.st.kind == ST_SELECT) {
                cJSON *items = cJSON_CreateArray();
                run_select(&pr, 1, items);
                if (cJSON_GetArraySize(items))
                    cJSON_AddItemToObject(response, "Item", cJSON_DetachItemFromArray(items, 0));
                cJSON_Delete(items);
            } else {
                cJSON *result;
                if (!check_write(c, &pr, &result))
                    apply_write(&pr, result);
            }
        }
        if (c->err->code[0]) {
            add_statement_error(response, c);
            proto_error_clear(c->err);
            memset(c->err, 0, sizeof *c->err);
        }
        prepared_free(&pr);
    }
    return 0;
}

int ddb_execute_transaction(struct call *c, const cJSON *in, cJSON *out)
{
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(in, "TransactStatements");
    int n = cJSON_GetArraySize(statements);
    struct prepared *prs = xcalloc((size_t)n + 1, sizeof *prs);
    cJSON **results = xcalloc((size_t)n + 1, sizeof *results);
    int rc = -1, i = 0;
    const cJSON *request;
    cJSON_ArrayForEach(request, statements)
    {
        if (prepare(c, param_string(request, "Statement"),
                    cJSON_GetObjectItemCaseSensitive(request, "Parameters"), &prs[i++]))
            goto done;
    }
    cJSON *reasons = cJSON_CreateArray();
    bool failed = false;
    for (i = 0; i < n; i++) {
        cJSON *reason = cJSON_CreateObject();
        const char *code =
            prs[i].st.kind == ST_SELECT ? NULL : check_write(c, &prs[i], &results[i]);
        cJSON_AddStringToObject(reason, "Code", code ? code : "None");
        if (code) {
            cJSON_AddStringToObject(reason, "Message", c->err->message);
            proto_error_clear(c->err);
            memset(c->err, 0, sizeof *c->err);
            failed = true;
        }
        cJSON_AddItemToArray(reasons, reason);
    }
    if (failed) {
        ddb_fail_transaction_cancelled(c, reasons);
        goto done;
    }
    cJSON_Delete(reasons);
    cJSON *responses = cJSON_AddArrayToObject(out, "Responses");
    for (i = 0; i < n; i++) {
        cJSON *response = cJSON_CreateObject();
        if (prs[i].st.kind == ST_SELECT) {
            cJSON *items = cJSON_CreateArray();
            run_select(&prs[i], 1, items);
            if (cJSON_GetArraySize(items))
                cJSON_AddItemToObject(response, "Item", cJSON_DetachItemFromArray(items, 0));
            cJSON_Delete(items);
        } else {
            apply_write(&prs[i], results[i]);
            results[i] = NULL;
        }
        cJSON_AddItemToArray(responses, response);
    }
    rc = 0;
done:
    for (i = 0; i < n; i++) {
        prepared_free(&prs[i]);
        cJSON_Delete(results[i]);
    }
    free(prs);
    free(results);
    return rc;
}
