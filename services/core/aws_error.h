/* AWS errors, shaped as the protocol the request spoke expects them (status, headers, body). */
#ifndef MOTOC_AWS_ERROR_H
#define MOTOC_AWS_ERROR_H

#include "../../http/message.h"
#include "route.h"

struct aws_error {
    int status;
    const char *code;    /* "ResourceNotFoundException", "NoSuchBucket" */
    const char *message;
};

/* Writes the error into resp in rt's protocol (or, when no service was recognised, JSON for a
 * JSON request and query-style XML otherwise). */
void aws_error_respond(struct http_response *resp, const struct route *rt,
                       const struct http_request *req, const char *request_id,
                       const struct aws_error *err);

#endif
