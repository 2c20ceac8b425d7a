/* Event buses and rules as operations find them, with EventBridge's errors when missing. */
#ifndef MOTOC_EVENTS_BUSES_H
#define MOTOC_EVENTS_BUSES_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "../core/json_array.h"
#include "state.h"

struct events_region *events_state(struct call *c);

/* Creates the bus named name in r (no check that it is new) and returns it. */
cJSON *bus_add(struct events_region *r, const char *name);

/* The bus a name or ARN names (an ARN may name another account's or region's bus; NULL/"" is
 * the default bus), or NULL. */
cJSON *bus_find(struct events_region *r, const char *name_or_arn);
/* The same, failing the call with ResourceNotFoundException when it is missing. */
cJSON *bus_for_call(struct call *c, const char *name_or_arn);

/* Creates the rule named name on bus (no check that it is new), with no pattern, schedule or
 * state yet, and returns it. */
cJSON *rule_add(cJSON *bus, const char *name, const char *created_by);

/* The rule named name on bus, or NULL. */
cJSON *rule_find(const cJSON *bus, const char *name);
/* The rule the request names by member (and EventBusName), failing the call when missing. */
cJSON *rule_for_call(struct call *c, const cJSON *in, const char *member);

/* Reads Limit (1..100) and NextToken; -1 after failing the call. */
int events_read_page(struct call *c, const cJSON *in, long *limit, long *start);
/* Adds item (owned) to list when it falls in the page; false once the page is full (a
 * NextToken is then added to out). */
bool events_page_add(cJSON *out, cJSON *list, cJSON *item, long *seen, long start, long limit);

#endif
