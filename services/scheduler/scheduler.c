/* The scheduler backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry scheduler_operations[] = {
    SCHEDULER_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend scheduler_backend = {
    .service = "scheduler",
    OPERATION_TABLE(scheduler_operations),
    .reset = scheduler_regions_reset,
    .state_json = scheduler_regions_json,
    .persistence = &scheduler_persistence,
};
