/* CORS preflight requests (OPTIONS on a bucket or an object), answered from the bucket's CORS
 * configuration. They are unsigned, and S3 answers them before any presigned-URL check. */
#include <string.h>

#include "../../http/buf.h"
#include "cors.h"
#include "ops.h"
#include "s3_call.h"

static int fail_forbidden(struct call *c, const char *message, const char *method,
                          const char *resource_type)
{
    call_fail(c, 403, "AccessForbidden", "%s", message);
    call_error_field(c, "Method", method);
    call_error_field(c, "ResourceType", resource_type);
    return -1;
}

/* The checks in S3's order; the bucket and its configuration come before the method. */
static int answer_preflight(struct call *c, const char *bucket_name, const char *key)
{
    const struct http_request *req = c->http;
    const char *origin = http_request_header(req, "Origin");
    const char *method = http_request_header(req, "Access-Control-Request-Method");
    if (!origin || !*origin)
        return call_fail(c, 400, "BadRequest",
                         "Insufficient information. Origin request header needed.");
    const char *named_method = method ? method : "OPTIONS";
    const struct bucket *b = bucket_name ? bucket_find(bucket_name) : NULL;
    if (!b)
        return fail_forbidden(c, "CORSResponse: Bucket not found", named_method, "BUCKET");
    const cJSON *config = b->config[CONFIG_CORS];
    if (!config)
        return fail_forbidden(c, "CORSResponse: CORS is not enabled for this bucket.",
                              named_method, "BUCKET");
    if (!cors_method_is_valid(method))
        return call_fail(c, 400, "BadRequest", "Invalid Access-Control-Request-Method: %s",
                         method ? method : "null");
    struct cors_request r = {origin, method,
                             http_request_header(req, "Access-Control-Request-Headers")};
    const cJSON *rule = cors_first_match(config, &r);
    if (!rule)
        return fail_forbidden(c,
                              "CORSResponse: This CORS request is not allowed. This is usually "
                              "because the evalution of Origin, request method / "
                              "Access-Control-Request-Method or Access-Control-Request-Headers "
                              "are not whitelisted by the resource's CORS spec.",
                              method, *key ? "OBJECT" : "BUCKET");
    c->resp->status = 200;
    cors_set_headers(&c->resp->headers, rule, &r);
    return 0;
}

int s3_preflight(struct call *c)
{
    struct buf bucket = BUF_INIT, key = BUF_INIT;
    bool named = s3_path_bucket_key(c->http, &bucket, &key);
    int rc = answer_preflight(c, named ? bucket.data : NULL, key.data ? key.data : "");
    buf_free(&bucket);
    buf_free(&key);
    return rc;
}
