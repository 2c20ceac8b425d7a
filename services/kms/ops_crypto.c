/* Encryption: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
 * GenerateDataKeyPair(WithoutPlaintext), GenerateRandom. Symmetric keys seal ciphertext blobs
 * (ciphertext.h); RSA keys encrypt with OAEP. */
#include <string.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "ciphertext.h"
#include "crypto.h"
#include "kms_call.h"
#include "ops.h"
#include "state.h"

static int fail_invalid_ciphertext(struct call *c)
{
    return call_fail(c, 400, "InvalidCiphertextException", "%s", "");
}

/* The algorithm a request names for k (SYMMETRIC_DEFAULT when it names none), or NULL after
 * failing c when k cannot use it. */
static const char *encryption_algorithm(struct call *c, const struct kms_key *k,
                                        const cJSON *in, const char *member)
{
    const char *algorithm = param_string(in, member);
    if (!algorithm)
        algorithm = "SYMMETRIC_DEFAULT";
    bool fits = k->spec->kind == KEY_KIND_SYMMETRIC ? strcmp(algorithm, "SYMMETRIC_DEFAULT") == 0
                                                    : key_spec_encrypts_with(k->spec, algorithm);
    if (!fits) {
        call_fail(c, 400, "InvalidKeyUsageException",
                  "Algorithm %s is incompatible with key spec %s.", algorithm, k->spec->name);
        return NULL;
    }
    return algorithm;
}

/* Encrypts with k: a blob for symmetric keys, OAEP for RSA. 0 or -1 after failing c. */
static int encrypt_with(struct call *c, const struct kms_key *k, const char *algorithm,
                        const cJSON *context, const void *plaintext, size_t len,
                        struct buf *blob)
{
    enum crypto_result rc;
    if (k->spec->kind == KEY_KIND_SYMMETRIC) {
        rc = ciphertext_seal(k, context, plaintext, len, blob);
    } else {
        const struct key_material *m = key_current_material(k);
        rc = crypto_rsa_encrypt(m->bytes.data, m->bytes.len, algorithm, plaintext, len, blob);
        if (rc != CRYPTO_OK)
            return call_fail_validation(
                c, "Plaintext is too long for %s with a %s key.", algorithm, k->spec->name);
    }
    if (rc != CRYPTO_OK)
        return call_fail(c, 500, "KMSInternalException", "The data could not be encrypted.");
    return 0;
}

static struct kms_key *encryption_key(struct call *c, const cJSON *in, const char *member,
                                      const char *operation)
{
    struct kms_key *k = call_usable_key(c, in, member);
    if (k && key_check_usage(k, USAGE_ENCRYPT_DECRYPT, operation, c->err) != 0)
        return NULL;
    return k;
}

OPERATION(kms_encrypt)
{
    struct kms_key *k = encryption_key(c, in, "KeyId", "Encrypt");
    if (!k)
        return -1;
    const char *algorithm = encryption_algorithm(c, k, in, "EncryptionAlgorithm");
    if (!algorithm)
        return -1;
    struct buf plaintext = BUF_INIT, blob = BUF_INIT;
    param_blob(in, "Plaintext", &plaintext);
    int rc = encrypt_with(c, k, algorithm,
                          cJSON_GetObjectItemCaseSensitive(in, "EncryptionContext"),
                          plaintext.data, plaintext.len, &blob);
    if (rc == 0) {
        result_add_blob(out, "CiphertextBlob", blob.data, blob.len);
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddStringToObject(out, "EncryptionAlgorithm", algorithm);
        call_note_key_use(c, k);
    }
    buf_wipe_free(&plaintext);
    buf_free(&blob);
    return rc;
}

/* Decrypts blob: with the key it names (a symmetric blob) or the one the request names (RSA).
 * *key gets the key used. 0 or -1 after failing c. */
static int decrypt_blob(struct call *c, const cJSON *in, const char *key_member,
                        const char *context_member, const char *algorithm_member,
                        const struct buf *blob, struct buf *plaintext, struct kms_key **key,
                        const char **algorithm)
{
    kms_region_expire(c->route->account, c->route->region, kms_now());
    struct kms_key *named = NULL;
    if (param_string(in, key_member)) {
        named = call_key(c, in, key_member, KEY_ID_ARN_OR_ALIAS);
        if (!named)
            return -1;
    }
    struct kms_key *k = named;
    char id[40];
    if (!named || named->spec->kind == KEY_KIND_SYMMETRIC) {
        if (!ciphertext_key_id(blob->data, blob->len, id))
            return fail_invalid_ciphertext(c);
        if (named && strcmp(named->id, id) != 0)
            return call_fail(c, 400, "IncorrectKeyException",
                             "The key ID in the request does not identify a CMK that can perform "
                             "this operation.");
        if (!named && !(k = kms_key_find(c->route->account, c->route->region, id)))
            return call_fail(c, 400, "AccessDeniedException",
                             "The ciphertext refers to a customer master key that does not "
                             "exist, does not exist in this region, or you are not allowed to "
                             "access.");
    }
    if (key_check_usable(k, c->err) != 0 ||
        key_check_usage(k, USAGE_ENCRYPT_DECRYPT, "Decrypt", c->err) != 0)
        return -1;
    *algorithm = encryption_algorithm(c, k, in, algorithm_member);
    if (!*algorithm)
        return -1;
    enum crypto_result rc;
    if (k->spec->kind == KEY_KIND_SYMMETRIC) {
        rc = ciphertext_open(k, cJSON_GetObjectItemCaseSensitive(in, context_member), blob->data,
                             blob->len, plaintext);
    } else {
        const struct key_material *m = key_current_material(k);
        rc = crypto_rsa_decrypt(m->bytes.data, m->bytes.len, *algorithm, blob->data, blob->len,
                                plaintext);
    }
    if (rc != CRYPTO_OK)
        return fail_invalid_ciphertext(c);
    *key = k;
    return 0;
}

OPERATION(kms_decrypt)
{
    struct buf blob = BUF_INIT, plaintext = BUF_INIT;
    param_blob(in, "CiphertextBlob", &blob);
    struct kms_key *k = NULL;
    const char *algorithm = NULL;
    int rc = decrypt_blob(c, in, "KeyId", "EncryptionContext", "EncryptionAlgorithm", &blob,
                          &plaintext, &k, &algorithm);
    if (rc == 0) {
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        result_add_blob(out, "Plaintext", plaintext.data, plaintext.len);
        cJSON_AddStringToObject(out, "EncryptionAlgorithm", algorithm);
        call_note_key_use(c, k);
    }
    buf_free(&blob);
    buf_wipe_free(&plaintext);
    return rc;
}

OPERATION(kms_re_encrypt)
{
    struct buf blob = BUF_INIT, plaintext = BUF_INIT, sealed = BUF_INIT;
    param_blob(in, "CiphertextBlob", &blob);
    struct kms_key *source = NULL;
    const char *source_algorithm = NULL, *algorithm = NULL;
    int rc = decrypt_blob(c, in, "SourceKeyId", "SourceEncryptionContext",
                          "SourceEncryptionAlgorithm", &blob, &plaintext, &source,
                          &source_algorithm);
    struct kms_key *k = rc == 0 ? encryption_key(c, in, "DestinationKeyId", "ReEncrypt") : NULL;
    if (k)
        algorithm = encryption_algorithm(c, k, in, "DestinationEncryptionAlgorithm");
    const cJSON *context = cJSON_GetObjectItemCaseSensitive(in, "DestinationEncryptionContext");
    rc = algorithm ? encrypt_with(c, k, algorithm, context, plaintext.data, plaintext.len, &sealed)
                   : -1;
    if (rc == 0) {
        result_add_blob(out, "CiphertextBlob", sealed.data, sealed.len);
        cJSON_AddStringToObject(out, "SourceKeyId", source->arn);
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddStringToObject(out, "SourceEncryptionAlgorithm", source_algorithm);
        cJSON_AddStringToObject(out, "DestinationEncryptionAlgorithm", algorithm);
        call_note_key_use(c, source);
        call_note_key_use(c, k);
    }
    buf_free(&blob);
    buf_wipe_free(&plaintext);
    buf_free(&sealed);
    return rc;
}

/* The data key size a request asks for: NumberOfBytes (1-1024) or KeySpec, exactly one. */
static long data_key_bytes(struct call *c, const cJSON *in)
{
    const char *spec = param_string(in, "KeySpec");
    bool has_bytes = cJSON_GetObjectItemCaseSensitive(in, "NumberOfBytes") != NULL;
    if ((spec != NULL) == has_bytes)
        return call_fail_validation(c, "Please specify either number of bytes or key spec.");
    if (spec)
        return strcmp(spec, "AES_128") == 0 ? 16 : 32;
    long long n = param_int(in, "NumberOfBytes", 0);
    if (n < 1 || n > 1024)
        return call_fail_validation(c, "1 validation error detected: Value '%lld' at "
                                       "'numberOfBytes' failed to satisfy constraint: Member must "
                                       "have value %s", n,
                                    n < 1 ? "greater than or equal to 1"
                                          : "less than or equal to 1024");
    return (long)n;
}

static struct kms_key *symmetric_key(struct call *c, const cJSON *in, const char *operation)
{
    struct kms_key *k = encryption_key(c, in, "KeyId", operation);
    if (k && k->spec->kind != KEY_KIND_SYMMETRIC) {
        call_fail(c, 400, "InvalidKeyUsageException",
                  "%s key spec is %s which is not valid for %s.", k->arn, k->spec->name,
                  operation);
        return NULL;
    }
    return k;
}

static int generate_data_key(struct call *c, const cJSON *in, cJSON *out, bool with_plaintext)
{
    const char *operation = with_plaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext";
    struct kms_key *k = symmetric_key(c, in, operation);
    if (!k)
        return -1;
    long n = data_key_bytes(c, in);
    if (n < 0)
        return -1;
    struct buf data_key = BUF_INIT, blob = BUF_INIT;
    int rc = crypto_random((size_t)n, &data_key) ? 0 : -1;
    if (rc == 0)
        rc = encrypt_with(c, k, "SYMMETRIC_DEFAULT",
                          cJSON_GetObjectItemCaseSensitive(in, "EncryptionContext"),
                          data_key.data, data_key.len, &blob);
    else
        call_fail(c, 500, "KMSInternalException", "No random bytes.");
    if (rc == 0) {
        result_add_blob(out, "CiphertextBlob", blob.data, blob.len);
        if (with_plaintext)
            result_add_blob(out, "Plaintext", data_key.data, data_key.len);
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        call_note_key_use(c, k);
    }
    buf_wipe_free(&data_key);
    buf_free(&blob);
    return rc;
}

OPERATION(kms_generate_data_key)
{
    return generate_data_key(c, in, out, true);
}

OPERATION(kms_generate_data_key_without_plaintext)
{
    return generate_data_key(c, in, out, false);
}

static int generate_data_key_pair(struct call *c, const cJSON *in, cJSON *out,
                                  bool with_plaintext)
{
    const char *operation =
        with_plaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
    struct kms_key *k = symmetric_key(c, in, operation);
    if (!k)
        return -1;
    const char *pair_spec = param_string(in, "KeyPairSpec");
    const struct key_spec *spec = key_spec_find(pair_spec);
    if (!spec || spec->kind == KEY_KIND_SYMMETRIC || spec->kind == KEY_KIND_HMAC)
        return call_fail(c, 400, "UnsupportedOperationException",
                         "KeyPairSpec %s is not supported in this region.",
                         pair_spec ? pair_spec : "");
    struct buf private_key = BUF_INIT, public_key = BUF_INIT, blob = BUF_INIT;
    int rc = -1;
    if (!crypto_generate_material(spec, &private_key) ||
        !crypto_public_key(private_key.data, private_key.len, &public_key))
        call_fail(c, 500, "KMSInternalException", "The key pair could not be made.");
    else
        rc = encrypt_with(c, k, "SYMMETRIC_DEFAULT",
                          cJSON_GetObjectItemCaseSensitive(in, "EncryptionContext"),
                          private_key.data, private_key.len, &blob);
    if (rc == 0) {
        result_add_blob(out, "PrivateKeyCiphertextBlob", blob.data, blob.len);
        if (with_plaintext)
            result_add_blob(out, "PrivateKeyPlaintext", private_key.data, private_key.len);
        result_add_blob(out, "PublicKey", public_key.data, public_key.len);
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddStringToObject(out, "KeyPairSpec", spec->name);
        call_note_key_use(c, k);
    }
    buf_wipe_free(&private_key);
    buf_free(&public_key);
    buf_free(&blob);
    return rc;
}

OPERATION(kms_generate_data_key_pair)
{
    return generate_data_key_pair(c, in, out, true);
}

OPERATION(kms_generate_data_key_pair_without_plaintext)
{
    return generate_data_key_pair(c, in, out, false);
}

OPERATION(kms_generate_random)
{
    long long n = param_int(in, "NumberOfBytes", 0);
    if (n < 1 || n > 1024)
        return call_fail_validation(c, "1 validation error detected: Value '%lld' at "
                                       "'numberOfBytes' failed to satisfy constraint: Member must "
                                       "have value %s", n,
                                    n < 1 ? "greater than or equal to 1"
                                          : "less than or equal to 1024");
    struct buf bytes = BUF_INIT;
    if (!crypto_random((size_t)n, &bytes))
        return call_fail(c, 500, "KMSInternalException", "No random bytes.");
    result_add_blob(out, "Plaintext", bytes.data, bytes.len);
    buf_wipe_free(&bytes);
    return 0;
}
