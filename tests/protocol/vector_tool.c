/* Runs botocore's protocol test vectors through motoc's protocol layer, in reverse: for input
 * suites it decodes each case's `serialized` request into a params tree, for output suites it
 * encodes each case's `result` (or error) into a response. One JSON object per case goes to
 * stdout; tests/protocol/run_vectors.py compares them with the vectors (with botocore's help).
 *
 *   vector_tool input|output <suite-file.json>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../../http/message.h"
#include "../../services/core/codec_util.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"

#define MAX_TREE_DEPTH 64

enum direction { DIR_INPUT, DIR_OUTPUT };

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? buf_take(&b) : xstrdup("");
}

static const char *json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The model of one case: the suite's metadata and shapes with the case's operation
 * ------------------------------------------------------------------------------------------- */

/* The query vectors leave resultWrapper out; botocore's own runner adds "<Op>Result" when the
 * output has members, and so do we, so the encoder wraps the way the parser expects. */
static void add_query_result_wrapper(const cJSON *suite, cJSON *given)
{
    const cJSON *output = cJSON_GetObjectItemCaseSensitive(given, "output");
    const char *shape_name = json_str(output, "shape");
    const cJSON *shapes = cJSON_GetObjectItemCaseSensitive(suite, "shapes");
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(shapes, shape_name ? shape_name : "");
    const cJSON *members = cJSON_GetObjectItemCaseSensitive(shape, "members");
    if (cJSON_GetArraySize(members) == 0 || cJSON_GetObjectItemCaseSensitive(output, "resultWrapper"))
        return;
    struct buf wrapper = BUF_INIT;
    buf_printf(&wrapper, "%sResult", json_str(given, "name") ? json_str(given, "name") : "");
    cJSON_AddStringToObject((cJSON *)output, "resultWrapper", wrapper.data);
    buf_free(&wrapper);
}

static struct service_model *case_model(const cJSON *suite, const cJSON *kase, enum direction dir,
                                        char *err, size_t err_len)
{
    cJSON *doc = cJSON_CreateObject();
    const cJSON *metadata = cJSON_GetObjectItemCaseSensitive(suite, "metadata");
    cJSON_AddItemToObject(doc, "metadata", cJSON_Duplicate(metadata, true));
    cJSON_AddItemToObject(doc, "shapes",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(suite, "shapes"), true));
    cJSON *given = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(kase, "given"), true);
    const char *name = json_str(given, "name") ? json_str(given, "name") : "OperationName";
    const char *protocol = json_str(metadata, "protocol");
    if (dir == DIR_OUTPUT && protocol && strcmp(protocol, "query") == 0)
        add_query_result_wrapper(suite, given);
    cJSON *operations = cJSON_AddObjectToObject(doc, "operations");
    cJSON_AddItemToObject(operations, name, given);
    struct service_model *m = model_from_json(doc, err, err_len);
    cJSON_Delete(doc);
    return m;
}

static const struct operation *case_operation(const struct service_model *m, const cJSON *kase)
{
    const char *name = json_str(cJSON_GetObjectItemCaseSensitive(kase, "given"), "name");
    return model_operation(m, name ? name : "OperationName");
}

static bool is_rest(enum aws_protocol p)
{
    return p == PROTO_REST_JSON || p == PROTO_REST_XML;
}

/* ---------------------------------------------------------------------------------------------
 * The vectors' value conventions → the params-tree conventions (protocol.h)
 * ------------------------------------------------------------------------------------------- */

static bool ref_streams(const struct shape_ref *ref)
{
    return ref->streaming || (ref->shape && ref->shape->streaming);
}

static cJSON *vector_to_tree(const struct shape_ref *ref, const cJSON *v, int depth);

static cJSON *structure_to_tree(const struct shape *s, const cJSON *v, int depth)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *child;
    cJSON_ArrayForEach(child, v)
    {
        if (cJSON_IsNull(child))
            continue;
        const struct shape_ref *member = NULL;
        for (size_t i = 0; i < s->n_members && !member; i++)
            if (strcmp(s->members[i].name, child->string) == 0)
                member = &s->members[i];
        cJSON_AddItemToObject(out, child->string,
                              member ? vector_to_tree(member, child, depth + 1)
                                     : cJSON_Duplicate(child, true));
    }
    return out;
}

/* Blobs are plain text in the vectors and base64 in our trees; everything else already agrees
 * (timestamps are epoch numbers, special floats are strings). */
static cJSON *vector_to_tree(const struct shape_ref *ref, const cJSON *v, int depth)
{
    const struct shape *s = ref->shape;
    if (depth > MAX_TREE_DEPTH || !s)
        return cJSON_Duplicate(v, true);
    if (s->type == SHAPE_BLOB && cJSON_IsString(v)) {
        struct buf b64 = BUF_INIT;
        base64_encode(v->valuestring, strlen(v->valuestring), &b64);
        cJSON *out = cJSON_CreateString(b64.data);
        buf_free(&b64);
        return out;
    }
    if (s->type == SHAPE_STRUCTURE && cJSON_IsObject(v) && !s->document)
        return structure_to_tree(s, v, depth);
    if ((s->type == SHAPE_LIST || s->type == SHAPE_MAP) && (cJSON_IsArray(v) || cJSON_IsObject(v))) {
        const struct shape_ref *item_ref = s->type == SHAPE_LIST ? &s->member : &s->value;
        cJSON *out = cJSON_IsArray(v) ? cJSON_CreateArray() : cJSON_CreateObject();
        const cJSON *item;
        cJSON_ArrayForEach(item, v)
        {
            cJSON *converted = vector_to_tree(item_ref, item, depth + 1);
            if (cJSON_IsArray(out))
                cJSON_AddItemToArray(out, converted);
            else
                cJSON_AddItemToObject(out, item->string, converted);
        }
        return out;
    }
    return cJSON_Duplicate(v, true);
}

/* ---------------------------------------------------------------------------------------------
 * Input cases: serialized request → params
 * ------------------------------------------------------------------------------------------- */

static void request_from_vector(const cJSON *serialized, enum aws_protocol protocol,
                                struct http_request *req)
{
    http_request_init(req);
    const char *method = json_str(serialized, "method");
    snprintf(req->method, sizeof req->method, "%s", method ? method : "POST");
    const char *uri = json_str(serialized, "uri");
    req->target = xstrdup(uri && *uri ? uri : "/");
    const char *q = strchr(req->target, '?');
    req->path = q ? xstrndup(req->target, (size_t)(q - req->target)) : xstrdup(req->target);
    req->query = xstrdup(q ? q + 1 : "");

    const char *body = json_str(serialized, "body");
    /* smithy-rpc-v2-cbor vectors carry the binary body as base64 */
    if (body && protocol == PROTO_RPC_V2_CBOR)
        base64_decode(body, strlen(body), &req->body);
    else if (body)
        buf_append(&req->body, body, strlen(body));

    const char *host = json_str(serialized, "host");
    http_headers_add(&req->headers, "Host", host ? host : "example.com");
    const cJSON *header;
    cJSON_ArrayForEach(header, cJSON_GetObjectItemCaseSensitive(serialized, "headers"))
    {
        if (cJSON_IsString(header))
            http_headers_add(&req->headers, header->string, header->valuestring);
    }
    if (!http_request_header(req, "Content-Length")) {
        char len[32];
        snprintf(len, sizeof len, "%zu", req->body.len);
        http_headers_add(&req->headers, "Content-Length", len);
    }
}

static cJSON *error_json(const struct proto_error *err)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "status", err->status);
    cJSON_AddStringToObject(e, "code", err->code);
    cJSON_AddStringToObject(e, "message", err->message);
    if (err->fields)
        cJSON_AddItemToObject(e, "fields", cJSON_Duplicate(err->fields, true));
    return e;
}

static void run_input_case(const struct service_model *m, const cJSON *kase, cJSON *line)
{
    struct http_request req;
    request_from_vector(cJSON_GetObjectItemCaseSensitive(kase, "serialized"), m->protocol, &req);
    /* rest requests are routed by method and path, as the server does; rpc ones by name */
    const struct operation *op =
        is_rest(m->protocol) ? rest_match_operation(m, &req) : case_operation(m, kase);
    if (!op) {
        struct proto_error err = {0};
        proto_error_set(&err, 404, "NoMatchingOperation", "no operation matches %s %s",
                        req.method, req.target);
        cJSON_AddItemToObject(line, "error", error_json(&err));
        proto_error_clear(&err);
        http_request_free(&req);
        return;
    }
    struct proto_call call = {
        .model = m, .op = op, .protocol = m->protocol, .request_id = "vector-request-id",
        .http = &req,
    };
    cJSON *params = NULL;
    struct proto_error err = {0};
    if (proto_decode_request(&call, &params, &err) == 0)
        cJSON_AddItemToObject(line, "params", params ? params : cJSON_CreateObject());
    else
        cJSON_AddItemToObject(line, "error", error_json(&err));
    proto_error_clear(&err);
    http_request_free(&req);
}

/* ---------------------------------------------------------------------------------------------
 * Output cases: result or error → response
 * ------------------------------------------------------------------------------------------- */

/* A service writes a streaming payload's bytes to the response itself; the tree leaves it out. */
static void move_streaming_payload(const struct operation *op, cJSON *tree,
                                   struct http_response *resp)
{
    const struct shape_ref *payload = rest_payload_member(op->output.shape);
    if (!payload || !ref_streams(payload))
        return;
    cJSON *value = cJSON_DetachItemFromObjectCaseSensitive(tree, payload->name);
    const char *text = cJSON_IsString(value) ? value->valuestring : NULL;
    if (text && payload->shape->type == SHAPE_BLOB)
        base64_decode(text, strlen(text), &resp->body); /* the tree held base64 by now */
    else if (text)
        buf_append(&resp->body, text, strlen(text));
    cJSON_Delete(value);
}

/* The error shape the case's code names: by shape name or by its query error code. */
static const struct shape *find_error_shape(const struct service_model *m,
                                            const struct operation *op, const char *code)
{
    for (struct shape **e = op->errors; e && *e; e++)
        if (strcmp((*e)->name, code) == 0 ||
            ((*e)->error_code && strcmp((*e)->error_code, code) == 0))
            return *e;
    return model_shape(m, code);
}

static bool is_message_key(const char *key)
{
    return strcmp(key, "Message") == 0 || strcmp(key, "message") == 0;
}

/* The error a service would raise for this case: the wire code and message the vector
 * expects, the status it was sent with, the other members of the error shape as fields. */
static void error_from_vector(const struct service_model *m, const struct operation *op,
                              const cJSON *kase, struct proto_error *err)
{
    const char *code = json_str(kase, "errorCode") ? json_str(kase, "errorCode") : "";
    const char *message = json_str(kase, "errorMessage");
    const cJSON *response = cJSON_GetObjectItemCaseSensitive(kase, "response");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(response, "status_code");
    const struct shape *shape = find_error_shape(m, op, code);
    proto_error_set(err, cJSON_IsNumber(status) ? status->valueint : 400, code, "%s",
                    message ? message : "");
    if (shape && shape->error_sender_fault)
        err->sender_fault = true;

    struct shape_ref ref = {.shape = (struct shape *)shape};
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(kase, "error");
    cJSON *converted = shape ? vector_to_tree(&ref, fields, 0) : cJSON_Duplicate(fields, true);
    cJSON *child = converted ? converted->child : NULL;
    while (child) {
        cJSON *next = child->next;
        if (is_message_key(child->string))
            cJSON_Delete(cJSON_DetachItemViaPointer(converted, child));
        child = next;
    }
    if (cJSON_GetArraySize(converted) > 0)
        err->fields = converted;
    else
        cJSON_Delete(converted);
}

static void request_for_output(const struct operation *op, struct http_request *req)
{
    http_request_init(req);
    snprintf(req->method, sizeof req->method, "%s", op->http_method ? op->http_method : "POST");
    req->target = xstrdup("/");
    req->path = xstrdup("/");
    req->query = xstrdup("");
}

static cJSON *response_json(const struct http_response *resp, cJSON *line)
{
    cJSON_AddNumberToObject(line, "status", resp->status);
    cJSON *headers = cJSON_AddObjectToObject(line, "headers");
    for (size_t i = 0; i < resp->headers.count; i++) {
        const struct http_header *h = &resp->headers.items[i];
        cJSON *seen = cJSON_GetObjectItem(headers, h->name);
        if (seen) {
            /* repeated headers reach a client joined, as RFC 9110 folds them */
            struct buf joined = BUF_INIT;
            buf_printf(&joined, "%s, %s", seen->valuestring, h->value);
            cJSON_ReplaceItemViaPointer(headers, seen, cJSON_CreateString(joined.data));
            buf_free(&joined);
        } else {
            cJSON_AddStringToObject(headers, h->name, h->value);
        }
    }
    struct buf b64 = BUF_INIT;
    base64_encode(resp->body.data ? resp->body.data : "", resp->body.len, &b64);
    cJSON_AddStringToObject(line, "body_b64", b64.data);
    buf_free(&b64);
    return line;
}

static void run_output_case(const struct service_model *m, const cJSON *kase, cJSON *line)
{
    const struct operation *op = case_operation(m, kase);
    struct http_request req;
    request_for_output(op, &req);
    struct proto_call call = {
        .model = m, .op = op, .protocol = m->protocol, .request_id = "vector-request-id",
        .http = &req,
    };
    struct http_response resp;
    http_response_init(&resp);
    if (cJSON_GetObjectItemCaseSensitive(kase, "error") || json_str(kase, "errorCode")) {
        struct proto_error err = {0};
        error_from_vector(m, op, kase, &err);
        proto_encode_error(&call, &err, &resp);
        proto_error_clear(&err);
    } else {
        const cJSON *result = cJSON_GetObjectItemCaseSensitive(kase, "result");
        cJSON *tree = op->output.shape ? vector_to_tree(&op->output, result, 0)
                                       : cJSON_Duplicate(result, true);
        move_streaming_payload(op, tree, &resp);
        proto_encode_result(&call, tree, &resp);
        cJSON_Delete(tree);
    }
    response_json(&resp, line);
    http_response_free(&resp);
    http_request_free(&req);
}

/* ---------------------------------------------------------------------------------------------
 * Driver
 * ------------------------------------------------------------------------------------------- */

static void emit(cJSON *line)
{
    char *text = cJSON_PrintUnformatted(line);
    puts(text);
    fflush(stdout);
    free(text);
}

static void run_case(const cJSON *suite, const cJSON *kase, int suite_index, int case_index,
                     enum direction dir)
{
    cJSON *line = cJSON_CreateObject();
    cJSON_AddNumberToObject(line, "suite", suite_index);
    cJSON_AddNumberToObject(line, "case", case_index);
    const char *id = json_str(kase, "id");
    if (id)
        cJSON_AddStringToObject(line, "id", id);
    else
        cJSON_AddNullToObject(line, "id");

    char err[256] = "";
    struct service_model *m = case_model(suite, kase, dir, err, sizeof err);
    if (!m || !case_operation(m, kase)) {
        cJSON *e = cJSON_AddObjectToObject(line, "tool_error");
        cJSON_AddStringToObject(e, "message", *err ? err : "the case's operation is missing");
    } else if (dir == DIR_INPUT) {
        run_input_case(m, kase, line);
    } else {
        run_output_case(m, kase, line);
    }
    model_free(m);
    emit(line);
    cJSON_Delete(line);
}

static bool case_applies(const cJSON *kase, enum direction dir)
{
    return cJSON_GetObjectItemCaseSensitive(kase, dir == DIR_INPUT ? "params" : "response") != NULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: vector_tool input|output <suite-file.json>\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return usage();
    enum direction dir;
    if (strcmp(argv[1], "input") == 0)
        dir = DIR_INPUT;
    else if (strcmp(argv[1], "output") == 0)
        dir = DIR_OUTPUT;
    else
        return usage();

    size_t len;
    char *text = read_file(argv[2], &len);
    if (!text) {
        perror(argv[2]);
        return 1;
    }
    cJSON *suites = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsArray(suites)) {
        fprintf(stderr, "%s: not a JSON list of suites\n", argv[2]);
        cJSON_Delete(suites);
        return 1;
    }
    int suite_index = 0;
    const cJSON *suite;
    cJSON_ArrayForEach(suite, suites)
    {
        int case_index = 0;
        const cJSON *kase;
        cJSON_ArrayForEach(kase, cJSON_GetObjectItemCaseSensitive(suite, "cases"))
        {
            if (case_applies(kase, dir))
                run_case(suite, kase, suite_index, case_index, dir);
            case_index++;
        }
        suite_index++;
    }
    cJSON_Delete(suites);
    return 0;
}
