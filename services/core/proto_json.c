/* The json protocol (awsJson1_0 / awsJson1_1): the operation comes from X-Amz-Target, the input
 * is the JSON body, the output a JSON body, errors a JSON body naming "__type".
 *
 * The same bodies may travel as CBOR (Content-Type application/x-amz-cbor-1.1): the Java SDKs talk
 * to Kinesis that way. Such a request is read from CBOR and answered in CBOR, results and errors
 * alike, so services never learn which form the client chose. */
#include "protocol.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cbor_wire.h"
#include "json_codec.h"
#include "json_error.h"

#define CBOR_CONTENT_TYPE "application/x-amz-cbor-1.1"

static bool request_in_cbor(const struct proto_call *call)
{
    const char *ct = call->http ? http_request_header(call->http, "Content-Type") : NULL;
    return ct && strncasecmp(ct, CBOR_CONTENT_TYPE, strlen(CBOR_CONTENT_TYPE)) == 0;
}

static const char *json_content_type(const struct service_model *m)
{
    if (m && m->json_version && strcmp(m->json_version, "1.1") == 0)
        return "application/x-amz-json-1.1";
    return "application/x-amz-json-1.0";
}

/* The body as wire values: *wire NULL for an empty body, as the SDKs send for operations
 * without input. */
static int parse_body(const struct proto_call *call, cJSON **wire, struct proto_error *err)
{
    const struct buf *body = &call->http->body;
    *wire = NULL;
    if (!request_in_cbor(call))
        return json_codec_parse(body, wire, err);
    return body->len > 0 ? cbor_wire_read(body->data, body->len, wire, err) : 0;
}

int json_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = NULL;
    cJSON *wire;
    if (parse_body(call, &wire, err) != 0)
        return -1;
    if (wire && !cJSON_IsObject(wire)) {
        cJSON_Delete(wire);
        proto_error_set(err, 400, "SerializationException", "The request body must be %s",
                        request_in_cbor(call) ? "a CBOR map" : "a JSON object");
        return -1;
    }
    cJSON *out = cJSON_CreateObject();
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    enum wire_dialect dialect = request_in_cbor(call) ? WIRE_JSON_CBOR : WIRE_JSON;
    int rc = 0;
    if (wire && input)
        rc = json_codec_decode_members(input, wire, dialect, NULL, out, err);
    cJSON_Delete(wire);
    if (rc != 0) {
        cJSON_Delete(out);
        return -1;
    }
    *params = out;
    return 0;
}

static const struct wire_builder *answer_builder(const struct proto_call *call)
{
    return request_in_cbor(call) ? &cbor_json_wire_builder : &json_wire_builder;
}

/* Puts a value answer_builder built into resp's body, an empty object when there is none. */
static void set_body(const struct proto_call *call, struct http_response *resp,
                     struct wire_value *value)
{
    if (!request_in_cbor(call)) {
        json_codec_set_body(resp, value, json_content_type(call->model));
        return;
    }
    buf_reset(&resp->body);
    cbor_wire_write(value ? value : cbor_json_wire_builder.object(0), &resp->body);
    http_headers_set(&resp->headers, "Content-Type", CBOR_CONTENT_TYPE);
}

void json_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp)
{
    resp->status = 200;
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    struct wire_value *body =
        output ? json_codec_encode_members(output, result, NULL, answer_builder(call)) : NULL;
    set_body(call, resp, body);
}

void json_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp)
{
    const struct shape *shape = json_error_shape(call, err);
    resp->status = err->status;
    char *type = json_error_type(call, err, shape);
    json_error_headers(call, err, shape, type, resp);
    set_body(call, resp, json_error_body(err, type, shape, NULL, answer_builder(call)));
    free(type);
}
