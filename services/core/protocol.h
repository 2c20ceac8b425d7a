/* The protocol layer: HTTP request → params tree, result tree → HTTP response, errors, for every
 * AWS protocol, driven by the service model. Services never see the wire format.
 *
 * The params/result tree (cJSON) conventions every codec follows:
 *   structure → object keyed by member name (never the wire/location name); absent members are
 *               left out (never null)
 *   list      → array            map → object (keys as strings)
 *   string    → string (enums too)
 *   integer, long, byte, short, bigInteger → number; in results, one a double cannot hold
 *               exactly (beyond 2^53) may be the string of its decimal digits
 *   float, double, bigDecimal → number; NaN and infinities as the strings "NaN", "Infinity",
 *               "-Infinity"
 *   boolean   → true/false
 *   timestamp → number: seconds since the epoch, fractional milliseconds allowed
 *   blob      → string holding the base64 of the bytes
 *   document  → any JSON value
 *   streaming blob payload (S3 object bodies) → NOT in the tree: decoders leave the request body
 *               where it is (the service reads http_request.body); for results the service writes
 *               the bytes to http_response.body itself and encoders leave that body untouched.
 */
#ifndef MOTOC_PROTOCOL_H
#define MOTOC_PROTOCOL_H

#include <stdarg.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../../http/message.h"
#include "model.h"

/* An AWS error on its way to the client. */
struct proto_error {
    int status;          /* HTTP status */
    char code[128];      /* "ValidationException", "InvalidParameterValue", "NoSuchBucket" */
    char *message;       /* owned, whole however long (a validation error quotes the value it
                          * refused); NULL until set. proto_error_set replaces it and
                          * proto_error_clear frees it, so each error is cleared once done. */
    bool sender_fault;   /* query <Type>Sender</Type> vs Receiver; status < 500 normally */
    cJSON *fields;       /* further members of the error shape (owned; NULL if none) */
};

void proto_error_set(struct proto_error *e, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void proto_error_vset(struct proto_error *e, int status, const char *code, const char *fmt,
                      va_list ap);
void proto_error_clear(struct proto_error *e);

/* Everything a codec needs to know about the call it is handling. */
struct proto_call {
    const struct service_model *model;
    const struct operation *op;        /* NULL while unknown (errors before matching) */
    enum aws_protocol protocol;        /* the protocol this request speaks */
    const char *request_id;
    const struct http_request *http;   /* the request (encoders read e.g. its method) */
};

/* For rest-json / rest-xml: the operation whose method, path labels and literal query fit. NULL if
 * none. */
const struct operation *rest_match_operation(const struct service_model *m,
                                             const struct http_request *req);

/* Request → params. 0 on success (*params owned by the caller), -1 with *err set (the error a
 * real service sends for that malformation: SerializationException, MalformedQueryString, …). */
int proto_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err);

/* Result → response (status, headers, body). result may be NULL for an empty output. */
void proto_encode_result(const struct proto_call *call, const cJSON *result,
                         struct http_response *resp);

/* Error → response, in the call's protocol (status from err; query-compatible json services also
 * get x-amzn-query-error). call->op and call->model may be NULL. */
void proto_encode_error(const struct proto_call *call, const struct proto_error *err,
                        struct http_response *resp);

/* --- per-protocol entry points, used by the functions above (protocol.c dispatches) --- */
int query_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err);
void query_encode_result(const struct proto_call *call, const cJSON *result,
                         struct http_response *resp);
void query_encode_error(const struct proto_call *call, const struct proto_error *err,
                        struct http_response *resp);
/* ec2 shares the query codec with its own naming and error envelope */
int ec2_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err);
void ec2_encode_result(const struct proto_call *call, const cJSON *result,
                       struct http_response *resp);
void ec2_encode_error(const struct proto_call *call, const struct proto_error *err,
                      struct http_response *resp);

int json_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err);
void json_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp);
void json_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp);

int cbor_decode_request(const struct proto_call *call, cJSON **params, struct proto_error *err);
void cbor_encode_result(const struct proto_call *call, const cJSON *result,
                        struct http_response *resp);
void cbor_encode_error(const struct proto_call *call, const struct proto_error *err,
                       struct http_response *resp);

int restjson_decode_request(const struct proto_call *call, cJSON **params,
                            struct proto_error *err);
void restjson_encode_result(const struct proto_call *call, const cJSON *result,
                            struct http_response *resp);
void restjson_encode_error(const struct proto_call *call, const struct proto_error *err,
                           struct http_response *resp);

int restxml_decode_request(const struct proto_call *call, cJSON **params,
                           struct proto_error *err);
void restxml_encode_result(const struct proto_call *call, const cJSON *result,
                           struct http_response *resp);
void restxml_encode_error(const struct proto_call *call, const struct proto_error *err,
                          struct http_response *resp);

/* --- rest binding, shared by rest-json and rest-xml (proto_rest.c) --- */
/* URI labels, querystring, headers and prefix headers of req into params. */
int rest_decode_bindings(const struct proto_call *call, cJSON *params, struct proto_error *err);
/* The member bound to the payload (structure input's "payload"), or NULL. */
const struct shape_ref *rest_payload_member(const struct shape *input);
/* Status code, headers and prefix headers of result into resp. */
void rest_encode_bindings(const struct proto_call *call, const cJSON *result,
                          struct http_response *resp);
/* True for members a rest body carries (location body, not payload-bound elsewhere). */
bool rest_member_in_body(const struct shape_ref *member);

#endif
