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
    /* The body, decoded from chunked transfer-encoding and from aws-chunked (whose trailers
     * join the headers). In memory while small; a large one is in body_fd instead (see spool.h)
     * and body is empty. body_length counts it either way. */
    struct buf body;
    int body_fd;
    unsigned long long body_length;
    /* Where each chunk of a chunked body ended, as offsets into the decoded body: a Lambda
     * runtime streaming its answer writes one chunk per write. The count is capped
     * (HTTP_MAX_CHUNK_ENDS); chunks past it join the last one. */
    unsigned long long *chunk_ends;
    size_t n_chunk_ends;
    bool keep_alive;
};

#define HTTP_MAX_CHUNK_ENDS 65536

struct http_response {
    int status;
    struct http_headers headers;
    struct buf body;
    /* For HEAD: the Content-Length to announce although no body is sent. -1 = body.len */
    long long head_content_length;
    /* Set by http_defer() when the handler answers later (session.h). */
    struct http_deferral *deferral;
    /* A body too large for memory: bytes [body_offset, body_offset + body_length) of body_fd
     * are sent instead of body. The response owns the descriptor. -1 when unused. */
    int body_fd;
    unsigned long long body_offset, body_length;
};

void http_headers_add(struct http_headers *h, const char *name, const char *value);
void http_headers_addn(struct http_headers *h, const char *name, size_t name_len, const char *value,
                       size_t value_len);
/* Replaces every header of that name with one value. */
void http_headers_set(struct http_headers *h, const char *name, const char *value);
void http_headers_remove(struct http_headers *h, const char *name);
/* The first value of that header (case-insensitive name), or NULL. */
const char *http_headers_get(const struct http_headers *h, const char *name);
void http_headers_free(struct http_headers *h);

void http_request_init(struct http_request *req);
void http_request_free(struct http_request *req);
const char *http_request_header(const struct http_request *req, const char *name);

/* Brings a spooled body back into req->body, if it is at most max_bytes; -1 if larger or on
 * I/O failure. For consumers that parse bodies (everything but streaming uploads). */
int http_request_load_body(struct http_request *req, unsigned long long max_bytes);

void http_response_init(struct http_response *resp);
void http_response_free(struct http_response *resp);
void http_response_set_body(struct http_response *resp, int status, const char *content_type,
                            const void *body, size_t len);
/* Sends length bytes of fd from offset as the body; takes the descriptor. */
void http_response_set_body_file(struct http_response *resp, int fd, unsigned long long offset,
                                 unsigned long long length);

const char *http_status_reason(int status);

#endif
