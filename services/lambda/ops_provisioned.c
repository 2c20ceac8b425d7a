/* Provisioned concurrency configs (provisioned.h): one per published version or alias. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "function_config.h"
#include "list_page.h"
#include "ops.h"
#include "provisioned.h"
#include "state.h"

#define ACCOUNT_CONCURRENCY 1000
#define MIN_UNRESERVED 100
#define MEMBER "_provisioned_concurrency"

int lambda_provisioned_total(const cJSON *function)
{
    int total = 0;
    const cJSON *config;
    cJSON_ArrayForEach(config, cJSON_GetObjectItemCaseSensitive(function, MEMBER))
        total += (int)param_number(config, "RequestedProvisionedConcurrentExecutions", 0);
    return total;
}

int lambda_concurrency_claimed(const cJSON *function)
{
    const cJSON *reserved = cJSON_GetObjectItemCaseSensitive(function, "_concurrency");
    if (cJSON_IsNumber(reserved))
        return (int)reserved->valuedouble;
    return lambda_provisioned_total(function);
}

static cJSON *configs_of(cJSON *f)
{
    cJSON *configs = cJSON_GetObjectItemCaseSensitive(f, MEMBER);
    return configs ? configs : cJSON_AddObjectToObject(f, MEMBER);
}

/* The function and its version or alias the request names, or NULL after failing the call:
 * provisioned concurrency needs a published version or an alias that exists. */
static cJSON *function_for_call(struct call *c, const cJSON *in, struct lambda_name *n)
{
    cJSON *f = lambda_function_for_call(c, in, true, n);
    if (!f)
        return NULL;
    if (!n->qualifier[0] || strcmp(n->qualifier, "$LATEST") == 0) {
        call_fail(c, 400, "InvalidParameterValueException",
                  "Provisioned Concurrency Configs cannot be applied to unpublished function "
                  "versions.");
        return NULL;
    }
    if (!lambda_version_resolve(n->account, n->region, n->name, n->qualifier, c->err))
        return NULL;
    return f;
}

/* Whether wanted more for function f fits: within its reserved concurrency when it has one, else
 * within what the account leaves unreserved. 0, or -1 after failing the call. */
static int check_room(struct call *c, const struct lambda_name *n, const cJSON *f, int wanted)
{
    const cJSON *reserved = cJSON_GetObjectItemCaseSensitive(f, "_concurrency");
    if (cJSON_IsNumber(reserved)) {
        if (wanted > (int)reserved->valuedouble)
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Requested Provisioned Concurrency should not be greater than the "
                             "reservedConcurrentExecution for function");
        return 0;
    }
    int claimed = 0;
    const cJSON *other;
    cJSON_ArrayForEach(other, lambda_region_find(n->account, n->region)->functions)
        claimed += other == f ? 0 : lambda_concurrency_claimed(other);
    int unreserved = ACCOUNT_CONCURRENCY - claimed;
    if (unreserved - wanted < MIN_UNRESERVED)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Specified ConcurrentExecutions for function is greater than account's "
                         "unreserved concurrency [%d].",
                         unreserved);
    return 0;
}

OPERATION(lambda_put_provisioned_concurrency_config)
{
    struct lambda_name n;
    cJSON *f = function_for_call(c, in, &n);
    if (!f)
        return -1;
    int requested = (int)param_int(in, "ProvisionedConcurrentExecutions", 0);
    if (requested < 1)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "ProvisionedConcurrentExecutions must be at least 1.");
    cJSON *configs = configs_of(f);
    const cJSON *old = cJSON_GetObjectItemCaseSensitive(configs, n.qualifier);
    int others = lambda_provisioned_total(f) -
                 (int)param_number(old, "RequestedProvisionedConcurrentExecutions", 0);
    if (check_room(c, &n, f, others + requested) != 0)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(configs, n.qualifier);
    cJSON *config = cJSON_AddObjectToObject(configs, n.qualifier);
    char *arn = arn_build("lambda", n.region, n.account, "function:%s:%s", n.name, n.qualifier);
    cJSON_AddStringToObject(config, "_function_arn", arn);
    free(arn);
    cJSON_AddNumberToObject(config, "RequestedProvisionedConcurrentExecutions", requested);
    cJSON_AddNumberToObject(config, "AvailableProvisionedConcurrentExecutions", requested);
    cJSON_AddNumberToObject(config, "AllocatedProvisionedConcurrentExecutions", requested);
    cJSON_AddStringToObject(config, "Status", "READY");
    char stamp[40];
    lambda_timestamp_now(stamp, sizeof stamp);
    cJSON_AddStringToObject(config, "LastModified", stamp);
    /* AWS answers while it allocates the environments; the next read finds them ready. */
    cJSON_AddNumberToObject(out, "RequestedProvisionedConcurrentExecutions", requested);
    cJSON_AddNumberToObject(out, "AllocatedProvisionedConcurrentExecutions", 0);
    cJSON_AddStringToObject(out, "Status", "IN_PROGRESS");
    cJSON_AddStringToObject(out, "LastModified", stamp);
    return 0;
}

OPERATION(lambda_get_provisioned_concurrency_config)
{
    struct lambda_name n;
    cJSON *f = function_for_call(c, in, &n);
    if (!f)
        return -1;
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(configs_of(f), n.qualifier);
    if (!config)
        return call_fail(c, 404, "ProvisionedConcurrencyConfigNotFoundException",
                         "No Provisioned Concurrency Config found for this function");
    lambda_configuration_answer(config, out);
    return 0;
}

OPERATION(lambda_delete_provisioned_concurrency_config)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = function_for_call(c, in, &n);
    if (!f)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(configs_of(f), n.qualifier);
    return 0;
}

OPERATION(lambda_list_provisioned_concurrency_configs)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    struct list_page page;
    if (list_page_begin(c, in, out, "ProvisionedConcurrencyConfigs", &page) != 0)
        return -1;
    const cJSON *config;
    cJSON_ArrayForEach(config, configs_of(f)) {
        if (!list_page_take(&page))
            continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "FunctionArn", param_string(config, "_function_arn"));
        lambda_configuration_answer(config, entry);
        cJSON_AddItemToArray(page.list, entry);
    }
    return 0;
}
