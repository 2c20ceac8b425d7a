/* The lambda backend: its operation table and its state's lifecycle. */
#include <stddef.h>

#include "../core/backend.h"
#include "../core/validate.h"
#include "function_config.h"
#include "ops.h"
#include "state.h"

static const struct operation_entry lambda_operations[] = {
    LAMBDA_OPERATIONS(OPERATION_ENTRY)};

/* Lambda's messages quote the role pattern with the account in a group its model drops. */
static const struct pattern_text lambda_pattern_texts[] = {
    {"arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
     "arn:(aws[a-zA-Z-]*)?:iam::(\\d{12}):role/?[a-zA-Z_0-9+=,.@\\-_/]+"},
    {NULL, NULL},
};

const struct service_backend lambda_backend = {
    .service = "lambda",
    .pattern_texts = lambda_pattern_texts,
    OPERATION_TABLE(lambda_operations),
    .reset = lambda_regions_reset,
    .state_json = lambda_regions_json,
    .unmodeled_operation = lambda_unmodeled_operation,
    .persistence = &lambda_persistence,
};
