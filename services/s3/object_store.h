/* A request body becoming object bytes: digested once (MD5 for the ETag, the requested or
 * default checksum), verified against Content-MD5 and x-amz-checksum-*, then taken over as a
 * blob — the spooled upload file itself where possible. Nothing is stored when verification
 * fails. */
#ifndef MOTOC_S3_OBJECT_STORE_H
#define MOTOC_S3_OBJECT_STORE_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "blob.h"
#include "checksum.h"
#include "object.h"

struct stored_body {
    struct blob *blob;
    unsigned char md5[16];
    char etag[ETAG_MAX];
    enum checksum_algorithm algorithm; /* the checksum kept with the object */
    char checksum[CHECKSUM_MAX_BYTES * 2]; /* its base64 value */
    uint64_t crc;                          /* its numeric value for CRC algorithms */
};

/* The checksum algorithm a write asks for (x-amz-sdk-checksum-algorithm or the one
 * x-amz-checksum-* header present); CHECKSUM_NONE if none. -1 after failing the call for an
 * unsupported algorithm. */
int object_store_requested_checksum(struct call *c, const cJSON *in,
                                    enum checksum_algorithm *algorithm);

/* Takes the request body. fallback is the algorithm computed when the request names none
 * (CHECKSUM_NONE: none). 0, or -1 after failing the call (InvalidDigest, BadDigest,
 * InvalidRequest, InternalError). */
int object_store_take_body(struct call *c, const cJSON *in, enum checksum_algorithm fallback,
                           struct stored_body *out);

/* The same for the bytes [offset, offset + length) of the request body (a file field of a
 * form upload). */
int object_store_take_range(struct call *c, const cJSON *in, enum checksum_algorithm fallback,
                            uint64_t offset, uint64_t length, struct stored_body *out);

/* Base64 of raw checksum bytes. */
void checksum_to_base64(enum checksum_algorithm a, const unsigned char *raw, char *out,
                        size_t size);

#endif
