/* Chooses the codec for the protocol a request speaks. */
#include "protocol.h"


int proto_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    *params = NULL;
    switch (call->protocol) {
    case PROTO_QUERY:
        return query_decode_request(call, params, err);
    case PROTO_EC2:
        return ec2_decode_request(call, params, err);
    case PROTO_JSON:
        return json_decode_request(call, params, err);
    case PROTO_REST_JSON:
        return restjson_decode_request(call, params, err);
    case PROTO_REST_XML:
        return restxml_decode_request(call, params, err);
    case PROTO_RPC_V2_CBOR:
        return cbor_decode_request(call, params, err);
    case PROTO_UNKNOWN:
        break;
    }
    proto_error_set(err, 400, "UnknownProtocol", "motoc cannot tell the protocol of this request");
    return -1;
}

void proto_encode_result(const struct proto_call *call, const cJSON *result,
                         struct http_response *resp)
{
    switch (call->protocol) {
    case PROTO_QUERY:
        query_encode_result(call, result, resp);
        return;
    case PROTO_EC2:
        ec2_encode_result(call, result, resp);
        return;
    case PROTO_JSON:
        json_encode_result(call, result, resp);
        return;
    case PROTO_REST_JSON:
        restjson_encode_result(call, result, resp);
        return;
    case PROTO_REST_XML:
        restxml_encode_result(call, result, resp);
        return;
    case PROTO_RPC_V2_CBOR:
        cbor_encode_result(call, result, resp);
        return;
    case PROTO_UNKNOWN:
        break;
    }
    resp->status = 200;
}

void proto_encode_error(const struct proto_call *call, const struct proto_error *err,
                        struct http_response *resp)
{
    switch (call->protocol) {
    case PROTO_EC2:
        ec2_encode_error(call, err, resp);
        return;
    case PROTO_JSON:
        json_encode_error(call, err, resp);
        return;
    case PROTO_REST_JSON:
        restjson_encode_error(call, err, resp);
        return;
    case PROTO_REST_XML:
        restxml_encode_error(call, err, resp);
        return;
    case PROTO_RPC_V2_CBOR:
        cbor_encode_error(call, err, resp);
        return;
    case PROTO_QUERY:
    case PROTO_UNKNOWN:
        query_encode_error(call, err, resp);
        return;
    }
}
