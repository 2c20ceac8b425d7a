/* The secretsmanager backend: its operation table and its state's lifecycle.
 *
 * Secrets Manager answers a few out-of-bounds parameters with its own
 * InvalidParameterException and text rather than the generic validation message, so the
 * service validates its input itself: those checks first, then the model's constraints. */
#include <stddef.h>

#include "../core/backend.h"
#include "../core/params.h"
#include "../core/validate.h"
#include "lookup.h"
#include "ops.h"
#include "state.h"

static int validate_input(struct call *c, const cJSON *in)
{
    const char *token = param_string(in, "ClientRequestToken");
    if (token && sm_check_token(c, token) != 0)
        return -1;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(in, "RotationRules");
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(rules, "AutomaticallyAfterDays");
    if (cJSON_IsNumber(days) && (days->valuedouble < 1 || days->valuedouble > 1000))
        return sm_invalid_parameter(c, "RotationRules.AutomaticallyAfterDays must be within "
                                       "1-1000.");
    return validate_params(&c->op->input, in, "ValidationException", c->err);
}

#define VALIDATED_OPERATION(name, fn)        \
    static OPERATION(validated_##fn)         \
    {                                        \
        if (validate_input(c, in) != 0)      \
            return -1;                       \
        return fn(c, in, out);               \
    }
SECRETSMANAGER_OPERATIONS(VALIDATED_OPERATION)

#define VALIDATED_ENTRY(name, fn) {#name, validated_##fn},
static const struct operation_entry secretsmanager_operations[] = {
    SECRETSMANAGER_OPERATIONS(VALIDATED_ENTRY)};

const struct service_backend secretsmanager_backend = {
    .service = "secretsmanager",
    .validation = VALIDATE_IN_SERVICE,
    OPERATION_TABLE(secretsmanager_operations),
    .reset = secretsmanager_regions_reset,
    .state_json = secretsmanager_regions_json,
    .persistence = &secretsmanager_persistence,
};
