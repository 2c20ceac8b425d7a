/* cloudwatch: the tags of alarms, metric streams and insight rules, kept by resource ARN. */
#ifndef MOTOC_CLOUDWATCH_RESOURCE_TAGS_H
#define MOTOC_CLOUDWATCH_RESOURCE_TAGS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

/* Adds the request's tags (a {Key, Value} list; NULL: none) to arn's set. 0, or -1 after
 * failing c. */
int resource_tags_add(struct call *c, struct cloudwatch_region *r, const char *arn,
                      const cJSON *tags);
/* Forgets arn's tags (its resource is deleted). */
void resource_tags_drop(struct cloudwatch_region *r, const char *arn);

#endif
