/* The one place Secrets Manager touches KMS (kms_key.h): the secret's key, resolved through the
 * KMS service, must be usable to store or read a value. */
#include "kms_key.h"

#include <stdlib.h>
#include <string.h>

#include "../core/call_error.h"
#include "../core/protocol.h"
#include "../kms/kms_keys.h"

int kms_key_use(struct proto_error *err, const char *account, const char *region,
                const char *key_id, enum kms_key_use use, const char **resolved)
{
    bool named = key_id && key_id[0];
    if (resolved)
        *resolved = named ? key_id : NULL;
    if (!named) {
        /* The AWS managed key, created the first time a value is stored under it; it can be
         * neither disabled nor deleted, so reads need not look. */
        if (use == KMS_KEY_ENCRYPT)
            free(kms_aws_managed_key_arn(account, region, "secretsmanager"));
        return 0;
    }
    struct proto_error kms_error = {0};
    char *arn = kms_key_arn(account, region, key_id, &kms_error);
    proto_error_clear(&kms_error);
    if (arn) {
        free(arn);
        return 0;
    }
    if (use == KMS_KEY_ENCRYPT)
        return error_fail(err, 400, "EncryptionFailure",
                          "Secrets Manager can't encrypt the protected secret text using the "
                          "provided KMS key. Check that the KMS key is available, enabled, and "
                          "not in an invalid state.");
    return error_fail(err, 400, "DecryptionFailure",
                      "Secrets Manager can't decrypt the protected secret text using the "
                      "provided KMS key. Check that the KMS key is available, enabled, and not "
                      "in an invalid state.");
}

bool kms_key_is_default(const char *key_id)
{
    return !key_id || strcmp(key_id, SM_DEFAULT_KMS_KEY) == 0;
}
