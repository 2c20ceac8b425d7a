/* A service model (botocore's service-2.json shape language) loaded once into C structs, so the
 * protocol codecs walk pointers, never JSON, per request. Built from the embedded, generated models
 * in services/models/ and, in tests, from the protocol vectors' own shapes. */
#ifndef MOTOC_MODEL_H
#define MOTOC_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "service_index.h"

enum shape_type {
    SHAPE_STRUCTURE,
    SHAPE_LIST,
    SHAPE_MAP,
    SHAPE_STRING,
    SHAPE_INTEGER, /* also "byte", "short" */
    SHAPE_LONG,
    SHAPE_FLOAT,
    SHAPE_DOUBLE,
    SHAPE_BOOLEAN,
    SHAPE_TIMESTAMP,
    SHAPE_BLOB,
    SHAPE_BIGINTEGER,
    SHAPE_BIGDECIMAL,
};

/* Where a member travels in a rest request/response ("location" in the model). */
enum member_location {
    LOC_BODY = 0,
    LOC_URI,
    LOC_QUERYSTRING,
    LOC_HEADER,
    LOC_HEADERS, /* prefix map: x-amz-meta-* */
    LOC_STATUS_CODE,
};

enum timestamp_format {
    TS_DEFAULT = 0, /* the protocol's default for that location */
    TS_ISO8601,
    TS_RFC822,
    TS_UNIX,
};

struct shape;

/* A reference to a shape with the traits of the reference (botocore's "member" objects). */
struct shape_ref {
    const char *name;          /* member name in the structure; "member"/"key"/"value" otherwise */
    struct shape *shape;
    enum member_location location;
    const char *location_name; /* wire name: header name, query key, XML element, JSON key */
    const char *query_name;    /* ec2 "queryName" */
    const char *xml_namespace_uri;
    const char *xml_namespace_prefix;
    enum timestamp_format timestamp_format; /* on the ref; falls back to the shape's */
    bool xml_attribute;
    bool flattened;            /* on the ref ("flattened": true on a member) */
    bool json_value;           /* header carrying base64 JSON */
    bool host_label;
    bool idempotency_token;
    bool streaming;            /* payload streaming trait on the ref */
    bool required;             /* listed in the parent structure's "required" */
    bool event_payload;
};

struct shape {
    const char *name;
    enum shape_type type;

    /* structure */
    struct shape_ref *members;
    size_t n_members;
    const char *payload;       /* member name bound to the rest payload, NULL if none */
    bool is_exception;
    bool fault;                /* "fault": true → server error */
    int error_status;          /* "error": {"httpStatusCode"}; 0 if none */
    const char *error_code;    /* "error": {"code"} (query error code), NULL = shape name */
    bool error_sender_fault;
    bool union_shape;
    bool document;
    bool event_stream;

    /* list: member; map: key and value */
    struct shape_ref member;
    struct shape_ref key;
    struct shape_ref value;
    bool flattened;            /* on the list/map shape */
    const char *location_name; /* shape-level locationName (list member element names) */

    /* scalars */
    const char **enum_values;  /* NULL-terminated, NULL when not an enum */
    bool has_min, has_max;
    double min, max;           /* length for strings/blobs/lists/maps, value for numbers */
    const char *pattern;
    enum timestamp_format timestamp_format;
    bool streaming;
    bool sensitive;
    bool json_value;           /* jsonvalue trait on a string shape */
    const char *xml_namespace_uri;
    const char *xml_namespace_prefix;
};

/* One piece of a rest requestUri: literal text or a {label} / {label+}. */
struct uri_segment {
    const char *text;          /* literal, or the label name */
    bool is_label;
    bool greedy;
};

struct operation {
    const char *name;
    const char *http_method;   /* "POST" for rpc protocols */
    const char *request_uri;   /* "/{Bucket}/{Key+}?uploads" as in the model */
    struct uri_segment *path_segments; /* requestUri's path split at labels */
    size_t n_path_segments;
    const char *uri_query;     /* literal query part of requestUri ("uploads", "x-id=GetObject"),
                                  NULL if none; must be present in the request to match */
    int response_code;         /* http.responseCode, 200 if absent */
    struct shape_ref input;    /* input.shape NULL when the operation takes nothing */
    struct shape_ref output;
    const char *result_wrapper; /* output.resultWrapper (query), NULL if none */
    struct shape **errors;     /* NULL-terminated */
    const char *host_prefix;   /* endpoint.hostPrefix, NULL if none */
    bool deprecated;
};

struct service_model {
    const char *service_name;  /* index name: "sqs" */
    enum aws_protocol protocol;
    unsigned protocols;        /* PROTO_BIT set */
    const char *api_version;
    const char *json_version;
    const char *target_prefix;
    const char *xml_namespace;
    const char *service_id;    /* metadata.serviceId */
    const char *signing_name;
    bool query_compatible;     /* metadata.awsQueryCompatible */
    const char *rpc_service_name; /* smithy-rpc-v2-cbor path's <Svc>: metadata targetPrefix */

    struct operation *operations; /* sorted by name */
    size_t n_operations;
    struct shape *shapes;          /* sorted by name */
    size_t n_shapes;

    void *arena; /* owns every string and array above */
};

/* Builds a model from botocore-format JSON: {"metadata": {...}, "operations": {...},
 * "shapes": {...}}. NULL with a reason in err on a malformed model. */
struct service_model *model_from_json(const cJSON *doc, char *err, size_t err_len);
void model_free(struct service_model *m);

const struct operation *model_operation(const struct service_model *m, const char *name);
struct shape *model_shape(const struct service_model *m, const char *name);

/* The embedded model of an implemented service, parsed on first use and kept; NULL if motoc has
 * no model for it. Not thread-safe: called from the event loop only. */
const struct service_model *model_for_service(const char *service_name);

/* The timestamp format a ref uses, resolved from ref, shape and nothing else (TS_DEFAULT stays
 * when neither says). */
enum timestamp_format shape_ref_timestamp_format(const struct shape_ref *ref);

#endif
