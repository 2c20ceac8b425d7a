/* The query protocol (SQS, SNS, STS, IAM, CloudWatch …) and its ec2 variant: form parameters in
 * (query_form.c), XML out (xml_codec), each with its own response and error envelopes. */
#include "protocol.h"

#include <stdio.h>

#include "query_form.h"
#include "xml_codec.h"

static const char *request_id_of(const struct proto_call *call)
{
    return call->request_id ? call->request_id : "";
}

static const char *service_namespace(const struct proto_call *call)
{
    return call->model ? call->model->xml_namespace : NULL;
}

/* "<Operation>Response", the root of every query and ec2 result. */
static void start_response_element(struct xml_out *x, const struct proto_call *call)
{
    char name[256];
    snprintf(name, sizeof name, "%sResponse", call->op ? call->op->name : "Operation");
    xml_out_start(x, name, service_namespace(call), NULL);
}

static void finish(struct xml_out *x, const struct proto_call *call, int status,
                   const char *content_type, struct http_response *resp)
{
    xml_out_finish(x, resp, status, content_type);
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
}

/* ---------------------------------------------------------------------------------------------
 * query
 * ------------------------------------------------------------------------------------------- */

int query_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    return query_form_decode(call, QUERY_DIALECT_QUERY, params, err);
}

/* <OpResponse><OpResult>members</OpResult><ResponseMetadata><RequestId/></ResponseMetadata>
 * </OpResponse>; operations without output have no result element. */
void query_encode_result(const struct proto_call *call, const cJSON *result,
                         struct http_response *resp)
{
    const struct shape *output = call->op ? call->op->output.shape : NULL;
    struct xml_out *x = xml_out_new();
    start_response_element(x, call);
    if (output && call->op->result_wrapper) {
        xml_out_start(x, call->op->result_wrapper, NULL, NULL);
        xml_out_members(x, output, result);
        xml_out_end(x);
    } else if (output) {
        xml_out_members(x, output, result);
    }
    xml_out_start(x, "ResponseMetadata", NULL, NULL);
    xml_out_text(x, "RequestId", request_id_of(call));
    xml_out_end(x);
    xml_out_end(x);
    finish(x, call, 200, "text/xml", resp);
}

void query_encode_error(const struct proto_call *call, const struct proto_error *err,
                        struct http_response *resp)
{
    xml_error_response(call, err, xml_error_shape(call->model, call->op, err->code),
                       err->status > 0 ? err->status : 400, resp);
}

/* ---------------------------------------------------------------------------------------------
 * ec2
 * ------------------------------------------------------------------------------------------- */

int ec2_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    return query_form_decode(call, QUERY_DIALECT_EC2, params, err);
}

/* <OpResponse><requestId/>members</OpResponse>: no result wrapper, no metadata element. */
void ec2_encode_result(const struct proto_call *call, const cJSON *result,
                       struct http_response *resp)
{
    struct xml_out *x = xml_out_new();
    start_response_element(x, call);
    xml_out_text(x, "requestId", request_id_of(call));
    if (call->op && call->op->output.shape)
        xml_out_members(x, call->op->output.shape, result);
    xml_out_end(x);
    finish(x, call, 200, "text/xml;charset=UTF-8", resp);
}

void ec2_encode_error(const struct proto_call *call, const struct proto_error *err,
                      struct http_response *resp)
{
    const struct shape *error_shape = xml_error_shape(call->model, call->op, err->code);
    struct xml_out *x = xml_out_new();
    xml_out_start(x, "Response", NULL, NULL);
    xml_out_start(x, "Errors", NULL, NULL);
    xml_out_start(x, "Error", NULL, NULL);
    xml_out_text(x, "Code", err->code);
    xml_out_text(x, "Message", err->message);
    xml_out_error_fields(x, error_shape, err->fields);
    xml_out_end(x);
    xml_out_end(x);
    xml_out_text(x, "RequestID", request_id_of(call));
    xml_out_end(x);
    finish(x, call, err->status > 0 ? err->status : 400, "text/xml;charset=UTF-8", resp);
}
