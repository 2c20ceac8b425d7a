/* Gzip streams written straight into a blob (exports other services land in S3 compressed), so
 * a large export never sits uncompressed in memory. */
#ifndef MOTOC_S3_BLOB_GZIP_H
#define MOTOC_S3_BLOB_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "blob.h"

struct blob_gzip;

/* NULL when zlib cannot start a stream. */
struct blob_gzip *blob_gzip_new(void);
/* Compresses len bytes more; false on failure (the stream is then only good to abandon). */
bool blob_gzip_write(struct blob_gzip *z, const void *data, size_t len);
/* The finished gzip member as a blob (NULL after a failure); frees z either way. */
struct blob *blob_gzip_finish(struct blob_gzip *z);
void blob_gzip_abandon(struct blob_gzip *z);

#endif
