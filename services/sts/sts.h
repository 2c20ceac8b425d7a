/* STS: temporary credentials and caller identity. */
#ifndef MOTOC_STS_H
#define MOTOC_STS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "../core/credentials.h"

extern const struct service_backend sts_backend;

/* The identity a call is made as: an issued credential's, else the account's default user. */
void sts_caller_identity(const struct call *c, struct issued_identity *out);

/* Mints credentials (ASIA… key, secret, session token, expiry) for identity and adds them to
 * out as "Credentials". */
void sts_add_credentials(cJSON *out, const struct issued_identity *identity, long long duration);

/* Session policy checks shared by AssumeRole* and GetFederationToken; -1 after call_fail. */
int sts_check_session_policy(struct call *c, const cJSON *in, cJSON *out);

/* Every STS operation, sorted by name (backend.h). */
#define STS_OPERATIONS(OP)                                           \
    OP(AssumeRole, sts_assume_role)                                  \
    OP(AssumeRoleWithSAML, sts_assume_role_with_saml)                \
    OP(AssumeRoleWithWebIdentity, sts_assume_role_with_web_identity) \
    OP(DecodeAuthorizationMessage, sts_decode_authorization_message) \
    OP(GetAccessKeyInfo, sts_get_access_key_info)                    \
    OP(GetCallerIdentity, sts_get_caller_identity)                   \
    OP(GetFederationToken, sts_get_federation_token)                 \
    OP(GetSessionToken, sts_get_session_token)
STS_OPERATIONS(OPERATION_DECLARE)

#endif
