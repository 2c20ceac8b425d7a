/* Naming a rest request's operation from the generated routes (rest_routes.c): the input is
 * "METHOD PATH?QUERY\nheader-name\n", matched against services whose templates differ in kind
 * (labels mid-path, greedy labels, literal query keys, required headers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/core/rest_routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    char *line_end = strchr(text, '\n');
    const char *header = "";
    if (line_end) {
        *line_end = '\0';
        header = line_end + 1;
        header = xstrndup(header, strcspn(header, "\n:"));
    }
    struct http_request req = {.body_fd = -1};
    char *space = strchr(text, ' ');
    char *target = space ? space + 1 : text;
    size_t method_len = space ? (size_t)(space - text) : 0;
    if (method_len >= sizeof req.method)
        method_len = sizeof req.method - 1;
    memcpy(req.method, text, method_len);
    char *qmark = strchr(target, '?');
    req.query = qmark ? qmark + 1 : "";
    if (qmark)
        *qmark = '\0';
    req.path = target;
    if (header[0])
        http_headers_add(&req.headers, header, "x");

    static const char *const services[] = {"s3", "lambda", "mediastore-data", "mediaconnect",
                                           "route53", "apigateway", "s3control", "glacier"};
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const char *name = rest_route_operation(service_by_name(services[i]), &req);
        if (name && !name[0])
            abort();
    }
    http_headers_free(&req.headers);
    if (line_end)
        free((char *)header);
    free(text);
    return 0;
}
