/* The events backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "api_destinations.h"
#include "ops.h"
#include "state.h"

/* A reset forgets every region and abandons the API destination requests in flight. */
static void events_reset(void)
{
    api_destinations_abort();
    events_regions_reset();
}

static const struct operation_entry events_operations[] = {
    EVENTS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend events_backend = {
    .service = "events",
    OPERATION_TABLE(events_operations),
    .reset = events_reset,
    .state_json = events_regions_json,
    .persistence = &events_persistence,
};
