/* SecureString values: the one place Parameter Store meets KMS. */
#ifndef MOTOC_SSM_SECURE_STRING_H
#define MOTOC_SSM_SECURE_STRING_H

#include "../core/backend.h"

/* The key a SecureString uses when PutParameter names none. */
#define SSM_DEFAULT_KEY_ID "alias/aws/ssm"

enum secure_string_step {
    SECURE_STRING_ENCRYPT, /* input: the plaintext; *output: the ciphertext as stored */
    SECURE_STRING_DECRYPT, /* input: the stored ciphertext; *output: the plaintext */
};

/* Runs one step with the key key_id (NULL: SSM_DEFAULT_KEY_ID). 0 with *output set (owned by
 * the caller), or -1 after failing the call as SSM reports a KMS problem. */
int secure_string(struct call *c, enum secure_string_step step, const char *key_id,
                  const char *input, char **output);

#endif
