/* Topic tags: a list of {Key, Value}, AWS's limits on them. */
#ifndef MOTOC_SNS_TAGS_H
#define MOTOC_SNS_TAGS_H

#include <cjson/cJSON.h>

#include "../core/protocol.h"

/* Merges tags (a TagList) into existing (replacing values of keys already there), or fails with
 * err and changes nothing. */
int sns_tags_add(cJSON *existing, const cJSON *tags, struct proto_error *err);

#endif
