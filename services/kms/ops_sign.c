/* Signatures and MACs: Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "crypto.h"
#include "kms_call.h"
#include "ops.h"

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The signing key of a Sign or Verify call and its algorithm, or NULL after failing c. */
static struct kms_key *signing_key(struct call *c, const cJSON *in, const char **algorithm)
{
    struct kms_key *k = call_usable_key(c, in, "KeyId");
    if (!k)
        return NULL;
    if (k->usage != USAGE_SIGN_VERIFY) {
        call_fail_validation(c, "1 validation error detected: Value '%s' at 'KeyId' failed to "
                                "satisfy constraint: Member must point to a key with usage: "
                                "'SIGN_VERIFY'", param_string(in, "KeyId"));
        return NULL;
    }
    *algorithm = param_string(in, "SigningAlgorithm");
    if (key_spec_signs_with(k->spec, *algorithm))
        return k;
    const char *names[6];
    size_t n = 0;
    for (; n < 6 && k->spec->signing[n]; n++)
        names[n] = k->spec->signing[n];
    qsort(names, n, sizeof *names, compare_names);
    struct buf set = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&set, "%s'%s'", i ? ", " : "", names[i]);
    call_fail_validation(c, "1 validation error detected: Value '%s' at 'SigningAlgorithm' "
                            "failed to satisfy constraint: Member must satisfy enum value set: "
                            "[%s]", *algorithm ? *algorithm : "", set.data ? set.data : "");
    buf_free(&set);
    return NULL;
}

/* Whether the request's MessageType is DIGEST; RAW messages are at most 4096 bytes. */
static int message_is_digest(struct call *c, const cJSON *in, const struct buf *message,
                             bool *is_digest)
{
    const char *type = param_string(in, "MessageType");
    *is_digest = type && strcmp(type, "DIGEST") == 0;
    if (message->len == 0)
        return call_fail_validation(c, "1 validation error detected: Value at 'Message' failed "
                                       "to satisfy constraint: Member must have length greater "
                                       "than or equal to 1");
    return 0;
}

static int fail_digest_length(struct call *c, const char *algorithm)
{
    return call_fail_validation(c, "Digest is invalid length for algorithm %s.", algorithm);
}

OPERATION(kms_sign)
{
    const char *algorithm;
    struct kms_key *k = signing_key(c, in, &algorithm);
    if (!k)
        return -1;
    struct buf message = BUF_INIT, signature = BUF_INIT;
    param_blob(in, "Message", &message);
    bool is_digest;
    int rc = message_is_digest(c, in, &message, &is_digest);
    if (rc == 0) {
        const struct key_material *m = key_current_material(k);
        enum crypto_result signed_ = crypto_sign(m->bytes.data, m->bytes.len, algorithm,
                                                 is_digest, message.data, message.len,
                                                 &signature);
        if (signed_ == CRYPTO_BAD_DIGEST_LENGTH)
            rc = fail_digest_length(c, algorithm);
        else if (signed_ != CRYPTO_OK)
            rc = call_fail(c, 500, "KMSInternalException", "The message could not be signed.");
    }
    if (rc == 0) {
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        result_add_blob(out, "Signature", signature.data, signature.len);
        cJSON_AddStringToObject(out, "SigningAlgorithm", algorithm);
        call_note_key_use(c, k);
    }
    buf_wipe_free(&message);
    buf_free(&signature);
    return rc;
}

OPERATION(kms_verify)
{
    const char *algorithm;
    struct kms_key *k = signing_key(c, in, &algorithm);
    if (!k)
        return -1;
    struct buf message = BUF_INIT, signature = BUF_INIT;
    param_blob(in, "Message", &message);
    param_blob(in, "Signature", &signature);
    bool is_digest;
    int rc = message_is_digest(c, in, &message, &is_digest);
    if (rc == 0 && signature.len == 0)
        rc = call_fail_validation(c, "1 validation error detected: Value at 'Signature' failed "
                                     "to satisfy constraint: Member must have length greater "
                                     "than or equal to 1");
    if (rc == 0) {
        const struct key_material *m = key_current_material(k);
        enum crypto_result verified =
            crypto_verify(m->bytes.data, m->bytes.len, algorithm, is_digest, message.data,
                          message.len, signature.data, signature.len);
        if (verified == CRYPTO_BAD_DIGEST_LENGTH)
            rc = fail_digest_length(c, algorithm);
        else if (verified != CRYPTO_OK)
            rc = call_fail(c, 400, "KMSInvalidSignatureException", "%s", "");
    }
    if (rc == 0) {
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddBoolToObject(out, "SignatureValid", true);
        cJSON_AddStringToObject(out, "SigningAlgorithm", algorithm);
        call_note_key_use(c, k);
    }
    buf_wipe_free(&message);
    buf_free(&signature);
    return rc;
}

static bool asymmetric(const struct kms_key *k)
{
    return k->spec->kind == KEY_KIND_RSA || k->spec->kind == KEY_KIND_EC ||
           k->spec->kind == KEY_KIND_ED25519;
}

OPERATION(kms_get_public_key)
{
    struct kms_key *k = call_usable_key(c, in, "KeyId");
    if (!k)
        return -1;
    if (!asymmetric(k))
        return call_fail(c, 400, "UnsupportedOperationException",
                         "%s key spec %s does not have a public key.", k->arn, k->spec->name);
    const struct key_material *m = key_current_material(k);
    struct buf der = BUF_INIT;
    if (!m || !crypto_public_key(m->bytes.data, m->bytes.len, &der))
        return call_fail(c, 500, "KMSInternalException", "The public key could not be read.");
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    result_add_blob(out, "PublicKey", der.data, der.len);
    buf_free(&der);
    cJSON_AddStringToObject(out, "CustomerMasterKeySpec", k->spec->name);
    cJSON_AddStringToObject(out, "KeySpec", k->spec->name);
    cJSON_AddStringToObject(out, "KeyUsage", key_usage_name(k->usage));
    cJSON *list = key_spec_encryption_algorithms(k->spec, k->usage);
    if (list)
        cJSON_AddItemToObject(out, "EncryptionAlgorithms", list);
    if ((list = key_spec_signing_algorithms(k->spec, k->usage)))
        cJSON_AddItemToObject(out, "SigningAlgorithms", list);
    if ((list = key_spec_key_agreement_algorithms(k->spec, k->usage)))
        cJSON_AddItemToObject(out, "KeyAgreementAlgorithms", list);
    return 0;
}

/* The HMAC key of a GenerateMac or VerifyMac call, or NULL after failing c. */
static struct kms_key *mac_key(struct call *c, const cJSON *in, const char *operation)
{
    struct kms_key *k = call_usable_key(c, in, "KeyId");
    if (!k || key_check_usage(k, USAGE_GENERATE_VERIFY_MAC, operation, c->err) != 0)
        return NULL;
    const char *algorithm = param_string(in, "MacAlgorithm");
    if (!algorithm || strcmp(algorithm, k->spec->mac) != 0) {
        call_fail(c, 400, "InvalidKeyUsageException",
                  "Algorithm %s is incompatible with key spec %s.", algorithm ? algorithm : "",
                  k->spec->name);
        return NULL;
    }
    return k;
}

static int compute_mac(struct call *c, const struct kms_key *k, const cJSON *in, struct buf *mac)
{
    struct buf message = BUF_INIT;
    param_blob(in, "Message", &message);
    const struct key_material *m = key_current_material(k);
    enum crypto_result rc = crypto_hmac(m->bytes.data, m->bytes.len, k->spec->mac,
                                        message.data ? message.data : "", message.len, mac);
    buf_wipe_free(&message);
    if (rc != CRYPTO_OK)
        return call_fail(c, 500, "KMSInternalException", "The MAC could not be computed.");
    return 0;
}

OPERATION(kms_generate_mac)
{
    struct kms_key *k = mac_key(c, in, "GenerateMac");
    if (!k)
        return -1;
    struct buf mac = BUF_INIT;
    if (compute_mac(c, k, in, &mac) != 0)
        return -1;
    result_add_blob(out, "Mac", mac.data, mac.len);
    cJSON_AddStringToObject(out, "MacAlgorithm", k->spec->mac);
    cJSON_AddStringToObject(out, "KeyId", k->arn);
    call_note_key_use(c, k);
    buf_free(&mac);
    return 0;
}

OPERATION(kms_verify_mac)
{
    struct kms_key *k = mac_key(c, in, "VerifyMac");
    if (!k)
        return -1;
    struct buf mac = BUF_INIT, given = BUF_INIT;
    int rc = compute_mac(c, k, in, &mac);
    param_blob(in, "Mac", &given);
    if (rc == 0 && (mac.len != given.len || CRYPTO_memcmp(mac.data, given.data, mac.len) != 0))
        rc = call_fail(c, 400, "KMSInvalidMacException", "%s", "");
    if (rc == 0) {
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        cJSON_AddBoolToObject(out, "MacValid", true);
        cJSON_AddStringToObject(out, "MacAlgorithm", k->spec->mac);
        call_note_key_use(c, k);
    }
    buf_free(&mac);
    buf_free(&given);
    return rc;
}

OPERATION(kms_derive_shared_secret)
{
    struct kms_key *k = call_usable_key(c, in, "KeyId");
    if (!k || key_check_usage(k, USAGE_KEY_AGREEMENT, "DeriveSharedSecret", c->err) != 0)
        return -1;
    struct buf peer = BUF_INIT, secret = BUF_INIT;
    param_blob(in, "PublicKey", &peer);
    const struct key_material *m = key_current_material(k);
    int rc = 0;
    if (crypto_ecdh(m->bytes.data, m->bytes.len, peer.data, peer.len, &secret) != CRYPTO_OK)
        rc = call_fail_validation(c, "The public key is not a valid %s public key.",
                                  k->spec->name);
    if (rc == 0) {
        cJSON_AddStringToObject(out, "KeyId", k->arn);
        result_add_blob(out, "SharedSecret", secret.data, secret.len);
        cJSON_AddStringToObject(out, "KeyAgreementAlgorithm", "ECDH");
        cJSON_AddStringToObject(out, "KeyOrigin", k->external ? "EXTERNAL" : "AWS_KMS");
        call_note_key_use(c, k);
    }
    buf_free(&peer);
    buf_wipe_free(&secret);
    return rc;
}
