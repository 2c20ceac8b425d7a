/* Placeholder until this protocol's codec lands: every call answers an error. */
#include "protocol.h"

int query_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    (void)call;
    *params = NULL;
    proto_error_set(err, 501, "NotYetImplemented", "the query codec is not written yet");
    return -1;
}

void query_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp)
{
    (void)call;
    (void)result;
    resp->status = 501;
}

void query_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp)
{
    (void)call;
    resp->status = err->status;
}

int ec2_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err)
{
    (void)call;
    *params = NULL;
    proto_error_set(err, 501, "NotYetImplemented", "the ec2 codec is not written yet");
    return -1;
}

void ec2_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp)
{
    (void)call;
    (void)result;
    resp->status = 501;
}

void ec2_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp)
{
    (void)call;
    resp->status = err->status;
}

