/* The lambda backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "function_config.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry lambda_operations[] = {
    LAMBDA_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend lambda_backend = {
    .service = "lambda",
    OPERATION_TABLE(lambda_operations),
    .reset = lambda_regions_reset,
    .state_json = lambda_regions_json,
    .unmodeled_operation = lambda_unmodeled_operation,
    .persistence = &lambda_persistence,
};
