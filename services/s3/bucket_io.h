/* Whole objects read from and written to buckets by other services (DynamoDB's table imports
 * and exports), without an S3 request: the bucket's own rules for a write (versioning) apply. */
#ifndef MOTOC_S3_BUCKET_IO_H
#define MOTOC_S3_BUCKET_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "blob.h"

bool s3_io_bucket_exists(const char *bucket);

/* Calls visit for the current version of every object whose key starts with prefix (NULL: all),
 * in key order, until it returns false. Delete markers are skipped. -1 when there is no such
 * bucket, else 0. */
int s3_io_each_object(const char *bucket, const char *prefix,
                      bool (*visit)(void *ctx, const char *key, const struct blob *body), void *ctx);

/* The body of key's newest version, or of version_id when not NULL; NULL when there is none (no
 * bucket, key or version, or a delete marker). The blob stays the bucket's. */
const struct blob *s3_io_get(const char *bucket, const char *key, const char *version_id);
/* Stores body (reference taken) as the newest version of key, owned by account, its ETag the
 * MD5 of the bytes (also written to md5 unless NULL). false when there is no such bucket (body
 * is released) or on I/O failure. */
bool s3_io_put(const char *bucket, const char *key, struct blob *body, const char *account,
               unsigned char md5[16]);

#endif
