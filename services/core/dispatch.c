/* The request pipeline every front end feeds: route, refuse or report what is not served,
 * decode, validate, run the operation, encode the answer or the error. */
#include "dispatch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../../http/log.h"
#include "../../http/loop.h"
#include "../../http/session.h"
#include "allow_list.h"
#include "backend.h"
#include "content_encoding.h"
#include "credentials.h"
#include "moto_api.h"
#include "protocol.h"
#include "request_id.h"
#include "rest_routes.h"
#include "route.h"
#include "validate.h"

/* No AWS API other than S3 (which never decompresses) takes request bodies near this size; a
 * gzip bomb stops here. */
#define MAX_DECOMPRESSED_BODY_BYTES (64ull * 1024 * 1024)

/* The service, model, operation and implementation a request resolved to; any may be NULL. */
struct target {
    const struct service_backend *backend;
    const struct service_model *model;
    const struct operation *op;
    operation_fn fn;
    const struct unmodeled_operation *unmodeled; /* when the model has no operation for it */
};

static bool is_rest(enum aws_protocol p)
{
    return p == PROTO_REST_JSON || p == PROTO_REST_XML;
}

static bool is_s3(const struct route *rt)
{
    return rt->service && strcmp(rt->service->name, "s3") == 0;
}

/* A virtual-hosted request ("bucket.s3.amazonaws.com/key") names its bucket in the host; the
 * model's requestUri ("/{Bucket}/{Key+}") expects it in the path. Rewriting the request to the
 * path-style form lets one set of bindings match and decode both addressing styles. */
static void move_host_bucket_into_path(struct http_request *req, const struct route *rt)
{
    if (!rt->bucket[0])
        return;
    struct buf path = BUF_INIT;
    buf_printf(&path, "/%s%s", rt->bucket, req->path[0] == '/' ? req->path : "/");
    if (strcmp(req->path, "/") == 0 || !req->path[0])
        path.data[--path.len] = '\0'; /* "/bucket", not "/bucket/": the bucket itself */
    struct buf target = BUF_INIT;
    buf_printf(&target, "%s%s%s", path.data, req->query[0] ? "?" : "", req->query);
    free(req->path);
    free(req->target);
    req->path = xstrdup(path.data);
    req->target = xstrdup(target.data);
    buf_free(&path);
    buf_free(&target);
}

static void resolve_target(const struct http_request *req, const struct route *rt,
                           struct target *t)
{
    memset(t, 0, sizeof *t);
    if (!rt->service)
        return;
    t->backend = backend_for_service(rt->service->name);
    if (!t->backend)
        return;
    t->model = model_for_service(rt->service->name);
    if (!t->model)
        return;
    t->op = is_rest(rt->protocol) ? rest_match_operation(t->model, req)
                                  : model_operation(t->model, rt->operation);
    if (t->op)
        t->fn = backend_operation(t->backend, t->op->name);
    else if (t->backend->unmodeled_operation)
        t->unmodeled = t->backend->unmodeled_operation(req);
}

/* The operation a request the backend does not answer is for: json, query and cbor requests
 * name it; rest ones are matched against every service's routes. "" if none fits. */
static const char *requested_operation(const struct http_request *req, const struct route *rt,
                                       const struct target *t)
{
    if (t->op)
        return t->op->name;
    if (rt->operation[0] || !rt->service || !is_rest(rt->protocol))
        return rt->operation;
    const char *name = rest_route_operation(rt->service, req);
    return name ? name : "";
}

static void describe_unimplemented(const struct http_request *req, const struct route *rt,
                                   const struct target *t, char *message, size_t size)
{
    const char *op_name = requested_operation(req, rt, t);
    if (!rt->service) {
        const char *host = http_request_header(req, "Host");
        snprintf(message, size,
                 "motoc cannot tell which AWS service %s %.200s on host %.100s is for, or does not "
                 "emulate it yet",
                 req->method, req->path, host ? host : "(none)");
    } else if (op_name[0]) {
        snprintf(message, size, "The %s operation %s is not yet implemented by motoc",
                 rt->service->name, op_name);
    } else {
        snprintf(message, size, "The %s operation for %s %.200s is not yet implemented by motoc",
                 rt->service->name, req->method, req->path);
    }
}

static bool request_looks_json(const struct http_request *req)
{
    const char *ct = http_request_header(req, "Content-Type");
    return ct && strstr(ct, "json") != NULL;
}

static void not_yet_implemented(const struct http_request *req, const struct route *rt,
                                const struct target *t, const struct proto_call *call,
                                struct http_response *resp)
{
    char message[512];
    describe_unimplemented(req, rt, t, message, sizeof message);
    log_msg(LOG_WARN, "NotYetImplemented: %s", message);
    struct proto_call answer = *call;
    /* A request no service claims still gets an error its client can read. */
    if (answer.protocol == PROTO_UNKNOWN)
        answer.protocol = request_looks_json(req) ? PROTO_JSON : PROTO_QUERY;
    struct proto_error err = {0};
    proto_error_set(&err, 404, "NotYetImplemented", "%s", message);
    proto_encode_error(&answer, &err, resp);
    proto_error_clear(&err);
}

/* MOTOC_SERVICES leaves this service out. */
static void refuse_service(const struct route *rt, const struct proto_call *call,
                           struct http_response *resp)
{
    const char *allowed = allowed_services_text();
    struct proto_error err = {0};
    proto_error_set(&err, 400, "ServiceNotWhitelisted",
                    "Service %s is not whitelisted: MOTOC_SERVICES allows only %s",
                    rt->service->name, allowed[0] ? allowed : "(none)");
    proto_encode_error(call, &err, resp);
    proto_error_clear(&err);
}

static bool operation_streams_input(const struct operation *op)
{
    const struct shape_ref *payload = op->input.shape ? rest_payload_member(op->input.shape) : NULL;
    return payload && (payload->streaming || (payload->shape && payload->shape->streaming));
}

static int validate_input(const struct target *t, const struct proto_call *call,
                          const cJSON *params, struct proto_error *err)
{
    if (t->backend->validation == VALIDATE_IN_SERVICE)
        return 0;
    if (t->backend->validation == VALIDATE_MISSING_PARAMETER) {
        const char *missing = first_missing_member(&t->op->input, params);
        if (missing) {
            proto_error_set(err, 400, "MissingParameter",
                            "The request must contain the parameter %s.", missing);
            return -1;
        }
    }
    const char *code = operation_validation_error_code(t->op, t->backend->validation_error_code,
                                                       call->protocol);
    return validate_params_quoting(&t->op->input, params, code, t->backend->pattern_texts, err);
}

/* Decodes, validates and runs the operation; the answer (result or error) lands in resp. */
static void run_operation(struct http_request *req, const struct route *rt,
                          const struct target *t, const struct proto_call *call,
                          struct http_response *resp, uint64_t started_ms)
{
    struct proto_error err = {0};
    cJSON *params = NULL;
    cJSON *result = NULL;
    /* Only streaming uploads (S3 objects) are read from their spool file; every codec parses
     * a body in memory. */
    if (req->body_fd >= 0 && !operation_streams_input(t->op) &&
        http_request_load_body(req, MAX_DECOMPRESSED_BODY_BYTES) != 0) {
        proto_error_set(&err, 413, "RequestEntityTooLarge",
                        "The request body is larger than %s accepts", t->op->name);
        goto fail;
    }
    if (proto_decode_request(call, &params, &err) != 0)
        goto fail;
    if (validate_input(t, call, params, &err) != 0)
        goto fail;
    result = cJSON_CreateObject();
    struct call c = {rt, req, resp, t->op, call->request_id, &err, call, started_ms, false};
    int rc = t->fn(&c, params, result);
    if (rc < 0)
        goto fail;
    if (rc != CALL_DEFERRED)
        proto_encode_result(call, result, resp);
    proto_error_clear(&err); /* an error the operation recovered from */
    cJSON_Delete(params);
    cJSON_Delete(result);
    return;
fail:
    proto_encode_error(call, &err, resp);
    proto_error_clear(&err);
    cJSON_Delete(params);
    cJSON_Delete(result);
}

/* The protocol's empty success first, so the answer has the envelope every answer of the
 * service carries (S3's request ids); the handler completes it or fails. */
static void run_unmodeled(struct http_request *req, const struct route *rt,
                          const struct target *t, const struct proto_call *call,
                          struct http_response *resp, uint64_t started_ms)
{
    struct proto_error err = {0};
    proto_encode_result(call, NULL, resp);
    struct call c = {rt, req, resp, NULL, call->request_id, &err, call, started_ms, false};
    if (t->unmodeled->fn(&c) != 0)
        proto_encode_error(call, &err, resp);
    proto_error_clear(&err);
}

static const char *operation_name(const struct http_request *req, const struct route *rt,
                                  const struct target *t)
{
    if (t->op)
        return t->op->name;
    if (t->unmodeled)
        return t->unmodeled->name;
    const char *requested = requested_operation(req, rt, t);
    return requested[0] ? requested : req->path;
}

static void log_request(const struct http_request *req, const struct route *rt,
                        const struct target *t, int status, uint64_t started_ms)
{
    if (!log_enabled(LOG_INFO))
        return;
    const char *host = http_request_header(req, "Host");
    const char *operation = operation_name(req, rt, t);
    log_msg(LOG_INFO, "%s %s %s %s %s %d %llums", req->method, host ? host : "-",
            rt->moto_api ? "moto-api" : rt->service ? rt->service->name : "-",
            rt->moto_api ? req->path : operation, rt->region, status,
            (unsigned long long)(loop_now_ms() - started_ms));
}

/* SDKs correct their clock skew from the Date of a response, so it is always the real time. */
static void add_date_header(struct http_response *resp)
{
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    http_headers_set(&resp->headers, "Date", date);
}

/* Every AWS answer names its request; S3 uses its own pair of headers (set by its codec). */
static void add_request_id(const struct route *rt, const char *request_id,
                           struct http_response *resp)
{
    if (is_s3(rt) || http_headers_get(&resp->headers, "x-amzn-RequestId"))
        return;
    http_headers_set(&resp->headers, "x-amzn-RequestId", request_id);
}

static void finish_response(const struct http_request *req, const struct route *rt,
                            const struct target *t, const char *request_id,
                            struct http_response *resp, uint64_t started_ms)
{
    if (t->backend && t->backend->finish_response)
        t->backend->finish_response(resp);
    if (request_id)
        add_request_id(rt, request_id, resp);
    add_date_header(resp);
    log_request(req, rt, t, resp->status, started_ms);
    const char *operation = t->op ? t->op->name : t->unmodeled ? t->unmodeled->name : NULL;
    if (t->backend && t->backend->call_answered && request_id && operation) {
        struct answered_call a = {req, rt, operation, request_id, resp, started_ms};
        t->backend->call_answered(&a);
    }
}

/* ---- calls answered later ---- */

struct pending_call {
    struct http_deferral *deferral;
    struct route route;
    struct target target;
    struct proto_call proto;
    char request_id[37];
    uint64_t started_ms;
    void (*on_cancel)(void *arg);
    void *cancel_arg;
};

static void cancel_pending(void *arg)
{
    struct pending_call *p = arg;
    if (p->on_cancel)
        p->on_cancel(p->cancel_arg);
    free(p);
}

bool call_can_defer(const struct call *c)
{
    return !c->in_process && loop_current() != NULL;
}

struct pending_call *call_defer(struct call *c, void (*on_cancel)(void *arg), void *arg)
{
    struct pending_call *p = xcalloc(1, sizeof *p);
    p->route = *c->route;
    p->proto = *c->proto;
    snprintf(p->request_id, sizeof p->request_id, "%s", c->request_id);
    p->proto.request_id = p->request_id;
    p->target.op = c->op;
    p->target.model = c->proto->model;
    p->target.backend = backend_for_service(c->route->service->name);
    p->started_ms = c->started_ms;
    p->on_cancel = on_cancel;
    p->cancel_arg = arg;
    p->deferral = http_defer(c->resp, cancel_pending, p);
    return p;
}

static void complete_pending(struct pending_call *p)
{
    struct http_response *resp = http_deferral_response(p->deferral);
    finish_response(p->proto.http, &p->route, &p->target, p->request_id, resp, p->started_ms);
    struct http_deferral *d = p->deferral;
    free(p);
    http_deferral_finish(d);
}

void pending_call_answer(struct pending_call *p, cJSON *result)
{
    proto_encode_result(&p->proto, result, http_deferral_response(p->deferral));
    cJSON_Delete(result);
    complete_pending(p);
}

void pending_call_answer_with_body(struct pending_call *p, cJSON *result, struct buf *body)
{
    struct http_response *resp = http_deferral_response(p->deferral);
    proto_encode_result(&p->proto, result, resp);
    cJSON_Delete(result);
    buf_free(&resp->body);
    resp->body = *body;
    *body = (struct buf)BUF_INIT;
    complete_pending(p);
}

void pending_call_fail(struct pending_call *p, int status, const char *code, const char *fmt, ...)
{
    struct proto_error err = {0};
    va_list ap;
    va_start(ap, fmt);
    proto_error_vset(&err, status, code, fmt, ap);
    va_end(ap);
    proto_encode_error(&p->proto, &err, http_deferral_response(p->deferral));
    proto_error_clear(&err);
    complete_pending(p);
}

/* SDKs compress large bodies (CloudWatch PutMetricData) with Content-Encoding: gzip; S3 alone
 * keeps the encoding as object metadata. Decompressed before anything reads the body — routing
 * included, since a query request's Action is inside it. */
static int gunzip_body(struct http_request *req, struct route *rt, struct proto_error *err)
{
    const char *encoding = http_request_header(req, "Content-Encoding");
    if (!encoding || strcasecmp(encoding, "gzip") != 0 || is_s3(rt))
        return 0;
    if (http_request_load_body(req, MAX_DECOMPRESSED_BODY_BYTES) != 0) {
        proto_error_set(err, 413, "RequestEntityTooLarge", "The compressed request body is too large");
        return -1;
    }
    if (request_body_gunzip(req, MAX_DECOMPRESSED_BODY_BYTES, err) != 0)
        return -1;
    route_request(req, rt);
    return 0;
}

void core_handle_request(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    uint64_t started = loop_now_ms();
    struct route rt;
    route_request(req, &rt);
    struct target t = {0};

    if (rt.moto_api) {
        moto_api_handle(req, resp);
        finish_response(req, &rt, &t, NULL, resp, started);
        return;
    }
    char request_id[37];
    uuid_new(request_id);
    if (rt.service && !service_allowed(rt.service->name)) {
        struct proto_call call = {model_for_service(rt.service->name), NULL,
                                  rt.protocol ? rt.protocol : PROTO_QUERY, request_id, req};
        refuse_service(&rt, &call, resp);
        finish_response(req, &rt, &t, request_id, resp, started);
        return;
    }
    if (rt.service)
        credentials_note_use(rt.access_key, rt.service->signing_name, rt.region,
                             (double)time(NULL));
    struct proto_error err = {0};
    if (gunzip_body(req, &rt, &err) != 0) {
        struct proto_call call = {model_for_service(rt.service ? rt.service->name : ""), NULL,
                                  rt.protocol ? rt.protocol : PROTO_QUERY, request_id, req};
        proto_encode_error(&call, &err, resp);
        proto_error_clear(&err);
        finish_response(req, &rt, &t, request_id, resp, started);
        return;
    }
    move_host_bucket_into_path(req, &rt);
    resolve_target(req, &rt, &t);
    struct proto_call call = {t.model, t.op, rt.protocol, request_id, req};
    if (t.fn)
        run_operation(req, &rt, &t, &call, resp, started);
    else if (t.unmodeled)
        run_unmodeled(req, &rt, &t, &call, resp, started);
    else
        not_yet_implemented(req, &rt, &t, &call, resp);
    if (!resp->deferral)
        finish_response(req, &rt, &t, request_id, resp, started);
}
