/* The HTTP bindings rest-json and rest-xml share: which operation a method + path + query means,
 * and the members that travel outside the body (URI labels, query string, headers, prefix
 * headers, status code). The body codecs (proto_restjson.c, proto_restxml.c) call in here. */
#include "protocol.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "codec_util.h"

/* Backtracking over labels is cheap for real requestUri patterns; the budget only stops a
 * pathological path from making it expensive. */
#define PATH_MATCH_BUDGET 4096

/* ---------------------------------------------------------------------------------------------
 * The query string, decoded once into name/value pairs
 * ------------------------------------------------------------------------------------------- */

struct query_pair {
    char *name;
    char *value;
};

struct query_pairs {
    struct query_pair *items;
    size_t count;
    size_t cap;
};

static void query_pairs_add(void *ctx, const char *name, const char *value)
{
    struct query_pairs *q = ctx;
    if (q->count == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 8;
        q->items = xrealloc(q->items, q->cap * sizeof *q->items);
    }
    q->items[q->count].name = xstrdup(name);
    q->items[q->count].value = xstrdup(value);
    q->count++;
}

/* '+' means a space in a query string, as in any form encoding; SDKs send %2B for a plus. */
static void query_pairs_parse(const char *query, struct query_pairs *q)
{
    memset(q, 0, sizeof *q);
    if (query)
        form_each(query, strlen(query), true, query_pairs_add, q);
}

static void query_pairs_free(struct query_pairs *q)
{
    for (size_t i = 0; i < q->count; i++) {
        free(q->items[i].name);
        free(q->items[i].value);
    }
    free(q->items);
}

static const struct query_pair *query_find(const struct query_pairs *q, const char *name,
                                           size_t name_len)
{
    for (size_t i = 0; i < q->count; i++)
        if (strlen(q->items[i].name) == name_len &&
            memcmp(q->items[i].name, name, name_len) == 0)
            return &q->items[i];
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The literal query of a requestUri ("uploads", "list-type=2", "foo=bar&hello")
 * ------------------------------------------------------------------------------------------- */

struct literal_key {
    const char *name;
    size_t name_len;
    const char *value; /* NULL when the literal names the key only */
    size_t value_len;
};

/* Calls fn for each key of the literal query; stops early when fn returns false. */
static bool literal_query_each(const char *uri_query,
                               bool (*fn)(void *ctx, const struct literal_key *key), void *ctx)
{
    const char *p = uri_query;
    while (p && *p) {
        size_t len = strcspn(p, "&");
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            struct literal_key key = {
                .name = p,
                .name_len = eq ? (size_t)(eq - p) : len,
                .value = eq ? eq + 1 : NULL,
                .value_len = eq ? len - (size_t)(eq - p) - 1 : 0,
            };
            if (!fn(ctx, &key))
                return false;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return true;
}

/* "x-id=GetObject" names the operation for newer SDKs only; older ones never send it, so its
 * absence must not stop a match. */
static bool literal_key_is_optional(const struct literal_key *key)
{
    return key->name_len == 4 && memcmp(key->name, "x-id", 4) == 0;
}

struct literal_check {
    const struct query_pairs *query;
    int matched; /* literal keys found in the request */
};

static bool literal_key_present(void *ctx, const struct literal_key *key)
{
    struct literal_check *check = ctx;
    const struct query_pair *pair = query_find(check->query, key->name, key->name_len);
    if (!pair)
        return literal_key_is_optional(key);
    if (key->value &&
        (strlen(pair->value) != key->value_len || memcmp(pair->value, key->value, key->value_len)))
        return false;
    check->matched++;
    return true;
}

static bool literal_key_named(void *ctx, const struct literal_key *key)
{
    const char *name = ctx;
    /* false stops the walk: the name was found */
    return !(strlen(name) == key->name_len && memcmp(name, key->name, key->name_len) == 0);
}

static bool is_literal_query_key(const struct operation *op, const char *name)
{
    return !literal_query_each(op->uri_query, literal_key_named, (void *)name);
}

/* ---------------------------------------------------------------------------------------------
 * Path matching: literal pieces and {labels} of requestUri against the raw (encoded) path
 * ------------------------------------------------------------------------------------------- */

struct label_capture {
    const char *start; /* into the raw path, still percent-encoded */
    size_t len;
};

struct path_matcher {
    const struct operation *op;
    const char *end;                 /* end of the raw path */
    struct label_capture *captures;  /* one per path segment; labels only are filled */
    int budget;
};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Raw bytes the literal consumes at p (a client may percent-encode any literal character),
 * or -1 if it does not match there. */
static long match_literal(const char *literal, const char *p, const char *end)
{
    const char *start = p;
    for (const char *l = literal; *l; l++) {
        if (p < end && *p == *l) {
            p++;
        } else if (end - p >= 3 && *p == '%' && hex_digit(p[1]) >= 0 && hex_digit(p[2]) >= 0 &&
                   hex_digit(p[1]) * 16 + hex_digit(p[2]) == (unsigned char)*l) {
            p += 3;
        } else {
            return -1;
        }
    }
    return p - start;
}

static bool match_from(struct path_matcher *pm, size_t index, const char *p);

/* A label takes at least one character; a plain label stops at '/', a greedy one does not.
 * Longest first, so a label followed by more literal text still finds its split. */
static bool match_label(struct path_matcher *pm, size_t index, const char *p)
{
    const struct uri_segment *seg = &pm->op->path_segments[index];
    size_t max = (size_t)(pm->end - p);
    if (!seg->greedy) {
        const char *slash = memchr(p, '/', max);
        if (slash)
            max = (size_t)(slash - p);
    }
    for (size_t len = max; len >= 1; len--) {
        pm->captures[index].start = p;
        pm->captures[index].len = len;
        if (match_from(pm, index + 1, p + len))
            return true;
        if (pm->budget <= 0)
            return false;
    }
    return false;
}

static bool match_from(struct path_matcher *pm, size_t index, const char *p)
{
    if (--pm->budget <= 0)
        return false;
    const struct operation *op = pm->op;
    if (index == op->n_path_segments) {
        /* "/bucket/" still means "/{Bucket}": clients differ about the trailing slash. */
        bool pattern_ends_in_slash = false;
        if (index > 0 && !op->path_segments[index - 1].is_label) {
            const char *text = op->path_segments[index - 1].text;
            pattern_ends_in_slash = *text && text[strlen(text) - 1] == '/';
        }
        return p == pm->end || (p + 1 == pm->end && *p == '/' && !pattern_ends_in_slash);
    }
    const struct uri_segment *seg = &op->path_segments[index];
    if (seg->is_label)
        return match_label(pm, index, p);
    long used = match_literal(seg->text, p, pm->end);
    return used >= 0 && match_from(pm, index + 1, p + used);
}

/* True if the raw path fits the operation's requestUri; captures (n_path_segments entries,
 * may be NULL) receive the label values. */
static bool path_matches(const struct operation *op, const char *path,
                         struct label_capture *captures)
{
    if (!path || !*path)
        path = "/";
    struct label_capture scratch[1];
    struct label_capture *owned = NULL;
    if (!captures)
        captures = op->n_path_segments ? (owned = xcalloc(op->n_path_segments, sizeof *owned))
                                       : scratch;
    struct path_matcher pm = {
        .op = op,
        .end = path + strlen(path),
        .captures = captures,
        .budget = PATH_MATCH_BUDGET,
    };
    bool ok = match_from(&pm, 0, path);
    free(owned);
    return ok;
}

/* ---------------------------------------------------------------------------------------------
 * Choosing the most specific operation
 * ------------------------------------------------------------------------------------------- */

/* Compared field by field, first difference decides. */
struct match_score {
    int literal_query_keys;   /* more wins: "GET /{Bucket}?location" over "GET /{Bucket}" */
    int missing_required;     /* fewer wins: GetObject over ListParts without uploadId */
    int greedy_labels;        /* fewer wins */
    int literal_chars;        /* more wins: "/things/special" over "/things/{id}" */
    int required_present;     /* more wins: UploadPart over PutObject with partNumber+uploadId */
    int deprecated;           /* fewer wins: GetBucketLifecycleConfiguration */
};

static int compare_scores(const struct match_score *a, const struct match_score *b)
{
    if (a->literal_query_keys != b->literal_query_keys)
        return a->literal_query_keys - b->literal_query_keys;
    if (a->missing_required != b->missing_required)
        return b->missing_required - a->missing_required;
    if (a->greedy_labels != b->greedy_labels)
        return b->greedy_labels - a->greedy_labels;
    if (a->literal_chars != b->literal_chars)
        return a->literal_chars - b->literal_chars;
    if (a->required_present != b->required_present)
        return a->required_present - b->required_present;
    return b->deprecated - a->deprecated;
}

static const char *member_wire_name(const struct shape_ref *member)
{
    return member->location_name ? member->location_name : member->name;
}

/* Required query and header members tell apart operations sharing method and path. */
static void score_required_members(const struct operation *op, const struct http_request *req,
                                   const struct query_pairs *query, struct match_score *score)
{
    const struct shape *input = op->input.shape;
    if (!input || input->type != SHAPE_STRUCTURE)
        return;
    for (size_t i = 0; i < input->n_members; i++) {
        const struct shape_ref *m = &input->members[i];
        if (!m->required)
            continue;
        const char *wire = member_wire_name(m);
        bool present;
        if (m->location == LOC_QUERYSTRING && m->shape->type != SHAPE_MAP)
            present = query_find(query, wire, strlen(wire)) != NULL;
        else if (m->location == LOC_HEADER)
            present = http_request_header(req, wire) != NULL;
        else
            continue;
        if (present)
            score->required_present++;
        else
            score->missing_required++;
    }
}

static void score_path(const struct operation *op, struct match_score *score)
{
    for (size_t i = 0; i < op->n_path_segments; i++) {
        const struct uri_segment *seg = &op->path_segments[i];
        if (seg->is_label)
            score->greedy_labels += seg->greedy;
        else
            score->literal_chars += (int)strlen(seg->text);
    }
}

/* Whether op fits the request at all, and how well. */
static bool operation_fits(const struct operation *op, const struct http_request *req,
                           const struct query_pairs *query, struct match_score *score)
{
    memset(score, 0, sizeof *score);
    if (!op->http_method || strcasecmp(op->http_method, req->method) != 0)
        return false;
    struct literal_check check = {.query = query};
    if (!literal_query_each(op->uri_query, literal_key_present, &check))
        return false;
    if (!path_matches(op, req->path, NULL))
        return false;
    score->literal_query_keys = check.matched;
    score->deprecated = op->deprecated;
    score_path(op, score);
    score_required_members(op, req, query, score);
    return true;
}

const struct operation *rest_match_operation(const struct service_model *m,
                                             const struct http_request *req)
{
    if (!m || !req)
        return NULL;
    struct query_pairs query;
    query_pairs_parse(req->query, &query);
    const struct operation *best = NULL;
    struct match_score best_score = {0};
    for (size_t i = 0; i < m->n_operations; i++) {
        struct match_score score;
        if (!operation_fits(&m->operations[i], req, &query, &score))
            continue;
        if (!best || compare_scores(&score, &best_score) > 0) {
            best = &m->operations[i];
            best_score = score;
        }
    }
    query_pairs_free(&query);
    return best;
}

/* ---------------------------------------------------------------------------------------------
 * Text → tree values
 * ------------------------------------------------------------------------------------------- */

static bool ref_is_json_value(const struct shape_ref *ref)
{
    return ref->json_value || (ref->shape && ref->shape->json_value);
}

/* The error a malformed binding gets: rest-json services answer SerializationException, S3 and
 * the other rest-xml services InvalidArgument naming the argument. */
static int binding_error(const struct proto_call *call, struct proto_error *err, const char *kind,
                         const char *wire_name, const char *value)
{
    if (call->protocol == PROTO_REST_XML) {
        proto_error_set(err, 400, "InvalidArgument", "Invalid value for %s %s: '%s'", kind,
                        wire_name, value);
        cJSON_Delete(err->fields);
        err->fields = cJSON_CreateObject();
        cJSON_AddStringToObject(err->fields, "ArgumentName", wire_name);
        cJSON_AddStringToObject(err->fields, "ArgumentValue", value);
    } else {
        proto_error_set(err, 400, "SerializationException", "Invalid value for %s %s: '%s'", kind,
                        wire_name, value);
    }
    return -1;
}

/* jsonvalue headers carry base64 of a JSON document; the tree holds the document. */
static cJSON *json_value_from_header(const char *text)
{
    struct buf decoded = BUF_INIT;
    cJSON *value = NULL;
    if (base64_decode(text, strlen(text), &decoded) && decoded.data)
        value = cJSON_ParseWithLength(decoded.data, decoded.len);
    buf_free(&decoded);
    return value;
}

/* One scalar of the given ref from its wire text; NULL if the text does not fit the type. */
static cJSON *scalar_from_text(const struct shape_ref *ref, const char *text, bool in_header)
{
    if (in_header && ref->shape->type == SHAPE_STRING && ref_is_json_value(ref))
        return json_value_from_header(text);
    /* Headers default to HTTP dates, labels and query strings to ISO 8601. */
    return scalar_from_wire_text(ref, text, in_header ? TS_RFC822 : TS_ISO8601);
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: URI labels
 * ------------------------------------------------------------------------------------------- */

static const struct label_capture *find_label(const struct operation *op,
                                              const struct label_capture *captures,
                                              const char *name)
{
    for (size_t i = 0; i < op->n_path_segments; i++)
        if (op->path_segments[i].is_label && strcmp(op->path_segments[i].text, name) == 0)
            return &captures[i];
    return NULL;
}

static int decode_uri_member(const struct proto_call *call, const struct shape_ref *member,
                             const struct label_capture *captures, cJSON *params,
                             struct proto_error *err)
{
    const struct label_capture *label = find_label(call->op, captures, member_wire_name(member));
    if (!label || !label->start)
        return 0;
    struct buf text = BUF_INIT;
    percent_decode(label->start, label->len, false, &text);
    cJSON *value = scalar_from_text(member, text.data, false);
    int rc = 0;
    if (value)
        cJSON_AddItemToObject(params, member->name, value);
    else
        rc = binding_error(call, err, "URI label", member_wire_name(member), text.data);
    buf_free(&text);
    return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: query string
 * ------------------------------------------------------------------------------------------- */

/* Every value of a repeated key, in order, as a list of the member type. */
static int decode_query_list(const struct proto_call *call, const struct shape_ref *member,
                             const struct query_pairs *query, cJSON *params,
                             struct proto_error *err)
{
    const char *wire = member_wire_name(member);
    cJSON *list = NULL;
    for (size_t i = 0; i < query->count; i++) {
        if (strcmp(query->items[i].name, wire) != 0)
            continue;
        cJSON *item = scalar_from_text(&member->shape->member, query->items[i].value, false);
        if (!item) {
            cJSON_Delete(list);
            return binding_error(call, err, "query parameter", wire, query->items[i].value);
        }
        if (!list)
            list = cJSON_CreateArray();
        cJSON_AddItemToArray(list, item);
    }
    if (list)
        cJSON_AddItemToObject(params, member->name, list);
    return 0;
}

static int decode_query_scalar(const struct proto_call *call, const struct shape_ref *member,
                               const struct query_pairs *query, cJSON *params,
                               struct proto_error *err)
{
    const char *wire = member_wire_name(member);
    const struct query_pair *pair = query_find(query, wire, strlen(wire));
    if (!pair)
        return 0;
    cJSON *value = scalar_from_text(member, pair->value, false);
    if (!value)
        return binding_error(call, err, "query parameter", wire, pair->value);
    cJSON_AddItemToObject(params, member->name, value);
    return 0;
}

/* The value a query-params map keeps for one key: a string, or every value when the map holds
 * lists. */
static int add_query_map_entry(const struct proto_call *call, const struct shape_ref *value_ref,
                               const struct query_pair *pair, cJSON *map, struct proto_error *err)
{
    bool of_lists = value_ref->shape->type == SHAPE_LIST;
    const struct shape_ref *item_ref = of_lists ? &value_ref->shape->member : value_ref;
    cJSON *item = scalar_from_text(item_ref, pair->value, false);
    if (!item)
        return binding_error(call, err, "query parameter", pair->name, pair->value);
    cJSON *existing = cJSON_GetObjectItemCaseSensitive(map, pair->name);
    if (!of_lists) {
        if (existing)
            cJSON_Delete(item); /* the first occurrence wins */
        else
            cJSON_AddItemToObject(map, pair->name, item);
        return 0;
    }
    if (!existing)
        existing = cJSON_AddArrayToObject(map, pair->name);
    cJSON_AddItemToArray(existing, item);
    return 0;
}

/* A map bound to the query string (httpQueryParams) sees every parameter, those other members
 * bind too: servers hand it the whole query, as the Smithy server vectors expect. Only the
 * requestUri's literal keys ("?uploads") stay out: they name the operation. */
static int decode_query_map(const struct proto_call *call, const struct shape_ref *member,
                            const struct query_pairs *query, cJSON *params,
                            struct proto_error *err)
{
    cJSON *map = NULL;
    for (size_t i = 0; i < query->count; i++) {
        if (is_literal_query_key(call->op, query->items[i].name))
            continue;
        if (!map)
            map = cJSON_CreateObject();
        if (add_query_map_entry(call, &member->shape->value, &query->items[i], map, err) != 0) {
            cJSON_Delete(map);
            return -1;
        }
    }
    if (map)
        cJSON_AddItemToObject(params, member->name, map);
    return 0;
}

static int decode_query_member(const struct proto_call *call, const struct shape_ref *member,
                               const struct query_pairs *query, cJSON *params,
                               struct proto_error *err)
{
    switch (member->shape->type) {
    case SHAPE_MAP:
        return decode_query_map(call, member, query, params, err);
    case SHAPE_LIST:
        return decode_query_list(call, member, query, params, err);
    default:
        return decode_query_scalar(call, member, query, params, err);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: headers
 * ------------------------------------------------------------------------------------------- */

/* Every occurrence of a header, joined with commas as RFC 9110 allows. false if absent. */
static bool header_joined(const struct http_request *req, const char *name, struct buf *out)
{
    bool found = false;
    for (size_t i = 0; i < req->headers.count; i++) {
        if (strcasecmp(req->headers.items[i].name, name) != 0)
            continue;
        if (found)
            buf_puts(out, ",");
        buf_puts(out, req->headers.items[i].value);
        found = true;
    }
    if (found && !out->data)
        buf_append(out, "", 0);
    return found;
}

/* One element of a comma-separated header list at *p: a quoted string (with \" and \\ escapes)
 * or bare text up to the next comma, surrounding blanks dropped. */
static void next_list_element(const char **p, struct buf *out)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && s[1])
                s++;
            buf_append(out, s, 1);
        }
        if (*s == '"')
            s++;
        while (*s && *s != ',')
            s++;
    } else {
        const char *start = s;
        while (*s && *s != ',')
            s++;
        const char *end = s;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        buf_append(out, start, (size_t)(end - start));
    }
    if (!out->data)
        buf_append(out, "", 0);
    *p = *s == ',' ? s + 1 : s;
}

/* HTTP dates contain a comma of their own: "Mon, 16 Dec 2019 23:48:18 GMT". */
static bool is_weekday_abbreviation(const char *text)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        if (strcmp(text, days[i]) == 0)
            return true;
    return false;
}

static int decode_header_list(const struct proto_call *call, const struct shape_ref *member,
                              const char *text, cJSON *params, struct proto_error *err)
{
    const struct shape_ref *item_ref = &member->shape->member;
    bool timestamps = item_ref->shape->type == SHAPE_TIMESTAMP;
    cJSON *list = cJSON_CreateArray();
    struct buf element = BUF_INIT;
    const char *p = text;
    while (*p) {
        buf_reset(&element);
        next_list_element(&p, &element);
        if (timestamps && is_weekday_abbreviation(element.data) && *p) {
            buf_puts(&element, ", ");
            next_list_element(&p, &element); /* appends the rest of the date */
        }
        cJSON *item = scalar_from_text(item_ref, element.data, true);
        if (!item) {
            int rc = binding_error(call, err, "header", member_wire_name(member), text);
            buf_free(&element);
            cJSON_Delete(list);
            return rc;
        }
        cJSON_AddItemToArray(list, item);
    }
    buf_free(&element);
    cJSON_AddItemToObject(params, member->name, list);
    return 0;
}

static int decode_header_member(const struct proto_call *call, const struct shape_ref *member,
                                cJSON *params, struct proto_error *err)
{
    const char *wire = member_wire_name(member);
    struct buf text = BUF_INIT;
    int rc = 0;
    if (!header_joined(call->http, wire, &text)) {
        /* absent: nothing to bind */
    } else if (member->shape->type == SHAPE_LIST) {
        rc = decode_header_list(call, member, text.data, params, err);
    } else if (!*text.data && member->shape->type != SHAPE_STRING) {
        /* an empty header carries no number, flag or date: treated as absent */
    } else {
        /* A repeated scalar header is read from its first occurrence. */
        const char *first = http_request_header(call->http, wire);
        cJSON *value = scalar_from_text(member, first, true);
        if (value)
            cJSON_AddItemToObject(params, member->name, value);
        else
            rc = binding_error(call, err, "header", wire, first);
    }
    buf_free(&text);
    return rc;
}

static char *lowercase_copy(const char *s)
{
    char *copy = xstrdup(s);
    for (char *p = copy; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return copy;
}

/* x-amz-meta-* style members: the rest of each header name (lowercased) → its value. */
static int decode_prefix_headers(const struct proto_call *call, const struct shape_ref *member,
                                 cJSON *params, struct proto_error *err)
{
    const char *prefix = member->location_name ? member->location_name : "";
    size_t prefix_len = strlen(prefix);
    const struct http_headers *headers = &call->http->headers;
    cJSON *map = NULL;
    for (size_t i = 0; i < headers->count; i++) {
        const struct http_header *h = &headers->items[i];
        if (strncasecmp(h->name, prefix, prefix_len) != 0)
            continue;
        char *key = lowercase_copy(h->name + prefix_len);
        if (!map)
            map = cJSON_CreateObject();
        cJSON *value = scalar_from_text(&member->shape->value, h->value, true);
        if (!value) {
            free(key);
            cJSON_Delete(map);
            return binding_error(call, err, "header", h->name, h->value);
        }
        if (cJSON_GetObjectItemCaseSensitive(map, key))
            cJSON_Delete(value); /* the first occurrence wins */
        else
            cJSON_AddItemToObject(map, key, value);
        free(key);
    }
    if (map)
        cJSON_AddItemToObject(params, member->name, map);
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: entry point
 * ------------------------------------------------------------------------------------------- */

static int decode_member(const struct proto_call *call, const struct shape_ref *member,
                         const struct label_capture *captures, const struct query_pairs *query,
                         cJSON *params, struct proto_error *err)
{
    /* A member the body already supplied keeps that value. */
    if (cJSON_GetObjectItemCaseSensitive(params, member->name))
        return 0;
    switch (member->location) {
    case LOC_URI:
        return captures ? decode_uri_member(call, member, captures, params, err) : 0;
    case LOC_QUERYSTRING:
        return decode_query_member(call, member, query, params, err);
    case LOC_HEADER:
        return decode_header_member(call, member, params, err);
    case LOC_HEADERS:
        return decode_prefix_headers(call, member, params, err);
    case LOC_BODY:
    case LOC_STATUS_CODE:
        break;
    }
    return 0;
}

int rest_decode_bindings(const struct proto_call *call, cJSON *params, struct proto_error *err)
{
    if (!call->op || !call->http || !params)
        return 0;
    const struct shape *input = call->op->input.shape;
    if (!input || input->type != SHAPE_STRUCTURE)
        return 0;
    const struct operation *op = call->op;
    struct label_capture *captures =
        xcalloc(op->n_path_segments ? op->n_path_segments : 1, sizeof *captures);
    /* The operation may have been chosen by other means (routing); labels need its path. */
    bool have_labels = path_matches(op, call->http->path, captures);
    struct query_pairs query;
    query_pairs_parse(call->http->query, &query);
    int rc = 0;
    for (size_t i = 0; i < input->n_members && rc == 0; i++)
        rc = decode_member(call, &input->members[i], have_labels ? captures : NULL, &query,
                           params, err);
    query_pairs_free(&query);
    free(captures);
    return rc;
}

const struct shape_ref *rest_payload_member(const struct shape *input)
{
    if (!input || input->type != SHAPE_STRUCTURE || !input->payload)
        return NULL;
    for (size_t i = 0; i < input->n_members; i++)
        if (strcmp(input->members[i].name, input->payload) == 0)
            return &input->members[i];
    return NULL;
}

bool rest_member_in_body(const struct shape_ref *member)
{
    return member && member->location == LOC_BODY;
}

/* ---------------------------------------------------------------------------------------------
 * Encoding: tree values → header text
 * ------------------------------------------------------------------------------------------- */

static void json_value_to_header(const cJSON *value, struct buf *out)
{
    char *text = cJSON_PrintUnformatted(value);
    if (text) {
        base64_encode(text, strlen(text), out);
        free(text);
    }
}

static void timestamp_to_header(const struct shape_ref *ref, const cJSON *value, struct buf *out)
{
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring); /* already formatted by the service */
        return;
    }
    enum timestamp_format fmt = shape_ref_timestamp_format(ref);
    timestamp_format(cJSON_IsNumber(value) ? value->valuedouble : 0,
                     fmt != TS_DEFAULT ? fmt : TS_RFC822, out);
}

/* false when the value has no header form (null, an object where a scalar belongs). */
static bool scalar_to_header(const struct shape_ref *ref, const cJSON *value, struct buf *out)
{
    if (!value || cJSON_IsNull(value))
        return false;
    if (ref->shape->type == SHAPE_STRING && ref_is_json_value(ref)) {
        json_value_to_header(value, out);
        return true;
    }
    if (ref->shape->type == SHAPE_TIMESTAMP) {
        timestamp_to_header(ref, value, out);
        return true;
    }
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring);
    } else if (cJSON_IsBool(value)) {
        buf_puts(out, cJSON_IsTrue(value) ? "true" : "false");
    } else if (cJSON_IsNumber(value)) {
        number_format(value, ref->shape->type, out);
    } else {
        return false;
    }
    return true;
}

/* Strings holding a comma or a quote are quoted so a list element stays one element. */
static void append_list_element(const struct shape_ref *item_ref, const char *text,
                                struct buf *out)
{
    bool quote = item_ref->shape->type == SHAPE_STRING && strpbrk(text, ",\"") != NULL;
    if (!quote) {
        buf_puts(out, text);
        return;
    }
    buf_puts(out, "\"");
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_puts(out, "\\");
        buf_append(out, p, 1);
    }
    buf_puts(out, "\"");
}

static bool list_to_header(const struct shape_ref *ref, const cJSON *list, struct buf *out)
{
    if (!cJSON_IsArray(list))
        return false;
    const struct shape_ref *item_ref = &ref->shape->member;
    struct buf element = BUF_INIT;
    bool first = true;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        buf_reset(&element);
        if (!scalar_to_header(item_ref, item, &element))
            continue;
        if (!first)
            buf_puts(out, ", ");
        append_list_element(item_ref, element.data ? element.data : "", out);
        first = false;
    }
    buf_free(&element);
    if (!out->data)
        buf_append(out, "", 0);
    return true;
}

static void encode_header_member(const struct shape_ref *member, const cJSON *value,
                                 struct http_response *resp)
{
    struct buf text = BUF_INIT;
    bool ok = member->shape->type == SHAPE_LIST ? list_to_header(member, value, &text)
                                                : scalar_to_header(member, value, &text);
    if (ok)
        http_headers_set(&resp->headers, member_wire_name(member), text.data ? text.data : "");
    buf_free(&text);
}

static void encode_prefix_headers(const struct shape_ref *member, const cJSON *map,
                                  struct http_response *resp)
{
    if (!cJSON_IsObject(map))
        return;
    const char *prefix = member->location_name ? member->location_name : "";
    struct buf name = BUF_INIT, text = BUF_INIT;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, map)
    {
        buf_reset(&name);
        buf_reset(&text);
        if (!scalar_to_header(&member->shape->value, entry, &text))
            continue;
        buf_printf(&name, "%s%s", prefix, entry->string);
        http_headers_set(&resp->headers, name.data, text.data ? text.data : "");
    }
    buf_free(&name);
    buf_free(&text);
}

void rest_encode_bindings(const struct proto_call *call, const cJSON *result,
                          struct http_response *resp)
{
    if (!call->op)
        return;
    resp->status = call->op->response_code > 0 ? call->op->response_code : 200;
    const struct shape *output = call->op->output.shape;
    if (!output || output->type != SHAPE_STRUCTURE || !cJSON_IsObject(result))
        return;
    for (size_t i = 0; i < output->n_members; i++) {
        const struct shape_ref *member = &output->members[i];
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(result, member->name);
        if (!value)
            continue;
        switch (member->location) {
        case LOC_HEADER:
            encode_header_member(member, value, resp);
            break;
        case LOC_HEADERS:
            encode_prefix_headers(member, value, resp);
            break;
        case LOC_STATUS_CODE:
            if (cJSON_IsNumber(value) && value->valuedouble >= 100 && value->valuedouble < 600)
                resp->status = (int)value->valuedouble;
            break;
        case LOC_BODY:
        case LOC_URI:
        case LOC_QUERYSTRING:
            break;
        }
    }
}
