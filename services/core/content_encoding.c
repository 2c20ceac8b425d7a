/* Decodes gzip request bodies in place, bounded by the body size limit; gzips small payloads. */
#include "content_encoding.h"

#include <string.h>
#include <strings.h>

#include <zlib.h>

static bool encoding_is_gzip(const char *value)
{
    return value && strcasecmp(value, "gzip") == 0;
}

int request_body_gunzip(struct http_request *req, unsigned long long max_bytes,
                        struct proto_error *err)
{
    if (!encoding_is_gzip(http_request_header(req, "Content-Encoding")))
        return 0;
    if (req->body.len > 0xffffffffu) {
        proto_error_set(err, 413, "RequestEntityTooLarge", "The compressed request body is too large");
        return -1;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 16 + MAX_WBITS: expect a gzip header, not a raw zlib stream. */
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        proto_error_set(err, 500, "InternalFailure", "cannot start gzip decoding");
        return -1;
    }
    struct buf out = BUF_INIT;
    z.next_in = (unsigned char *)req->body.data;
    z.avail_in = (unsigned)req->body.len;
    int rc = Z_OK;
    while (rc == Z_OK) {
        buf_reserve(&out, 64 * 1024);
        z.next_out = (unsigned char *)out.data + out.len;
        z.avail_out = (unsigned)(out.cap - out.len - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        out.len = (size_t)((char *)z.next_out - out.data);
        out.data[out.len] = '\0';
        if (out.len > max_bytes) {
            rc = Z_MEM_ERROR;
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            break;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        buf_free(&out);
        proto_error_set(err, 400, "SerializationException",
                        rc == Z_MEM_ERROR ? "The decompressed request body is too large"
                                          : "The request body is not valid gzip data");
        return -1;
    }
    buf_free(&req->body);
    req->body = out;
    req->body_length = out.len;
    http_headers_set(&req->headers, "Content-Encoding", "identity");
    return 0;
}

bool gzip_encode(const void *data, size_t len, struct buf *out)
{
    if (len > 0xffffffffu)
        return false;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    uLong bound = deflateBound(&z, (uLong)len);
    buf_reserve(out, (size_t)bound + 1);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = (unsigned char *)out->data + out->len;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    if (rc == Z_STREAM_END)
        out->len = (size_t)((char *)z.next_out - out->data);
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}
