/* Reads query/ec2 protocol parameters (dotted names from the form body and query string) into
 * a params tree, following the input shape. */
#include "query_form.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "codec_util.h"
#include "form.h"
#include "map_entries.h"

/* Every level of nesting needs at least two characters of a parameter name, so a long name
 * could otherwise nest as deep as the body is long. No AWS input shape comes close. */
#define MAX_FORM_DEPTH 64

/* ---------------------------------------------------------------------------------------------
 * The parameters, sorted by name so a name or a whole "Prefix." subtree is a binary search away
 * ------------------------------------------------------------------------------------------- */

struct form_param {
    char *name;
    char *value;
    size_t order; /* position in the request: the first of repeated names wins */
};

struct form_params {
    struct form_param *items;
    size_t count;
    size_t cap;
};

static void add_param(void *ctx, const char *name, const char *value)
{
    struct form_params *p = ctx;
    if (strcmp(name, "Action") == 0 || strcmp(name, "Version") == 0)
        return;
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->items = xrealloc(p->items, p->cap * sizeof *p->items);
    }
    p->items[p->count] = (struct form_param){xstrdup(name), xstrdup(value), p->count};
    p->count++;
}

static int compare_params(const void *a, const void *b)
{
    const struct form_param *x = a, *y = b;
    int by_name = strcmp(x->name, y->name);
    if (by_name)
        return by_name;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The query string, then the form body: clients put Action in either and the rest in the body. */
static bool collect_params(const struct http_request *req, struct form_params *p)
{
    memset(p, 0, sizeof *p);
    bool valid = true;
    if (req->query && *req->query)
        valid = form_each(req->query, strlen(req->query), true, add_param, p) && valid;
    if (req->body.len > 0)
        valid = form_each(req->body.data, req->body.len, true, add_param, p) && valid;
    if (p->count > 1)
        qsort(p->items, p->count, sizeof *p->items, compare_params);
    return valid;
}

static void free_params(struct form_params *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
}

/* Index of the first parameter whose name is not below text. */
static size_t lower_bound(const struct form_params *p, const char *text)
{
    size_t lo = 0, hi = p->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(p->items[mid].name, text) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const struct form_param *find_param(const struct form_params *p, const char *name)
{
    size_t i = lower_bound(p, name);
    return i < p->count && strcmp(p->items[i].name, name) == 0 ? &p->items[i] : NULL;
}

/* The parameters named "<prefix>…", as the range [*begin, *end); false when there are none. */
static bool prefix_range(const struct form_params *p, const char *prefix, size_t *begin,
                         size_t *end)
{
    size_t len = strlen(prefix);
    size_t i = lower_bound(p, prefix);
    *begin = i;
    while (i < p->count && strncmp(p->items[i].name, prefix, len) == 0)
        i++;
    *end = i;
    return *end > *begin;
}

/* ---------------------------------------------------------------------------------------------
 * Decoding state and names
 * ------------------------------------------------------------------------------------------- */

struct decoder {
    const struct form_params *params;
    enum query_dialect dialect;
    struct proto_error *err;
    bool failed;
};

static bool is_flattened(const struct decoder *d, const struct shape_ref *ref)
{
    return d->dialect == QUERY_DIALECT_EC2 || ref->flattened || ref->shape->flattened;
}

/* The name a structure member travels under. */
static void member_wire_name(const struct decoder *d, const struct shape_ref *member,
                             struct buf *out)
{
    if (d->dialect == QUERY_DIALECT_QUERY) {
        /* queryName: a query wire name json must not see (SQS speaks both). */
        buf_puts(out, member->location_name ? member->location_name
                      : member->query_name  ? member->query_name
                                            : member->name);
        return;
    }
    if (member->query_name) {
        buf_puts(out, member->query_name);
        return;
    }
    size_t start = out->len;
    buf_puts(out, member->location_name ? member->location_name : member->name);
    if (out->len > start)
        out->data[start] = (char)toupper((unsigned char)out->data[start]);
}

static void join(struct buf *out, const char *prefix, const char *name)
{
    buf_reset(out);
    if (prefix && *prefix)
        buf_printf(out, "%s.%s", prefix, name);
    else
        buf_puts(out, name);
}

static const char *expected_kind(enum shape_type type)
{
    switch (type) {
    case SHAPE_INTEGER:
    case SHAPE_LONG:
    case SHAPE_BIGINTEGER:
        return "an integer";
    case SHAPE_FLOAT:
    case SHAPE_DOUBLE:
    case SHAPE_BIGDECIMAL:
        return "a number";
    case SHAPE_BOOLEAN:
        return "true or false";
    case SHAPE_TIMESTAMP:
        return "a timestamp";
    case SHAPE_BLOB:
        return "base64-encoded data";
    default:
        return "a string";
    }
}

static void fail(struct decoder *d, const struct shape_ref *ref, const char *key,
                 const char *value)
{
    if (d->failed)
        return;
    d->failed = true;
    proto_error_set(d->err, 400, "InvalidParameterValue",
                    "Value (%.200s) for parameter %.200s is invalid. Expected %s.", value, key,
                    expected_kind(ref->shape->type));
}

/* ---------------------------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------------------------- */

static cJSON *decode_value(struct decoder *d, const struct shape_ref *ref, const char *key,
                           int depth);

static int compare_indexes(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* The distinct N of the parameters named "<prefix>.N" or "<prefix>.N.…", ascending. Clients
 * number from 1 without gaps, but nothing here depends on it. */
static size_t collect_indexes(const struct decoder *d, const char *prefix, unsigned **out)
{
    struct buf dotted = BUF_INIT;
    buf_printf(&dotted, "%s.", prefix);
    size_t begin, end, n = 0;
    *out = NULL;
    if (prefix_range(d->params, dotted.data, &begin, &end)) {
        *out = xmalloc((end - begin) * sizeof **out);
        for (size_t i = begin; i < end; i++) {
            const char *p = d->params->items[i].name + dotted.len;
            unsigned long index = 0;
            const char *digits = p;
            while (isdigit((unsigned char)*p) && index <= UINT_MAX / 10)
                index = index * 10 + (unsigned long)(*p++ - '0');
            if (p == digits || (*p && *p != '.') || index == 0 || index > UINT_MAX)
                continue;
            (*out)[n++] = (unsigned)index;
        }
    }
    buf_free(&dotted);
    if (n > 1)
        qsort(*out, n, sizeof **out, compare_indexes);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (distinct == 0 || (*out)[distinct - 1] != (*out)[i])
            (*out)[distinct++] = (*out)[i];
    return distinct;
}

/* "Name=" with nothing under it is how clients send an empty list or map. */
static bool sent_empty(const struct decoder *d, const char *key)
{
    const struct form_param *p = find_param(d->params, key);
    return p && !*p->value;
}

static cJSON *decode_list(struct decoder *d, const struct shape_ref *ref, const char *key,
                          int depth)
{
    const struct shape_ref *item_ref = &ref->shape->member;
    struct buf items_prefix = BUF_INIT, item_key = BUF_INIT;
    if (is_flattened(d, ref))
        buf_puts(&items_prefix, key);
    else
        buf_printf(&items_prefix, "%s.%s", key,
                   item_ref->location_name ? item_ref->location_name : "member");
    unsigned *indexes;
    size_t n = collect_indexes(d, items_prefix.data, &indexes);
    cJSON *list = n > 0 || sent_empty(d, key) ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < n && !d->failed; i++) {
        buf_reset(&item_key);
        buf_printf(&item_key, "%s.%u", items_prefix.data, indexes[i]);
        cJSON *item = decode_value(d, item_ref, item_key.data, depth + 1);
        if (item)
            cJSON_AddItemToArray(list, item);
    }
    free(indexes);
    buf_free(&items_prefix);
    buf_free(&item_key);
    return list;
}

static void decode_map_entry(struct decoder *d, const struct shape *map, const char *entry,
                             struct map_entries *out, int depth)
{
    struct buf key_name = BUF_INIT, value_name = BUF_INIT;
    buf_printf(&key_name, "%s.%s", entry, map->key.location_name ? map->key.location_name : "key");
    buf_printf(&value_name, "%s.%s", entry,
               map->value.location_name ? map->value.location_name : "value");
    const struct form_param *key = find_param(d->params, key_name.data);
    cJSON *value = key ? decode_value(d, &map->value, value_name.data, depth + 1) : NULL;
    if (value)
        map_entries_add(out, key->value, value);
    buf_free(&key_name);
    buf_free(&value_name);
}

static cJSON *decode_map(struct decoder *d, const struct shape_ref *ref, const char *key,
                         int depth)
{
    struct buf entries_prefix = BUF_INIT, entry = BUF_INIT;
    if (ref->flattened || ref->shape->flattened)
        buf_puts(&entries_prefix, key);
    else
        buf_printf(&entries_prefix, "%s.entry", key);
    unsigned *indexes;
    size_t n = collect_indexes(d, entries_prefix.data, &indexes);
    struct map_entries entries = MAP_ENTRIES_INIT;
    for (size_t i = 0; i < n && !d->failed; i++) {
        buf_reset(&entry);
        buf_printf(&entry, "%s.%u", entries_prefix.data, indexes[i]);
        decode_map_entry(d, ref->shape, entry.data, &entries, depth);
    }
    cJSON *map = n > 0 || sent_empty(d, key) ? map_entries_build(&entries) : NULL;
    free(indexes);
    buf_free(&entries_prefix);
    buf_free(&entry);
    return map;
}

/* A flattened list is named after its member's locationName in botocore's models and after the
 * structure member in Smithy's; either is understood. */
static cJSON *decode_member(struct decoder *d, const struct shape_ref *member, const char *prefix,
                            int depth)
{
    struct buf name = BUF_INIT, key = BUF_INIT;
    member_wire_name(d, member, &name);
    join(&key, prefix, name.data);
    cJSON *value = decode_value(d, member, key.data, depth + 1);
    const char *item_name = member->shape->member.location_name;
    if (!value && !d->failed && member->shape->type == SHAPE_LIST && item_name &&
        d->dialect == QUERY_DIALECT_QUERY && is_flattened(d, member)) {
        join(&key, prefix, item_name);
        value = decode_value(d, member, key.data, depth + 1);
    }
    buf_free(&name);
    buf_free(&key);
    return value;
}

static cJSON *decode_structure(struct decoder *d, const struct shape *s, const char *prefix,
                               int depth)
{
    cJSON *object = NULL;
    for (size_t i = 0; i < s->n_members && !d->failed; i++) {
        cJSON *value = decode_member(d, &s->members[i], prefix, depth);
        if (!value)
            continue;
        if (!object)
            object = cJSON_CreateObject();
        cJSON_AddItemToObject(object, s->members[i].name, value);
    }
    return object;
}

static bool has_nested(const struct decoder *d, const char *key)
{
    struct buf dotted = BUF_INIT;
    buf_printf(&dotted, "%s.", key);
    size_t first = lower_bound(d->params, dotted.data);
    bool found = first < d->params->count &&
                 strncmp(d->params->items[first].name, dotted.data, dotted.len) == 0;
    buf_free(&dotted);
    return found;
}

/* The value at key, or NULL when the request has none. Containers are only entered when some
 * parameter lies below them, which keeps recursive shapes finite. */
static cJSON *decode_value(struct decoder *d, const struct shape_ref *ref, const char *key,
                           int depth)
{
    if (depth > MAX_FORM_DEPTH || d->failed)
        return NULL;
    const struct form_param *param;
    cJSON *value;
    switch (ref->shape->type) {
    case SHAPE_STRUCTURE:
        return has_nested(d, key) ? decode_structure(d, ref->shape, key, depth) : NULL;
    case SHAPE_LIST:
        return decode_list(d, ref, key, depth);
    case SHAPE_MAP:
        return decode_map(d, ref, key, depth);
    default:
        param = find_param(d->params, key);
        if (!param)
            return NULL;
        value = scalar_from_wire_text(ref, param->value, TS_ISO8601);
        if (!value)
            fail(d, ref, key, param->value);
        return value;
    }
}

int query_form_decode(const struct proto_call *call, enum query_dialect dialect, cJSON **params,
                      struct proto_error *err)
{
    *params = NULL;
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    if (!input || input->type != SHAPE_STRUCTURE || !call->http) {
        *params = cJSON_CreateObject();
        return 0;
    }
    struct form_params form;
    if (!collect_params(call->http, &form)) {
        free_params(&form);
        /* Text that is not UTF-8 is never stored; AWS's common error for an unreadable query. */
        proto_error_set(err, 404, "MalformedQueryString",
                        "The query string contains a syntax error.");
        return -1;
    }
    struct decoder d = {.params = &form, .dialect = dialect, .err = err};
    cJSON *object = decode_structure(&d, input, "", 0);
    free_params(&form);
    if (d.failed) {
        cJSON_Delete(object);
        return -1;
    }
    *params = object ? object : cJSON_CreateObject();
    return 0;
}
