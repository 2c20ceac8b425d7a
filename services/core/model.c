/* Loads a service model from its JSON into C structs once (shapes, operations, members), in
 * an arena owned by the model. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

/* Every allocation of a model comes from its arena and goes with model_free. */
struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

static void *arena_alloc(struct service_model *m, size_t n)
{
    struct arena_block *b = m->arena;
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!b || b->size - b->used < n) {
        size_t size = n > 64 * 1024 ? n : 64 * 1024;
        struct arena_block *fresh = xmalloc(sizeof *fresh + size);
        fresh->next = b;
        fresh->used = 0;
        fresh->size = size;
        m->arena = b = fresh;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static const char *arena_strdup(struct service_model *m, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(m, n);
    memcpy(p, s, n);
    return p;
}

static const char *json_string(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *arena_json_string(struct service_model *m, const cJSON *obj, const char *key)
{
    return arena_strdup(m, json_string(obj, key));
}

static bool json_true(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static enum aws_protocol protocol_from_name(const char *name)
{
    static const struct {
        const char *name;
        enum aws_protocol proto;
    } names[] = {
        {"query", PROTO_QUERY},         {"ec2", PROTO_EC2},
        {"json", PROTO_JSON},           {"rest-json", PROTO_REST_JSON},
        {"rest-xml", PROTO_REST_XML},   {"smithy-rpc-v2-cbor", PROTO_RPC_V2_CBOR},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].proto;
    return PROTO_UNKNOWN;
}

static enum shape_type shape_type_from_name(const char *name)
{
    static const struct {
        const char *name;
        enum shape_type type;
    } names[] = {
        {"structure", SHAPE_STRUCTURE}, {"list", SHAPE_LIST},         {"map", SHAPE_MAP},
        {"string", SHAPE_STRING},       {"integer", SHAPE_INTEGER},   {"byte", SHAPE_INTEGER},
        {"short", SHAPE_INTEGER},       {"long", SHAPE_LONG},         {"float", SHAPE_FLOAT},
        {"double", SHAPE_DOUBLE},       {"boolean", SHAPE_BOOLEAN},   {"timestamp", SHAPE_TIMESTAMP},
        {"blob", SHAPE_BLOB},           {"bigInteger", SHAPE_BIGINTEGER},
        {"bigDecimal", SHAPE_BIGDECIMAL},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].type;
    return SHAPE_STRING;
}

static enum timestamp_format timestamp_format_from_name(const char *name)
{
    if (!name)
        return TS_DEFAULT;
    if (strcmp(name, "iso8601") == 0)
        return TS_ISO8601;
    if (strcmp(name, "rfc822") == 0)
        return TS_RFC822;
    if (strcmp(name, "unixTimestamp") == 0)
        return TS_UNIX;
    return TS_DEFAULT;
}

static enum member_location location_from_name(const char *name)
{
    if (!name)
        return LOC_BODY;
    if (strcmp(name, "uri") == 0)
        return LOC_URI;
    if (strcmp(name, "querystring") == 0)
        return LOC_QUERYSTRING;
    if (strcmp(name, "header") == 0)
        return LOC_HEADER;
    if (strcmp(name, "headers") == 0)
        return LOC_HEADERS;
    if (strcmp(name, "statusCode") == 0)
        return LOC_STATUS_CODE;
    return LOC_BODY;
}

/* xmlNamespace is either "uri" or {"uri": …, "prefix": …}. */
static void read_xml_namespace(struct service_model *m, const cJSON *obj, const char **uri,
                               const char **prefix)
{
    const cJSON *ns = cJSON_GetObjectItemCaseSensitive(obj, "xmlNamespace");
    if (cJSON_IsString(ns)) {
        *uri = arena_strdup(m, ns->valuestring);
    } else if (cJSON_IsObject(ns)) {
        *uri = arena_json_string(m, ns, "uri");
        *prefix = arena_json_string(m, ns, "prefix");
    }
}

static int compare_shape_names(const void *a, const void *b)
{
    return strcmp(((const struct shape *)a)->name, ((const struct shape *)b)->name);
}

static int compare_operation_names(const void *a, const void *b)
{
    return strcmp(((const struct operation *)a)->name, ((const struct operation *)b)->name);
}

struct shape *model_shape(const struct service_model *m, const char *name)
{
    if (!m || !name)
        return NULL;
    struct shape key = {.name = name};
    return bsearch(&key, m->shapes, m->n_shapes, sizeof key, compare_shape_names);
}

const struct operation *model_operation(const struct service_model *m, const char *name)
{
    if (!m || !name)
        return NULL;
    struct operation key = {.name = name};
    return bsearch(&key, m->operations, m->n_operations, sizeof key, compare_operation_names);
}

/* Fills a ref from a botocore member object; the shape it names must exist. */
static bool read_ref(struct service_model *m, const cJSON *obj, const char *name,
                     struct shape_ref *ref, char *err, size_t err_len)
{
    const char *shape_name = json_string(obj, "shape");
    ref->name = arena_strdup(m, name);
    ref->shape = model_shape(m, shape_name);
    if (!ref->shape) {
        snprintf(err, err_len, "member %s refers to unknown shape %s", name ? name : "?",
                 shape_name ? shape_name : "(none)");
        return false;
    }
    ref->location = location_from_name(json_string(obj, "location"));
    ref->location_name = arena_json_string(m, obj, "locationName");
    ref->query_name = arena_json_string(m, obj, "queryName");
    read_xml_namespace(m, obj, &ref->xml_namespace_uri, &ref->xml_namespace_prefix);
    ref->timestamp_format = timestamp_format_from_name(json_string(obj, "timestampFormat"));
    ref->xml_attribute = json_true(obj, "xmlAttribute");
    ref->flattened = json_true(obj, "flattened");
    ref->json_value = json_true(obj, "jsonvalue");
    ref->host_label = json_true(obj, "hostLabel");
    ref->idempotency_token = json_true(obj, "idempotencyToken");
    ref->streaming = json_true(obj, "streaming");
    ref->event_payload = json_true(obj, "eventpayload");
    return true;
}

static bool read_number(const cJSON *obj, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v))
        return false;
    *out = v->valuedouble;
    return true;
}

static void read_enum(struct service_model *m, struct shape *s, const cJSON *values)
{
    int n = cJSON_GetArraySize(values);
    const char **list = arena_alloc(m, ((size_t)n + 1) * sizeof *list);
    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        if (cJSON_IsString(v))
            list[i++] = arena_strdup(m, v->valuestring);
    }
    list[i] = NULL;
    s->enum_values = list;
}

static bool is_required(const cJSON *required, const char *name)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, required)
    {
        if (cJSON_IsString(r) && strcmp(r->valuestring, name) == 0)
            return true;
    }
    return false;
}

static bool read_structure(struct service_model *m, struct shape *s, const cJSON *def, char *err,
                           size_t err_len)
{
    const cJSON *members = cJSON_GetObjectItemCaseSensitive(def, "members");
    const cJSON *required = cJSON_GetObjectItemCaseSensitive(def, "required");
    s->n_members = (size_t)cJSON_GetArraySize(members);
    s->members = arena_alloc(m, (s->n_members ? s->n_members : 1) * sizeof *s->members);
    size_t i = 0;
    const cJSON *member;
    cJSON_ArrayForEach(member, members)
    {
        if (!read_ref(m, member, member->string, &s->members[i], err, err_len))
            return false;
        s->members[i].required = is_required(required, member->string);
        i++;
    }
    s->payload = arena_json_string(m, def, "payload");
    s->is_exception = json_true(def, "exception");
    s->fault = json_true(def, "fault");
    s->union_shape = json_true(def, "union");
    s->document = json_true(def, "document");
    s->event_stream = json_true(def, "eventstream");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(def, "error");
    if (cJSON_IsObject(error)) {
        double status;
        if (read_number(error, "httpStatusCode", &status))
            s->error_status = (int)status;
        s->error_code = arena_json_string(m, error, "code");
        s->error_sender_fault = json_true(error, "senderFault");
    }
    return true;
}

static bool read_shape(struct service_model *m, struct shape *s, const cJSON *def, char *err,
                       size_t err_len)
{
    s->flattened = json_true(def, "flattened");
    s->location_name = arena_json_string(m, def, "locationName");
    s->streaming = json_true(def, "streaming");
    s->sensitive = json_true(def, "sensitive");
    s->json_value = json_true(def, "jsonvalue");
    s->pattern = arena_json_string(m, def, "pattern");
    s->timestamp_format = timestamp_format_from_name(json_string(def, "timestampFormat"));
    s->has_min = read_number(def, "min", &s->min);
    s->has_max = read_number(def, "max", &s->max);
    read_xml_namespace(m, def, &s->xml_namespace_uri, &s->xml_namespace_prefix);
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(def, "enum");
    if (cJSON_IsArray(values))
        read_enum(m, s, values);

    switch (s->type) {
    case SHAPE_STRUCTURE:
        return read_structure(m, s, def, err, err_len);
    case SHAPE_LIST:
        return read_ref(m, cJSON_GetObjectItemCaseSensitive(def, "member"), "member", &s->member,
                        err, err_len);
    case SHAPE_MAP:
        return read_ref(m, cJSON_GetObjectItemCaseSensitive(def, "key"), "key", &s->key, err,
                        err_len) &&
               read_ref(m, cJSON_GetObjectItemCaseSensitive(def, "value"), "value", &s->value, err,
                        err_len);
    default:
        return true;
    }
}

static bool read_shapes(struct service_model *m, const cJSON *shapes, char *err, size_t err_len)
{
    m->n_shapes = (size_t)cJSON_GetArraySize(shapes);
    m->shapes = arena_alloc(m, (m->n_shapes ? m->n_shapes : 1) * sizeof *m->shapes);
    size_t i = 0;
    const cJSON *def;
    /* Names and types first, so references can be resolved in any order afterwards. */
    cJSON_ArrayForEach(def, shapes)
    {
        m->shapes[i].name = arena_strdup(m, def->string);
        m->shapes[i].type = shape_type_from_name(json_string(def, "type"));
        i++;
    }
    qsort(m->shapes, m->n_shapes, sizeof *m->shapes, compare_shape_names);
    cJSON_ArrayForEach(def, shapes)
    {
        if (!read_shape(m, model_shape(m, def->string), def, err, err_len))
            return false;
    }
    return true;
}

static void split_request_uri(struct service_model *m, struct operation *op)
{
    const char *uri = op->request_uri ? op->request_uri : "/";
    const char *q = strchr(uri, '?');
    size_t path_len = q ? (size_t)(q - uri) : strlen(uri);
    op->uri_query = q && q[1] ? arena_strdup(m, q + 1) : NULL;

    /* At most one segment per character: plenty. */
    op->path_segments = arena_alloc(m, (path_len + 1) * sizeof *op->path_segments);
    size_t n = 0, i = 0;
    while (i < path_len) {
        struct uri_segment *seg = &op->path_segments[n++];
        if (uri[i] == '{') {
            const char *close = memchr(uri + i, '}', path_len - i);
            size_t end = close ? (size_t)(close - uri) : path_len;
            size_t name_len = end - i - 1;
            seg->is_label = true;
            seg->greedy = name_len > 0 && uri[end - 1] == '+';
            char *name = arena_alloc(m, name_len + 1);
            memcpy(name, uri + i + 1, name_len - (seg->greedy ? 1 : 0));
            seg->text = name;
            i = close ? end + 1 : path_len;
        } else {
            const char *open = memchr(uri + i, '{', path_len - i);
            size_t end = open ? (size_t)(open - uri) : path_len;
            char *text = arena_alloc(m, end - i + 1);
            memcpy(text, uri + i, end - i);
            seg->text = text;
            i = end;
        }
    }
    op->n_path_segments = n;
}

static bool read_operation(struct service_model *m, struct operation *op, const char *name,
                           const cJSON *def, char *err, size_t err_len)
{
    op->name = arena_strdup(m, name);
    const cJSON *http = cJSON_GetObjectItemCaseSensitive(def, "http");
    op->http_method = arena_strdup(m, json_string(http, "method") ? json_string(http, "method")
                                                                  : "POST");
    op->request_uri = arena_strdup(m, json_string(http, "requestUri") ? json_string(http, "requestUri")
                                                                      : "/");
    double code = 200;
    read_number(http, "responseCode", &code);
    op->response_code = (int)code;
    split_request_uri(m, op);

    const cJSON *input = cJSON_GetObjectItemCaseSensitive(def, "input");
    if (cJSON_IsObject(input) && !read_ref(m, input, "input", &op->input, err, err_len))
        return false;
    const cJSON *output = cJSON_GetObjectItemCaseSensitive(def, "output");
    if (cJSON_IsObject(output)) {
        if (!read_ref(m, output, "output", &op->output, err, err_len))
            return false;
        op->result_wrapper = arena_json_string(m, output, "resultWrapper");
    }
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(def, "errors");
    op->errors = arena_alloc(m, ((size_t)cJSON_GetArraySize(errors) + 1) * sizeof *op->errors);
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, errors)
    {
        struct shape *s = model_shape(m, json_string(e, "shape"));
        if (s)
            op->errors[n++] = s;
    }
    op->host_prefix = arena_json_string(m, cJSON_GetObjectItemCaseSensitive(def, "endpoint"),
                                        "hostPrefix");
    op->deprecated = json_true(def, "deprecated");
    return true;
}

static bool read_operations(struct service_model *m, const cJSON *ops, char *err, size_t err_len)
{
    m->n_operations = (size_t)cJSON_GetArraySize(ops);
    m->operations = arena_alloc(m, (m->n_operations ? m->n_operations : 1) * sizeof *m->operations);
    size_t i = 0;
    const cJSON *def;
    cJSON_ArrayForEach(def, ops)
    {
        if (!read_operation(m, &m->operations[i++], def->string, def, err, err_len))
            return false;
    }
    qsort(m->operations, m->n_operations, sizeof *m->operations, compare_operation_names);
    return true;
}

static void read_metadata(struct service_model *m, const cJSON *meta)
{
    m->protocol = protocol_from_name(json_string(meta, "protocol"));
    const cJSON *protocols = cJSON_GetObjectItemCaseSensitive(meta, "protocols");
    const cJSON *p;
    cJSON_ArrayForEach(p, protocols)
    {
        if (cJSON_IsString(p))
            m->protocols |= PROTO_BIT(protocol_from_name(p->valuestring));
    }
    const cJSON *first = cJSON_GetArrayItem(protocols, 0);
    if (m->protocol == PROTO_UNKNOWN && cJSON_IsString(first))
        m->protocol = protocol_from_name(first->valuestring);
    m->protocols |= PROTO_BIT(m->protocol);
    m->api_version = arena_json_string(m, meta, "apiVersion");
    m->json_version = arena_json_string(m, meta, "jsonVersion");
    m->target_prefix = arena_json_string(m, meta, "targetPrefix");
    m->service_id = arena_json_string(m, meta, "serviceId");
    m->signing_name = arena_json_string(m, meta, "signingName");
    const char *uri = NULL, *prefix = NULL;
    read_xml_namespace(m, meta, &uri, &prefix);
    m->xml_namespace = uri;
    m->query_compatible = cJSON_GetObjectItemCaseSensitive(meta, "awsQueryCompatible") != NULL;
    m->rpc_service_name = m->target_prefix;
}

struct service_model *model_from_json(const cJSON *doc, char *err, size_t err_len)
{
    struct service_model *m = xcalloc(1, sizeof *m);
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
    read_metadata(m, meta);
    const char *name = json_string(meta, "motocServiceName");
    m->service_name = arena_strdup(m, name ? name : json_string(meta, "endpointPrefix"));
    if (!read_shapes(m, cJSON_GetObjectItemCaseSensitive(doc, "shapes"), err, err_len) ||
        !read_operations(m, cJSON_GetObjectItemCaseSensitive(doc, "operations"), err, err_len)) {
        model_free(m);
        return NULL;
    }
    return m;
}

void model_free(struct service_model *m)
{
    if (!m)
        return;
    struct arena_block *b = m->arena;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(m);
}

enum timestamp_format shape_ref_timestamp_format(const struct shape_ref *ref)
{
    if (ref->timestamp_format != TS_DEFAULT)
        return ref->timestamp_format;
    return ref->shape ? ref->shape->timestamp_format : TS_DEFAULT;
}
