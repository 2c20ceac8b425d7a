/* Evaluating condition expressions and projections against an item. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "expr.h"
#include "number.h"
#include "value.h"

static const char INCORRECT_TYPE[] =
    "An operand in the update expression has an incorrect data type";

const cJSON *doc_path_resolve(const cJSON *item, const struct doc_path *p)
{
    if (!item || p->n == 0 || !p->steps[0].name)
        return NULL;
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(item, p->steps[0].name);
    for (int i = 1; cur && i < p->n; i++) {
        const struct path_step *s = &p->steps[i];
        enum av_type t = av_type(cur);
        if (s->name) {
            cur = t == AV_M ? cJSON_GetObjectItemCaseSensitive(av_payload(cur), s->name) : NULL;
        } else {
            cur = t == AV_L && s->index < cJSON_GetArraySize(av_payload(cur))
                      ? cJSON_GetArrayItem(av_payload(cur), (int)s->index)
                      : NULL;
        }
    }
    return cur;
}

static const cJSON *keep(cJSON *temps, cJSON *value)
{
    cJSON_AddItemToArray(temps, value);
    return value;
}

static const cJSON *size_of(const cJSON *v, cJSON *temps)
{
    const cJSON *payload = av_payload(v);
    size_t n;
    switch (av_type(v)) {
    case AV_S:
        n = utf8_chars(payload->valuestring);
        break;
    case AV_B: {
        struct buf bytes = BUF_INIT;
        av_binary_bytes(payload, &bytes);
        n = bytes.len;
        buf_free(&bytes);
        break;
    }
    case AV_SS:
    case AV_NS:
    case AV_BS:
    case AV_L:
    case AV_M:
        n = (size_t)cJSON_GetArraySize(payload);
        break;
    default:
        return NULL;
    }
    char text[32];
    snprintf(text, sizeof text, "%zu", n);
    return keep(temps, av_new_string(AV_N, text));
}

static const cJSON *arithmetic(const struct expr *e, const cJSON *item, cJSON *temps,
                               const char **type_error)
{
    const cJSON *a = expr_eval_operand(e->args[0], item, temps, type_error);
    if (!a)
        return NULL;
    const cJSON *b = expr_eval_operand(e->args[1], item, temps, type_error);
    if (!b)
        return NULL;
    if (av_type(a) != AV_N || av_type(b) != AV_N) {
        *type_error = INCORRECT_TYPE;
        return NULL;
    }
    char *sum = ddb_number_add(av_payload(a)->valuestring, av_payload(b)->valuestring,
                               e->kind == EXPR_MINUS, type_error);
    return sum ? keep(temps, av_new_number_take(sum)) : NULL;
}

static const cJSON *list_append(const struct expr *e, const cJSON *item, cJSON *temps,
                                const char **type_error)
{
    const cJSON *a = expr_eval_operand(e->args[0], item, temps, type_error);
    if (!a)
        return NULL;
    const cJSON *b = expr_eval_operand(e->args[1], item, temps, type_error);
    if (!b)
        return NULL;
    if (av_type(a) != AV_L || av_type(b) != AV_L) {
        *type_error = INCORRECT_TYPE;
        return NULL;
    }
    cJSON *list = cJSON_CreateArray();
    const cJSON *x;
    cJSON_ArrayForEach(x, av_payload(a)) cJSON_AddItemToArray(list, cJSON_Duplicate(x, true));
    cJSON_ArrayForEach(x, av_payload(b)) cJSON_AddItemToArray(list, cJSON_Duplicate(x, true));
    cJSON *av = cJSON_CreateObject();
    cJSON_AddItemToObject(av, "L", list);
    return keep(temps, av);
}

const cJSON *expr_eval_operand(const struct expr *e, const cJSON *item, cJSON *temps,
                               const char **type_error)
{
    switch (e->kind) {
    case EXPR_PATH:
        return doc_path_resolve(item, &e->path);
    case EXPR_VALUE:
        return e->value;
    case EXPR_PLUS:
    case EXPR_MINUS:
        return arithmetic(e, item, temps, type_error);
    case EXPR_FUNC:
        switch (e->func) {
        case FN_SIZE: {
            const cJSON *v = expr_eval_operand(e->args[0], item, temps, type_error);
            return v ? size_of(v, temps) : NULL;
        }
        case FN_IF_NOT_EXISTS: {
            const cJSON *v = doc_path_resolve(item, &e->args[0]->path);
            return v ? v : expr_eval_operand(e->args[1], item, temps, type_error);
        }
        case FN_LIST_APPEND:
            return list_append(e, item, temps, type_error);
        default:
            return NULL;
        }
    default:
        return NULL;
    }
}

static bool is_ordered_type(enum av_type t)
{
    return t == AV_S || t == AV_N || t == AV_B;
}

static bool compare(enum cmp_op op, const cJSON *a, const cJSON *b)
{
    if (op == CMP_EQ)
        return a && b && av_equal(a, b);
    if (op == CMP_NE)
        return !(a && b && av_equal(a, b));
    if (!a || !b || av_type(a) != av_type(b) || !is_ordered_type(av_type(a)))
        return false;
    int c = av_compare(a, b);
    switch (op) {
    case CMP_LT:
        return c < 0;
    case CMP_LE:
        return c <= 0;
    case CMP_GT:
        return c > 0;
    case CMP_GE:
        return c >= 0;
    default:
        return false;
    }
}

static bool begins_with(const cJSON *a, const cJSON *prefix)
{
    if (!a || !prefix || av_type(a) != av_type(prefix))
        return false;
    if (av_type(a) == AV_S) {
        const char *s = av_payload(a)->valuestring, *pre = av_payload(prefix)->valuestring;
        return strncmp(s, pre, strlen(pre)) == 0;
    }
    if (av_type(a) != AV_B)
        return false;
    struct buf x = BUF_INIT, y = BUF_INIT;
    av_binary_bytes(av_payload(a), &x);
    av_binary_bytes(av_payload(prefix), &y);
    bool result = y.len <= x.len && (y.len == 0 || memcmp(x.data, y.data, y.len) == 0);
    buf_free(&x);
    buf_free(&y);
    return result;
}

static bool contains(const cJSON *a, const cJSON *operand)
{
    if (!a || !operand)
        return false;
    enum av_type t = av_type(a), ot = av_type(operand);
    const cJSON *e;
    if (t == AV_S && ot == AV_S)
        return strstr(av_payload(a)->valuestring, av_payload(operand)->valuestring) != NULL;
    if (av_is_set(t) && av_set_element(t) == ot) {
        cJSON_ArrayForEach(e, av_payload(a))
        {
            cJSON wrapped = {0};
            cJSON probe = {0};
            probe.type = cJSON_String;
            probe.valuestring = e->valuestring;
            probe.string = (char *)av_type_name(ot);
            wrapped.type = cJSON_Object;
            wrapped.child = &probe;
            if (av_equal(&wrapped, operand))
                return true;
        }
        return false;
    }
    if (t == AV_L) {
        cJSON_ArrayForEach(e, av_payload(a))
        {
            if (av_equal(e, operand))
                return true;
        }
    }
    return false;
}

static bool eval_function(const struct expr *e, const cJSON *item, cJSON *temps)
{
    const char *ignored = NULL;
    switch (e->func) {
    case FN_ATTRIBUTE_EXISTS:
        return doc_path_resolve(item, &e->args[0]->path) != NULL;
    case FN_ATTRIBUTE_NOT_EXISTS:
        return doc_path_resolve(item, &e->args[0]->path) == NULL;
    case FN_ATTRIBUTE_TYPE: {
        const cJSON *v = doc_path_resolve(item, &e->args[0]->path);
        const cJSON *type = expr_eval_operand(e->args[1], item, temps, &ignored);
        return v && av_type(type) == AV_S &&
               strcmp(av_type_name(av_type(v)), av_payload(type)->valuestring) == 0;
    }
    case FN_BEGINS_WITH:
        return begins_with(expr_eval_operand(e->args[0], item, temps, &ignored),
                           expr_eval_operand(e->args[1], item, temps, &ignored));
    case FN_CONTAINS:
        return contains(expr_eval_operand(e->args[0], item, temps, &ignored),
                        expr_eval_operand(e->args[1], item, temps, &ignored));
    default:
        return false;
    }
}

static bool eval(const struct expr *e, const cJSON *item, cJSON *temps)
{
    const char *ignored = NULL;
    switch (e->kind) {
    case EXPR_AND:
        return eval(e->args[0], item, temps) && eval(e->args[1], item, temps);
    case EXPR_OR:
        return eval(e->args[0], item, temps) || eval(e->args[1], item, temps);
    case EXPR_NOT:
        return !eval(e->args[0], item, temps);
    case EXPR_COMPARE:
        return compare(e->cmp, expr_eval_operand(e->args[0], item, temps, &ignored),
                       expr_eval_operand(e->args[1], item, temps, &ignored));
    case EXPR_BETWEEN: {
        const cJSON *v = expr_eval_operand(e->args[0], item, temps, &ignored);
        return compare(CMP_GE, v, expr_eval_operand(e->args[1], item, temps, &ignored)) &&
               compare(CMP_LE, v, expr_eval_operand(e->args[2], item, temps, &ignored));
    }
    case EXPR_IN: {
        const cJSON *v = expr_eval_operand(e->args[0], item, temps, &ignored);
        for (int i = 1; i < e->nargs; i++)
            if (compare(CMP_EQ, v, expr_eval_operand(e->args[i], item, temps, &ignored)))
                return true;
        return false;
    }
    case EXPR_FUNC:
        return eval_function(e, item, temps);
    default:
        return false;
    }
}

bool expr_eval_condition(const struct expr *e, const cJSON *item)
{
    if (!e)
        return true;
    cJSON *temps = cJSON_CreateArray();
    bool result = eval(e, item, temps);
    cJSON_Delete(temps);
    return result;
}

/* ---- projections ---- */

static bool step_matches(const struct path_step *s, const char *name, long index)
{
    return name ? s->name && strcmp(s->name, name) == 0 : !s->name && s->index == index;
}

/* The part of value (a map's or list's payload, or the item) the paths select from depth on;
 * list elements are compacted in index order, as DynamoDB returns them. */
static cJSON *project(const cJSON *container, bool is_list, const struct doc_path *const *paths,
                      int n, int depth)
{
    cJSON *out = is_list ? cJSON_CreateArray() : cJSON_CreateObject();
    const struct doc_path **subset = xcalloc((size_t)n + 1, sizeof *subset);
    long index = 0;
    const cJSON *child;
    cJSON_ArrayForEach(child, container)
    {
        int k = 0;
        bool whole = false;
        for (int i = 0; i < n; i++) {
            if (!step_matches(&paths[i]->steps[depth], is_list ? NULL : child->string, index))
                continue;
            if (paths[i]->n == depth + 1)
                whole = true;
            subset[k++] = paths[i];
        }
        index++;
        if (k == 0)
            continue;
        cJSON *projected = NULL;
        enum av_type t = av_type(child);
        if (whole) {
            projected = cJSON_Duplicate(child, true);
        } else if (t == AV_M || t == AV_L) {
            cJSON *inner = project(av_payload(child), t == AV_L, subset, k, depth + 1);
            if (cJSON_GetArraySize(inner) == 0) {
                cJSON_Delete(inner);
            } else {
                projected = cJSON_CreateObject();
                cJSON_AddItemToObject(projected, av_type_name(t), inner);
            }
        }
        if (!projected)
            continue;
        if (is_list)
            cJSON_AddItemToArray(out, projected);
        else
            cJSON_AddItemToObject(out, child->string, projected);
    }
    free(subset);
    return out;
}

cJSON *projection_apply(const cJSON *item, const struct projection *p)
{
    const struct doc_path **paths = xcalloc((size_t)p->n + 1, sizeof *paths);
    for (int i = 0; i < p->n; i++)
        paths[i] = &p->paths[i];
    cJSON *out = project(item, false, paths, p->n, 0);
    free(paths);
    return out;
}
