/* HTTP requests and responses as plain data: what the parser produces and the core consumes. */
#ifndef MOTOC_MESSAGE_H
#define MOTOC_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct http_header {
    char *name; /* as sent; compare case-insensitively */
    char *value;
};

struct http_headers {
    struct http_header *items;
    size_t count;
    size_t cap;
};

struct http_request {
    char method[24];
    char *target; /* request-target as sent, e.g. "/bucket/key?uploads" */
    char *path;   /* target up to '?', still percent-encoded */
    char *query;  /* after '?', "" when absent */
    struct http_headers headers;
    struct buf body; /* decoded from chunked transfer-encoding when it was chunked */
    bool keep_alive;
};

struct http_response {
    int status;
    struct http_headers headers;
    struct buf body;
    /* For HEAD: the Content-Length to announce although no body is sent. -1 = body.len */
    long long head_content_length;
    /* Set by http_defer() when the handler answers later (session.h). */
    struct http_deferral *deferral;
};

void http_headers_add(struct http_headers *h, const char *name, const char *value);
void http_headers_addn(struct http_headers *h, const char *name, size_t name_len, const char *value,
                       size_t value_len);
/* Replaces every header of that name with one value. */
void http_headers_set(struct http_headers *h, const char *name, const char *value);
/* The first value of that header (case-insensitive name), or NULL. */
const char *http_headers_get(const struct http_headers *h, const char *name);
void http_headers_free(struct http_headers *h);

void http_request_init(struct http_request *req);
void http_request_free(struct http_request *req);
const char *http_request_header(const struct http_request *req, const char *name);

void http_response_init(struct http_response *resp);
void http_response_free(struct http_response *resp);
void http_response_set_body(struct http_response *resp, int status, const char *content_type,
                            const void *body, size_t len);

const char *http_status_reason(int status);

#endif
