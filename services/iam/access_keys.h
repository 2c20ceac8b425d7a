/* Users' access keys: each is also a credential the core knows, so that requests signed with
 * it act as its user (and STS's GetCallerIdentity names that user). */
#ifndef MOTOC_IAM_ACCESS_KEYS_H
#define MOTOC_IAM_ACCESS_KEYS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

/* Points the credentials of user's keys at its current name (after UpdateUser). */
void iam_access_keys_follow_user(const cJSON *user);

/* The user a credential operation is about: UserName, else the calling user (or, for a caller
 * that is no user of the account, the user owning the request's AccessKeyId); NULL after failing
 * the call. */
cJSON *iam_user_or_caller(struct call *c, const struct iam_account *a, const cJSON *in);

#endif
