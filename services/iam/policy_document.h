/* IAM's checks of the policy documents it stores: identity policies (managed and inline) and
 * trust policies, in the order IAM applies them, each failure worded as IAM words its
 * MalformedPolicyDocument errors. */
#ifndef MOTOC_IAM_POLICY_DOCUMENT_H
#define MOTOC_IAM_POLICY_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

enum policy_document_kind {
    IDENTITY_POLICY, /* attached to users, groups and roles: no Principal, needs Resource */
    TRUST_POLICY,    /* a role's AssumeRolePolicyDocument: Principal, no Resource */
};

/* NULL when text is a valid document of that kind, else what is wrong, in message. */
const char *policy_document_problem(const char *text, enum policy_document_kind kind,
                                    char *message, size_t size);

#endif
