/* The rules S3 applies to the bucket configurations with references or generated members:
 * logging targets, notification destinations and events, replication rules. Each check fails
 * the call with S3's error and returns -1, or returns 0; each fill adds what S3 adds to a
 * configuration it stores (ids, defaults). */
#ifndef MOTOC_S3_CONFIG_RULES_H
#define MOTOC_S3_CONFIG_RULES_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "bucket.h"

int config_check_logging(struct call *c, struct bucket *b, const cJSON *status);
int config_check_notification(struct call *c, struct bucket *b, const cJSON *config);
void config_fill_notification(cJSON *config);
int config_check_replication(struct call *c, struct bucket *b, const cJSON *config);
void config_fill_replication(cJSON *config);

#endif
