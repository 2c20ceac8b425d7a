/* The SQS backend: its operation table and its state's lifecycle. */
#include "sqs.h"

#include <stddef.h>

#include "ops.h"
#include "persist.h"
#include "region.h"

static const struct operation_entry sqs_operations[] = {SQS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend sqs_backend = {
    .service = "sqs",
    .validation = VALIDATE_MISSING_PARAMETER,
    OPERATION_TABLE(sqs_operations),
    .reset = sqs_regions_reset,
    .state_json = sqs_regions_json,
    .persistence = &sqs_persistence,
};
