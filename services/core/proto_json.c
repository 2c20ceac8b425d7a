/* The json protocol (awsJson1_0 / awsJson1_1): the operation comes from X-Amz-Target, the input
 * is the JSON body, the output a JSON body, errors a JSON body naming "__type". */
#include "protocol.h"

#include <stdlib.h>
#include <string.h>

#include "json_codec.h"
#include "json_error.h"

static const char *json_content_type(const struct service_model *m)
{
    if (m && m->json_version && strcmp(m->json_version, "1.1") == 0)
        return "application/x-amz-json-1.1";
    return "application/x-amz-json-1.0";
}

int json_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = NULL;
    cJSON *wire;
    if (json_codec_parse(&call->http->body, &wire, err) != 0)
        return -1;
    /* An empty body is an empty input, as the SDKs send for operations without one. */
    if (wire && !cJSON_IsObject(wire)) {
        cJSON_Delete(wire);
        proto_error_set(err, 400, "SerializationException",
                        "The request body must be a JSON object");
        return -1;
    }
    cJSON *out = cJSON_CreateObject();
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    int rc = 0;
    if (wire && input)
        rc = json_codec_decode_members(input, wire, WIRE_JSON, NULL, out, err);
    cJSON_Delete(wire);
    if (rc != 0) {
        cJSON_Delete(out);
        return -1;
    }
    *params = out;
    return 0;
}

void json_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp)
{
    resp->status = 200;
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    struct wire_value *body =
        output ? json_codec_encode_members(output, result, NULL, &json_wire_builder) : NULL;
    json_codec_set_body(resp, body, json_content_type(call->model));
}

void json_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp)
{
    const struct shape *shape = json_error_shape(call, err);
    resp->status = err->status;
    char *type = json_error_type(call, err, shape);
    json_error_headers(call, err, shape, type, resp);
    json_codec_set_body(resp, json_error_body(err, type, shape, NULL, &json_wire_builder),
                        json_content_type(call->model));
    free(type);
}
