/* The pre-expression parameters (Expected, QueryFilter/ScanFilter, KeyConditions,
 * AttributeUpdates, AttributesToGet) translated into expression trees, so one engine serves both.
 */
#ifndef MOTOC_DDB_LEGACY_H
#define MOTOC_DDB_LEGACY_H

#include <cjson/cJSON.h>

#include "expr.h"

/* conditions: attribute → {ComparisonOperator, AttributeValueList} (or Expected's
 * {Value, Exists}). joiner: ConditionalOperator ("AND" default, "OR"). 0 or -1 with ctx->error. */
int legacy_conditions(struct expr_ctx *ctx, const cJSON *conditions, const char *joiner,
                      struct expr **out);
int legacy_attribute_updates(struct expr_ctx *ctx, const cJSON *updates, struct update_expr *out);
void legacy_attributes_to_get(struct expr_ctx *ctx, const cJSON *names, struct projection *out);

#endif
