/* API destinations as rule targets: HTTP requests to an endpoint, authorized by a connection. */
#ifndef MOTOC_EVENTS_API_DESTINATIONS_H
#define MOTOC_EVENTS_API_DESTINATIONS_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Sends input to the API destination arn names, with target's HttpParameters; 0 once the
 * request is on its way, or -1 with a reason. */
int api_destination_invoke(const char *arn, const cJSON *target, const char *input, char *reason,
                           size_t size);

/* Abandons the requests in flight (reset). */
void api_destinations_abort(void);

#endif
