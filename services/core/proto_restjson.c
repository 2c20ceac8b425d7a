/* The rest-json protocol's body: members in a JSON object, or the one member bound to the
 * payload (a JSON value, or raw bytes/text for blobs and strings). URI, query string and headers
 * are proto_rest.c's. */
#include "protocol.h"

#include <stdlib.h>
#include <string.h>

#include "codec_util.h"
#include "json_codec.h"
#include "json_error.h"

/* Such a payload is the service's to write (an event stream is framed by its operation). */
static bool ref_streams(const struct shape_ref *ref)
{
    return ref->streaming || ref->shape->streaming || ref->shape->event_stream;
}

static bool is_raw_payload(const struct shape_ref *payload)
{
    return payload->shape->type == SHAPE_BLOB || payload->shape->type == SHAPE_STRING;
}

static bool has_body_members(const struct shape *s)
{
    for (size_t i = 0; i < s->n_members; i++)
        if (rest_member_in_body(&s->members[i]))
            return true;
    return false;
}

/* ---------------------------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------------------------- */

static int decode_payload(const struct shape_ref *payload, const struct buf *body, cJSON *params,
                          struct proto_error *err)
{
    /* A streaming payload stays in the request body for the service to read. */
    if (ref_streams(payload) || body->len == 0)
        return 0;
    cJSON *value;
    if (payload->shape->type == SHAPE_BLOB) {
        struct buf base64 = BUF_INIT;
        base64_encode(body->data, body->len, &base64);
        value = cJSON_CreateString(base64.data);
        buf_free(&base64);
    } else if (payload->shape->type == SHAPE_STRING) {
        char *text = xstrndup(body->data, body->len);
        value = cJSON_CreateString(text);
        free(text);
    } else {
        cJSON *wire;
        if (json_codec_parse(body, &wire, err) != 0)
            return -1;
        value = json_codec_decode(payload, wire, WIRE_JSON, err);
        cJSON_Delete(wire);
        if (!value)
            return -1;
        /* SDKs send {} for a structure payload left unset: the service sees it unset. */
        if (!payload->shape->document && cJSON_IsObject(value) && !value->child) {
            cJSON_Delete(value);
            return 0;
        }
    }
    cJSON_AddItemToObject(params, payload->name, value);
    return 0;
}

static int decode_body(const struct shape *input, const struct buf *body, cJSON *params,
                       struct proto_error *err)
{
    const struct shape_ref *payload = rest_payload_member(input);
    if (payload)
        return decode_payload(payload, body, params, err);
    if (!has_body_members(input))
        return 0; /* whatever body came along means nothing to the operation */
    cJSON *wire;
    if (json_codec_parse(body, &wire, err) != 0)
        return -1;
    int rc = wire ? json_codec_decode_members(input, wire, WIRE_JSON, rest_member_in_body, params,
                                              err)
                  : 0;
    cJSON_Delete(wire);
    return rc;
}

int restjson_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = NULL;
    cJSON *out = cJSON_CreateObject();
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    if ((input && decode_body(input, &call->http->body, out, err) != 0) ||
        rest_decode_bindings(call, out, err) != 0) {
        cJSON_Delete(out);
        return -1;
    }
    *params = out;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Responses
 * ------------------------------------------------------------------------------------------- */

/* A member bound to the Content-Type header has already said what the body is. */
static void default_content_type(struct http_response *resp, const char *content_type)
{
    if (!http_headers_get(&resp->headers, "Content-Type"))
        http_headers_set(&resp->headers, "Content-Type", content_type);
}

static void set_json_body(struct http_response *resp, struct wire_value *value)
{
    default_content_type(resp, "application/json");
    json_codec_set_body(resp, value, NULL);
}

static void encode_raw_payload(const struct shape_ref *payload, const cJSON *value,
                               struct http_response *resp)
{
    if (!cJSON_IsString(value))
        return; /* what the service wrote to the body, if anything, stays */
    buf_reset(&resp->body);
    if (payload->shape->type == SHAPE_STRING) {
        buf_puts(&resp->body, value->valuestring);
        default_content_type(resp, "text/plain");
    } else if (base64_decode(value->valuestring, strlen(value->valuestring), &resp->body)) {
        default_content_type(resp, "application/octet-stream");
    }
}

static void encode_payload(const struct shape_ref *payload, const cJSON *value,
                           struct http_response *resp)
{
    if (ref_streams(payload))
        return; /* the service wrote the bytes to the body itself */
    if (is_raw_payload(payload)) {
        encode_raw_payload(payload, value, resp);
        return;
    }
    struct wire_value *body = json_codec_encode(payload, value, &json_wire_builder);
    if (body)
        set_json_body(resp, body); /* an unset structure payload means no body at all */
}

void restjson_encode_result(const struct proto_call *call, const cJSON *result,
                            struct http_response *resp)
{
    rest_encode_bindings(call, result, resp);
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    if (!output)
        return;
    const struct shape_ref *payload = rest_payload_member(output);
    if (payload)
        encode_payload(payload, cJSON_GetObjectItemCaseSensitive(result, payload->name), resp);
    else if (has_body_members(output))
        set_json_body(resp, json_codec_encode_members(output, result, rest_member_in_body,
                                                      &json_wire_builder));
}

/* Error shapes bind members to headers the way output shapes do, so the error is encoded as the
 * output of a stand-in operation answering with the error's status. */
static void encode_error_bindings(const struct proto_call *call, const struct proto_error *err,
                                  const struct shape *shape, struct http_response *resp)
{
    struct operation stand_in = {
        .name = shape->name,
        .response_code = err->status,
        .output = {.name = "output", .shape = (struct shape *)shape},
    };
    struct proto_call error_call = *call;
    error_call.op = &stand_in;
    rest_encode_bindings(&error_call, err->fields, resp);
    resp->status = err->status;
}

void restjson_encode_error(const struct proto_call *call, const struct proto_error *err,
                           struct http_response *resp)
{
    const struct shape *shape = json_error_shape(call, err);
    resp->status = err->status;
    if (shape)
        encode_error_bindings(call, err, shape, resp);
    char *type = json_error_type(call, err, shape);
    json_error_headers(call, err, shape, type, resp);
    set_json_body(resp,
                  json_error_body(err, type, shape, rest_member_in_body, &json_wire_builder));
    free(type);
}
