/* S3's use of KMS for SSE-KMS objects: the key a write names (or the bucket's default key, or the
 * AWS managed key aws/s3 when none is named) must be usable, S3 reports it by its ARN, and
 * reading an object needs its key usable again. KMS's refusals come back as S3's KMS.<code>
 * errors. */
#ifndef MOTOC_S3_SSE_KMS_H
#define MOTOC_S3_SSE_KMS_H

#include "../core/backend.h"
#include "bucket.h"

/* Whether key_id (NULL: aws/s3) names a usable key in the bucket's account and region; -1 after
 * failing the call with KMS's refusal (400 KMS.NotFoundException, KMS.DisabledException…). */
int s3_sse_kms_check(struct call *c, const struct bucket *b, const char *key_id);

/* The ARN S3 reports for key_id (NULL: aws/s3, created on first use). A key that cannot be
 * found keeps the name given, made an ARN when it is a bare id. Owned by the caller. */
char *s3_sse_kms_key_arn(const struct bucket *b, const char *key_id);

#endif
