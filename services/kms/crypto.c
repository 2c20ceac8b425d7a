/* KMS cryptography on OpenSSL 3: key generation, signatures, RSA OAEP, HMAC, AES-GCM, key
 * unwrapping and ECDH. Secrets are wiped from temporary buffers before they are freed. */
#include "crypto.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

bool crypto_random(size_t n, struct buf *out)
{
    buf_reserve(out, n);
    if (n > 0 && RAND_bytes((unsigned char *)out->data + out->len, (int)n) != 1)
        return false;
    out->len += n;
    out->data[out->len] = '\0';
    return true;
}

static EVP_PKEY *private_key_read(const void *der, size_t len)
{
    const unsigned char *p = der;
    return d2i_AutoPrivateKey(NULL, &p, (long)len);
}

static bool private_key_write(EVP_PKEY *key, struct buf *out)
{
    PKCS8_PRIV_KEY_INFO *info = EVP_PKEY2PKCS8(key);
    if (!info)
        return false;
    int len = i2d_PKCS8_PRIV_KEY_INFO(info, NULL);
    bool ok = false;
    if (len > 0) {
        buf_reserve(out, (size_t)len);
        unsigned char *p = (unsigned char *)out->data + out->len;
        if (i2d_PKCS8_PRIV_KEY_INFO(info, &p) == len) {
            out->len += (size_t)len;
            out->data[out->len] = '\0';
            ok = true;
        }
    }
    PKCS8_PRIV_KEY_INFO_free(info);
    return ok;
}

static EVP_PKEY *generate_private_key(const struct key_spec *spec)
{
    switch (spec->kind) {
    case KEY_KIND_RSA:
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)spec->bits);
    case KEY_KIND_EC:
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", spec->curve);
    case KEY_KIND_ED25519:
        return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    default:
        return NULL;
    }
}

bool crypto_generate_material(const struct key_spec *spec, struct buf *out)
{
    if (spec->kind == KEY_KIND_SYMMETRIC)
        return crypto_random(SYMMETRIC_KEY_BYTES, out);
    if (spec->kind == KEY_KIND_HMAC)
        return crypto_random((size_t)spec->bits / 8, out);
    EVP_PKEY *key = generate_private_key(spec);
    if (!key)
        return false;
    bool ok = private_key_write(key, out);
    EVP_PKEY_free(key);
    return ok;
}

static bool public_key_write(EVP_PKEY *key, struct buf *out)
{
    int len = i2d_PUBKEY(key, NULL);
    if (len <= 0)
        return false;
    buf_reserve(out, (size_t)len);
    unsigned char *p = (unsigned char *)out->data + out->len;
    if (i2d_PUBKEY(key, &p) != len)
        return false;
    out->len += (size_t)len;
    out->data[out->len] = '\0';
    return true;
}

bool crypto_public_key(const void *private_der, size_t len, struct buf *out)
{
    EVP_PKEY *key = private_key_read(private_der, len);
    if (!key)
        return false;
    bool ok = public_key_write(key, out);
    EVP_PKEY_free(key);
    return ok;
}

size_t crypto_key_size(const void *private_der, size_t len)
{
    EVP_PKEY *key = private_key_read(private_der, len);
    int size = key ? EVP_PKEY_get_size(key) : 0;
    EVP_PKEY_free(key);
    return size > 0 ? (size_t)size : 0;
}

bool crypto_private_key_fits(const void *der, size_t len, const struct key_spec *spec)
{
    EVP_PKEY *key = private_key_read(der, len);
    if (!key)
        return false;
    bool fits = false;
    switch (spec->kind) {
    case KEY_KIND_RSA:
        fits = EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) == spec->bits;
        break;
    case KEY_KIND_EC: {
        char group[64] = "";
        size_t group_len = 0;
        fits = EVP_PKEY_is_a(key, "EC") &&
               EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                              sizeof group, &group_len) == 1 &&
               strcmp(group, spec->curve) == 0;
        break;
    }
    case KEY_KIND_ED25519:
        fits = EVP_PKEY_is_a(key, "ED25519");
        break;
    default:
        break;
    }
    EVP_PKEY_free(key);
    return fits;
}

/* ---- signatures ---- */

struct signing_scheme {
    const EVP_MD *md; /* NULL for Ed25519, which hashes inside */
    int padding;      /* RSA padding, 0 for other keys */
};

static bool signing_scheme(const char *algorithm, struct signing_scheme *s)
{
    memset(s, 0, sizeof *s);
    const char *bits = strrchr(algorithm, '_');
    if (strcmp(algorithm, "ED25519_SHA_512") == 0)
        return true;
    if (!bits)
        return false;
    if (strcmp(bits, "_256") == 0)
        s->md = EVP_sha256();
    else if (strcmp(bits, "_384") == 0)
        s->md = EVP_sha384();
    else if (strcmp(bits, "_512") == 0)
        s->md = EVP_sha512();
    else
        return false;
    if (strncmp(algorithm, "RSASSA_PSS_", 11) == 0)
        s->padding = RSA_PKCS1_PSS_PADDING;
    else if (strncmp(algorithm, "RSASSA_PKCS1_V1_5_", 18) == 0)
        s->padding = RSA_PKCS1_PADDING;
    else if (strncmp(algorithm, "ECDSA_", 6) != 0)
        return false;
    return true;
}

/* KMS's PSS signatures use a salt as long as the digest. */
static bool configure_padding(EVP_PKEY_CTX *ctx, const struct signing_scheme *s)
{
    if (!s->padding)
        return true;
    if (EVP_PKEY_CTX_set_rsa_padding(ctx, s->padding) <= 0)
        return false;
    return s->padding != RSA_PKCS1_PSS_PADDING ||
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0;
}

static enum crypto_result sign_digest(EVP_PKEY *key, const struct signing_scheme *s,
                                      const void *digest, size_t len, struct buf *signature)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    enum crypto_result rc = CRYPTO_FAILED;
    size_t sig_len = 0;
    if (ctx && EVP_PKEY_sign_init(ctx) > 0 && EVP_PKEY_CTX_set_signature_md(ctx, s->md) > 0 &&
        configure_padding(ctx, s) && EVP_PKEY_sign(ctx, NULL, &sig_len, digest, len) > 0) {
        buf_reserve(signature, sig_len);
        if (EVP_PKEY_sign(ctx, (unsigned char *)signature->data + signature->len, &sig_len,
                          digest, len) > 0) {
            signature->len += sig_len;
            signature->data[signature->len] = '\0';
            rc = CRYPTO_OK;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

static enum crypto_result sign_message(EVP_PKEY *key, const struct signing_scheme *s,
                                       const void *message, size_t len, struct buf *signature)
{
    EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *ctx = NULL;
    enum crypto_result rc = CRYPTO_FAILED;
    size_t sig_len = 0;
    if (md_ctx && EVP_DigestSignInit(md_ctx, &ctx, s->md, NULL, key) > 0 &&
        configure_padding(ctx, s) &&
        EVP_DigestSign(md_ctx, NULL, &sig_len, message, len) > 0) {
        buf_reserve(signature, sig_len);
        if (EVP_DigestSign(md_ctx, (unsigned char *)signature->data + signature->len, &sig_len,
                           message, len) > 0) {
            signature->len += sig_len;
            signature->data[signature->len] = '\0';
            rc = CRYPTO_OK;
        }
    }
    EVP_MD_CTX_free(md_ctx);
    return rc;
}

enum crypto_result crypto_sign(const void *private_der, size_t der_len, const char *algorithm,
                               bool is_digest, const void *message, size_t len,
                               struct buf *signature)
{
    struct signing_scheme s;
    if (!signing_scheme(algorithm, &s))
        return CRYPTO_FAILED;
    if (is_digest && (!s.md || (size_t)EVP_MD_get_size(s.md) != len))
        return CRYPTO_BAD_DIGEST_LENGTH;
    EVP_PKEY *key = private_key_read(private_der, der_len);
    if (!key)
        return CRYPTO_FAILED;
    enum crypto_result rc = is_digest ? sign_digest(key, &s, message, len, signature)
                                      : sign_message(key, &s, message, len, signature);
    EVP_PKEY_free(key);
    return rc;
}

enum crypto_result crypto_verify(const void *private_der, size_t der_len, const char *algorithm,
                                 bool is_digest, const void *message, size_t len,
                                 const void *signature, size_t signature_len)
{
    struct signing_scheme s;
    if (!signing_scheme(algorithm, &s))
        return CRYPTO_FAILED;
    if (is_digest && (!s.md || (size_t)EVP_MD_get_size(s.md) != len))
        return CRYPTO_BAD_DIGEST_LENGTH;
    EVP_PKEY *key = private_key_read(private_der, der_len);
    if (!key)
        return CRYPTO_FAILED;
    int verified = 0;
    if (is_digest) {
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
        if (ctx && EVP_PKEY_verify_init(ctx) > 0 &&
            EVP_PKEY_CTX_set_signature_md(ctx, s.md) > 0 && configure_padding(ctx, &s))
            verified = EVP_PKEY_verify(ctx, signature, signature_len, message, len);
        EVP_PKEY_CTX_free(ctx);
    } else {
        EVP_MD_CTX *md_ctx = EVP_MD_CTX_new();
        EVP_PKEY_CTX *ctx = NULL;
        if (md_ctx && EVP_DigestVerifyInit(md_ctx, &ctx, s.md, NULL, key) > 0 &&
            configure_padding(ctx, &s))
            verified = EVP_DigestVerify(md_ctx, signature, signature_len, message, len);
        EVP_MD_CTX_free(md_ctx);
    }
    EVP_PKEY_free(key);
    return verified == 1 ? CRYPTO_OK : CRYPTO_INVALID;
}

/* ---- RSA encryption ---- */

static bool configure_rsa_encryption(EVP_PKEY_CTX *ctx, const char *algorithm)
{
    if (strcmp(algorithm, "RSAES_PKCS1_V1_5") == 0)
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0;
    const EVP_MD *md;
    if (strcmp(algorithm, "RSAES_OAEP_SHA_1") == 0 ||
        strcmp(algorithm, "RSA_AES_KEY_WRAP_SHA_1") == 0)
        md = EVP_sha1();
    else if (strcmp(algorithm, "RSAES_OAEP_SHA_256") == 0 ||
             strcmp(algorithm, "RSA_AES_KEY_WRAP_SHA_256") == 0)
        md = EVP_sha256();
    else
        return false;
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0;
}

static enum crypto_result rsa_crypt(const void *private_der, size_t der_len, const char *algorithm,
                                    bool encrypt, const void *in, size_t len, struct buf *out)
{
    EVP_PKEY *key = private_key_read(private_der, der_len);
    if (!key)
        return CRYPTO_FAILED;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    enum crypto_result rc = encrypt ? CRYPTO_FAILED : CRYPTO_INVALID;
    size_t out_len = 0;
    int (*step)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t) =
        encrypt ? EVP_PKEY_encrypt : EVP_PKEY_decrypt;
    if (ctx && (encrypt ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) > 0 &&
        configure_rsa_encryption(ctx, algorithm) && step(ctx, NULL, &out_len, in, len) > 0) {
        buf_reserve(out, out_len);
        if (step(ctx, (unsigned char *)out->data + out->len, &out_len, in, len) > 0) {
            out->len += out_len;
            out->data[out->len] = '\0';
            rc = CRYPTO_OK;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    return rc;
}

enum crypto_result crypto_rsa_encrypt(const void *private_der, size_t der_len,
                                      const char *algorithm, const void *plaintext, size_t len,
                                      struct buf *out)
{
    return rsa_crypt(private_der, der_len, algorithm, true, plaintext, len, out);
}

enum crypto_result crypto_rsa_decrypt(const void *private_der, size_t der_len,
                                      const char *algorithm, const void *ciphertext, size_t len,
                                      struct buf *out)
{
    return rsa_crypt(private_der, der_len, algorithm, false, ciphertext, len, out);
}

/* ---- HMAC ---- */

enum crypto_result crypto_hmac(const void *key, size_t key_len, const char *algorithm,
                               const void *message, size_t len, struct buf *out)
{
    const EVP_MD *md;
    if (strcmp(algorithm, "HMAC_SHA_224") == 0)
        md = EVP_sha224();
    else if (strcmp(algorithm, "HMAC_SHA_256") == 0)
        md = EVP_sha256();
    else if (strcmp(algorithm, "HMAC_SHA_384") == 0)
        md = EVP_sha384();
    else if (strcmp(algorithm, "HMAC_SHA_512") == 0)
        md = EVP_sha512();
    else
        return CRYPTO_FAILED;
    unsigned int mac_len = 0;
    buf_reserve(out, EVP_MAX_MD_SIZE);
    if (!HMAC(md, key, (int)key_len, message, len, (unsigned char *)out->data + out->len,
              &mac_len))
        return CRYPTO_FAILED;
    out->len += mac_len;
    out->data[out->len] = '\0';
    return CRYPTO_OK;
}

/* ---- AES ---- */

static enum crypto_result aes_gcm(bool seal, const unsigned char *key, const unsigned char *iv,
                                  const void *aad, size_t aad_len, const void *in, size_t len,
                                  struct buf *out, unsigned char *tag)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return CRYPTO_FAILED;
    enum crypto_result rc = CRYPTO_FAILED;
    int n = 0, final_len = 0;
    buf_reserve(out, len + 16);
    unsigned char *dest = (unsigned char *)out->data + out->len;
    if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv, seal ? 1 : 0) != 1)
        goto done;
    if (!seal && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, AES_GCM_TAG_BYTES, tag) != 1)
        goto done;
    if (aad_len > 0 && EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1)
        goto done;
    n = 0;
    if (len > 0 && EVP_CipherUpdate(ctx, dest, &n, in, (int)len) != 1)
        goto done;
    if (EVP_CipherFinal_ex(ctx, dest + n, &final_len) != 1) {
        rc = seal ? CRYPTO_FAILED : CRYPTO_INVALID;
        OPENSSL_cleanse(dest, (size_t)n);
        goto done;
    }
    if (seal && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, AES_GCM_TAG_BYTES, tag) != 1)
        goto done;
    out->len += (size_t)(n + final_len);
    out->data[out->len] = '\0';
    rc = CRYPTO_OK;
done:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

enum crypto_result crypto_aes_gcm_seal(const unsigned char key[SYMMETRIC_KEY_BYTES],
                                       const unsigned char iv[AES_GCM_IV_BYTES], const void *aad,
                                       size_t aad_len, const void *plaintext, size_t len,
                                       struct buf *ciphertext,
                                       unsigned char tag[AES_GCM_TAG_BYTES])
{
    return aes_gcm(true, key, iv, aad, aad_len, plaintext, len, ciphertext, tag);
}

enum crypto_result crypto_aes_gcm_open(const unsigned char key[SYMMETRIC_KEY_BYTES],
                                       const unsigned char iv[AES_GCM_IV_BYTES], const void *aad,
                                       size_t aad_len, const void *ciphertext, size_t len,
                                       const unsigned char tag[AES_GCM_TAG_BYTES],
                                       struct buf *plaintext)
{
    unsigned char tag_copy[AES_GCM_TAG_BYTES];
    memcpy(tag_copy, tag, sizeof tag_copy);
    return aes_gcm(false, key, iv, aad, aad_len, ciphertext, len, plaintext, tag_copy);
}

enum crypto_result crypto_aes_key_unwrap(const void *kek, size_t kek_len, const void *wrapped,
                                         size_t len, struct buf *out)
{
    const EVP_CIPHER *cipher = kek_len == 32   ? EVP_aes_256_wrap_pad()
                               : kek_len == 16 ? EVP_aes_128_wrap_pad()
                               : kek_len == 24 ? EVP_aes_192_wrap_pad()
                                               : NULL;
    if (!cipher || len < 16)
        return CRYPTO_INVALID;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return CRYPTO_FAILED;
    enum crypto_result rc = CRYPTO_INVALID;
    int n = 0, final_len = 0;
    buf_reserve(out, len + 16);
    unsigned char *dest = (unsigned char *)out->data + out->len;
    EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_DecryptInit_ex(ctx, cipher, NULL, kek, NULL) == 1 &&
        EVP_DecryptUpdate(ctx, dest, &n, wrapped, (int)len) == 1 && n > 0 &&
        EVP_DecryptFinal_ex(ctx, dest + n, &final_len) == 1) {
        out->len += (size_t)(n + final_len);
        out->data[out->len] = '\0';
        rc = CRYPTO_OK;
    }
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

/* ---- key agreement ---- */

enum crypto_result crypto_ecdh(const void *private_der, size_t der_len, const void *peer_der,
                               size_t peer_len, struct buf *secret)
{
    const unsigned char *p = peer_der;
    EVP_PKEY *peer = d2i_PUBKEY(NULL, &p, (long)peer_len);
    if (!peer)
        return CRYPTO_INVALID;
    EVP_PKEY *key = private_key_read(private_der, der_len);
    EVP_PKEY_CTX *ctx = key ? EVP_PKEY_CTX_new(key, NULL) : NULL;
    enum crypto_result rc = CRYPTO_INVALID;
    size_t len = 0;
    if (ctx && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_derive_set_peer(ctx, peer) > 0 &&
        EVP_PKEY_derive(ctx, NULL, &len) > 0) {
        buf_reserve(secret, len);
        if (EVP_PKEY_derive(ctx, (unsigned char *)secret->data + secret->len, &len) > 0) {
            secret->len += len;
            secret->data[secret->len] = '\0';
            rc = CRYPTO_OK;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    EVP_PKEY_free(peer);
    return rc;
}
