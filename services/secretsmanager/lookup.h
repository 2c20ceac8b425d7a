/* What most Secrets Manager operations start with: the caller's region, the secret the SecretId
 * names, and AWS's errors when it is missing, scheduled for deletion or a replica. */
#ifndef MOTOC_SECRETSMANAGER_LOOKUP_H
#define MOTOC_SECRETSMANAGER_LOOKUP_H

#include <cjson/cJSON.h>

#include "secret.h"
#include "state.h"

struct call;

#define SM_NOT_FOUND "Secrets Manager can't find the specified secret."
#define SM_MARKED_FOR_DELETION \
    "You can't perform this operation on the secret because it was marked for deletion."

/* The caller's account+region, after dropping the secrets whose recovery window has ended. */
struct secretsmanager_region *sm_region(struct call *c);

/* The secret id names, or NULL after failing the call with ResourceNotFoundException. */
struct sm_secret *secret_for_call(struct call *c, struct secretsmanager_region *r,
                                  const char *id);
/* The same, also refusing a secret scheduled for deletion (InvalidRequestException). */
struct sm_secret *live_secret_for_call(struct call *c, struct secretsmanager_region *r,
                                       const char *id);
/* The same, also refusing a replica (changes are made in the primary's region). */
struct sm_secret *writable_secret_for_call(struct call *c, struct secretsmanager_region *r,
                                           const char *id);

/* 400 InvalidParameterException / InvalidRequestException / ResourceNotFoundException. */
int sm_invalid_parameter(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sm_invalid_request(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sm_not_found(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The checks of a new secret value: not both SecretString and SecretBinary; and of a
 * ClientRequestToken: 32 to 64 characters (every operation's, before the model's checks).
 * 0, or -1 after failing the call. */
int sm_check_value(struct call *c, const cJSON *in);
int sm_check_token(struct call *c, const char *token);

/* Adds the value of in as a new version (token: ClientRequestToken, or NULL for a fresh id),
 * or finds the version a repeated token made for the same value. The version, or NULL after
 * failing the call (a token already used for another value). */
struct sm_version *sm_put_value(struct call *c, struct sm_secret *s, const char *token,
                                const cJSON *in, const cJSON *stages);

/* Copies a primary's changes to its replicas in their regions. */
void sm_sync_replicas(struct call *c, const struct sm_secret *primary);

#endif
