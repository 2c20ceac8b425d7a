/* Whether a resource policy grants broad access: what BlockPublicPolicy refuses. */
#ifndef MOTOC_SECRETSMANAGER_PUBLIC_POLICY_H
#define MOTOC_SECRETSMANAGER_PUBLIC_POLICY_H

#include <stdbool.h>

/* True when a statement of the policy text allows every principal ("*" as the Principal, or as
 * one of its AWS principals) without a Condition to narrow it. */
bool policy_is_public(const char *text);

#endif
