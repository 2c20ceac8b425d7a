/* HTTP headers, requests and responses as plain data: header lists, request bodies in memory
 * or in a spool file, and responses. */
#include "message.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void http_headers_addn(struct http_headers *h, const char *name, size_t name_len, const char *value,
                       size_t value_len)
{
    if (h->count == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 16;
        h->items = xrealloc(h->items, h->cap * sizeof *h->items);
    }
    h->items[h->count].name = xstrndup(name, name_len);
    h->items[h->count].value = xstrndup(value, value_len);
    h->count++;
}

void http_headers_add(struct http_headers *h, const char *name, const char *value)
{
    http_headers_addn(h, name, strlen(name), value, strlen(value));
}

void http_headers_remove(struct http_headers *h, const char *name)
{
    size_t kept = 0;
    for (size_t i = 0; i < h->count; i++) {
        if (strcasecmp(h->items[i].name, name) == 0) {
            free(h->items[i].name);
            free(h->items[i].value);
            continue;
        }
        h->items[kept++] = h->items[i];
    }
    h->count = kept;
}

void http_headers_set(struct http_headers *h, const char *name, const char *value)
{
    http_headers_remove(h, name);
    http_headers_add(h, name, value);
}

const char *http_headers_get(const struct http_headers *h, const char *name)
{
    for (size_t i = 0; i < h->count; i++)
        if (strcasecmp(h->items[i].name, name) == 0)
            return h->items[i].value;
    return NULL;
}

void http_headers_free(struct http_headers *h)
{
    for (size_t i = 0; i < h->count; i++) {
        free(h->items[i].name);
        free(h->items[i].value);
    }
    free(h->items);
    h->items = NULL;
    h->count = h->cap = 0;
}

void http_request_init(struct http_request *req)
{
    memset(req, 0, sizeof *req);
    req->body_fd = -1;
}

int http_request_load_body(struct http_request *req, unsigned long long max_bytes)
{
    if (req->body_fd < 0)
        return 0;
    if (req->body_length > max_bytes)
        return -1;
    buf_reset(&req->body);
    buf_reserve(&req->body, (size_t)req->body_length);
    unsigned long long done = 0;
    while (done < req->body_length) {
        ssize_t n = pread(req->body_fd, req->body.data + done, (size_t)(req->body_length - done),
                          (off_t)done);
        if (n <= 0)
            return -1;
        done += (unsigned long long)n;
    }
    req->body.len = (size_t)done;
    req->body.data[req->body.len] = '\0';
    close(req->body_fd);
    req->body_fd = -1;
    return 0;
}

void http_request_free(struct http_request *req)
{
    free(req->target);
    free(req->path);
    free(req->query);
    http_headers_free(&req->headers);
    buf_free(&req->body);
    if (req->body_fd >= 0)
        close(req->body_fd);
    free(req->chunk_ends);
    http_request_init(req);
}

const char *http_request_header(const struct http_request *req, const char *name)
{
    return http_headers_get(&req->headers, name);
}

void http_response_init(struct http_response *resp)
{
    memset(resp, 0, sizeof *resp);
    resp->status = 200;
    resp->head_content_length = -1;
    resp->body_fd = -1;
}

void http_response_free(struct http_response *resp)
{
    http_headers_free(&resp->headers);
    buf_free(&resp->body);
    if (resp->body_fd >= 0)
        close(resp->body_fd);
    resp->body_fd = -1;
}

void http_response_set_body_file(struct http_response *resp, int fd, unsigned long long offset,
                                 unsigned long long length)
{
    buf_reset(&resp->body);
    if (resp->body_fd >= 0)
        close(resp->body_fd);
    resp->body_fd = fd;
    resp->body_offset = offset;
    resp->body_length = length;
}

void http_response_set_body(struct http_response *resp, int status, const char *content_type,
                            const void *body, size_t len)
{
    resp->status = status;
    if (resp->body_fd >= 0)
        close(resp->body_fd);
    resp->body_fd = -1;
    buf_reset(&resp->body);
    buf_append(&resp->body, body, len);
    if (content_type)
        http_headers_set(&resp->headers, "Content-Type", content_type);
}

const char *http_status_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 416: return "Requested Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}
