/* Request parameters of the query and ec2 protocols (form body and query string, flattened into
 * dotted names: "Tags.member.1.Key") read back into a params tree by the input shape. */
#ifndef MOTOC_QUERY_FORM_H
#define MOTOC_QUERY_FORM_H

#include <cjson/cJSON.h>

#include "protocol.h"

/* How member names and lists appear on the wire. */
enum query_dialect {
    QUERY_DIALECT_QUERY, /* locationName or member name; lists "Name.member.N" unless flattened */
    QUERY_DIALECT_EC2,   /* queryName, else the capitalised name; lists always "Name.N" */
};

/* 0 with *params an object (owned by the caller), or -1 with err set when a value does not fit
 * its member's type. Action and Version name the call and are never members. */
int query_form_decode(const struct proto_call *call, enum query_dialect dialect, cJSON **params,
                      struct proto_error *err);

#endif
