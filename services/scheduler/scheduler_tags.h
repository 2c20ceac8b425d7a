/* Tags of schedule groups (schedules take none): the request checks and the tag operations. */
#ifndef MOTOC_SCHEDULER_TAGS_H
#define MOTOC_SCHEDULER_TAGS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* A new tag set from a request's Tags (NULL = none), or NULL after failing the call. */
cJSON *scheduler_tags_from_request(struct call *c, const cJSON *tags);

#endif
