/* The cloudwatch backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry cloudwatch_operations[] = {
    CLOUDWATCH_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend cloudwatch_backend = {
    .service = "cloudwatch",
    OPERATION_TABLE(cloudwatch_operations),
    .reset = cloudwatch_regions_reset,
    .state_json = cloudwatch_regions_json,
    .persistence = &cloudwatch_persistence,
};
