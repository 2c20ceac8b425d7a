/* Server-side validation of a params tree against the operation's input shape, the way AWS's
 * services report it: "1 validation error detected: Value null at 'roleArn' failed to satisfy
 * constraint: Member must not be null". */
#ifndef MOTOC_VALIDATE_H
#define MOTOC_VALIDATE_H

#include <cjson/cJSON.h>

#include "model.h"
#include "protocol.h"

/* A pattern as a service's messages quote it, where that differs from its model's text. */
struct pattern_text {
    const char *model_pattern;
    const char *quoted;
};

/* 0 when params satisfy the shape; otherwise -1 with err set: status 400, code as given (the
 * service's own validation error code), message listing the violations. */
int validate_params(const struct shape_ref *input, const cJSON *params, const char *error_code,
                    struct proto_error *err);

/* validate_params, quoting patterns as texts says (NULL-ended pairs; NULL = as the model writes
 * them). */
int validate_params_quoting(const struct shape_ref *input, const cJSON *params,
                           const char *error_code, const struct pattern_text *texts,
                           struct proto_error *err);

/* The name of the first required top-level member params lacks, or NULL. */
const char *first_missing_member(const struct shape_ref *input, const cJSON *params);

/* The code a service of that protocol answers validation failures with. */
const char *validation_error_code(enum aws_protocol protocol);

/* The code op answers validation failures with, given the service's usual one (NULL: the
 * protocol's). Services that grew newer operations beside old ones (CloudWatch Logs' deliveries)
 * answer those with ValidationException: the code op's model lists wins over the service's. */
const char *operation_validation_error_code(const struct operation *op, const char *service_code,
                                            enum aws_protocol protocol);

#endif
