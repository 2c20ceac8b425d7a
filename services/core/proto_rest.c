/* The HTTP bindings rest-json and rest-xml share, part one: which operation a method + path +
 * query means. The members that travel outside the body are decoded in proto_rest_decode.c and
 * encoded in proto_rest_encode.c; the body codecs (proto_restjson.c, proto_restxml.c) call in. */
#include "protocol.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "codec_util.h"
#include "rest_binding.h"

/* Backtracking over labels is cheap for real requestUri patterns; the budget only stops a
 * pathological path from making it expensive. */
#define PATH_MATCH_BUDGET 4096

/* ---------------------------------------------------------------------------------------------
 * The query string, decoded once into name/value pairs
 * ------------------------------------------------------------------------------------------- */

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
bool rest_query_parse(const char *query, struct query_pairs *q)
{
    memset(q, 0, sizeof *q);
    return !query || form_each(query, strlen(query), true, query_pairs_add, q);
}

void rest_query_free(struct query_pairs *q)
{
    for (size_t i = 0; i < q->count; i++) {
        free(q->items[i].name);
        free(q->items[i].value);
    }
    free(q->items);
}

const struct query_pair *rest_query_find(const struct query_pairs *q, const char *name,
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
    const struct query_pair *pair = rest_query_find(check->query, key->name, key->name_len);
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

bool rest_is_literal_query_key(const struct operation *op, const char *name)
{
    return !literal_query_each(op->uri_query, literal_key_named, (void *)name);
}

/* ---------------------------------------------------------------------------------------------
 * Path matching: literal pieces and {labels} of requestUri against the raw (encoded) path
 * ------------------------------------------------------------------------------------------- */

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

bool rest_path_matches(const struct operation *op, const char *path, struct label_capture *captures)
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

const char *rest_member_wire_name(const struct shape_ref *member)
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
        const char *wire = rest_member_wire_name(m);
        bool present;
        if (m->location == LOC_QUERYSTRING && m->shape->type != SHAPE_MAP)
            present = rest_query_find(query, wire, strlen(wire)) != NULL;
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
    if (!rest_path_matches(op, req->path, NULL))
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
    rest_query_parse(req->query, &query);
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
    rest_query_free(&query);
    return best;
}
