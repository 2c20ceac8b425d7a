/* What a key policy says about a call: explicit denials, and allowances for other accounts. */
#ifndef MOTOC_KMS_KEY_POLICY_H
#define MOTOC_KMS_KEY_POLICY_H

#include <stdbool.h>

/* Whether the policy text has a Deny statement covering action ("kms:DescribeKey") on the key
 * resource_arn for a caller of account: Action and Resource matched as IAM patterns
 * (case-insensitive actions, '*' and '?'), Principal "*", {"AWS": "*"} or naming the account. */
bool key_policy_denies(const char *text, const char *action, const char *resource_arn,
                       const char *account);
/* Whether it has an Allow statement covering the same (what a caller of another account needs). */
bool key_policy_allows(const char *text, const char *action, const char *resource_arn,
                       const char *account);

#endif
