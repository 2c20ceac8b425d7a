/* Event invoke configs: how many times an event is retried, how old it may get, and where its
 * outcome goes (async_invoke.c follows them). One per function version or alias. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "function_config.h"
#include "ops.h"

static const char *config_key(const struct lambda_name *n)
{
    return n->qualifier[0] ? n->qualifier : "$LATEST";
}

static cJSON *configs_of(cJSON *f)
{
    cJSON *configs = cJSON_GetObjectItemCaseSensitive(f, "_event_invoke_configs");
    return configs ? configs : cJSON_AddObjectToObject(f, "_event_invoke_configs");
}

static int fail_missing(struct call *c, const struct lambda_name *n)
{
    char *arn = arn_build("lambda", n->region, n->account, "function:%s%s%s", n->name,
                          n->qualifier[0] ? ":" : "", n->qualifier);
    call_fail(c, 404, "ResourceNotFoundException", "The function %s doesn't have an "
                                                   "EventInvokeConfig", arn);
    free(arn);
    return -1;
}

static void merge(cJSON *config, const cJSON *in)
{
    static const char *const members[] = {"MaximumRetryAttempts", "MaximumEventAgeInSeconds",
                                          "DestinationConfig"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, members[i]);
        if (v) {
            cJSON_DeleteItemFromObjectCaseSensitive(config, members[i]);
            cJSON_AddItemToObject(config, members[i], cJSON_Duplicate(v, true));
        }
    }
    cJSON_DeleteItemFromObjectCaseSensitive(config, "LastModified");
    cJSON_AddNumberToObject(config, "LastModified", (double)time(NULL));
}

static int put(struct call *c, const cJSON *in, cJSON *out, bool replace)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    if (!lambda_version_resolve(n.account, n.region, n.name, n.qualifier, c->err))
        return -1;
    cJSON *configs = configs_of(f);
    cJSON *config = cJSON_GetObjectItemCaseSensitive(configs, config_key(&n));
    if (!config && !replace)
        return fail_missing(c, &n);
    if (!config || replace) {
        cJSON_DeleteItemFromObjectCaseSensitive(configs, config_key(&n));
        config = cJSON_AddObjectToObject(configs, config_key(&n));
        char *arn = arn_build("lambda", n.region, n.account, "function:%s:%s", n.name,
                              config_key(&n));
        cJSON_AddStringToObject(config, "FunctionArn", arn);
        free(arn);
        cJSON_AddObjectToObject(config, "DestinationConfig");
    }
    merge(config, in);
    lambda_configuration_answer(config, out);
    return 0;
}

OPERATION(lambda_put_function_event_invoke_config)
{
    return put(c, in, out, true);
}

OPERATION(lambda_update_function_event_invoke_config)
{
    return put(c, in, out, false);
}

OPERATION(lambda_get_function_event_invoke_config)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(configs_of(f), config_key(&n));
    if (!config)
        return fail_missing(c, &n);
    lambda_configuration_answer(config, out);
    return 0;
}

OPERATION(lambda_delete_function_event_invoke_config)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    cJSON *configs = configs_of(f);
    if (!cJSON_GetObjectItemCaseSensitive(configs, config_key(&n)))
        return fail_missing(c, &n);
    cJSON_DeleteItemFromObjectCaseSensitive(configs, config_key(&n));
    return 0;
}

OPERATION(lambda_list_function_event_invoke_configs)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    cJSON *list = cJSON_AddArrayToObject(out, "FunctionEventInvokeConfigs");
    const cJSON *config;
    cJSON_ArrayForEach(config, configs_of(f)) {
        cJSON *answer = cJSON_CreateObject();
        lambda_configuration_answer(config, answer);
        cJSON_AddItemToArray(list, answer);
    }
    return 0;
}
