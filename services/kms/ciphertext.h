/* The ciphertext blobs of symmetric KMS keys: AES-256-GCM under one material version of a key,
 * with a header naming the key and the version, so Decrypt needs no KeyId and a rotated key
 * still opens what its older material sealed. The header and the encryption context are the
 * authenticated data: a blob opens only with the context it was sealed with.
 *
 *   1 byte format (1) | 1 byte n | n bytes key id | 4 bytes material index (big-endian)
 *   | 12 bytes IV | 16 bytes GCM tag | ciphertext */
#ifndef MOTOC_KMS_CIPHERTEXT_H
#define MOTOC_KMS_CIPHERTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "crypto.h"
#include "key.h"

/* Seals plaintext under k's current material; context is an object of strings or NULL. */
enum crypto_result ciphertext_seal(const struct kms_key *k, const cJSON *context,
                                   const void *plaintext, size_t len, struct buf *blob);

/* The key id a blob names; false when blob is not one. */
bool ciphertext_key_id(const void *blob, size_t len, char id[40]);

/* Opens a blob sealed by k: CRYPTO_INVALID when it is not one of k's, was altered, or context
 * differs from the one it was sealed with. */
enum crypto_result ciphertext_open(const struct kms_key *k, const cJSON *context,
                                   const void *blob, size_t len, struct buf *plaintext);

#endif
