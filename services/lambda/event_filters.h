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

/* The mapping's patterns, parsed once for a batch (NULL when it has none: every record passes);
 * cJSON_Delete them after. */
cJSON *lambda_filters_parse(const cJSON *mapping);

/* Whether patterns (from lambda_filters_parse) pass record, as Lambda shapes it for the
 * function, to the function. */
bool lambda_filters_keep(const cJSON *patterns, const cJSON *record);

#endif
