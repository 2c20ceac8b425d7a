/* KMS's rules for tags on keys, shared by CreateKey, ReplicateKey and TagResource. */
#ifndef MOTOC_KMS_KEY_TAGS_H
#define MOTOC_KMS_KEY_TAGS_H

#include <cjson/cJSON.h>

#include "key.h"

struct proto_error;

/* Adds the request's Tags (a list of {TagKey, TagValue}) to k's, or fails err with TagException
 * and leaves them as they were. */
int key_tags_add(struct kms_key *k, const cJSON *tags, struct proto_error *err);
/* k's tags as KMS lists them: [{TagKey, TagValue}]. */
cJSON *key_tags_list(const struct kms_key *k);

#endif
