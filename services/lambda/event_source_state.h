/* Event source mappings as state: found by UUID in any account and region, and handed to the
 * pollers. */
#ifndef MOTOC_LAMBDA_EVENT_SOURCE_STATE_H
#define MOTOC_LAMBDA_EVENT_SOURCE_STATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct invoke_spec;

/* The mapping (EventSourceMappingConfiguration shape) with that UUID, or NULL. */
const cJSON *lambda_event_source_find(const char *uuid);
/* Whether the mapping is enabled (its State is "Enabled"). */
bool lambda_event_source_enabled(const cJSON *mapping);
/* What running the mapping's function takes; false when it cannot run now (deleted, an image). */
bool lambda_event_source_spec(const char *account, const char *region, const cJSON *mapping,
                              struct invoke_spec *spec);
/* Starts (or wakes) the poller of a mapping (SQS queues, Kinesis and DynamoDB streams). */
void lambda_event_source_watch(const char *uuid, const char *account, const char *region);

#endif
