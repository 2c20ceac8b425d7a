/* SSE-KMS keys of S3 objects, resolved through the KMS service. */
#include "sse_kms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/protocol.h"
#include "../kms/kms_keys.h"
#include "../kms/service_errors.h"

int s3_sse_kms_check(struct call *c, const struct bucket *b, const char *key_id)
{
    if (!key_id)
        return 0; /* the AWS managed key is created when first needed */
    struct proto_error err = {0};
    char *arn = kms_key_arn(b->account, b->region, key_id, &err);
    if (arn) {
        free(arn);
        return 0;
    }
    kms_pass_on_error(&err, c->err);
    proto_error_clear(&err);
    return -1;
}

char *s3_sse_kms_key_arn(const struct bucket *b, const char *key_id)
{
    if (!key_id)
        return kms_aws_managed_key_arn(b->account, b->region, "s3");
    struct proto_error err = {0};
    char *arn = kms_key_arn(b->account, b->region, key_id, &err);
    proto_error_clear(&err);
    if (arn)
        return arn;
    if (strncmp(key_id, "arn:", 4) == 0 || strncmp(key_id, "alias/", 6) == 0)
        return strdup(key_id);
    return arn_build("kms", b->region, b->account, "key/%s", key_id);
}
