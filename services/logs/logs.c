/* The logs backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry logs_operations[] = {
    LOGS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend logs_backend = {
    .service = "logs",
    .validation_error_code = "InvalidParameterException",
    OPERATION_TABLE(logs_operations),
    .reset = logs_regions_reset,
    .state_json = logs_regions_json,
    .persistence = &logs_persistence,
};
