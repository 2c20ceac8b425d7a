/* Versions and aliases: PublishVersion, ListVersionsByFunction, Create/Get/Update/Delete/
 * ListAliases with weighted routing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "function_config.h"
#include "list_page.h"
#include "ops.h"

OPERATION(lambda_publish_version)
{
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, false, &name);
    if (!f)
        return -1;
    const cJSON *latest = cJSON_GetObjectItemCaseSensitive(f, "_latest");
    const char *sha = param_string(in, "CodeSha256");
    if (sha && strcmp(sha, param_string(latest, "CodeSha256")) != 0)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). "
                         "Please try again.",
                         sha, param_string(latest, "CodeSha256"));
    const char *revision = param_string(in, "RevisionId");
    if (revision && strcmp(revision, param_string(latest, "RevisionId")) != 0)
        return call_fail(c, 412, "PreconditionFailedException",
                         "The Revision Id provided does not match the latest Revision Id. Call "
                         "the GetFunction/GetAlias API to retrieve the latest Revision Id");
    lambda_configuration_answer(lambda_publish(f, param_string(in, "Description")), out);
    return 0;
}

OPERATION(lambda_list_versions_by_function)
{
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, false, &name);
    if (!f)
        return -1;
    struct list_page page;
    if (list_page_begin(c, in, out, "Versions", &page) != 0)
        return -1;
    long index = 0;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "_latest");
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(f, "_versions")->child;
    for (; v; v = next, next = next ? next->next : NULL, index++) {
        if (!list_page_take(&page))
            continue;
        cJSON *answer = cJSON_CreateObject();
        lambda_configuration_answer(v, answer);
        if (index == 0)
            lambda_qualify_latest_arn(answer);
        cJSON_AddItemToArray(page.list, answer);
    }
    return 0;
}

static bool version_exists(const cJSON *f, const char *version)
{
    if (strcmp(version, "$LATEST") == 0)
        return true;
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(f, "_versions"))
        if (strcmp(param_string(v, "Version"), version) == 0)
            return true;
    return false;
}

static cJSON *alias_named(const cJSON *f, const char *name)
{
    cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(f, "_aliases"))
        if (strcmp(param_string(a, "Name"), name) == 0)
            return a;
    return NULL;
}

static int check_routing(struct call *c, const cJSON *f, const struct lambda_name *n,
                         const cJSON *routing)
{
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(routing, "AdditionalVersionWeights");
    const cJSON *w;
    cJSON_ArrayForEach(w, weights) {
        if (!version_exists(f, w->string))
            return lambda_fail_function_not_found(c->err, n->account, n->region, n->name,
                                                  w->string);
    }
    return 0;
}

static int version_for_alias(struct call *c, const cJSON *f, const struct lambda_name *n,
                             const char *version)
{
    if (!version_exists(f, version))
        return lambda_fail_function_not_found(c->err, n->account, n->region, n->name, version);
    return 0;
}

OPERATION(lambda_create_alias)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    const char *alias = param_string(in, "Name");
    const char *version = param_string(in, "FunctionVersion");
    char *arn = arn_build("lambda", n.region, n.account, "function:%s:%s", n.name, alias);
    if (alias_named(f, alias)) {
        call_fail(c, 409, "ResourceConflictException", "Alias already exists: %s", arn);
        free(arn);
        return -1;
    }
    if (version_for_alias(c, f, &n, version) != 0 ||
        check_routing(c, f, &n, cJSON_GetObjectItemCaseSensitive(in, "RoutingConfig")) != 0) {
        free(arn);
        return -1;
    }
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "AliasArn", arn);
    free(arn);
    cJSON_AddStringToObject(a, "Name", alias);
    cJSON_AddStringToObject(a, "FunctionVersion", version);
    const char *description = param_string(in, "Description");
    cJSON_AddStringToObject(a, "Description", description ? description : "");
    const cJSON *routing = cJSON_GetObjectItemCaseSensitive(in, "RoutingConfig");
    if (routing)
        cJSON_AddItemToObject(a, "RoutingConfig", cJSON_Duplicate(routing, true));
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(a, "RevisionId", id);
    json_sorted_insert(cJSON_GetObjectItemCaseSensitive(f, "_aliases"), a, "Name");
    lambda_configuration_answer(a, out);
    return 0;
}

static cJSON *alias_for_call(struct call *c, const cJSON *in, struct lambda_name *n,
                             cJSON **function)
{
    cJSON *f = lambda_function_for_call(c, in, false, n);
    if (!f)
        return NULL;
    *function = f;
    const char *name = param_string(in, "Name");
    cJSON *a = alias_named(f, name);
    if (!a) {
        char *arn = arn_build("lambda", n->region, n->account, "function:%s:%s", n->name, name);
        call_fail(c, 404, "ResourceNotFoundException", "Cannot find alias arn: %s", arn);
        free(arn);
    }
    return a;
}

OPERATION(lambda_get_alias)
{
    struct lambda_name n;
    cJSON *f;
    cJSON *a = alias_for_call(c, in, &n, &f);
    if (!a)
        return -1;
    lambda_configuration_answer(a, out);
    return 0;
}

OPERATION(lambda_update_alias)
{
    struct lambda_name n;
    cJSON *f;
    cJSON *a = alias_for_call(c, in, &n, &f);
    if (!a)
        return -1;
    const char *revision = param_string(in, "RevisionId");
    if (revision && strcmp(revision, param_string(a, "RevisionId")) != 0)
        return call_fail(c, 412, "PreconditionFailedException",
                         "The Revision Id provided does not match the latest Revision Id. Call "
                         "the GetFunction/GetAlias API to retrieve the latest Revision Id");
    const char *version = param_string(in, "FunctionVersion");
    const cJSON *routing = cJSON_GetObjectItemCaseSensitive(in, "RoutingConfig");
    if ((version && version_for_alias(c, f, &n, version) != 0) ||
        check_routing(c, f, &n, routing) != 0)
        return -1;
    if (version)
        cJSON_ReplaceItemInObjectCaseSensitive(a, "FunctionVersion", cJSON_CreateString(version));
    const char *description = param_string(in, "Description");
    if (description)
        cJSON_ReplaceItemInObjectCaseSensitive(a, "Description", cJSON_CreateString(description));
    if (routing) {
        cJSON_DeleteItemFromObjectCaseSensitive(a, "RoutingConfig");
        cJSON_AddItemToObject(a, "RoutingConfig", cJSON_Duplicate(routing, true));
    }
    char id[37];
    uuid_new(id);
    cJSON_ReplaceItemInObjectCaseSensitive(a, "RevisionId", cJSON_CreateString(id));
    lambda_configuration_answer(a, out);
    return 0;
}

OPERATION(lambda_delete_alias)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    cJSON *a = alias_named(f, param_string(in, "Name"));
    if (a)
        cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(f, "_aliases"),
                                                a));
    return 0;
}

OPERATION(lambda_list_aliases)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    const char *version = param_string(in, "FunctionVersion");
    cJSON *list = cJSON_AddArrayToObject(out, "Aliases");
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(f, "_aliases")) {
        if (version && strcmp(version, param_string(a, "FunctionVersion")) != 0)
            continue;
        cJSON *answer = cJSON_CreateObject();
        lambda_configuration_answer(a, answer);
        cJSON_AddItemToArray(list, answer);
    }
    return 0;
}
