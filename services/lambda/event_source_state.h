/* Event source mappings as state: found by UUID in any account and region, and handed to the
 * pollers. */
#ifndef MOTOC_LAMBDA_EVENT_SOURCE_STATE_H
#define MOTOC_LAMBDA_EVENT_SOURCE_STATE_H

#include <cjson/cJSON.h>

/* The mapping (EventSourceMappingConfiguration shape) with that UUID, or NULL. */
const cJSON *lambda_event_source_find(const char *uuid);
/* Starts (or wakes) the poller of an SQS mapping. */
void lambda_event_source_watch(const char *uuid, const char *account, const char *region);

#endif
