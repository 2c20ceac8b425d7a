/* The secretsmanager backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry secretsmanager_operations[] = {
    SECRETSMANAGER_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend secretsmanager_backend = {
    .service = "secretsmanager",
    OPERATION_TABLE(secretsmanager_operations),
    .reset = secretsmanager_regions_reset,
    .state_json = secretsmanager_regions_json,
    .persistence = &secretsmanager_persistence,
};
