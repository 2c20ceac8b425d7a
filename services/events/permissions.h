/* Event bus policies: who besides the bus's own account may put events on it. */
#ifndef MOTOC_EVENTS_PERMISSIONS_H
#define MOTOC_EVENTS_PERMISSIONS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* Whether the bus's policy allows account events:PutEvents (an Allow that applies and no Deny
 * that does). */
bool bus_policy_allows_put_events(const cJSON *bus, const char *account);

#endif
