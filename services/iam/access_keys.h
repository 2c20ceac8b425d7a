/* Users' access keys: each is also a credential the core knows, so that requests signed with
 * it act as its user (and STS's GetCallerIdentity names that user). */
#ifndef MOTOC_IAM_ACCESS_KEYS_H
#define MOTOC_IAM_ACCESS_KEYS_H

#include <cjson/cJSON.h>

/* Points the credentials of user's keys at its current name (after UpdateUser). */
void iam_access_keys_follow_user(const cJSON *user);

#endif
