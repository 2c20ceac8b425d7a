/* Names the operation a rest-json or rest-xml request is for, for every service botocore knows,
 * from the generated routes (rest_routes.gen.c): the method, the URI template's literal text and
 * {labels}, and the literal query keys of the template ("?uploads", "?list-type=2"). */
#include "rest_routes.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "../../http/buf.h"
#include "form.h"

/* Backtracking over labels is cheap for real templates; the budget only stops a pathological
 * path from making it expensive. */
#define MATCH_BUDGET 4096
#define MAX_SEGMENTS 32

enum segment_kind { SEGMENT_GREEDY, SEGMENT_LABEL, SEGMENT_LITERAL };

/* How specific a fitting route is; compared field by field, the first difference decides. */
struct specificity {
    int query_keys;                       /* literal query keys the request has: more wins */
    int missing_required;                 /* required members it lacks: fewer wins */
    unsigned char kinds[MAX_SEGMENTS];    /* per path segment, enum segment_kind: higher wins */
    size_t n_segments;
    size_t literal_chars;                 /* more wins */
    int required_present;                 /* required members it has: more wins */
};

struct path_match {
    const char *template_start, *template_end;
    const char *path_end;
    int budget;
};

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Bytes of the raw path that spell the template's character ch at p (clients may
 * percent-encode any character), or 0. */
static size_t spells(char ch, const char *p, const char *end)
{
    if (p < end && *p == ch)
        return 1;
    if (end - p >= 3 && p[0] == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0 &&
        hex_value(p[1]) * 16 + hex_value(p[2]) == (unsigned char)ch)
        return 3;
    return 0;
}

/* Whether the template from t fits the raw path from p. Literal text is walked in a loop; only
 * labels recurse, so the depth is the number of labels. */
static bool fits_from(struct path_match *m, const char *t, const char *p)
{
    while (t < m->template_end && *t != '{') {
        size_t used = spells(*t, p, m->path_end);
        if (!used)
            /* "/2015-03-31/functions/" also answers "/2015-03-31/functions" */
            return p == m->path_end && *t == '/' && t + 1 == m->template_end;
        t++;
        p += used;
    }
    if (t == m->template_end) {
        /* "/bucket/" still means "/{Bucket}": clients differ about a trailing slash. */
        bool template_ends_in_slash = t > m->template_start && t[-1] == '/';
        return p == m->path_end || (p + 1 == m->path_end && *p == '/' && !template_ends_in_slash);
    }
    const char *close = memchr(t, '}', (size_t)(m->template_end - t));
    if (!close)
        return false;
    bool greedy = close > t + 1 && close[-1] == '+';
    size_t max = (size_t)(m->path_end - p);
    if (!greedy) {
        const char *slash = memchr(p, '/', max);
        if (slash)
            max = (size_t)(slash - p);
    }
    /* A label takes at least one character; longest first, so literal text after it still
     * finds its split. */
    for (size_t len = max; len >= 1; len--) {
        if (--m->budget <= 0)
            return false;
        if (fits_from(m, close + 1, p + len))
            return true;
    }
    return false;
}

static bool path_fits(const char *template_start, const char *template_end, const char *path)
{
    if (!path || !*path)
        path = "/";
    struct path_match m = {template_start, template_end, path + strlen(path), MATCH_BUDGET};
    return fits_from(&m, template_start, path);
}

/* Whether the request's query has the parameter name[0..name_len), with that value if value is
 * not NULL. */
static bool query_has(const char *query, const char *name, size_t name_len, const char *value,
                      size_t value_len, struct buf *scratch)
{
    struct buf decoded = BUF_INIT;
    buf_reset(scratch);
    buf_append(scratch, name, name_len);
    bool found = form_find(query, strlen(query), scratch->data, &decoded);
    if (found && value)
        found = decoded.len == value_len &&
                (!value_len || memcmp(decoded.data, value, value_len) == 0);
    buf_free(&decoded);
    return found;
}

/* The literal query keys of the template ("uploads&x-id=Upload", up to end) that the request
 * has, or -1 if it lacks one or has another value for it. "x-id=GetObject" names the operation
 * for newer SDKs only, so its absence does not stop a match. */
static int literal_query_keys(const char *literal, const char *end, const char *query,
                              struct buf *scratch)
{
    int present = 0;
    for (const char *p = literal; p && p < end;) {
        size_t len = strcspn(p, "& ");
        const char *eq = memchr(p, '=', len);
        size_t name_len = eq ? (size_t)(eq - p) : len;
        if (query_has(query, p, name_len, eq ? eq + 1 : NULL, eq ? len - name_len - 1 : 0,
                      scratch))
            present++;
        else if (name_len && !(name_len == 4 && memcmp(p, "x-id", 4) == 0))
            return -1;
        p += len + 1;
    }
    return present;
}

/* Counts the required members ("uploadId&x-amz-copy-source:": query names, header names with a
 * ':') the request has and lacks. */
static void required_members(const char *names, const struct http_request *req,
                             struct specificity *s, struct buf *scratch)
{
    s->required_present = s->missing_required = 0;
    for (const char *p = names; p && *p;) {
        size_t len = strcspn(p, "&");
        bool present;
        if (len > 0 && p[len - 1] == ':') {
            buf_reset(scratch);
            buf_append(scratch, p, len - 1);
            present = http_request_header(req, scratch->data) != NULL;
        } else {
            present = query_has(req->query ? req->query : "", p, len, NULL, 0, scratch);
        }
        if (present)
            s->required_present++;
        else
            s->missing_required++;
        p += len;
        if (*p == '&')
            p++;
    }
}

static void measure(const char *t, const char *end, struct specificity *s)
{
    s->n_segments = 0;
    s->literal_chars = 0;
    while (t < end) {
        if (*t == '/') {
            t++;
            continue;
        }
        size_t len = strcspn(t, "/?");
        if (t + len > end)
            len = (size_t)(end - t);
        const char *brace = memchr(t, '{', len);
        enum segment_kind kind = !brace                         ? SEGMENT_LITERAL
                                 : memmem(t, len, "+}", 2) != NULL ? SEGMENT_GREEDY
                                                                   : SEGMENT_LABEL;
        if (kind == SEGMENT_LITERAL)
            s->literal_chars += len;
        if (s->n_segments < MAX_SEGMENTS)
            s->kinds[s->n_segments++] = (unsigned char)kind;
        t += len;
    }
}

static int compare_specificity(const struct specificity *a, const struct specificity *b)
{
    if (a->query_keys != b->query_keys)
        return a->query_keys - b->query_keys;
    if (a->missing_required != b->missing_required)
        return b->missing_required - a->missing_required;
    for (size_t i = 0; i < a->n_segments && i < b->n_segments; i++)
        if (a->kinds[i] != b->kinds[i])
            return a->kinds[i] - b->kinds[i];
    if (a->n_segments != b->n_segments)
        return a->n_segments > b->n_segments ? 1 : -1;
    if (a->literal_chars != b->literal_chars)
        return a->literal_chars > b->literal_chars ? 1 : -1;
    return a->required_present - b->required_present;
}

const char *rest_route_operation(const struct service_info *s, const struct http_request *req)
{
    if (!s || !req || s < service_index || s >= service_index + service_index_count)
        return NULL;
    size_t index = (size_t)(s - service_index);
    size_t method_len = strlen(req->method);
    const char *query = req->query ? req->query : "";
    const char *best = NULL;
    struct specificity best_fit = {0};
    struct buf scratch = BUF_INIT;
    for (unsigned r = rest_routes_first[index]; r < rest_routes_first[index + 1]; r++) {
        /* "METHOD /template?literal required&names" */
        const char *route = rest_route_strings + rest_routes[r].route;
        const char *space = strchr(route, ' ');
        if (!space || (size_t)(space - route) != method_len ||
            memcmp(route, req->method, method_len) != 0)
            continue;
        const char *template = space + 1;
        const char *required = strchr(template, ' ');
        const char *end = required ? required : template + strlen(template);
        const char *qmark = memchr(template, '?', (size_t)(end - template));
        const char *template_end = qmark ? qmark : end;
        struct specificity fit;
        fit.query_keys = qmark ? literal_query_keys(qmark + 1, end, query, &scratch) : 0;
        if (fit.query_keys < 0 || !path_fits(template, template_end, req->path))
            continue;
        measure(template, template_end, &fit);
        required_members(required ? required + 1 : NULL, req, &fit, &scratch);
        if (!best || compare_specificity(&fit, &best_fit) > 0) {
            best = rest_route_strings + rest_routes[r].name;
            best_fit = fit;
        }
    }
    buf_free(&scratch);
    return best;
}
