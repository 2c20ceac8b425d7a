/* Finding the key a request names (key id, key ARN, alias name or alias ARN) and checking it can
 * be used, with the errors AWS answers. */
#ifndef MOTOC_KMS_LOOKUP_H
#define MOTOC_KMS_LOOKUP_H

#include <stdbool.h>

#include "key.h"

struct proto_error;

/* Whether an alias name or alias ARN may name the key (operations on the key itself, such as
 * PutKeyPolicy or EnableKeyRotation, take only its id or ARN). */
enum key_naming {
    KEY_ID_OR_ARN,
    KEY_ID_ARN_OR_ALIAS,
};

/* The key key_id names for a caller in account+region: NotFoundException when there is none. */
struct kms_key *key_lookup(const char *account, const char *region, const char *key_id,
                           enum key_naming naming, struct proto_error *err);

/* Fails err unless k can be used for cryptography: DisabledException, or
 * KMSInvalidStateException while it is pending deletion or waiting for imported material. */
int key_check_usable(const struct kms_key *k, struct proto_error *err);

/* Fails err with InvalidKeyUsageException unless k's usage is usage ("<arn> key usage is
 * SIGN_VERIFY which is not valid for Encrypt."). */
int key_check_usage(const struct kms_key *k, enum key_usage usage, const char *operation,
                    struct proto_error *err);

/* KMSInvalidStateException for k in its current state ("<arn> is pending deletion."). */
int key_fail_state(const struct kms_key *k, struct proto_error *err);

#endif
