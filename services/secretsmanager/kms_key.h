/* Every place Secrets Manager touches KMS goes through kms_key_use(): a secret's value stored
 * (encrypt) or read (decrypt) under its key, which the KMS service must know and find usable
 * (not disabled, not pending deletion). No answer shows a stored value's ciphertext, so values
 * are kept as given. */
#ifndef MOTOC_SECRETSMANAGER_KMS_KEY_H
#define MOTOC_SECRETSMANAGER_KMS_KEY_H

#include <stdbool.h>

struct proto_error;

/* The AWS managed key secrets use when the caller names none. */
#define SM_DEFAULT_KMS_KEY "alias/aws/secretsmanager"

enum kms_key_use {
    KMS_KEY_ENCRYPT, /* a value is stored, or a secret is given this key */
    KMS_KEY_DECRYPT, /* a value is read */
};

/* Uses key_id (NULL or "" = the AWS managed key) in account+region for use. *resolved (when
 * not NULL) is set to the key to record: key_id as given, or NULL for the AWS managed key.
 * 0, or -1 after failing err with the error AWS answers for that key. */
int kms_key_use(struct proto_error *err, const char *account, const char *region,
                const char *key_id, enum kms_key_use use, const char **resolved);

/* Whether key_id stands for the AWS managed key (DescribeSecret leaves KmsKeyId out then). */
bool kms_key_is_default(const char *key_id);

#endif
