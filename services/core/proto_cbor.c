/* smithy-rpc-v2-cbor: POST /service/<Svc>/operation/<Op> (routing reads the path), the input a
 * CBOR map keyed by member names, the output likewise, errors a CBOR map naming "__type". */
#include "protocol.h"

#include <stdlib.h>

#include "cbor_wire.h"
#include "json_codec.h"
#include "json_error.h"

static void set_protocol_headers(const struct proto_call *call, struct http_response *resp)
{
    http_headers_set(&resp->headers, "Smithy-Protocol", "rpc-v2-cbor");
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
}

static void set_cbor_body(struct http_response *resp, struct wire_value *value)
{
    buf_reset(&resp->body);
    cbor_wire_write(value, &resp->body);
    http_headers_set(&resp->headers, "Content-Type", "application/cbor");
}

int cbor_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = NULL;
    const struct buf *body = &call->http->body;
    cJSON *wire = NULL;
    /* No body is an empty input: clients send none for operations without one. */
    if (body->len > 0 && cbor_wire_read(body->data, body->len, &wire, err) != 0)
        return -1;
    if (wire && !cJSON_IsObject(wire)) {
        cJSON_Delete(wire);
        proto_error_set(err, 400, "SerializationException", "The request body must be a CBOR map");
        return -1;
    }
    cJSON *out = cJSON_CreateObject();
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    int rc = 0;
    if (wire && input)
        rc = json_codec_decode_members(input, wire, WIRE_CBOR, NULL, out, err);
    cJSON_Delete(wire);
    if (rc != 0) {
        cJSON_Delete(out);
        return -1;
    }
    *params = out;
    return 0;
}

void cbor_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp)
{
    resp->status = 200;
    set_protocol_headers(call, resp);
    /* An operation without output answers with no body at all. */
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    if (!output)
        return;
    struct wire_value *body =
        json_codec_encode_members(output, result, NULL, &cbor_wire_builder);
    set_cbor_body(resp, body ? body : cbor_wire_builder.object(0));
}

void cbor_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp)
{
    const struct shape *shape = json_error_shape(call, err);
    resp->status = err->status;
    set_protocol_headers(call, resp);
    char *type = json_error_type(call, err, shape);
    json_error_headers(call, err, shape, type, resp);
    set_cbor_body(resp, json_error_body(err, type, shape, NULL, &cbor_wire_builder));
    free(type);
}
