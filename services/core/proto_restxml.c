/* rest-xml (S3, Route 53, CloudFront): the body half of the protocol. URI labels, query string
 * and headers are proto_rest.c's; the XML walking is xml_codec's. */
#include "protocol.h"

#include <ctype.h>
#include <string.h>

#include "codec_util.h"
#include "request_id.h"
#include "xml_codec.h"

static bool is_blank(const struct buf *body)
{
    for (size_t i = 0; i < body->len; i++)
        if (!isspace((unsigned char)body->data[i]))
            return false;
    return true;
}

static bool ref_streams(const struct shape_ref *ref)
{
    return ref->streaming || ref->shape->streaming;
}

static bool has_body_members(const struct shape *s)
{
    for (size_t i = 0; i < s->n_members; i++)
        if (rest_member_in_body(&s->members[i]))
            return true;
    return false;
}

static bool is_s3(const struct proto_call *call)
{
    return call->model && call->model->service_name &&
           strcmp(call->model->service_name, "s3") == 0;
}

/* ---------------------------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------------------------- */

/* A payload member takes the whole body: raw bytes for blobs and strings, an XML document for
 * structures. A streaming payload stays in the request for the service to read. */
static int decode_payload(const struct proto_call *call, const struct shape_ref *payload,
                          cJSON *params, struct proto_error *err)
{
    const struct buf *body = &call->http->body;
    if (ref_streams(payload) || body->len == 0)
        return 0;
    struct buf b64 = BUF_INIT;
    cJSON *value = NULL;
    switch (payload->shape->type) {
    case SHAPE_BLOB:
        base64_encode(body->data, body->len, &b64);
        value = cJSON_CreateString(b64.data);
        buf_free(&b64);
        break;
    case SHAPE_STRING:
        value = cJSON_CreateString(body->data);
        break;
    case SHAPE_STRUCTURE:
        if (is_blank(body))
            return 0;
        if (xml_read_document(body->data, body->len, payload->shape, &value, err) != 0)
            return -1;
        break;
    default:
        return 0;
    }
    if (value)
        cJSON_AddItemToObject(params, payload->name, value);
    return 0;
}

/* Without a payload member the body's root element holds the body members of the input. */
static int decode_members(const struct proto_call *call, const struct shape *input,
                          cJSON *params, struct proto_error *err)
{
    const struct buf *body = &call->http->body;
    if (!has_body_members(input) || is_blank(body))
        return 0;
    cJSON *members;
    if (xml_read_document(body->data, body->len, input, &members, err) != 0)
        return -1;
    while (members->child) {
        cJSON *member = cJSON_DetachItemViaPointer(members, members->child);
        cJSON_AddItemToObject(params, member->string, member);
    }
    cJSON_Delete(members);
    return 0;
}

int restxml_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = cJSON_CreateObject();
    const struct shape *input = call->op ? call->op->input.shape : NULL;
    if (!input || input->type != SHAPE_STRUCTURE || !call->http)
        return 0;
    const struct shape_ref *payload = rest_payload_member(input);
    int rc = payload ? decode_payload(call, payload, *params, err)
                     : decode_members(call, input, *params, err);
    /* bindings after the body: rest_decode_bindings keeps what the body supplied */
    if (rc == 0)
        rc = rest_decode_bindings(call, *params, err);
    if (rc != 0) {
        cJSON_Delete(*params);
        *params = NULL;
    }
    return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------------------------- */

static const char *default_namespace(const struct proto_call *call)
{
    return call->model ? call->model->xml_namespace : NULL;
}

static void encode_payload(const struct proto_call *call, const struct shape_ref *payload,
                           const cJSON *value, struct http_response *resp)
{
    /* the service wrote a streaming payload's bytes itself */
    if (ref_streams(payload) || !value)
        return;
    switch (payload->shape->type) {
    case SHAPE_BLOB:
        if (cJSON_IsString(value)) {
            buf_reset(&resp->body);
            base64_decode(value->valuestring, strlen(value->valuestring), &resp->body);
        }
        return;
    case SHAPE_STRING:
        if (cJSON_IsString(value))
            http_response_set_body(resp, resp->status, NULL, value->valuestring,
                                   strlen(value->valuestring));
        return;
    case SHAPE_STRUCTURE:
        if (cJSON_IsObject(value)) {
            struct xml_out *x = xml_out_new();
            xml_out_structure(x, payload, default_namespace(call), value);
            xml_out_finish(x, resp, resp->status, "application/xml");
        }
        return;
    default:
        return;
    }
}

/* An output with body members always has its root element, empty or not: S3 answers a bucket
 * never versioned with <VersioningConfiguration/>, not with nothing. */
static bool has_response_body_members(const struct shape *output)
{
    for (size_t i = 0; i < output->n_members; i++)
        if (xml_member_in_response_body(&output->members[i]))
            return true;
    return false;
}

/* S3 names each answer with a 16-digit request id and a 56-digit host id, not a UUID. */
static void s3_request_ids(char request_id[17], char host_id[57])
{
    random_hex_upper(request_id, 16);
    random_hex_upper(host_id, 56);
}

static void set_s3_request_ids(struct http_response *resp, const char *request_id,
                               const char *host_id)
{
    http_headers_set(&resp->headers, "x-amz-request-id", request_id);
    http_headers_set(&resp->headers, "x-amz-id-2", host_id);
}

void restxml_encode_result(const struct proto_call *call, const cJSON *result,
                           struct http_response *resp)
{
    resp->status = 200;
    if (is_s3(call)) {
        char request_id[17], host_id[57];
        s3_request_ids(request_id, host_id);
        set_s3_request_ids(resp, request_id, host_id);
    }
    rest_encode_bindings(call, result, resp);
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    if (!output || output->type != SHAPE_STRUCTURE || !cJSON_IsObject(result))
        return;
    const struct shape_ref *payload = rest_payload_member(output);
    if (payload) {
        encode_payload(call, payload, cJSON_GetObjectItemCaseSensitive(result, payload->name),
                       resp);
    } else if (has_response_body_members(output) && resp->body.len == 0 && resp->body_fd < 0) {
        /* (a body the service wrote itself, as GetBucketLocation's bare text, stays) */
        struct xml_out *x = xml_out_new();
        xml_out_structure(x, &call->op->output, default_namespace(call), result);
        xml_out_finish(x, resp, resp->status, "application/xml");
    }
}

/* ---------------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------------- */

/* S3's own envelope: a bare <Error> with its extra fields, its own request id format and the
 * x-amz-id-2 host id. */
static void encode_s3_error(const struct proto_error *err, const struct shape *error_shape,
                            int status, struct http_response *resp)
{
    char request_id[17], host_id[57];
    s3_request_ids(request_id, host_id);
    struct xml_out *x = xml_out_new();
    xml_out_start(x, "Error", NULL, NULL);
    xml_out_text(x, "Code", err->code);
    xml_out_text(x, "Message", err->message);
    xml_out_error_fields(x, error_shape, err->fields);
    xml_out_text(x, "RequestId", request_id);
    xml_out_text(x, "HostId", host_id);
    xml_out_end(x);
    xml_out_finish(x, resp, status, "application/xml");
    set_s3_request_ids(resp, request_id, host_id);
}

void restxml_encode_error(const struct proto_call *call, const struct proto_error *err,
                          struct http_response *resp)
{
    const struct shape *error_shape = xml_error_shape(call->model, call->op, err->code);
    int status = err->status > 0 ? err->status : 400;
    xml_error_headers(error_shape, err->fields, resp);
    if (is_s3(call))
        encode_s3_error(err, error_shape, status, resp);
    else
        xml_error_response(call, err, error_shape, status, resp);
}
