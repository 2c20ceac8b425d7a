/* What a target receives for an event: the event itself, a constant Input, the part InputPath
 * selects, or InputTransformer's template filled from InputPathsMap. */
#ifndef MOTOC_EVENTS_TARGET_INPUT_H
#define MOTOC_EVENTS_TARGET_INPUT_H

#include <cjson/cJSON.h>

/* The node a JSONPath of the form $, $.a.b, $.a[0].b names in doc, or NULL. */
const cJSON *json_path_select(const cJSON *doc, const char *path);

/* The text sent to target for event (caller frees), or NULL when InputPath selects nothing. */
char *target_input(const cJSON *target, const cJSON *event, const char *rule_arn,
                   const char *rule_name);

#endif
