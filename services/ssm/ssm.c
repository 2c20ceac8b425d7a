/* The ssm backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry ssm_operations[] = {
    SSM_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend ssm_backend = {
    .service = "ssm",
    OPERATION_TABLE(ssm_operations),
    .reset = ssm_regions_reset,
    .state_json = ssm_regions_json,
    .persistence = &ssm_persistence,
};
