/* The Runtime API (2018-06-01): invocation/next waits for work, invocation/ID/response and
 * invocation/ID/error answer it, init/error reports a runtime that could not start. */
#include "runtime_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../../http/server.h"
#include "../core/codec_util.h"
#include "../core/dispatch.h"
#include "environment.h"

#define PREFIX "/2018-06-01/runtime/"
/* Lambda's limit on a synchronous answer. */
#define MAX_RESPONSE_BYTES (6u * 1024 * 1024)
/* Lambda lets a function stream up to 200 MB, but motoc answers whole bodies and so holds a
 * streamed answer in memory: it keeps to Lambda's former soft limit of 20 MB. */
#define MAX_STREAMED_RESPONSE_BYTES (20u * 1024 * 1024)

static void answer_json(struct http_response *resp, int status, const char *json)
{
    http_response_set_body(resp, status, "application/json", json, strlen(json));
}

static void answer_error(struct http_response *resp, int status, const char *type,
                         const char *message)
{
    char body[512];
    snprintf(body, sizeof body, "{\"errorMessage\":\"%s\",\"errorType\":\"%s\"}", message, type);
    answer_json(resp, status, body);
}

/* The headers and body of an invocation handed to the runtime. */
static void fill_next(struct http_response *resp, const struct lambda_environment *env,
                      const struct lambda_invocation *inv)
{
    char value[64];
    http_headers_set(&resp->headers, "Lambda-Runtime-Aws-Request-Id", inv->request_id);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    unsigned long long now_ms = (unsigned long long)now.tv_sec * 1000ull +
                                (unsigned long long)now.tv_nsec / 1000000ull;
    snprintf(value, sizeof value, "%llu", now_ms + (unsigned long long)env->pool->timeout_s * 1000ull);
    http_headers_set(&resp->headers, "Lambda-Runtime-Deadline-Ms", value);
    http_headers_set(&resp->headers, "Lambda-Runtime-Invoked-Function-Arn",
                     inv->invoked_arn[0] ? inv->invoked_arn : env->pool->function_arn);
    http_headers_set(&resp->headers, "Lambda-Runtime-Trace-Id",
                     "Root=1-00000000-000000000000000000000000;Sampled=0");
    if (inv->client_context)
        http_headers_set(&resp->headers, "Lambda-Runtime-Client-Context", inv->client_context);
    http_response_set_body(resp, 200, "application/json", inv->payload, inv->payload_len);
}

static void next_cancelled(void *arg)
{
    struct lambda_environment *env = arg;
    env->waiting_next = NULL;
}

void environment_deliver(struct lambda_environment *env, struct lambda_invocation *inv)
{
    struct http_deferral *d = env->waiting_next;
    env->waiting_next = NULL;
    fill_next(http_deferral_response(d), env, inv);
    http_deferral_finish(d);
}

/* "/2018-06-01/runtime/invocation/ID/response" → ID and "response". */
static bool split_invocation_path(const char *path, char *id, size_t id_size, const char **verb)
{
    const char *rest = path + strlen(PREFIX "invocation/");
    const char *slash = strchr(rest, '/');
    if (!slash || (size_t)(slash - rest) >= id_size || slash == rest)
        return false;
    memcpy(id, rest, (size_t)(slash - rest));
    id[slash - rest] = '\0';
    *verb = slash + 1;
    return true;
}

static bool is_streamed(const struct http_request *req)
{
    const char *mode = http_request_header(req, "Lambda-Runtime-Function-Response-Mode");
    return mode && strcasecmp(mode, "streaming") == 0;
}

/* The error a runtime reports after streaming part of its answer: the trailers
 * Lambda-Runtime-Function-Error-Type and -Body (base64 of the error document). NULL if none. */
static char *stream_error_document(const struct http_request *req)
{
    const char *type = http_request_header(req, "Lambda-Runtime-Function-Error-Type");
    if (!type)
        return NULL;
    const char *body64 = http_request_header(req, "Lambda-Runtime-Function-Error-Body");
    cJSON *doc = body64 ? json_from_base64(body64) : NULL;
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "errorMessage", "");
    }
    if (!cJSON_GetObjectItemCaseSensitive(doc, "errorType"))
        cJSON_AddStringToObject(doc, "errorType", type);
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

static void complete_streamed(struct lambda_environment *env, const char *id,
                              struct http_request *req, struct http_response *resp)
{
    const char *content_type = http_request_header(req, "Content-Type");
    struct lambda_stream stream = {.content_type = content_type ? content_type
                                                                : "application/octet-stream"};
    if (http_request_load_body(req, MAX_STREAMED_RESPONSE_BYTES) != 0 ||
        req->body.len > MAX_STREAMED_RESPONSE_BYTES) {
        static const char too_large[] =
            "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size "
            "(20971520 bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}";
        executor_complete_streamed(env, id, &stream, too_large, sizeof too_large - 1);
        answer_error(resp, 413, "RequestEntityTooLarge", "Response payload size exceeded");
        return;
    }
    stream.bytes = req->body.data;
    stream.len = req->body.len;
    stream.chunk_ends = req->chunk_ends;
    stream.n_chunks = req->n_chunk_ends;
    /* A body sent with Content-Length is one write. */
    unsigned long long whole = req->body.len;
    if (stream.n_chunks == 0 && stream.len > 0) {
        stream.chunk_ends = &whole;
        stream.n_chunks = 1;
    }
    char *error_doc = stream_error_document(req);
    if (executor_complete_streamed(env, id, &stream, error_doc,
                                   error_doc ? strlen(error_doc) : 0))
        answer_json(resp, 202, "{\"status\":\"OK\"}");
    else
        answer_error(resp, 400, "InvalidRequestID", "no such invocation is running");
    free(error_doc);
}

static void handle_runtime(struct lambda_environment *env, struct http_request *req,
                           struct http_response *resp)
{
    const char *path = req->path;
    if (strcmp(path, PREFIX "invocation/next") == 0 && strcmp(req->method, "GET") == 0) {
        struct lambda_invocation *inv = executor_next(env);
        if (inv) {
            fill_next(resp, env, inv);
        } else if (!env->waiting_next) {
            env->waiting_next = http_defer(resp, next_cancelled, env);
        } else {
            answer_error(resp, 400, "InvalidStateTransition", "already waiting for an event");
        }
        return;
    }
    if (strcmp(req->method, "POST") != 0) {
        answer_error(resp, 404, "NotFound", "no such Runtime API resource");
        return;
    }
    char id[64];
    const char *verb;
    if (is_streamed(req) &&
        strncmp(path, PREFIX "invocation/", strlen(PREFIX "invocation/")) == 0 &&
        split_invocation_path(path, id, sizeof id, &verb) && strcmp(verb, "response") == 0) {
        complete_streamed(env, id, req, resp);
        return;
    }
    if (http_request_load_body(req, MAX_RESPONSE_BYTES + 1) != 0 ||
        req->body.len > MAX_RESPONSE_BYTES) {
        answer_error(resp, 413, "RequestEntityTooLarge",
                     "Response payload size exceeded maximum allowed payload size (6291556 bytes).");
        if (strncmp(path, PREFIX "invocation/", strlen(PREFIX "invocation/")) == 0 &&
            split_invocation_path(path, id, sizeof id, &verb)) {
            static const char too_large[] =
                "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size "
                "(6291556 bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}";
            executor_complete(env, id, too_large, sizeof too_large - 1, true);
        }
        return;
    }
    if (strcmp(path, PREFIX "init/error") == 0) {
        executor_init_failed(env, req->body.data, req->body.len);
        answer_json(resp, 202, "{\"status\":\"OK\"}");
        return;
    }
    if (strncmp(path, PREFIX "invocation/", strlen(PREFIX "invocation/")) == 0 &&
        split_invocation_path(path, id, sizeof id, &verb) &&
        (strcmp(verb, "response") == 0 || strcmp(verb, "error") == 0)) {
        if (executor_complete(env, id, req->body.data, req->body.len,
                              strcmp(verb, "error") == 0))
            answer_json(resp, 202, "{\"status\":\"OK\"}");
        else
            answer_error(resp, 400, "InvalidRequestID", "no such invocation is running");
        return;
    }
    answer_error(resp, 404, "NotFound", "no such Runtime API resource");
}

static void handle(void *ctx, struct http_request *req, struct http_response *resp)
{
    if (strncmp(req->path, PREFIX, strlen(PREFIX)) == 0)
        handle_runtime(ctx, req, resp);
    else
        core_handle_request(NULL, req, resp);
}

struct http_server *runtime_api_start(struct lambda_environment *env, char *err, size_t err_len)
{
    struct http_server_config cfg = {0};
    http_server_config_defaults(&cfg);
    cfg.host = "127.0.0.1";
    cfg.port = 0;
    cfg.handler = handle;
    cfg.handler_ctx = env;
    /* A runtime waits in invocation/next as long as the environment is warm. */
    cfg.idle_timeout_ms = 24u * 3600 * 1000;
    /* A streamed answer arrives at the function's pace; its timeout bounds it instead. */
    cfg.body_min_rate = 0;
    return http_server_new(loop_current(), &cfg, err, err_len);
}
