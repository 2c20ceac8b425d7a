/* The tags of event buses and rules. */
#ifndef MOTOC_EVENTS_EVENT_TAGS_H
#define MOTOC_EVENTS_EVENT_TAGS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* A new tag set from a request's Tags list, checked; NULL after failing the call. */
cJSON *event_tags_from_request(struct call *c, const cJSON *tags, const char *resource);

#endif
