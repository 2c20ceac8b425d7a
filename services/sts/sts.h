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

int sts_assume_role(struct call *c, const cJSON *in, cJSON *out);
int sts_assume_role_with_web_identity(struct call *c, const cJSON *in, cJSON *out);
int sts_assume_role_with_saml(struct call *c, const cJSON *in, cJSON *out);
int sts_get_caller_identity(struct call *c, const cJSON *in, cJSON *out);
int sts_get_session_token(struct call *c, const cJSON *in, cJSON *out);
int sts_get_federation_token(struct call *c, const cJSON *in, cJSON *out);
int sts_get_access_key_info(struct call *c, const cJSON *in, cJSON *out);
int sts_decode_authorization_message(struct call *c, const cJSON *in, cJSON *out);

#endif
