/* What every S3 operation needs around its call: the bucket it names (with S3's errors when
 * it cannot have it), errors with S3's extra members, clock and owner identity. */
#ifndef MOTOC_S3_CALL_H
#define MOTOC_S3_CALL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "../../http/buf.h"
#include "../core/params.h"
#include "bucket.h"

/* Fails the call with code and message; s3_error_field adds the extra members. */
int s3_fail(struct call *c, int status, const char *code, const char *message);
/* Adds an extra member to the call's error (<BucketName>, <Key> …), in order. */
void s3_error_field(struct call *c, const char *name, const char *value);

int s3_fail_no_such_bucket(struct call *c, const char *bucket);
int s3_fail_no_such_key(struct call *c, const char *key);
int s3_fail_malformed_xml(struct call *c);
int s3_fail_invalid_argument(struct call *c, const char *message, const char *name,
                             const char *value);
int s3_fail_invalid_request(struct call *c, const char *message);

/* Checks what every request must satisfy (a presigned URL that has not expired) and finds the
 * bucket the params name; NULL after failing the call (NoSuchBucket …). */
struct bucket *s3_bucket_for_call(struct call *c, const cJSON *in);
/* The request checks alone (for operations without a bucket). 0, or -1 after failing. */
int s3_check_request(struct call *c);

/* The bucket and key of a request's path ("/bucket/key", percent-encoded; virtual-hosted
 * requests arrive rewritten to that form), for the operations no model describes: key is ""
 * when the path names the bucket itself. false when it names no bucket. */
bool s3_path_bucket_key(const struct http_request *req, struct buf *bucket, struct buf *key);

/* Seconds since the epoch, millisecond precision. */
double s3_now(void);
/* The canonical user id S3 shows for an account (64 hex digits). */
const char *s3_canonical_id(const char *account);
/* Adds {"ID": …, "DisplayName": …} for account as member name of obj. */
void s3_add_owner(cJSON *obj, const char *name, const char *account);

#endif
