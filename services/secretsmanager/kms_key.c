/* The one place Secrets Manager touches KMS (kms_key.h). */
#include "kms_key.h"

#include <string.h>

int kms_key_use(struct proto_error *err, const char *account, const char *region,
                const char *key_id, enum kms_key_use use, const char **resolved)
{
    (void)err;
    (void)account;
    (void)region;
    (void)use;
    if (resolved)
        *resolved = key_id && key_id[0] ? key_id : NULL;
    return 0;
}

bool kms_key_is_default(const char *key_id)
{
    return !key_id || strcmp(key_id, SM_DEFAULT_KMS_KEY) == 0;
}
