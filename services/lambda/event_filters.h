/* Event filtering of event source mappings (FilterCriteria): a record reaches the function only
 * when one of the mapping's filter patterns matches it, and the ones that match none are
 * dropped as processed. Patterns are EventBridge's; a JSON message body or stream payload is
 * matched as JSON, so {"body": {"kind": ["order"]}} looks inside an SQS message. */
#ifndef MOTOC_LAMBDA_EVENT_FILTERS_H
#define MOTOC_LAMBDA_EVENT_FILTERS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* Whether FilterCriteria (may be NULL) holds only valid patterns. */
bool lambda_filters_valid(const cJSON *criteria);

/* Whether the mapping passes record (as Lambda shapes it for the function) to its function. */
bool lambda_filters_keep(const cJSON *mapping, const cJSON *record);

#endif
