/* The HTTP bindings rest-json and rest-xml share, part two: decoding the request members that
 * travel outside the body — URI labels, the query string, headers and prefix headers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "codec_util.h"
#include "protocol.h"
#include "rest_binding.h"

/* ---------------------------------------------------------------------------------------------
 * Text → tree values
 * ------------------------------------------------------------------------------------------- */

bool rest_ref_is_json_value(const struct shape_ref *ref)
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

/* A URI label or query string that does not decode to UTF-8: S3 cannot parse such a URI. */
static int uri_text_error(const struct proto_call *call, struct proto_error *err)
{
    if (call->protocol == PROTO_REST_XML)
        proto_error_set(err, 400, "InvalidURI", "Couldn't parse the specified URI.");
    else
        proto_error_set(err, 400, "SerializationException",
                        "The request URI is not valid UTF-8 once percent-decoded");
    return -1;
}

/* One scalar of the given ref from its wire text; NULL if the text does not fit the type. */
static cJSON *scalar_from_text(const struct shape_ref *ref, const char *text, bool in_header)
{
    if (in_header && ref->shape->type == SHAPE_STRING && rest_ref_is_json_value(ref))
        return json_from_base64(text); /* jsonvalue headers: the tree holds the document */
    /* Headers default to HTTP dates, labels and query strings to ISO 8601. */
    return scalar_from_wire_text(ref, text, in_header ? TS_RFC822 : TS_ISO8601);
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: URI labels
 * ------------------------------------------------------------------------------------------- */

static const struct label_capture *
find_label(const struct operation *op, const struct label_capture *captures, const char *name)
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
    const struct label_capture *label =
        find_label(call->op, captures, rest_member_wire_name(member));
    if (!label || !label->start)
        return 0;
    struct buf text = BUF_INIT;
    if (!percent_decode(label->start, label->len, false, &text)) {
        buf_free(&text);
        return uri_text_error(call, err);
    }
    cJSON *value = scalar_from_text(member, text.data, false);
    int rc = 0;
    if (value)
        cJSON_AddItemToObject(params, member->name, value);
    else
        rc = binding_error(call, err, "URI label", rest_member_wire_name(member), text.data);
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
    const char *wire = rest_member_wire_name(member);
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
    const char *wire = rest_member_wire_name(member);
    const struct query_pair *pair = rest_query_find(query, wire, strlen(wire));
    if (!pair)
        return 0;
    cJSON *value = scalar_from_text(member, pair->value, false);
    if (!value && call->protocol == PROTO_REST_XML && member->shape->type == SHAPE_INTEGER) {
        /* S3's own words for a count or marker that is no 32-bit integer. */
        binding_error(call, err, "query parameter", wire, pair->value);
        proto_error_set(err, 400, "InvalidArgument",
                        "Provided %s not an integer or within integer range", wire);
        return -1;
    }
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
                            const struct query_pairs *query, cJSON *params, struct proto_error *err)
{
    cJSON *map = NULL;
    for (size_t i = 0; i < query->count; i++) {
        if (rest_is_literal_query_key(call->op, query->items[i].name))
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
            int rc = binding_error(call, err, "header", rest_member_wire_name(member), text);
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
    const char *wire = rest_member_wire_name(member);
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
    bool have_labels = rest_path_matches(op, call->http->path, captures);
    struct query_pairs query;
    int rc = rest_query_parse(call->http->query, &query) ? 0 : uri_text_error(call, err);
    for (size_t i = 0; i < input->n_members && rc == 0; i++)
        rc = decode_member(call, &input->members[i], have_labels ? captures : NULL, &query, params,
                           err);
    rest_query_free(&query);
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
