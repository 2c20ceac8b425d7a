/* Code signing configurations (code_signing.h): created, read, listed, updated and deleted, and
 * attached to functions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "code_signing.h"
#include "function_config.h"
#include "list_page.h"
#include "ops.h"
#include "state.h"

#define FUNCTION_MEMBER "_code_signing_config"

/* The configuration arn names, or NULL. */
static cJSON *config_by_arn(const char *arn)
{
    struct arn parsed;
    if (!arn || !arn_parse(arn, &parsed))
        return NULL;
    struct lambda_region *r = lambda_region_find(parsed.account, parsed.region);
    cJSON *configs = r ? r->code_signing_configs : NULL;
    cJSON *config;
    cJSON_ArrayForEach(config, configs) {
        const char *own = param_string(config, "CodeSigningConfigArn");
        if (own && strcmp(own, arn) == 0)
            return config;
    }
    return NULL;
}

#define MISSING_MESSAGE                                                                      \
    "The code signing configuration cannot be found. Check that the provided configuration is " \
    "not deleted: %s."

/* The configuration the request's CodeSigningConfigArn names, or NULL after failing the call
 * with code (ResourceNotFoundException or CodeSigningConfigNotFoundException). */
static cJSON *config_for_call(struct call *c, const char *arn, const char *code)
{
    cJSON *config = config_by_arn(arn);
    if (!config)
        call_fail(c, 404, code, MISSING_MESSAGE, arn ? arn : "");
    return config;
}

const cJSON *lambda_code_signing_config_for_function(struct call *c, const char *arn)
{
    return config_for_call(c, arn, "CodeSigningConfigNotFoundException");
}

static void replace_member(cJSON *config, const char *name, const cJSON *value)
{
    if (!value)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(config, name);
    cJSON_AddItemToObject(config, name, cJSON_Duplicate(value, true));
}

/* Description, AllowedPublishers and CodeSigningPolicies of the request, and a new
 * LastModified. */
static void apply(cJSON *config, const cJSON *in)
{
    const cJSON *description = cJSON_GetObjectItemCaseSensitive(in, "Description");
    replace_member(config, "Description", description);
    replace_member(config, "AllowedPublishers",
                   cJSON_GetObjectItemCaseSensitive(in, "AllowedPublishers"));
    replace_member(config, "CodeSigningPolicies",
                   cJSON_GetObjectItemCaseSensitive(in, "CodeSigningPolicies"));
    char stamp[40];
    lambda_timestamp_now(stamp, sizeof stamp);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "LastModified");
    cJSON_AddStringToObject(config, "LastModified", stamp);
}

static void answer(const cJSON *config, cJSON *out)
{
    lambda_configuration_answer(config, cJSON_AddObjectToObject(out, "CodeSigningConfig"));
}

OPERATION(lambda_create_code_signing_config)
{
    char id[22] = "csc-";
    random_hex_upper(id + 4, 17);
    id[21] = '\0';
    for (char *p = id + 4; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    cJSON *config = cJSON_CreateObject();
    cJSON_AddStringToObject(config, "CodeSigningConfigId", id);
    char *arn = arn_build("lambda", c->route->region, c->route->account,
                          "code-signing-config:%s", id);
    cJSON_AddStringToObject(config, "CodeSigningConfigArn", arn);
    free(arn);
    cJSON_AddStringToObject(config, "Description", "");
    cJSON *policies = cJSON_AddObjectToObject(config, "CodeSigningPolicies");
    cJSON_AddStringToObject(policies, "UntrustedArtifactOnDeployment", "Warn");
    apply(config, in);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    cJSON_AddItemToObject(config, "_tags",
                          tags ? cJSON_Duplicate(tags, true) : cJSON_CreateObject());
    cJSON_AddItemToArray(lambda_region_get(c->route->account, c->route->region)
                             ->code_signing_configs,
                         config);
    answer(config, out);
    return 0;
}

OPERATION(lambda_get_code_signing_config)
{
    const cJSON *config = config_for_call(c, param_string(in, "CodeSigningConfigArn"),
                                          "ResourceNotFoundException");
    if (!config)
        return -1;
    answer(config, out);
    return 0;
}

OPERATION(lambda_update_code_signing_config)
{
    cJSON *config = config_for_call(c, param_string(in, "CodeSigningConfigArn"),
                                    "ResourceNotFoundException");
    if (!config)
        return -1;
    apply(config, in);
    answer(config, out);
    return 0;
}

OPERATION(lambda_list_code_signing_configs)
{
    struct list_page page;
    if (list_page_begin(c, in, out, "CodeSigningConfigs", &page) != 0)
        return -1;
    const struct lambda_region *r = lambda_region_find(c->route->account, c->route->region);
    const cJSON *configs = r ? r->code_signing_configs : NULL;
    const cJSON *config;
    cJSON_ArrayForEach(config, configs) {
        if (!list_page_take(&page))
            continue;
        cJSON *entry = cJSON_CreateObject();
        lambda_configuration_answer(config, entry);
        cJSON_AddItemToArray(page.list, entry);
    }
    return 0;
}

static bool uses(const cJSON *function, const char *arn)
{
    const char *own = param_string(function, FUNCTION_MEMBER);
    return own && strcmp(own, arn) == 0;
}

OPERATION(lambda_delete_code_signing_config)
{
    (void)out;
    const char *arn = param_string(in, "CodeSigningConfigArn");
    cJSON *config = config_for_call(c, arn, "ResourceNotFoundException");
    if (!config)
        return -1;
    struct arn parsed;
    arn_parse(arn, &parsed);
    struct lambda_region *r = lambda_region_find(parsed.account, parsed.region);
    const cJSON *f;
    cJSON_ArrayForEach(f, r->functions)
        if (uses(f, arn))
            return call_fail(c, 409, "ResourceConflictException",
                             "The code signing configuration %s cannot be deleted because it is "
                             "used by one or more functions.",
                             arn);
    cJSON_Delete(cJSON_DetachItemViaPointer(r->code_signing_configs, config));
    return 0;
}

OPERATION(lambda_list_functions_by_code_signing_config)
{
    const char *arn = param_string(in, "CodeSigningConfigArn");
    if (!config_for_call(c, arn, "ResourceNotFoundException"))
        return -1;
    struct list_page page;
    if (list_page_begin(c, in, out, "FunctionArns", &page) != 0)
        return -1;
    struct arn parsed;
    arn_parse(arn, &parsed);
    const struct lambda_region *r = lambda_region_find(parsed.account, parsed.region);
    const cJSON *f;
    cJSON_ArrayForEach(f, r->functions) {
        if (!uses(f, arn) || !list_page_take(&page))
            continue;
        const char *function_arn =
            param_string(cJSON_GetObjectItemCaseSensitive(f, "_latest"), "FunctionArn");
        cJSON_AddItemToArray(page.list, cJSON_CreateString(function_arn));
    }
    return 0;
}

OPERATION(lambda_put_function_code_signing_config)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    const char *arn = param_string(in, "CodeSigningConfigArn");
    if (!lambda_code_signing_config_for_function(c, arn))
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(f, FUNCTION_MEMBER);
    cJSON_AddStringToObject(f, FUNCTION_MEMBER, arn);
    cJSON_AddStringToObject(out, "CodeSigningConfigArn", arn);
    cJSON_AddStringToObject(out, "FunctionName", n.name);
    return 0;
}

OPERATION(lambda_get_function_code_signing_config)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    /* Both members are required: a function without a configuration answers an empty ARN. */
    const char *arn = param_string(f, FUNCTION_MEMBER);
    cJSON_AddStringToObject(out, "CodeSigningConfigArn", arn ? arn : "");
    cJSON_AddStringToObject(out, "FunctionName", n.name);
    return 0;
}

OPERATION(lambda_delete_function_code_signing_config)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(f, FUNCTION_MEMBER);
    return 0;
}
