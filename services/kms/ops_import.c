/* Imported key material: GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial.
 * The material arrives wrapped with an RSA key motoc made for the import (OAEP, or OAEP around
 * an AES key that wraps the material); it must be the same material when imported again. */
#include <string.h>

#include <openssl/crypto.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "crypto.h"
#include "kms_call.h"
#include "ops.h"

#define IMPORT_PARAMETERS_SECONDS (24 * 3600.0)

static struct kms_key *external_key(struct call *c, const cJSON *in)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return NULL;
    if (!k->external) {
        call_fail(c, 400, "UnsupportedOperationException",
                  "%s origin is AWS_KMS which is not valid for this operation.", k->arn);
        return NULL;
    }
    if (k->state == KEY_PENDING_DELETION) {
        key_fail_state(k, c->err);
        return NULL;
    }
    return k;
}

OPERATION(kms_get_parameters_for_import)
{
    struct kms_key *k = external_key(c, in);
    if (!k)
        return -1;
    const char *algorithm = param_string(in, "WrappingAlgorithm");
    const struct key_spec *wrapping = key_spec_find(param_string(in, "WrappingKeySpec"));
    if (!algorithm || strcmp(algorithm, "SM2PKE") == 0 || !wrapping ||
        wrapping->kind != KEY_KIND_RSA)
        return call_fail(c, 400, "UnsupportedOperationException",
                         "The wrapping algorithm or key spec is not supported in this region.");
    buf_wipe_free(&k->import_wrapping_key);
    buf_free(&k->import_token);
    struct buf public_key = BUF_INIT;
    if (!crypto_generate_material(wrapping, &k->import_wrapping_key) ||
        !crypto_public_key(k->import_wrapping_key.data, k->import_wrapping_key.len,
                           &public_key) ||
        !crypto_random(256, &k->import_token)) {
        buf_free(&public_key);
        return call_fail(c, 500, "KMSInternalException", "The wrapping key could not be made.");
    }
    snprintf(k->import_algorithm, sizeof k->import_algorithm, "%s", algorithm);
    k->import_parameters_valid_to = kms_now() + IMPORT_PARAMETERS_SECONDS;
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    result_add_blob(out, "ImportToken", k->import_token.data, k->import_token.len);
    result_add_blob(out, "PublicKey", public_key.data, public_key.len);
    result_add_timestamp(out, "ParametersValidTo", k->import_parameters_valid_to);
    buf_free(&public_key);
    return 0;
}

/* The material inside the wrapping: RSA_AES_KEY_WRAP_* puts an OAEP-encrypted AES key (as long
 * as the RSA modulus) before the AES-KWP-wrapped material. */
static enum crypto_result unwrap_material(const struct kms_key *k, const struct buf *wrapped,
                                          struct buf *material)
{
    const struct buf *key = &k->import_wrapping_key;
    if (strncmp(k->import_algorithm, "RSA_AES_KEY_WRAP_", 17) != 0)
        return crypto_rsa_decrypt(key->data, key->len, k->import_algorithm, wrapped->data,
                                  wrapped->len, material);
    size_t rsa_bytes = crypto_key_size(key->data, key->len);
    if (rsa_bytes == 0 || wrapped->len <= rsa_bytes)
        return CRYPTO_INVALID;
    struct buf aes_key = BUF_INIT;
    enum crypto_result rc = crypto_rsa_decrypt(key->data, key->len, k->import_algorithm,
                                               wrapped->data, rsa_bytes, &aes_key);
    if (rc == CRYPTO_OK)
        rc = crypto_aes_key_unwrap(aes_key.data, aes_key.len, wrapped->data + rsa_bytes,
                                   wrapped->len - rsa_bytes, material);
    buf_wipe_free(&aes_key);
    return rc;
}

static bool material_fits(const struct kms_key *k, const struct buf *material)
{
    switch (k->spec->kind) {
    case KEY_KIND_SYMMETRIC:
        return material->len == SYMMETRIC_KEY_BYTES;
    case KEY_KIND_HMAC: /* at least the digest size, at most the hash's block size */
        return material->len >= (size_t)k->spec->bits / 8 &&
               material->len <= (k->spec->bits <= 256 ? 64u : 128u);
    default:
        return crypto_private_key_fits(material->data, material->len, k->spec);
    }
}

OPERATION(kms_import_key_material)
{
    struct kms_key *k = external_key(c, in);
    if (!k)
        return -1;
    struct buf token = BUF_INIT, wrapped = BUF_INIT, material = BUF_INIT;
    param_blob(in, "ImportToken", &token);
    param_blob(in, "EncryptedKeyMaterial", &wrapped);
    bool token_matches = k->import_token.len > 0 && token.len == k->import_token.len &&
                         CRYPTO_memcmp(token.data, k->import_token.data, token.len) == 0;
    buf_free(&token);
    int rc = 0;
    const char *model = param_string(in, "ExpirationModel");
    bool expires = !model || strcmp(model, "KEY_MATERIAL_EXPIRES") == 0;
    double valid_to = param_number(in, "ValidTo", 0);
    if (!token_matches)
        rc = call_fail(c, 400, "InvalidImportTokenException",
                       "The import token is not the one GetParametersForImport gave for this key.");
    else if (kms_now() > k->import_parameters_valid_to)
        rc = call_fail(c, 400, "ExpiredImportTokenException", "The import token has expired.");
    else if (expires && valid_to <= 0)
        rc = call_fail_validation(c, "A ValidTo date is required when ExpirationModel is "
                                     "KEY_MATERIAL_EXPIRES.");
    else if (!expires && valid_to > 0)
        rc = call_fail_validation(c, "ValidTo cannot be given when ExpirationModel is "
                                     "KEY_MATERIAL_DOES_NOT_EXPIRE.");
    else if (unwrap_material(k, &wrapped, &material) != CRYPTO_OK)
        rc = call_fail(c, 400, "InvalidCiphertextException", "%s", "");
    else if (!material_fits(k, &material))
        rc = call_fail(c, 400, "IncorrectKeyMaterialException",
                       "The key material is not valid for a %s key.", k->spec->name);
    const struct key_material *current = key_current_material(k);
    if (rc == 0 && current &&
        (current->bytes.len != material.len ||
         CRYPTO_memcmp(current->bytes.data, material.data, material.len) != 0))
        rc = call_fail(c, 400, "IncorrectKeyMaterialException",
                       "The key material does not match the material previously imported into "
                       "this key.");
    if (rc == 0) {
        if (!current)
            current = key_add_material(k, &material, kms_now());
        k->valid_to = expires ? valid_to : 0;
        if (k->state == KEY_PENDING_IMPORT)
            k->state = KEY_ENABLED;
        buf_wipe_free(&k->import_wrapping_key);
        buf_free(&k->import_token);
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddStringToObject(out, "KeyMaterialId", current->id);
    }
    buf_free(&wrapped);
    buf_wipe_free(&material);
    return rc;
}

/* The material stays behind the key's PendingImport state, out of reach, so that the same
 * material imported again opens the ciphertexts it sealed before. */
OPERATION(kms_delete_imported_key_material)
{
    struct kms_key *k = external_key(c, in);
    if (!k)
        return -1;
    const struct key_material *current = key_current_material(k);
    k->state = KEY_PENDING_IMPORT;
    k->valid_to = 0;
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    if (current)
        cJSON_AddStringToObject(out, "KeyMaterialId", current->id);
    return 0;
}
