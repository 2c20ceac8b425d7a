/* The firehose backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry firehose_operations[] = {
    FIREHOSE_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend firehose_backend = {
    .service = "firehose",
    OPERATION_TABLE(firehose_operations),
    .reset = firehose_regions_reset,
    .state_json = firehose_regions_json,
    .persistence = &firehose_persistence,
};
