/* SecureString encryption, kept in one function so that handing it to KMS changes one place.
 * Until then the ciphertext is a sealed envelope naming its key: base64 of a marker, the key id
 * and the plaintext. It is what reads without decryption answer (AWS answers the ciphertext,
 * base64), and it never shows the plaintext as it is. */
#include "secure_string.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"

#define ENVELOPE_MARKER "motoc-ssm-securestring\n"

int secure_string(struct call *c, enum secure_string_step step, const char *key_id,
                  const char *input, char **output)
{
    if (!key_id)
        key_id = SSM_DEFAULT_KEY_ID;
    struct buf out = {0};
    if (step == SECURE_STRING_ENCRYPT) {
        struct buf envelope = {0};
        buf_puts(&envelope, ENVELOPE_MARKER);
        buf_append(&envelope, key_id, strlen(key_id) + 1);
        buf_puts(&envelope, input);
        base64_encode(envelope.data, envelope.len, &out);
        buf_free(&envelope);
        *output = buf_take(&out);
        return 0;
    }
    size_t marker_len = strlen(ENVELOPE_MARKER);
    if (!base64_decode(input, strlen(input), &out) || out.len < marker_len ||
        memcmp(out.data, ENVELOPE_MARKER, marker_len) != 0 ||
        !memchr(out.data + marker_len, '\0', out.len - marker_len)) {
        buf_free(&out);
        return call_fail(c, 400, "InvalidCiphertextException",
                         "The ciphertext refers to a customer master key that does not exist, "
                         "does not exist in this region, or you are not allowed to access.");
    }
    const char *sealed_key = (const char *)out.data + marker_len;
    size_t key_len = strlen(sealed_key);
    const char *plaintext = sealed_key + key_len + 1;
    *output = xstrndup(plaintext, out.len - marker_len - key_len - 1);
    buf_free(&out);
    return 0;
}
