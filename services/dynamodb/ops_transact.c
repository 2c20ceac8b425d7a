/* TransactWriteItems and TransactGetItems: all checks and conditions first, then every write or
 * none; cancellation reasons come back in request order. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/idempotency.h"
#include "../core/params.h"
#include "legacy.h"
#include "ops.h"
#include "request.h"

enum tx_kind { TX_CHECK, TX_PUT, TX_DELETE, TX_UPDATE };

struct tx_action {
    enum tx_kind kind;
    cJSON *spec; /* the ConditionCheck/Put/Delete/Update member */
    struct ddb_table *table;
    const cJSON *key; /* the key object (for Put: the item) */
    struct write_plan plan;
    cJSON *result; /* Put: item to store; Update: new item */
};

static const char *const KIND_NAMES[] = {"ConditionCheck", "Put", "Delete", "Update"};

static bool same_item(const struct tx_action *a, const struct tx_action *b)
{
    if (a->table != b->table)
        return false;
    const cJSON *h1, *r1, *h2, *r2;
    ddb_item_key(&a->table->key, a->key, &h1, &r1);
    ddb_item_key(&b->table->key, b->key, &h2, &r2);
    return av_equal(h1, h2) && (!r1 || av_equal(r1, r2));
}

static int prepare(struct call *c, cJSON *entry, struct tx_action *a)
{
    for (int k = 0; k < 4; k++) {
        cJSON *spec = cJSON_GetObjectItemCaseSensitive(entry, KIND_NAMES[k]);
        if (!spec)
            continue;
        if (a->spec)
            return ddb_validation(c, "TransactItems can only contain one of Check, Put, Update or "
                                     "Delete");
        a->spec = spec;
        a->kind = (enum tx_kind)k;
    }
    if (!a->spec)
        return ddb_validation(c, "TransactItems can only contain one of Check, Put, Update or "
                                 "Delete");
    /* Expressions are checked before the table and the key, as DynamoDB does. */
    if (write_plan_parse(c, a->spec, a->kind == TX_UPDATE, &a->plan) != 0)
        return -1;
    a->table = ddb_require_table(c, a->spec);
    if (!a->table)
        return -1;
    if (a->kind == TX_PUT) {
        cJSON *item = cJSON_GetObjectItemCaseSensitive(a->spec, "Item");
        if (ddb_check_item(c, a->table, item))
            return -1;
        a->key = item;
    } else {
        a->key = cJSON_GetObjectItemCaseSensitive(a->spec, "Key");
        if (ddb_check_key(c, a->table, a->key))
            return -1;
    }
    if (a->kind == TX_CHECK && !cJSON_GetObjectItemCaseSensitive(a->spec, "ConditionExpression"))
        return ddb_validation(c,
                              "The ConditionExpression parameter is required for ConditionCheck");
    return 0;
}

/* Evaluates one action; NULL when it can go ahead, else its cancellation reason. */
static cJSON *evaluate(struct call *c, struct tx_action *a)
{
    struct ddb_item *existing = ddb_table_get(a->table, a->key);
    const cJSON *old = existing ? existing->attrs : NULL;
    if (!expr_eval_condition(a->plan.condition, old)) {
        cJSON *reason = cJSON_CreateObject();
        cJSON_AddStringToObject(reason, "Code", "ConditionalCheckFailed");
        cJSON_AddStringToObject(reason, "Message", "The conditional request failed");
        const char *rv = param_string(a->spec, "ReturnValuesOnConditionCheckFailure");
        if (old && rv && strcmp(rv, "ALL_OLD") == 0)
            cJSON_AddItemToObject(reason, "Item", cJSON_Duplicate(old, true));
        return reason;
    }
    if (a->kind == TX_UPDATE) {
        struct proto_error saved = *c->err; /* the error's message moves into saved */
        memset(c->err, 0, sizeof *c->err);
        a->result = ddb_apply_update(c, a->table, a->key, &a->plan.update, old);
        if (!a->result) {
            cJSON *reason = cJSON_CreateObject();
            cJSON_AddStringToObject(reason, "Code", "ValidationError");
            cJSON_AddStringToObject(reason, "Message", c->err->message);
            proto_error_clear(c->err);
            *c->err = saved;
            return reason;
        }
    } else if (a->kind == TX_PUT) {
        a->result = cJSON_Duplicate(a->key, true);
    }
    return NULL;
}

static void apply(struct tx_action *a)
{
    switch (a->kind) {
    case TX_PUT:
    case TX_UPDATE:
        cJSON_Delete(ddb_table_put(a->table, a->result));
        a->result = NULL;
        break;
    case TX_DELETE:
        cJSON_Delete(ddb_table_delete(a->table, a->key));
        break;
    case TX_CHECK:
        break;
    }
}

static void add_units(cJSON *capacity, const char *kind, double units)
{
    const char *members[] = {"CapacityUnits", kind};
    for (size_t i = 0; i < 2; i++) {
        cJSON *m = cJSON_GetObjectItemCaseSensitive(capacity, members[i]);
        if (m)
            cJSON_SetNumberValue(m, m->valuedouble + units);
        else
            cJSON_AddNumberToObject(capacity, members[i], units);
    }
}

/* Adds units to the table's entry of out's ConsumedCapacity (one per table, in the order the
 * tables first appear), when the request asks for it. A transaction costs twice what the same
 * plain reads and writes do. */
static void add_table_capacity(const cJSON *in, cJSON *out, const struct ddb_table *t,
                               double units, bool write)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(out, "ConsumedCapacity");
    cJSON *entry;
    cJSON_ArrayForEach(entry, list)
    {
        if (strcmp(param_string(entry, "TableName"), t->name) != 0)
            continue;
        const char *kind = write ? "WriteCapacityUnits" : "ReadCapacityUnits";
        add_units(entry, kind, units);
        cJSON *table = cJSON_GetObjectItemCaseSensitive(entry, "Table");
        if (table)
            add_units(table, kind, units);
        return;
    }
    cJSON *fresh = ddb_capacity_json(in, t, 0);
    if (!fresh)
        return;
    add_units(fresh, write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
    cJSON *table = cJSON_GetObjectItemCaseSensitive(fresh, "Table");
    if (table)
        add_units(table, write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
    if (!list)
        list = cJSON_AddArrayToObject(out, "ConsumedCapacity");
    cJSON_AddItemToArray(list, fresh);
}

int ddb_transact_write_items(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *items = cJSON_GetObjectItemCaseSensitive(in, "TransactItems");
    int n = cJSON_GetArraySize(items);
    struct tx_action *actions = xcalloc((size_t)n + 1, sizeof *actions);
    int rc = -1, i = 0;
    cJSON *entry;
    cJSON_ArrayForEach(entry, items)
    {
        struct tx_action *a = &actions[i++];
        if (prepare(c, entry, a))
            goto done;
        for (int j = 0; j < i - 1; j++) {
            if (same_item(&actions[j], a)) {
                ddb_validation(c, "Transaction request cannot include multiple operations on one "
                                  "item");
                goto done;
            }
        }
    }
    const char *token = param_string(in, "ClientRequestToken");
    int seen = idempotency_call(c, ddb_call_region(c)->idempotency, token, in, out,
                                "IdempotentParameterMismatchException",
                                "Request parameters do not match the original request for the "
                                "given ClientRequestToken");
    if (seen != 0) {
        rc = seen < 0 ? -1 : 0;
        goto done;
    }
    cJSON *reasons = cJSON_CreateArray();
    bool failed = false;
    for (i = 0; i < n; i++) {
        cJSON *reason = evaluate(c, &actions[i]);
        if (reason)
            failed = true;
        else
            cJSON_AddStringToObject(reason = cJSON_CreateObject(), "Code", "None");
        cJSON_AddItemToArray(reasons, reason);
    }
    if (failed) {
        if (token)
            idempotency_forget(ddb_call_region(c)->idempotency, token);
        ddb_fail_transaction_cancelled(c, reasons);
        goto done;
    }
    cJSON_Delete(reasons);
    for (i = 0; i < n; i++)
        apply(&actions[i]);
    for (i = 0; i < n; i++)
        add_table_capacity(in, out, actions[i].table, 2, true);
    if (token)
        idempotency_finish(ddb_call_region(c)->idempotency, token, out);
    rc = 0;
done:
    for (i = 0; i < n; i++) {
        write_plan_free(&actions[i].plan);
        cJSON_Delete(actions[i].result);
    }
    free(actions);
    return rc;
}

/* Whether an entry before `entry` reads the same item. */
static bool repeats_earlier_get(struct call *c, const cJSON *items, const cJSON *entry,
                                struct ddb_table *t, const cJSON *key)
{
    struct tx_action a = {.table = t, .key = key};
    for (const cJSON *earlier = items->child; earlier != entry; earlier = earlier->next) {
        const cJSON *get = cJSON_GetObjectItemCaseSensitive(earlier, "Get");
        struct tx_action b = {
            .table = ddb_table_lookup(ddb_call_region(c), param_string(get, "TableName")),
            .key = cJSON_GetObjectItemCaseSensitive(get, "Key"),
        };
        if (b.table == t && same_item(&a, &b))
            return true;
    }
    return false;
}

int ddb_transact_get_items(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *items = cJSON_GetObjectItemCaseSensitive(in, "TransactItems");
    cJSON *responses = cJSON_CreateArray();
    cJSON *entry;
    cJSON_ArrayForEach(entry, items)
    {
        cJSON *get = cJSON_GetObjectItemCaseSensitive(entry, "Get");
        struct ddb_table *t = ddb_require_table(c, get);
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(get, "Key");
        if (t && repeats_earlier_get(c, items, entry, t, key)) {
            cJSON_Delete(responses);
            return ddb_validation(c, "Transaction request cannot include multiple operations on "
                                     "one item");
        }
        struct expr_ctx ctx = {0};
        struct projection *proj = NULL;
        if (!t || ddb_check_key(c, t, key) || ddb_expr_begin(c, get, &ctx) ||
            ddb_parse_projection(c, &ctx, get, &proj) || ddb_expr_finish(c, &ctx)) {
            expr_ctx_free(&ctx);
            cJSON_Delete(responses);
            return -1;
        }
        cJSON *response = cJSON_CreateObject();
        struct ddb_item *it = ddb_table_get(t, key);
        if (it)
            cJSON_AddItemToObject(response, "Item",
                                  proj ? projection_apply(it->attrs, proj)
                                       : ddb_item_view(it->attrs));
        cJSON_AddItemToArray(responses, response);
        add_table_capacity(in, out, t, 2 * ddb_read_units(it ? it->size : 0, true), false);
        expr_ctx_free(&ctx);
    }
    cJSON_AddItemToObject(out, "Responses", responses);
    return 0;
}
