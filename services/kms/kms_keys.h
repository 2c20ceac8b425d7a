/* KMS keys as other services use them (S3 SSE-KMS, Secrets Manager, SSM SecureString, ...): name
 * a key the way their callers do, encrypt and decrypt for them, and the AWS managed keys
 * alias/aws/<service> they fall back to. Errors are KMS's own (NotFoundException,
 * DisabledException, KMSInvalidStateException, InvalidCiphertextException), for the calling
 * service to pass on. */
#ifndef MOTOC_KMS_KEYS_H
#define MOTOC_KMS_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"

struct proto_error;

/* The ARN of the key key_id names (key id, key ARN, alias name or alias ARN) in account+region,
 * or NULL after failing err when there is none or it is disabled or pending deletion. The ARN
 * is owned by the caller. */
char *kms_key_arn(const char *account, const char *region, const char *key_id,
                  struct proto_error *err);

/* Encrypts plaintext with the symmetric key key_id names; context is an object of strings (the
 * encryption context) or NULL. The ciphertext blob is appended to ciphertext. 0 or -1. */
int kms_encrypt_for_service(const char *account, const char *region, const char *key_id,
                            const cJSON *context, const void *plaintext, size_t len,
                            struct buf *ciphertext, struct proto_error *err);

/* Decrypts a blob kms_encrypt_for_service (or Encrypt) made, with the context it was made
 * with; the blob names its key. The plaintext is appended to plaintext; *key_arn (when not
 * NULL) gets the key's ARN, owned by the caller. 0 or -1. */
int kms_decrypt_for_service(const char *account, const char *region, const void *ciphertext,
                            size_t len, const cJSON *context, struct buf *plaintext,
                            char **key_arn, struct proto_error *err);

/* The ARN of the AWS managed key alias/aws/<service> (service: "s3", "secretsmanager", "ssm"
 * ...), created with its alias the first time it is asked for. Owned by the caller. */
char *kms_aws_managed_key_arn(const char *account, const char *region, const char *service);

#endif
