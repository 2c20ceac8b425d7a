/* The tags of log groups (and of destinations, which share the rules). */
#ifndef MOTOC_LOGS_GROUP_TAGS_H
#define MOTOC_LOGS_GROUP_TAGS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* A new tag set from a request's tags map, checked; NULL after failing the call. */
cJSON *log_group_tags_from_request(struct call *c, const cJSON *tags, const char *resource);

#endif
