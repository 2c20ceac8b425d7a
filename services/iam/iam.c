/* The IAM backend: its operation table and its state's lifecycle. IAM is global: its state is
 * per account and partition (state.h). */
#include <stddef.h>

#include "../core/backend.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry iam_operations[] = {IAM_OPERATIONS(OPERATION_ENTRY)};

const struct service_backend iam_backend = {
    .service = "iam",
    OPERATION_TABLE(iam_operations),
    .reset = iam_accounts_reset,
    .state_json = iam_accounts_json,
    .persistence = &iam_persistence,
};
