/* The kms backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry kms_operations[] = {
    KMS_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend kms_backend = {
    .service = "kms",
    OPERATION_TABLE(kms_operations),
    .reset = kms_regions_reset,
    .state_json = kms_regions_json,
    .persistence = &kms_persistence,
};
