/* The one place Secrets Manager touches KMS (kms_key.h). */
#include "kms_key.h"

#include <string.h>

int kms_key_resolve(struct call *c, const char *key_id, const char **resolved)
{
    (void)c;
    *resolved = key_id && key_id[0] ? key_id : NULL;
    return 0;
}

bool kms_key_is_default(const char *key_id)
{
    return !key_id || strcmp(key_id, SM_DEFAULT_KMS_KEY) == 0;
}
