/* AttributeValues in params trees: their types, validation with DynamoDB's messages,
 * ordering, equality and sizes. */
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/codec_util.h"
#include "../core/wire_text.h"
#include "number.h"

static const struct {
    const char *name;
    enum av_type type;
} TYPE_NAMES[] = {
    {"S", AV_S}, {"N", AV_N}, {"B", AV_B},   {"BOOL", AV_BOOL}, {"NULL", AV_NULL},
    {"M", AV_M}, {"L", AV_L}, {"SS", AV_SS}, {"NS", AV_NS},     {"BS", AV_BS},
};

enum av_type av_type_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof TYPE_NAMES / sizeof TYPE_NAMES[0]; i++)
        if (strcmp(TYPE_NAMES[i].name, name) == 0)
            return TYPE_NAMES[i].type;
    return AV_NONE;
}

const char *av_type_name(enum av_type t)
{
    for (size_t i = 0; i < sizeof TYPE_NAMES / sizeof TYPE_NAMES[0]; i++)
        if (TYPE_NAMES[i].type == t)
            return TYPE_NAMES[i].name;
    return "";
}

enum av_type av_type(const cJSON *av)
{
    if (!cJSON_IsObject(av) || !av->child || av->child->next)
        return AV_NONE;
    return av_type_from_name(av->child->string);
}

const cJSON *av_payload(const cJSON *av)
{
    return av_type(av) == AV_NONE ? NULL : av->child;
}

bool av_is_set(enum av_type t)
{
    return t == AV_SS || t == AV_NS || t == AV_BS;
}

enum av_type av_set_element(enum av_type t)
{
    return t == AV_SS ? AV_S : t == AV_NS ? AV_N : t == AV_BS ? AV_B : AV_NONE;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

bool av_binary_bytes(const cJSON *payload, struct buf *out)
{
    if (!cJSON_IsString(payload))
        return false;
    return base64_decode(payload->valuestring, strlen(payload->valuestring), out);
}

/* ---- validation ---- */

static const char *validate_number(cJSON *text, char *msg, size_t msg_size)
{
    const char *error;
    char *canonical = ddb_number_canonical(text->valuestring, &error);
    if (!canonical && error == DDB_NOT_A_NUMBER && *text->valuestring) {
        snprintf(msg, msg_size, "%s: %s", DDB_NOT_A_NUMBER, text->valuestring);
        return msg;
    }
    if (!canonical)
        return error;
    if (strcmp(canonical, text->valuestring) != 0)
        cJSON_SetValuestring(text, canonical);
    free(canonical);
    return NULL;
}

static int compare_scalar_payloads(enum av_type t, const cJSON *a, const cJSON *b);

static const char *validate_set(enum av_type t, cJSON *set, char *msg, size_t msg_size)
{
    static const char *const EMPTY[] = {
        [AV_SS] = "One or more parameter values were invalid: An string set  may not be empty",
        [AV_NS] = "One or more parameter values were invalid: An number set  may not be empty",
        [AV_BS] = "One or more parameter values were invalid: An binary set  may not be empty",
    };
    if (!cJSON_IsArray(set))
        return "Supplied AttributeValue is empty, must contain exactly one of the supported "
               "datatypes";
    if (cJSON_GetArraySize(set) == 0)
        return EMPTY[t];
    cJSON *e;
    cJSON_ArrayForEach(e, set)
    {
        if (!cJSON_IsString(e))
            return "Supplied AttributeValue is empty, must contain exactly one of the supported "
                   "datatypes";
        if (t == AV_NS) {
            const char *error = validate_number(e, msg, msg_size);
            if (error)
                return error;
        }
    }
    size_t n;
    const cJSON **sorted = av_set_sorted(set, av_set_element(t), &n);
    bool duplicates = false;
    for (size_t i = 1; i < n && !duplicates; i++)
        duplicates = compare_scalar_payloads(av_set_element(t), sorted[i - 1], sorted[i]) == 0;
    free(sorted);
    if (duplicates) {
        struct buf list = BUF_INIT;
        for (cJSON *z = set->child; z; z = z->next)
            buf_printf(&list, "%s%s", z == set->child ? "" : ", ", z->valuestring);
        snprintf(msg, msg_size,
                 "One or more parameter values were invalid: Input collection [%s] contains "
                 "duplicates.",
                 list.data ? list.data : "");
        buf_free(&list);
        return msg;
    }
    return NULL;
}

static const char *validate_value(cJSON *av, int depth, char *msg, size_t msg_size)
{
    if (depth > AV_MAX_DEPTH)
        return "Nesting Levels have exceeded supported limits";
    if (!cJSON_IsObject(av) || !av->child)
        return "Supplied AttributeValue is empty, must contain exactly one of the supported "
               "datatypes";
    if (av->child->next)
        return "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
               "of the supported datatypes";
    cJSON *v = av->child;
    enum av_type t = av_type_from_name(v->string);
    switch (t) {
    case AV_S:
        return cJSON_IsString(v) ? NULL
                                 : "Supplied AttributeValue is empty, must contain exactly "
                                   "one of the supported datatypes";
    case AV_B: {
        struct buf bytes = BUF_INIT;
        bool ok = av_binary_bytes(v, &bytes);
        buf_free(&bytes);
        return ok ? NULL : "Invalid Binary Value";
    }
    case AV_N:
        if (!cJSON_IsString(v))
            return DDB_NOT_A_NUMBER;
        return validate_number(v, msg, msg_size);
    case AV_BOOL:
        return cJSON_IsBool(v) ? NULL
                               : "Supplied AttributeValue is empty, must contain exactly "
                                 "one of the supported datatypes";
    case AV_NULL:
        return cJSON_IsTrue(v) ? NULL
                               : "One or more parameter values were invalid: Null attribute "
                                 "value types must have the value of true";
    case AV_SS:
    case AV_NS:
    case AV_BS:
        return validate_set(t, v, msg, msg_size);
    case AV_M:
    case AV_L: {
        if (t == AV_M ? !cJSON_IsObject(v) : !cJSON_IsArray(v))
            return "Supplied AttributeValue is empty, must contain exactly one of the supported "
                   "datatypes";
        cJSON *e;
        cJSON_ArrayForEach(e, v)
        {
            const char *error = validate_value(e, depth + 1, msg, msg_size);
            if (error)
                return error;
        }
        return NULL;
    }
    case AV_NONE:
        break;
    }
    return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
}

const char *av_validate(cJSON *av, char *msg, size_t msg_size)
{
    return validate_value(av, 1, msg, msg_size);
}

const char *item_validate(cJSON *item, char *msg, size_t msg_size)
{
    cJSON *attr;
    cJSON_ArrayForEach(attr, item)
    {
        const char *error = av_validate(attr, msg, msg_size);
        if (error)
            return error;
    }
    return NULL;
}

/* ---- comparison ---- */

static int compare_binary(const cJSON *a, const cJSON *b)
{
    struct buf x = BUF_INIT, y = BUF_INIT;
    av_binary_bytes(a, &x);
    av_binary_bytes(b, &y);
    size_t n = x.len < y.len ? x.len : y.len;
    int c = n ? memcmp(x.data, y.data, n) : 0;
    if (c == 0)
        c = x.len == y.len ? 0 : x.len < y.len ? -1 : 1;
    buf_free(&x);
    buf_free(&y);
    return c < 0 ? -1 : c > 0;
}

static int compare_scalar_payloads(enum av_type t, const cJSON *a, const cJSON *b)
{
    if (!cJSON_IsString(a) || !cJSON_IsString(b))
        return 0;
    switch (t) {
    case AV_S: {
        int c = wire_text_compare(a->valuestring, b->valuestring);
        return c < 0 ? -1 : c > 0;
    }
    case AV_N:
        return ddb_number_compare(a->valuestring, b->valuestring);
    case AV_B:
        return compare_binary(a, b);
    default:
        return 0;
    }
}

int av_compare(const cJSON *a, const cJSON *b)
{
    enum av_type t = av_type(a);
    if (t != av_type(b))
        return 0;
    return compare_scalar_payloads(t, av_payload(a), av_payload(b));
}

int av_key_compare(const cJSON *a, const cJSON *b)
{
    enum av_type ta = av_type(a), tb = av_type(b);
    if (ta != tb)
        return ta < tb ? -1 : 1;
    return compare_scalar_payloads(ta, av_payload(a), av_payload(b));
}

static int compare_elements(const void *a, const void *b, void *element)
{
    return compare_scalar_payloads(*(const enum av_type *)element, *(const cJSON *const *)a,
                                   *(const cJSON *const *)b);
}

const cJSON **av_set_sorted(const cJSON *set_payload, enum av_type element, size_t *n)
{
    *n = (size_t)cJSON_GetArraySize(set_payload);
    const cJSON **sorted = xcalloc(*n + 1, sizeof *sorted);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, set_payload) sorted[i++] = e;
    qsort_r(sorted, *n, sizeof *sorted, compare_elements, &element);
    return sorted;
}

bool av_set_sorted_has(const cJSON **sorted, size_t n, enum av_type element, const cJSON *text)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = compare_scalar_payloads(element, sorted[mid], text);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool av_equal(const cJSON *a, const cJSON *b)
{
    enum av_type t = av_type(a);
    if (t == AV_NONE || t != av_type(b))
        return false;
    const cJSON *x = av_payload(a), *y = av_payload(b);
    switch (t) {
    case AV_S:
    case AV_N:
    case AV_B:
        return compare_scalar_payloads(t, x, y) == 0;
    case AV_BOOL:
        return cJSON_IsTrue(x) == cJSON_IsTrue(y);
    case AV_NULL:
        return true;
    case AV_SS:
    case AV_NS:
    case AV_BS: {
        if (cJSON_GetArraySize(x) != cJSON_GetArraySize(y))
            return false;
        size_t n;
        const cJSON **sorted = av_set_sorted(y, av_set_element(t), &n);
        bool equal = true;
        const cJSON *e;
        cJSON_ArrayForEach(e, x)
        {
            if (!av_set_sorted_has(sorted, n, av_set_element(t), e)) {
                equal = false;
                break;
            }
        }
        free(sorted);
        return equal;
    }
    case AV_L: {
        if (cJSON_GetArraySize(x) != cJSON_GetArraySize(y))
            return false;
        for (const cJSON *i = x->child, *j = y->child; i && j; i = i->next, j = j->next)
            if (!av_equal(i, j))
                return false;
        return true;
    }
    case AV_M: {
        if (cJSON_GetArraySize(x) != cJSON_GetArraySize(y))
            return false;
        const cJSON *e;
        cJSON_ArrayForEach(e, x)
        {
            const cJSON *other = cJSON_GetObjectItemCaseSensitive(y, e->string);
            if (!other || !av_equal(e, other))
                return false;
        }
        return true;
    }
    case AV_NONE:
        break;
    }
    return false;
}

/* ---- sizes ---- */

static size_t binary_size(const cJSON *payload)
{
    struct buf bytes = BUF_INIT;
    av_binary_bytes(payload, &bytes);
    size_t n = bytes.len;
    buf_free(&bytes);
    return n;
}

size_t av_size(const cJSON *av)
{
    const cJSON *v = av_payload(av);
    size_t n = 0;
    const cJSON *e;
    switch (av_type(av)) {
    case AV_S:
        return wire_text_size(v->valuestring);
    case AV_N:
        return ddb_number_size(v->valuestring);
    case AV_B:
        return binary_size(v);
    case AV_BOOL:
    case AV_NULL:
        return 1;
    case AV_SS:
        cJSON_ArrayForEach(e, v) n += wire_text_size(e->valuestring);
        return n;
    case AV_NS:
        cJSON_ArrayForEach(e, v) n += ddb_number_size(e->valuestring);
        return n;
    case AV_BS:
        cJSON_ArrayForEach(e, v) n += binary_size(e);
        return n;
    case AV_M:
        n = 3;
        cJSON_ArrayForEach(e, v) n += 1 + wire_text_size(e->string) + av_size(e);
        return n;
    case AV_L:
        n = 3;
        cJSON_ArrayForEach(e, v) n += 1 + av_size(e);
        return n;
    case AV_NONE:
        break;
    }
    return 0;
}

size_t item_size(const cJSON *item)
{
    size_t n = 0;
    const cJSON *attr;
    cJSON_ArrayForEach(attr, item) n += wire_text_size(attr->string) + av_size(attr);
    return n;
}

cJSON *av_new_string(enum av_type t, const char *text)
{
    cJSON *av = cJSON_CreateObject();
    cJSON_AddStringToObject(av, av_type_name(t), text);
    return av;
}

cJSON *av_new_number_take(char *canonical)
{
    cJSON *av = av_new_string(AV_N, canonical);
    free(canonical);
    return av;
}
