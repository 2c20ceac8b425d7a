/* What other parts of CloudWatch Logs need of vended log deliveries (ops_deliveries.c). */
#ifndef MOTOC_LOGS_DELIVERIES_H
#define MOTOC_LOGS_DELIVERIES_H

#include <cjson/cJSON.h>

#include "state.h"

/* The tag set of the delivery source, delivery destination or delivery an ARN's resource part
 * names ("delivery-source:NAME", "delivery-destination:NAME", "delivery:ID"), or NULL. */
cJSON *delivery_tags_of(const struct logs_region *r, const char *resource);

#endif
