/* The events backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry events_operations[] = {
    EVENTS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend events_backend = {
    .service = "events",
    OPERATION_TABLE(events_operations),
    .reset = events_regions_reset,
    .state_json = events_regions_json,
    .persistence = &events_persistence,
};
