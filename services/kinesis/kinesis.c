/* The kinesis backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry kinesis_operations[] = {
    KINESIS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend kinesis_backend = {
    .service = "kinesis",
    OPERATION_TABLE(kinesis_operations),
    .reset = kinesis_regions_reset,
    .state_json = kinesis_regions_json,
    .persistence = &kinesis_persistence,
};
