/* Errors as the JSON family sends them (json, rest-json, smithy-rpc-v2-cbor): a body naming the
 * error in "__type" with its message and the error shape's members, and for awsQueryCompatible
 * services the x-amzn-query-error header carrying the code the query protocol used. */
#ifndef MOTOC_JSON_ERROR_H
#define MOTOC_JSON_ERROR_H

#include "json_codec.h"
#include "protocol.h"

/* The error shape err names, by shape name or by its query error code ("error": {"code"}),
 * among the operation's errors first, then the model's shapes. NULL if the model has none. */
const struct shape *json_error_shape(const struct proto_call *call,
                                     const struct proto_error *err);

/* The error's type as "__type" and X-Amzn-ErrorType name it: the shape's name, or the code when
 * the model has no shape for it; awsQueryCompatible services (SQS, CloudWatch) qualify it with
 * their Smithy namespace ("com.amazonaws.sqs#QueueDoesNotExist"). Owned by the caller. */
char *json_error_type(const struct proto_call *call, const struct proto_error *err,
                      const struct shape *shape);

/* The error body: "__type" (type), the message, and err->fields following shape (those include
 * admits; all when shape is NULL). */
struct wire_value *json_error_body(const struct proto_error *err, const char *type,
                                   const struct shape *shape, member_filter include,
                                   const struct wire_builder *b);

/* The headers every JSON-family error carries: X-Amzn-ErrorType, x-amzn-RequestId and, for
 * awsQueryCompatible services, x-amzn-query-error: "<query code>;Sender|Receiver". */
void json_error_headers(const struct proto_call *call, const struct proto_error *err,
                        const struct shape *shape, const char *type, struct http_response *resp);

#endif
