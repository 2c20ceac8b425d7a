/* The cryptography behind KMS keys, on OpenSSL: key material of every spec, signatures, RSA
 * encryption, HMACs and AES-GCM. Bytes in, bytes out: nothing here knows requests or keys'
 * metadata. Asymmetric private keys travel as DER PKCS#8, public keys as DER
 * SubjectPublicKeyInfo, as KMS hands them out. */
#ifndef MOTOC_KMS_CRYPTO_H
#define MOTOC_KMS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "../../http/buf.h"
#include "key_spec.h"

#define AES_GCM_IV_BYTES 12
#define AES_GCM_TAG_BYTES 16
#define SYMMETRIC_KEY_BYTES 32

/* Fresh key material of spec: a random AES or HMAC key, or a new private key. */
bool crypto_generate_material(const struct key_spec *spec, struct buf *out);
/* The DER SubjectPublicKeyInfo of a DER PKCS#8 private key. */
bool crypto_public_key(const void *private_der, size_t len, struct buf *out);
/* The size in bytes of an RSA private key's modulus (its signatures and ciphertexts); 0 when der
 * is not a key. */
size_t crypto_key_size(const void *private_der, size_t len);
/* Whether der is a private key of spec (imported material is checked so). */
bool crypto_private_key_fits(const void *der, size_t len, const struct key_spec *spec);

enum crypto_result {
    CRYPTO_OK = 0,
    CRYPTO_INVALID = 1,          /* a signature, MAC or ciphertext that does not check */
    CRYPTO_BAD_DIGEST_LENGTH = 2, /* a DIGEST message of the wrong size for the algorithm */
    CRYPTO_FAILED = -1,
};

/* Signs message (or, with is_digest, the digest the caller made) with a KMS signing
 * algorithm (RSASSA_PSS_SHA_256, ECDSA_SHA_384, ED25519_SHA_512 ...). */
enum crypto_result crypto_sign(const void *private_der, size_t der_len, const char *algorithm,
                               bool is_digest, const void *message, size_t len,
                               struct buf *signature);
enum crypto_result crypto_verify(const void *private_der, size_t der_len, const char *algorithm,
                                 bool is_digest, const void *message, size_t len,
                                 const void *signature, size_t signature_len);

/* RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256 (and RSAES_PKCS1_V1_5 for decrypting imports). Encrypt
 * takes the private key's DER and uses its public half. */
enum crypto_result crypto_rsa_encrypt(const void *private_der, size_t der_len,
                                      const char *algorithm, const void *plaintext, size_t len,
                                      struct buf *out);
enum crypto_result crypto_rsa_decrypt(const void *private_der, size_t der_len,
                                      const char *algorithm, const void *ciphertext, size_t len,
                                      struct buf *out);

/* HMAC_SHA_224 ... HMAC_SHA_512. */
enum crypto_result crypto_hmac(const void *key, size_t key_len, const char *algorithm,
                               const void *message, size_t len, struct buf *out);

/* AES-256-GCM with a 12-byte IV and a 16-byte tag; open answers CRYPTO_INVALID when the tag does
 * not check. */
enum crypto_result crypto_aes_gcm_seal(const unsigned char key[SYMMETRIC_KEY_BYTES],
                                       const unsigned char iv[AES_GCM_IV_BYTES], const void *aad,
                                       size_t aad_len, const void *plaintext, size_t len,
                                       struct buf *ciphertext,
                                       unsigned char tag[AES_GCM_TAG_BYTES]);
enum crypto_result crypto_aes_gcm_open(const unsigned char key[SYMMETRIC_KEY_BYTES],
                                       const unsigned char iv[AES_GCM_IV_BYTES], const void *aad,
                                       size_t aad_len, const void *ciphertext, size_t len,
                                       const unsigned char tag[AES_GCM_TAG_BYTES],
                                       struct buf *plaintext);

/* AES key unwrap with padding (RFC 5649), the second layer of RSA_AES_KEY_WRAP_SHA_*. */
enum crypto_result crypto_aes_key_unwrap(const void *kek, size_t kek_len, const void *wrapped,
                                         size_t len, struct buf *out);

/* ECDH between a private key of ours and a peer's DER SubjectPublicKeyInfo. */
enum crypto_result crypto_ecdh(const void *private_der, size_t der_len, const void *peer_der,
                               size_t peer_len, struct buf *secret);

/* n random bytes appended to out. */
bool crypto_random(size_t n, struct buf *out);

#endif
