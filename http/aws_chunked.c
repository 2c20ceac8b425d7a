/* Incremental decoder for the aws-chunked body encoding of SigV4 streaming uploads: size
 * lines, chunk data, then trailer headers. */
#include "aws_chunked.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Longer size or trailer lines are not aws-chunked framing. */
#define MAX_LINE 4096
/* A chunk larger than any S3 object cannot be honest framing. */
#define MAX_CHUNK_SIZE (1ull << 43)

void aws_chunked_init(struct aws_chunked_decoder *d)
{
    memset(d, 0, sizeof *d);
    d->state = AWSCHUNK_SIZE_LINE;
}

void aws_chunked_free(struct aws_chunked_decoder *d)
{
    buf_free(&d->line);
    http_headers_free(&d->trailers);
}

static int fail(struct aws_chunked_decoder *d, const char *why)
{
    d->state = AWSCHUNK_ERROR;
    d->error = why;
    return -1;
}

/* "<hex>[;extensions]" → the chunk size. */
static int parse_size_line(struct aws_chunked_decoder *d)
{
    const char *p = d->line.data ? d->line.data : "";
    if (!isxdigit((unsigned char)*p))
        return fail(d, "a chunk size is not hexadecimal");
    unsigned long long size = 0;
    for (; isxdigit((unsigned char)*p); p++) {
        unsigned digit = (unsigned)(isdigit((unsigned char)*p) ? *p - '0'
                                                               : tolower((unsigned char)*p) - 'a' + 10);
        if (size > MAX_CHUNK_SIZE >> 4)
            return fail(d, "a chunk size is too large");
        size = size * 16 + digit;
    }
    if (*p != '\0' && *p != ';' && *p != ' ')
        return fail(d, "a chunk size line is malformed");
    d->remaining = size;
    d->state = size ? AWSCHUNK_DATA : AWSCHUNK_TRAILER_LINE;
    return 0;
}

static int parse_trailer_line(struct aws_chunked_decoder *d)
{
    if (d->line.len == 0) {
        d->state = AWSCHUNK_DONE;
        return 0;
    }
    const char *colon = memchr(d->line.data, ':', d->line.len);
    if (!colon || colon == d->line.data)
        return fail(d, "a trailer line is malformed");
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    size_t value_len = d->line.len - (size_t)(value - d->line.data);
    while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
        value_len--;
    http_headers_addn(&d->trailers, d->line.data, (size_t)(colon - d->line.data), value,
                      value_len);
    return 0;
}

/* Collects a CRLF-terminated line; returns the bytes used, with *complete set when the line
 * ended. A bare LF ends a line too. */
static size_t take_line(struct aws_chunked_decoder *d, const char *data, size_t len,
                        bool *complete)
{
    const char *nl = memchr(data, '\n', len);
    size_t used = nl ? (size_t)(nl - data) + 1 : len;
    size_t text = nl ? used - 1 : used;
    buf_append(&d->line, data, text);
    *complete = nl != NULL;
    if (*complete && d->line.len > 0 && d->line.data[d->line.len - 1] == '\r')
        d->line.data[--d->line.len] = '\0';
    return used;
}

int aws_chunked_feed(struct aws_chunked_decoder *d, const char *data, size_t len,
                     aws_chunked_emit_fn emit, void *ctx)
{
    while (len > 0) {
        switch (d->state) {
        case AWSCHUNK_SIZE_LINE:
        case AWSCHUNK_TRAILER_LINE: {
            bool complete;
            size_t used = take_line(d, data, len, &complete);
            data += used;
            len -= used;
            if (d->line.len > MAX_LINE)
                return fail(d, "a chunk line is too long");
            if (!complete)
                break;
            int rc = d->state == AWSCHUNK_SIZE_LINE ? parse_size_line(d) : parse_trailer_line(d);
            buf_reset(&d->line);
            if (rc != 0)
                return rc;
            break;
        }
        case AWSCHUNK_DATA: {
            size_t n = len < d->remaining ? len : (size_t)d->remaining;
            if (emit(ctx, data, n) != 0)
                return fail(d, "the decoded body could not be stored");
            d->decoded += n;
            d->remaining -= n;
            data += n;
            len -= n;
            if (d->remaining == 0)
                d->state = AWSCHUNK_DATA_END;
            break;
        }
        case AWSCHUNK_DATA_END:
            /* The CRLF after a chunk's bytes (its CR may have come in the previous piece). */
            if (*data == '\r' && d->line.len == 0) {
                buf_append(&d->line, "\r", 1);
            } else if (*data == '\n') {
                buf_reset(&d->line);
                d->state = AWSCHUNK_SIZE_LINE;
            } else {
                return fail(d, "a chunk is longer than its size says");
            }
            data++;
            len--;
            break;
        case AWSCHUNK_DONE:
            /* Some clients add a final CRLF after the trailers' empty line; nothing else. */
            for (size_t i = 0; i < len; i++)
                if (data[i] != '\r' && data[i] != '\n')
                    return fail(d, "data follows the final chunk");
            return 0;
        case AWSCHUNK_ERROR:
            return -1;
        }
    }
    return 0;
}

int aws_chunked_finish(struct aws_chunked_decoder *d)
{
    if (d->state == AWSCHUNK_ERROR)
        return -1;
    /* The trailer section may end with the body instead of an empty line. */
    if (d->state == AWSCHUNK_TRAILER_LINE) {
        if (d->line.len > 0 && parse_trailer_line(d) != 0)
            return -1;
        d->state = AWSCHUNK_DONE;
    }
    if (d->state != AWSCHUNK_DONE)
        return fail(d, "the body ended before its final chunk");
    return 0;
}

bool request_is_aws_chunked(const struct http_headers *headers)
{
    const char *encoding = http_headers_get(headers, "Content-Encoding");
    if (encoding && strcasestr(encoding, "aws-chunked"))
        return true;
    const char *payload_hash = http_headers_get(headers, "x-amz-content-sha256");
    return payload_hash && strncmp(payload_hash, "STREAMING-", 10) == 0;
}
