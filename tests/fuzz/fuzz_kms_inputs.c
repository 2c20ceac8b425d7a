/* Fuzzes what KMS reads from callers beyond the protocol codecs: key policy texts (the explicit
 * denials evaluated for every call on a key) and ciphertext blobs (the header naming key and
 * material version, then AES-GCM). Input: "<policy>\n---\n<blob bytes>". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/kms/ciphertext.h"
#include "../../services/kms/crypto.h"
#include "../../services/kms/key_policy.h"

static struct kms_key *fuzz_key(void)
{
    static struct kms_key *k;
    if (!k) {
        k = key_new("123456789012", "us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab",
                    key_spec_find("SYMMETRIC_DEFAULT"), USAGE_ENCRYPT_DECRYPT);
        struct buf material = BUF_INIT;
        buf_append(&material, "0123456789abcdef0123456789abcdef", SYMMETRIC_KEY_BYTES);
        key_add_material(k, &material, 0);
    }
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *blob = "";
    size_t blob_len = 0;
    char *separator = memmem(text, size, "\n---\n", 5);
    if (separator) {
        *separator = '\0';
        blob = separator + 5;
        blob_len = size - (size_t)(blob - text);
    }
    const char *arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    key_policy_denies(text, "kms:DescribeKey", arn, "123456789012");
    key_policy_denies(text, "kms:Decrypt", arn, "111122223333");
    char id[40];
    if (ciphertext_key_id(blob, blob_len, id)) {
        struct buf plaintext = BUF_INIT;
        ciphertext_open(fuzz_key(), NULL, blob, blob_len, &plaintext);
        buf_free(&plaintext);
    }
    free(text);
    return 0;
}
