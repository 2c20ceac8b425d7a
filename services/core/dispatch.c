#include "dispatch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../http/log.h"
#include "../../http/loop.h"
#include "aws_error.h"
#include "backend.h"
#include "moto_api.h"
#include "request_id.h"
#include "route.h"

static void not_yet_implemented(const struct http_request *req, const struct route *rt,
                                const char *request_id, struct http_response *resp)
{
    char message[512];
    if (!rt->service) {
        const char *host = http_request_header(req, "Host");
        snprintf(message, sizeof message,
                 "motoc cannot tell which AWS service %s %.200s on host %.100s is for, or does not "
                 "emulate it yet",
                 req->method, req->path, host ? host : "(none)");
    } else if (rt->operation[0]) {
        snprintf(message, sizeof message,
                 "The %s operation %s is not yet implemented by motoc", rt->service->name,
                 rt->operation);
    } else {
        snprintf(message, sizeof message,
                 "The %s operation for %s %.200s is not yet implemented by motoc",
                 rt->service->name, req->method, req->path);
    }
    log_msg(LOG_WARN, "NotYetImplemented: %s", message);
    struct aws_error err = {404, "NotYetImplemented", message};
    aws_error_respond(resp, rt, req, request_id, &err);
}

static void log_request(const struct http_request *req, const struct route *rt, int status,
                        uint64_t started_ms)
{
    if (!log_enabled(LOG_INFO))
        return;
    const char *host = http_request_header(req, "Host");
    log_msg(LOG_INFO, "%s %s %s %s %s %d %llums", req->method, host ? host : "-",
            rt->moto_api ? "moto-api" : rt->service ? rt->service->name : "-",
            rt->operation[0] ? rt->operation : req->path, rt->region, status,
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

void core_handle_request(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    uint64_t started = loop_now_ms();
    struct route rt;
    route_request(req, &rt);

    if (rt.moto_api) {
        moto_api_handle(req, resp);
    } else {
        char request_id[37];
        request_id_new(request_id);
        const struct service_backend *backend =
            rt.service ? backend_for_service(rt.service->name) : NULL;
        (void)backend; /* operations arrive with the protocol layer */
        not_yet_implemented(req, &rt, request_id, resp);
    }
    add_date_header(resp);
    log_request(req, &rt, resp->status, started);
}
