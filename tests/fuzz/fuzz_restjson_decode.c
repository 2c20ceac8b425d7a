/* The rest-json codec on arbitrary requests, written as text:
 *
 *   METHOD TARGET\n
 *   Name: value\n      (any number of headers)
 *   \n
 *   body
 *
 * The request is routed as the server routes it; what decodes is answered back as a result and
 * as an error. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The line at *p (without its '\n'), advancing *p past it; false at the end of the input. */
static bool next_line(const char **p, const char *end, const char **line, size_t *len)
{
    if (*p >= end)
        return false;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    *line = *p;
    *len = (size_t)((nl ? nl : end) - *p);
    *p = nl ? nl + 1 : end;
    return true;
}

static void set_request_line(struct http_request *req, const char *line, size_t len)
{
    const char *space = memchr(line, ' ', len);
    size_t method_len = space ? (size_t)(space - line) : len;
    if (method_len >= sizeof req->method)
        method_len = sizeof req->method - 1;
    memcpy(req->method, line, method_len);
    req->method[method_len] = '\0';
    const char *target = space ? space + 1 : line + len;
    req->target = xstrndup(target, (size_t)(line + len - target));
    const char *q = strchr(req->target, '?');
    req->path = q ? xstrndup(req->target, (size_t)(q - req->target)) : xstrdup(req->target);
    req->query = xstrdup(q ? q + 1 : "");
}

static void parse_request(const uint8_t *data, size_t size, struct http_request *req)
{
    const char *p = (const char *)data, *end = p + size, *line;
    size_t len;
    if (!next_line(&p, end, &line, &len))
        line = p, len = 0;
    set_request_line(req, line, len);
    while (next_line(&p, end, &line, &len) && len > 0) {
        const char *colon = memchr(line, ':', len);
        if (!colon)
            continue;
        const char *value = colon + 1;
        while (value < line + len && *value == ' ')
            value++;
        http_headers_addn(&req->headers, line, (size_t)(colon - line), value,
                          (size_t)(line + len - value));
    }
    buf_append(&req->body, p, (size_t)(end - p));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct service_model *model;
    if (!model)
        model = fuzz_model("rest-json");
    struct http_request req;
    http_request_init(&req);
    parse_request(data, size, &req);
    const struct operation *op = rest_match_operation(model, &req);
    if (op)
        fuzz_decode(model, op, &req);
    http_request_free(&req);
    return 0;
}
