/* Whether a request without credentials may read an object: S3 lets anyone read what an ACL
 * grant to AllUsers or a bucket policy statement for every principal makes public. */
#ifndef MOTOC_S3_ANONYMOUS_ACCESS_H
#define MOTOC_S3_ANONYMOUS_ACCESS_H

#include <stdbool.h>

#include "bucket.h"
#include "object.h"

/* v is the version of key in b. */
bool anonymous_may_read(const struct bucket *b, const char *key, const struct object_version *v);

#endif
