/* The KMS key of an SSE-KMS topic, checked through the KMS service. */
#include "topic_kms.h"

#include <stdlib.h>
#include <string.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../kms/kms_keys.h"
#include "state.h"

/* SNS's own codes for KMS's refusals. */
static const char *sns_code(const char *kms_code)
{
    if (strcmp(kms_code, "NotFoundException") == 0)
        return "KMSNotFound";
    if (strcmp(kms_code, "DisabledException") == 0)
        return "KMSDisabled";
    if (strcmp(kms_code, "KMSInvalidStateException") == 0)
        return "KMSInvalidState";
    return "KMSAccessDenied";
}

int sns_check_kms_key(const struct sns_topic *t, struct proto_error *err)
{
    const char *key_id = param_string(t->attributes, "KmsMasterKeyId");
    if (!key_id || !key_id[0])
        return 0;
    struct proto_error kms_error = {0};
    char *arn = kms_key_arn(t->region->account, t->region->region, key_id, &kms_error);
    if (arn) {
        free(arn);
        return 0;
    }
    error_fail(err, 400, sns_code(kms_error.code), "%s",
               kms_error.message ? kms_error.message : "");
    proto_error_clear(&kms_error);
    return -1;
}
