/* The aws-chunked content encoding of SigV4 streaming uploads (S3 PutObject/UploadPart from
 * recent SDKs): "<hex size>[;chunk-signature=…]\r\n<bytes>\r\n" … "0…\r\n", then optional trailer
 * headers (x-amz-checksum-crc32: …) and an empty line. Decoded incrementally, so a body of any size
 * passes through in bounded memory; fed split at any byte it decodes the same. */
#ifndef MOTOC_AWS_CHUNKED_H
#define MOTOC_AWS_CHUNKED_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"

enum aws_chunked_state {
    AWSCHUNK_SIZE_LINE,
    AWSCHUNK_DATA,
    AWSCHUNK_DATA_END,
    AWSCHUNK_TRAILER_LINE,
    AWSCHUNK_DONE,
    AWSCHUNK_ERROR,
};

struct aws_chunked_decoder {
    enum aws_chunked_state state;
    unsigned long long remaining; /* bytes left in the current chunk */
    unsigned long long decoded;   /* payload bytes emitted so far */
    struct buf line;              /* the size or trailer line being read */
    struct http_headers trailers; /* x-amz-checksum-… and the like */
    const char *error;            /* why decoding failed, when state is AWSCHUNK_ERROR */
};

/* Receives decoded payload bytes; returns 0, or -1 to stop decoding. */
typedef int (*aws_chunked_emit_fn)(void *ctx, const char *data, size_t len);

void aws_chunked_init(struct aws_chunked_decoder *d);
void aws_chunked_free(struct aws_chunked_decoder *d);
/* 0 on progress, -1 on malformed framing (d->error) or when emit failed. */
int aws_chunked_feed(struct aws_chunked_decoder *d, const char *data, size_t len,
                     aws_chunked_emit_fn emit, void *ctx);
/* At the end of the body: 0 if the encoding was complete, -1 otherwise (d->error). */
int aws_chunked_finish(struct aws_chunked_decoder *d);

/* True when a request's body is aws-chunked: Content-Encoding names aws-chunked, or the payload
 * hash announces a streaming upload (some SDKs send only one of the two). */
bool request_is_aws_chunked(const struct http_headers *headers);

#endif
