/* Every place Secrets Manager touches KMS, in one module: which key protects a secret. Secret
 * values are kept as given for now; encrypting and decrypting them with the key through the KMS
 * service is a change to this module alone. */
#ifndef MOTOC_SECRETSMANAGER_KMS_KEY_H
#define MOTOC_SECRETSMANAGER_KMS_KEY_H

#include <stdbool.h>

struct call;

/* The AWS managed key secrets use when the caller names none. */
#define SM_DEFAULT_KMS_KEY "alias/aws/secretsmanager"

/* The key a secret will be protected with: key_id as given, or NULL for the AWS managed key.
 * 0, or -1 after failing the call (a key KMS refuses, once KMS is consulted). */
int kms_key_resolve(struct call *c, const char *key_id, const char **resolved);

/* Whether key_id stands for the AWS managed key (DescribeSecret leaves KmsKeyId out then). */
bool kms_key_is_default(const char *key_id);

#endif
