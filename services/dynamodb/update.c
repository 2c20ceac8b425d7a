/* Applying an update expression: every SET value is computed from the item as it was, then the
 * actions are applied to a copy, so a failing update leaves the stored item untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "expr.h"
#include "number.h"
#include "value.h"

static const char INVALID_PATH[] = "The document path provided in the update expression is invalid "
                                   "for update";
static const char INCORRECT_TYPE[] =
    "An operand in the update expression has an incorrect data type";
static const char MISSING_OPERAND[] =
    "The provided expression refers to an attribute that does not "
    "exist in the item";

/* The container (item, map payload or list payload) holding the last step of p, or NULL. */
static cJSON *parent_of(cJSON *item, const struct doc_path *p)
{
    if (p->n == 1)
        return item;
    struct doc_path prefix = {p->steps, p->n - 1};
    cJSON *parent = (cJSON *)doc_path_resolve(item, &prefix);
    const struct path_step *last = &p->steps[p->n - 1];
    enum av_type t = av_type(parent);
    if (last->name ? t != AV_M : t != AV_L)
        return NULL;
    return parent->child;
}

/* Puts value (owned) at p; a list index past the end appends, as DynamoDB does. */
static const char *assign(cJSON *item, const struct doc_path *p, cJSON *value)
{
    cJSON *container = parent_of(item, p);
    if (!container) {
        cJSON_Delete(value);
        return INVALID_PATH;
    }
    const struct path_step *last = &p->steps[p->n - 1];
    if (last->name) {
        if (cJSON_GetObjectItemCaseSensitive(container, last->name))
            cJSON_ReplaceItemInObjectCaseSensitive(container, last->name, value);
        else
            cJSON_AddItemToObject(container, last->name, value);
    } else if (last->index < cJSON_GetArraySize(container)) {
        cJSON_ReplaceItemInArray(container, (int)last->index, value);
    } else {
        cJSON_AddItemToArray(container, value);
    }
    return NULL;
}

static void remove_at(cJSON *item, const struct doc_path *p)
{
    cJSON *container = parent_of(item, p);
    if (!container)
        return;
    const struct path_step *last = &p->steps[p->n - 1];
    if (last->name)
        cJSON_DeleteItemFromObjectCaseSensitive(container, last->name);
    else if (last->index < cJSON_GetArraySize(container))
        cJSON_DeleteItemFromArray(container, (int)last->index);
}

static const char *apply_add(cJSON *item, const struct update_clause *c)
{
    const cJSON *existing = doc_path_resolve(item, &c->path);
    const cJSON *value = c->value->value;
    if (!existing)
        return assign(item, &c->path, cJSON_Duplicate(value, true));
    enum av_type t = av_type(existing);
    if (t != av_type(value))
        return INCORRECT_TYPE;
    if (t == AV_N) {
        const char *error;
        char *sum = ddb_number_add(av_payload(existing)->valuestring,
                                   av_payload(value)->valuestring, false, &error);
        return sum ? assign(item, &c->path, av_new_number_take(sum)) : error;
    }
    if (t == AV_L && c->action == UPD_APPEND_OR_ADD) {
        cJSON *joined = cJSON_Duplicate(existing, true);
        const cJSON *e;
        cJSON_ArrayForEach(e, av_payload(value))
        {
            cJSON_AddItemToArray(joined->child, cJSON_Duplicate(e, true));
        }
        return assign(item, &c->path, joined);
    }
    if (!av_is_set(t))
        return INCORRECT_TYPE;
    cJSON *merged = cJSON_Duplicate(existing, true);
    size_t n;
    const cJSON **sorted = av_set_sorted(av_payload(existing), av_set_element(t), &n);
    const cJSON *e;
    cJSON_ArrayForEach(e, av_payload(value))
    {
        if (!av_set_sorted_has(sorted, n, av_set_element(t), e))
            cJSON_AddItemToArray(merged->child, cJSON_CreateString(e->valuestring));
    }
    free(sorted);
    return assign(item, &c->path, merged);
}

static const char *apply_delete(cJSON *item, const struct update_clause *c)
{
    const cJSON *existing = doc_path_resolve(item, &c->path);
    const cJSON *value = c->value->value;
    if (!existing)
        return NULL;
    enum av_type t = av_type(existing);
    if (t != av_type(value))
        return INCORRECT_TYPE;
    cJSON *kept = cJSON_CreateArray();
    size_t n;
    const cJSON **sorted = av_set_sorted(av_payload(value), av_set_element(t), &n);
    const cJSON *e;
    cJSON_ArrayForEach(e, av_payload(existing))
    {
        if (!av_set_sorted_has(sorted, n, av_set_element(t), e))
            cJSON_AddItemToArray(kept, cJSON_CreateString(e->valuestring));
    }
    free(sorted);
    if (cJSON_GetArraySize(kept) == 0) {
        cJSON_Delete(kept);
        remove_at(item, &c->path);
        return NULL;
    }
    cJSON *set = cJSON_CreateObject();
    cJSON_AddItemToObject(set, av_type_name(t), kept);
    return assign(item, &c->path, set);
}

/* REMOVEs of list elements go from the highest index down so that each index still means the
 * element it named in the original list. */
static int compare_removals(const void *a, const void *b)
{
    const struct update_clause *x = *(const struct update_clause *const *)a;
    const struct update_clause *y = *(const struct update_clause *const *)b;
    return -doc_path_compare(&x->path, &y->path);
}

cJSON *update_apply(const struct update_expr *u, const cJSON *item, char *error, size_t size)
{
    cJSON *old = item ? cJSON_Duplicate(item, true) : cJSON_CreateObject();
    cJSON *updated = cJSON_Duplicate(old, true);
    cJSON *temps = cJSON_CreateArray();
    const struct update_clause **removals = xcalloc((size_t)u->n + 1, sizeof *removals);
    int nremovals = 0;
    const char *failure = NULL;

    for (int i = 0; i < u->n && !failure; i++) {
        const struct update_clause *c = &u->clauses[i];
        if (c->action != UPD_SET)
            continue;
        const char *type_error = NULL;
        const cJSON *value = expr_eval_operand(c->value, old, temps, &type_error);
        if (!value)
            failure = type_error ? type_error : MISSING_OPERAND;
        else
            failure = assign(updated, &c->path, cJSON_Duplicate(value, true));
    }
    for (int i = 0; i < u->n; i++)
        if (u->clauses[i].action == UPD_REMOVE)
            removals[nremovals++] = &u->clauses[i];
    qsort(removals, (size_t)nremovals, sizeof *removals, compare_removals);
    for (int i = 0; i < nremovals && !failure; i++)
        remove_at(updated, &removals[i]->path);
    for (int i = 0; i < u->n && !failure; i++) {
        const struct update_clause *c = &u->clauses[i];
        if (c->action == UPD_ADD || c->action == UPD_APPEND_OR_ADD)
            failure = apply_add(updated, c);
        else if (c->action == UPD_DELETE)
            failure = apply_delete(updated, c);
    }
    free(removals);
    cJSON_Delete(temps);
    cJSON_Delete(old);
    if (failure) {
        snprintf(error, size, "%s", failure);
        cJSON_Delete(updated);
        return NULL;
    }
    return updated;
}
