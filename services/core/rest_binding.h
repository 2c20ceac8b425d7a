/* What the rest binding files (proto_rest.c, proto_rest_decode.c, proto_rest_encode.c) share:
 * the decoded query string, label captures of a path match, and member naming. */
#ifndef MOTOC_CORE_REST_BINDING_H
#define MOTOC_CORE_REST_BINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct query_pair {
    char *name;
    char *value;
};

struct query_pairs {
    struct query_pair *items;
    size_t count;
    size_t cap;
};

/* Names and values decoded as wire text; false when one is not UTF-8 (q is filled anyway). */
bool rest_query_parse(const char *query, struct query_pairs *q);
void rest_query_free(struct query_pairs *q);
const struct query_pair *rest_query_find(const struct query_pairs *q, const char *name,
                                         size_t name_len);
/* Whether name is a key of the operation's literal query ("uploads", "list-type=2"). */
bool rest_is_literal_query_key(const struct operation *op, const char *name);

struct label_capture {
    const char *start; /* into the raw path, still percent-encoded */
    size_t len;
};

/* True if the raw path fits the operation's requestUri; captures (n_path_segments entries,
 * may be NULL) receive the label values. */
bool rest_path_matches(const struct operation *op, const char *path,
                       struct label_capture *captures);

/* The name a member has on the wire (its header, query key or label). */
const char *rest_member_wire_name(const struct shape_ref *member);
/* A string member carrying a JSON document (base64 in headers). */
bool rest_ref_is_json_value(const struct shape_ref *ref);

#endif
