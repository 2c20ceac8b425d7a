/* The SNS backend: its operation table and its state's lifecycle. */
#include "sns.h"

#include <stddef.h>

#include "../../http/http_client.h"
#include "ops.h"
#include "persist.h"
#include "state.h"

static const struct operation_entry sns_operations[] = {SNS_OPERATIONS(OPERATION_ENTRY)};

static void sns_reset(void)
{
    http_client_abort_owner(&sns_backend);
    sns_regions_reset();
}

const struct service_backend sns_backend = {
    .service = "sns",
    OPERATION_TABLE(sns_operations),
    .reset = sns_reset,
    .state_json = sns_regions_json,
    .persistence = &sns_persistence,
};
