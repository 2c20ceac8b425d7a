/* SecureString encryption through KMS: the value is encrypted with the parameter's key (the AWS
 * managed key aws/ssm when none is named) and stored as the base64 ciphertext, which is what
 * reads without decryption answer, as AWS does. */
#include "secure_string.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/call_error.h"
#include "../core/codec_util.h"
#include "../core/protocol.h"
#include "../kms/kms_keys.h"
#include "../kms/service_errors.h"

/* SSM answers a key KMS refuses with InvalidKeyId, quoting KMS's error. */
static int key_refused(struct call *c, struct proto_error *kms_error)
{
    char *quoted = kms_quoted_error(kms_error);
    call_fail(c, 400, "InvalidKeyId", "%s", quoted);
    free(quoted);
    proto_error_clear(kms_error);
    return -1;
}

int secure_string(struct call *c, enum secure_string_step step, const char *key_id,
                  const char *input, char **output)
{
    if (!key_id)
        key_id = SSM_DEFAULT_KEY_ID;
    struct proto_error kms_error = {0};
    struct buf result = BUF_INIT;
    if (step == SECURE_STRING_ENCRYPT) {
        struct buf blob = BUF_INIT;
        if (kms_encrypt_for_service(c->route->account, c->route->region, key_id, NULL, input,
                                    strlen(input), &blob, &kms_error) != 0) {
            buf_free(&blob);
            return key_refused(c, &kms_error);
        }
        base64_encode(blob.data, blob.len, &result);
        buf_free(&blob);
        *output = buf_take(&result);
        return 0;
    }
    struct buf blob = BUF_INIT;
    if (!base64_decode(input, strlen(input), &blob)) {
        buf_free(&blob);
        return call_fail(c, 400, "InvalidCiphertextException", "%s", "");
    }
    int rc = kms_decrypt_for_service(c->route->account, c->route->region, blob.data, blob.len,
                                     NULL, &result, NULL, &kms_error);
    buf_free(&blob);
    if (rc != 0) {
        buf_free(&result);
        return key_refused(c, &kms_error);
    }
    *output = xstrndup(result.data ? (const char *)result.data : "", result.len);
    buf_free(&result);
    return 0;
}
