/* Tags of Parameter Store's and Systems Manager's resources: the rules they are checked by. */
#ifndef MOTOC_SSM_PARAMETER_TAGS_H
#define MOTOC_SSM_PARAMETER_TAGS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* The tag set of a create request's Tags (an empty set when it has none) in *tags, or -1 after
 * failing the call. */
int parameter_tags_from_request(struct call *c, const cJSON *in, cJSON **tags);

#endif
