/* A bucket's CORS configuration applied as S3 applies it: the first rule that allows a
 * request's origin, method and (for a preflight) requested headers decides the Access-Control-*
 * headers of the answer. The configuration is the tree PutBucketCors stored ({"CORSRules": …}). */
#ifndef MOTOC_S3_CORS_H
#define MOTOC_S3_CORS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../../http/message.h"

struct cors_request {
    const char *origin;
    const char *method;          /* the method the browser asks for, or uses */
    const char *request_headers; /* Access-Control-Request-Headers of a preflight; NULL for an
                                    actual request, whose headers rules do not restrict */
};

/* The first rule of config that allows r, or NULL. */
const cJSON *cors_first_match(const cJSON *config, const struct cors_request *r);

/* Sets the headers S3 answers a request that rule allows: Access-Control-Allow-Origin,
 * -Allow-Methods, -Allow-Headers (the requested names), -Expose-Headers, -Max-Age,
 * -Allow-Credentials and Vary. */
void cors_set_headers(struct http_headers *h, const cJSON *rule, const struct cors_request *r);

/* For an actual (not preflight) request that carries an Origin: the headers of the first rule
 * that allows it, if any. */
void cors_answer_actual_request(const cJSON *config, const struct http_request *req,
                                struct http_headers *out);

/* The methods a rule can allow: GET, PUT, POST, DELETE, HEAD (case-sensitive). */
bool cors_method_is_valid(const char *method);

/* text matches pattern, whose '*' stand for any run of characters (none included). */
bool cors_pattern_matches(const char *pattern, const char *text, bool ignore_case);

#endif
