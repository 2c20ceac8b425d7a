/* Function URLs: their configurations (Create/Get/Update/Delete/ListFunctionUrlConfigs) and the
 * HTTPS endpoint itself, https://<url-id>.lambda-url.<region>.on.aws/, which invokes the function
 * with the payload format 2.0 event and turns its answer into the HTTP response. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../../http/session.h"
#include "../core/codec_util.h"
#include "../core/form.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "executor.h"
#include "function_config.h"
#include "functions.h"
#include "invoke_function.h"
#include "ops.h"
#include "state.h"

static const char *url_key(const struct lambda_name *n)
{
    return n->qualifier[0] ? n->qualifier : "$LATEST";
}

static cJSON *url_configs(cJSON *f)
{
    cJSON *configs = cJSON_GetObjectItemCaseSensitive(f, "_url_configs");
    return configs ? configs : cJSON_AddObjectToObject(f, "_url_configs");
}

static void iso_now(char *out, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, size, "%s.%03dZ", date, (int)(ts.tv_nsec / 1000000) % 1000);
}

static int fail_missing(struct call *c)
{
    return call_fail(c, 404, "ResourceNotFoundException",
                     "The resource you requested does not exist.");
}

static void set_member(cJSON *obj, const char *name, const cJSON *value)
{
    if (!value)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddItemToObject(obj, name, cJSON_Duplicate(value, true));
}

OPERATION(lambda_create_function_url_config)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    const cJSON *version = lambda_version_resolve(n.account, n.region, n.name, n.qualifier,
                                                  c->err);
    if (!version)
        return -1;
    if (n.qualifier[0] && isdigit((unsigned char)n.qualifier[0]))
        return call_fail(c, 400, "InvalidParameterValueException",
                         "A function URL can only be attached to $LATEST or an alias.");
    cJSON *configs = url_configs(f);
    if (cJSON_GetObjectItemCaseSensitive(configs, url_key(&n)))
        return call_fail(c, 409, "ResourceConflictException",
                         "Failed to create function url config for [functionArn = %s]. Error "
                         "message:  FunctionUrlConfig exists for this Lambda function",
                         param_string(version, "FunctionArn"));
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char random[32];
    RAND_bytes(random, sizeof random);
    char id[33];
    for (size_t i = 0; i < 32; i++)
        id[i] = alphabet[random[i] % 36];
    id[32] = '\0';
    cJSON *config = cJSON_AddObjectToObject(configs, url_key(&n));
    struct buf url = {0};
    buf_printf(&url, "https://%s.lambda-url.%s.on.aws/", id, n.region);
    cJSON_AddStringToObject(config, "FunctionUrl", url.data);
    buf_free(&url);
    struct buf arn = {0};
    buf_printf(&arn, "%s%s%s", param_string(cJSON_GetObjectItemCaseSensitive(f, "_latest"),
                                            "FunctionArn"),
               n.qualifier[0] ? ":" : "", n.qualifier);
    cJSON_AddStringToObject(config, "FunctionArn", arn.data);
    buf_free(&arn);
    cJSON_AddStringToObject(config, "AuthType", param_string(in, "AuthType"));
    set_member(config, "Cors", cJSON_GetObjectItemCaseSensitive(in, "Cors"));
    char now[40];
    iso_now(now, sizeof now);
    cJSON_AddStringToObject(config, "CreationTime", now);
    cJSON_AddStringToObject(config, "LastModifiedTime", now);
    const char *mode = param_string(in, "InvokeMode");
    cJSON_AddStringToObject(config, "InvokeMode", mode ? mode : "BUFFERED");
    cJSON_AddStringToObject(config, "_url_id", id);
    cJSON_AddStringToObject(config, "_qualifier", n.qualifier);
    lambda_configuration_answer(config, out);
    cJSON_DeleteItemFromObjectCaseSensitive(out, "LastModifiedTime");
    return 0;
}

static cJSON *config_for_call(struct call *c, const cJSON *in, struct lambda_name *n,
                              cJSON **function)
{
    cJSON *f = lambda_function_for_call(c, in, true, n);
    if (!f)
        return NULL;
    *function = f;
    cJSON *config = cJSON_GetObjectItemCaseSensitive(url_configs(f), url_key(n));
    if (!config)
        fail_missing(c);
    return config;
}

OPERATION(lambda_get_function_url_config)
{
    struct lambda_name n;
    cJSON *f;
    cJSON *config = config_for_call(c, in, &n, &f);
    if (!config)
        return -1;
    lambda_configuration_answer(config, out);
    return 0;
}

OPERATION(lambda_update_function_url_config)
{
    struct lambda_name n;
    cJSON *f;
    cJSON *config = config_for_call(c, in, &n, &f);
    if (!config)
        return -1;
    set_member(config, "AuthType", cJSON_GetObjectItemCaseSensitive(in, "AuthType"));
    set_member(config, "Cors", cJSON_GetObjectItemCaseSensitive(in, "Cors"));
    set_member(config, "InvokeMode", cJSON_GetObjectItemCaseSensitive(in, "InvokeMode"));
    char now[40];
    iso_now(now, sizeof now);
    cJSON_ReplaceItemInObjectCaseSensitive(config, "LastModifiedTime", cJSON_CreateString(now));
    lambda_configuration_answer(config, out);
    return 0;
}

OPERATION(lambda_delete_function_url_config)
{
    (void)out;
    struct lambda_name n;
    cJSON *f;
    if (!config_for_call(c, in, &n, &f))
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(url_configs(f), url_key(&n));
    return 0;
}

OPERATION(lambda_list_function_url_configs)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    cJSON *list = cJSON_AddArrayToObject(out, "FunctionUrlConfigs");
    const cJSON *config;
    cJSON_ArrayForEach(config, url_configs(f)) {
        cJSON *answer = cJSON_CreateObject();
        lambda_configuration_answer(config, answer);
        cJSON_AddItemToArray(list, answer);
    }
    return 0;
}

/* ---- the URL itself ---- */

struct url_call {
    struct http_deferral *deferral;
    struct lambda_invocation *inv;
    bool response_stream; /* InvokeMode RESPONSE_STREAM */
    char request_id[37];
};

/* A streamed answer of this type is a JSON prelude (statusCode, headers, cookies), eight NUL
 * bytes, then the body (awslambda.HttpResponseStream in Node). */
#define HTTP_INTEGRATION_TYPE "application/vnd.awslambda.http-integration-response"
#define PRELUDE_DELIMITER_BYTES 8

static void url_call_cancelled(void *arg)
{
    struct url_call *u = arg;
    lambda_invocation_abandon(u->inv);
    free(u);
}

static void respond(struct http_response *resp, int status, const char *content_type,
                    const void *body, size_t len, const char *request_id)
{
    http_headers_free(&resp->headers);
    http_response_set_body(resp, status, content_type, body, len);
    http_headers_set(&resp->headers, "x-amzn-RequestId", request_id);
}

static void add_answer_headers(struct http_response *resp, const cJSON *answer)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(answer, "headers")) {
        if (cJSON_IsString(h))
            http_headers_set(&resp->headers, h->string, h->valuestring);
    }
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(answer, "cookies")) {
        if (cJSON_IsString(h))
            http_headers_add(&resp->headers, "Set-Cookie", h->valuestring);
    }
}

static const char *prelude_end(const char *bytes, size_t len)
{
    size_t zeros = 0;
    for (size_t i = 0; i < len; i++) {
        zeros = bytes[i] == '\0' ? zeros + 1 : 0;
        if (zeros == PRELUDE_DELIMITER_BYTES)
            return bytes + i + 1 - PRELUDE_DELIMITER_BYTES;
    }
    return NULL;
}

/* RESPONSE_STREAM: the body as the function streamed it, with the status and headers of its
 * prelude when it gave one. */
static void respond_streamed(struct http_response *resp, const struct lambda_stream *s,
                             const char *request_id)
{
    const char *bytes = s->bytes ? s->bytes : "";
    if (strcmp(s->content_type, HTTP_INTEGRATION_TYPE) != 0) {
        respond(resp, 200, s->content_type, bytes, s->len, request_id);
        return;
    }
    const char *end = prelude_end(bytes, s->len);
    size_t prelude_len = end ? (size_t)(end - bytes) : s->len;
    size_t body_at = end ? prelude_len + PRELUDE_DELIMITER_BYTES : s->len;
    cJSON *prelude = cJSON_ParseWithLength(bytes, prelude_len);
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(prelude, "statusCode");
    respond(resp, cJSON_IsNumber(status) ? (int)status->valuedouble : 200,
            "application/octet-stream", bytes + body_at, s->len - body_at, request_id);
    add_answer_headers(resp, prelude);
    cJSON_Delete(prelude);
}

/* The function's answer as HTTP: a {"statusCode", "headers", "body", "isBase64Encoded",
 * "cookies"} object is the response; anything else is a 200 JSON body. */
static void url_call_done(void *arg, const struct lambda_outcome *o)
{
    struct url_call *u = arg;
    struct http_response *resp = http_deferral_response(u->deferral);
    if (o->error_code || o->function_error) {
        static const char body[] = "Internal Server Error";
        respond(resp, 502, "text/plain", body, sizeof body - 1, u->request_id);
    } else if (u->response_stream && o->stream) {
        respond_streamed(resp, o->stream, u->request_id);
    } else {
        cJSON *answer = cJSON_ParseWithLength(o->payload, o->payload_len);
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(answer, "statusCode");
        if (cJSON_IsObject(answer) && cJSON_IsNumber(status)) {
            const char *body = param_string(answer, "body");
            struct buf bytes = {0};
            if (body && param_true(answer, "isBase64Encoded"))
                base64_decode(body, strlen(body), &bytes);
            else if (body)
                buf_puts(&bytes, body);
            respond(resp, (int)status->valuedouble, "application/json",
                    bytes.data ? bytes.data : "", bytes.len, u->request_id);
            buf_free(&bytes);
            add_answer_headers(resp, answer);
        } else {
            respond(resp, 200, "application/json", o->payload, o->payload_len, u->request_id);
        }
        cJSON_Delete(answer);
    }
    struct http_deferral *d = u->deferral;
    free(u);
    http_deferral_finish(d);
}

static cJSON *url_event(const struct http_request *req, const char *url_id, const char *account,
                        const char *request_id)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "version", "2.0");
    cJSON_AddStringToObject(e, "routeKey", "$default");
    cJSON_AddStringToObject(e, "rawPath", req->path);
    const char *query = strchr(req->target, '?');
    cJSON_AddStringToObject(e, "rawQueryString", query ? query + 1 : "");
    cJSON *headers = cJSON_AddObjectToObject(e, "headers");
    cJSON *cookies = NULL;
    for (size_t i = 0; i < req->headers.count; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s", req->headers.items[i].name);
        for (char *p = name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (strcmp(name, "cookie") == 0) {
            cookies = cookies ? cookies : cJSON_CreateArray();
            cJSON_AddItemToArray(cookies, cJSON_CreateString(req->headers.items[i].value));
            continue;
        }
        const cJSON *seen = cJSON_GetObjectItemCaseSensitive(headers, name);
        if (seen) {
            struct buf joined = {0};
            buf_printf(&joined, "%s,%s", seen->valuestring, req->headers.items[i].value);
            cJSON_ReplaceItemInObjectCaseSensitive(headers, name, cJSON_CreateString(joined.data));
            buf_free(&joined);
        } else {
            cJSON_AddStringToObject(headers, name, req->headers.items[i].value);
        }
    }
    if (cookies)
        cJSON_AddItemToObject(e, "cookies", cookies);
    if (query) {
        cJSON *params = cJSON_AddObjectToObject(e, "queryStringParameters");
        char *copy = xstrdup(query + 1);
        for (char *save = NULL, *pair = strtok_r(copy, "&", &save); pair;
             pair = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(pair, '=');
            if (eq)
                *eq = '\0';
            struct buf key = {0}, value = {0};
            percent_decode(pair, strlen(pair), true, &key);
            if (eq)
                percent_decode(eq + 1, strlen(eq + 1), true, &value);
            cJSON_DeleteItemFromObjectCaseSensitive(params, key.data ? key.data : "");
            cJSON_AddStringToObject(params, key.data ? key.data : "", value.data ? value.data : "");
            buf_free(&key);
            buf_free(&value);
        }
        free(copy);
    }
    cJSON *context = cJSON_AddObjectToObject(e, "requestContext");
    cJSON_AddStringToObject(context, "accountId", "anonymous");
    cJSON_AddStringToObject(context, "apiId", url_id);
    const char *host = http_request_header(req, "Host");
    cJSON_AddStringToObject(context, "domainName", host ? host : "");
    cJSON_AddStringToObject(context, "domainPrefix", url_id);
    cJSON *http = cJSON_AddObjectToObject(context, "http");
    cJSON_AddStringToObject(http, "method", req->method);
    cJSON_AddStringToObject(http, "path", req->path);
    cJSON_AddStringToObject(http, "protocol", "HTTP/1.1");
    cJSON_AddStringToObject(http, "sourceIp", "127.0.0.1");
    const char *agent = http_request_header(req, "User-Agent");
    cJSON_AddStringToObject(http, "userAgent", agent ? agent : "");
    cJSON_AddStringToObject(context, "requestId", request_id);
    cJSON_AddStringToObject(context, "routeKey", "$default");
    cJSON_AddStringToObject(context, "stage", "$default");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[40];
    strftime(stamp, sizeof stamp, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    cJSON_AddStringToObject(context, "time", stamp);
    cJSON_AddNumberToObject(context, "timeEpoch", (double)now * 1000);
    (void)account;
    if (req->body.len > 0) {
        struct buf b64 = {0};
        base64_encode(req->body.data, req->body.len, &b64);
        cJSON_AddStringToObject(e, "body", b64.data);
        buf_free(&b64);
        cJSON_AddBoolToObject(e, "isBase64Encoded", true);
    } else {
        cJSON_AddBoolToObject(e, "isBase64Encoded", false);
    }
    return e;
}

static int serve_url(struct call *c)
{
    const char *host = http_request_header(c->http, "Host");
    char id[40] = "";
    if (host)
        snprintf(id, sizeof id, "%.*s", (int)strcspn(host, "."), host);
    const char *account = NULL, *region = NULL;
    const cJSON *config = lambda_url_config_by_id(id, &account, &region);
    char request_id[37];
    uuid_new(request_id);
    if (!config) {
        static const char body[] = "{\"Message\":null}";
        respond(c->resp, 404, "application/json", body, sizeof body - 1, request_id);
        return 0;
    }
    if (strcmp(param_string(config, "AuthType"), "AWS_IAM") == 0 &&
        !http_request_header(c->http, "Authorization")) {
        static const char body[] = "{\"Message\":\"Forbidden\"}";
        respond(c->resp, 403, "application/json", body, sizeof body - 1, request_id);
        return 0;
    }
    struct proto_error err = {0};
    const char *function = param_string(config, "FunctionArn");
    if (!lambda_function_exists(account, region, function) ||
        http_request_load_body((struct http_request *)c->http, 6u * 1024 * 1024) != 0 ||
        !call_can_defer(c)) {
        static const char body[] = "Internal Server Error";
        respond(c->resp, 502, "text/plain", body, sizeof body - 1, request_id);
        return 0;
    }
    cJSON *event = url_event(c->http, id, account, request_id);
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    struct url_call *u = xcalloc(1, sizeof *u);
    snprintf(u->request_id, sizeof u->request_id, "%s", request_id);
    const char *mode = param_string(config, "InvokeMode");
    u->response_stream = mode && strcmp(mode, "RESPONSE_STREAM") == 0;
    u->inv = lambda_invoke_function(account, region, function, NULL, payload, strlen(payload),
                                    url_call_done, u, &err);
    free(payload);
    if (!u->inv) {
        free(u);
        proto_error_clear(&err);
        static const char body[] = "Internal Server Error";
        respond(c->resp, 502, "text/plain", body, sizeof body - 1, request_id);
        return 0;
    }
    u->deferral = http_defer(c->resp, url_call_cancelled, u);
    return 0;
}

const struct unmodeled_operation lambda_function_url_call = {"FunctionUrl", serve_url};

bool lambda_is_function_url_host(const char *host)
{
    if (!host)
        return false;
    size_t len = strlen(host);
    const char *port = strrchr(host, ':');
    if (port && strchr(port, ']') == NULL && port > host)
        len = (size_t)(port - host);
    return len > 7 && strncmp(host + len - 7, ".on.aws", 7) == 0 && strstr(host, ".lambda-url.");
}
