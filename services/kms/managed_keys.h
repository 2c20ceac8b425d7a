/* The AWS managed keys alias/aws/<service> inside the kms backend: which names denote them, and
 * the key itself, created on first use (kms_keys.h hands their ARNs to other services). */
#ifndef MOTOC_KMS_MANAGED_KEYS_H
#define MOTOC_KMS_MANAGED_KEYS_H

#include "key.h"

/* The service whose AWS managed key key_id names in account+region (alias/aws/<service> or its
 * alias ARN, for a service AWS keeps a managed key for), or NULL. */
const char *kms_aws_managed_service(const char *account, const char *region, const char *key_id);
/* That service's AWS managed key, created on first use. */
struct kms_key *kms_aws_managed_key(const char *account, const char *region, const char *service);
/* The services with predefined alias/aws/<service> aliases, NULL-terminated. */
extern const char *const kms_aws_managed_services[];

#endif
