/* Layers: PublishLayerVersion (from a zip or motoc's S3), Get/List/Delete, layer version
 * permissions, and the packages functions unpack under /opt. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "function_config.h"
#include "functions.h"
#include "ops.h"
#include "state.h"

static cJSON *layer_named(const struct lambda_region *r, const char *name)
{
    cJSON *l;
    cJSON *layers = r ? r->layers : NULL;
    cJSON_ArrayForEach(l, layers)
        if (strcmp(param_string(l, "LayerName"), name) == 0)
            return l;
    return NULL;
}

/* "name" or a layer ARN, as LayerName accepts. */
static const char *plain_layer_name(const char *text)
{
    const char *marker = text ? strstr(text, ":layer:") : NULL;
    return marker ? marker + strlen(":layer:") : text;
}

static cJSON *layer_version(const cJSON *layer, long number)
{
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(layer, "_versions"))
        if ((long)param_number(v, "Version", 0) == number)
            return v;
    return NULL;
}

/* The layer version an ARN "arn:…:layer:NAME:N" names, in any account and region. */
cJSON *lambda_layer_version_by_arn(const char *arn_text)
{
    struct arn arn;
    if (!arn_text || !arn_parse(arn_text, &arn) || strncmp(arn.resource, "layer:", 6) != 0)
        return NULL;
    const char *colon = strrchr(arn.resource, ':');
    if (!colon || colon == arn.resource + 5)
        return NULL;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(colon - arn.resource - 6), arn.resource + 6);
    return layer_version(layer_named(lambda_region_find(arn.account, arn.region), name),
                         atol(colon + 1));
}

const char *lambda_layer_code_path(const char *arn)
{
    return param_string(lambda_layer_version_by_arn(arn), "_code_file");
}

static void answer_version(const cJSON *v, cJSON *out, bool with_content)
{
    lambda_configuration_answer(v, out);
    if (!with_content) {
        cJSON_DeleteItemFromObjectCaseSensitive(out, "Content");
        cJSON_DeleteItemFromObjectCaseSensitive(out, "LayerArn");
    }
}

OPERATION(lambda_publish_layer_version)
{
    const char *name = plain_layer_name(param_string(in, "LayerName"));
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(in, "Content");
    if (!param_string(content, "ZipFile") && !param_string(content, "S3Bucket"))
        return call_fail(c, 400, "InvalidParameterValueException", "Missing Content");
    char path[PATH_MAX];
    if (lambda_package_from_request(c, content, path, sizeof path) != 0)
        return -1;
    struct lambda_region *r = lambda_region_get(c->route->account, c->route->region);
    cJSON *layer = layer_named(r, name);
    if (!layer) {
        layer = cJSON_CreateObject();
        cJSON_AddStringToObject(layer, "LayerName", name);
        char *arn = arn_build("lambda", c->route->region, c->route->account, "layer:%s", name);
        cJSON_AddStringToObject(layer, "LayerArn", arn);
        free(arn);
        cJSON_AddArrayToObject(layer, "_versions");
        cJSON_AddNumberToObject(layer, "_next_version", 1);
        cJSON_AddItemToArray(r->layers, layer);
    }
    int number = (int)param_number(layer, "_next_version", 1);
    cJSON_ReplaceItemInObjectCaseSensitive(layer, "_next_version", cJSON_CreateNumber(number + 1));
    cJSON *v = cJSON_CreateObject();
    cJSON *described = cJSON_CreateObject();
    lambda_config_set_package(described, path);
    cJSON *content_out = cJSON_AddObjectToObject(v, "Content");
    cJSON_AddStringToObject(content_out, "CodeSha256", param_string(described, "CodeSha256"));
    cJSON_AddNumberToObject(content_out, "CodeSize", param_number(described, "CodeSize", 0));
    cJSON_AddStringToObject(v, "_code_file", path);
    cJSON_Delete(described);
    cJSON_AddStringToObject(v, "LayerArn", param_string(layer, "LayerArn"));
    struct buf arn = {0};
    buf_printf(&arn, "%s:%d", param_string(layer, "LayerArn"), number);
    cJSON_AddStringToObject(v, "LayerVersionArn", arn.data);
    buf_free(&arn);
    const char *description = param_string(in, "Description");
    if (description)
        cJSON_AddStringToObject(v, "Description", description);
    char stamp[40];
    lambda_timestamp_now(stamp, sizeof stamp);
    cJSON_AddStringToObject(v, "CreatedDate", stamp);
    cJSON_AddNumberToObject(v, "Version", number);
    static const char *const copied[] = {"CompatibleRuntimes", "LicenseInfo",
                                         "CompatibleArchitectures"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, copied[i]);
        if (value)
            cJSON_AddItemToObject(v, copied[i], cJSON_Duplicate(value, true));
    }
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(layer, "_versions"), v);
    answer_version(v, out, true);
    char *location = lambda_code_location(c, v);
    cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(out, "Content"), "Location",
                            location);
    free(location);
    return 0;
}

static int fail_no_version(struct call *c)
{
    return call_fail(c, 404, "ResourceNotFoundException",
                     "One or more LayerVersion does not exist.");
}

static int get_version(struct call *c, const cJSON *v, cJSON *out)
{
    if (!v)
        return fail_no_version(c);
    answer_version(v, out, true);
    char *location = lambda_code_location(c, v);
    cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(out, "Content"), "Location",
                            location);
    free(location);
    return 0;
}

static cJSON *version_for_call(struct call *c, const cJSON *in)
{
    const cJSON *layer = layer_named(lambda_region_find(c->route->account, c->route->region),
                                     plain_layer_name(param_string(in, "LayerName")));
    return layer_version(layer, (long)param_number(in, "VersionNumber", 0));
}

OPERATION(lambda_get_layer_version)
{
    return get_version(c, version_for_call(c, in), out);
}

OPERATION(lambda_get_layer_version_by_arn)
{
    return get_version(c, lambda_layer_version_by_arn(param_string(in, "Arn")), out);
}

static bool compatible(const cJSON *v, const cJSON *in)
{
    const char *runtime = param_string(in, "CompatibleRuntime");
    const char *architecture = param_string(in, "CompatibleArchitecture");
    static const char *const members[] = {"CompatibleRuntimes", "CompatibleArchitectures"};
    const char *wanted[] = {runtime, architecture};
    for (size_t i = 0; i < 2; i++) {
        if (!wanted[i])
            continue;
        bool found = false;
        const cJSON *item;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(v, members[i]))
            found = found || (cJSON_IsString(item) && strcmp(item->valuestring, wanted[i]) == 0);
        if (!found)
            return false;
    }
    return true;
}

OPERATION(lambda_list_layer_versions)
{
    const cJSON *layer = layer_named(lambda_region_find(c->route->account, c->route->region),
                                     plain_layer_name(param_string(in, "LayerName")));
    cJSON *list = cJSON_AddArrayToObject(out, "LayerVersions");
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(layer, "_versions");
    for (int i = cJSON_GetArraySize(versions) - 1; i >= 0; i--) {
        const cJSON *v = cJSON_GetArrayItem(versions, i);
        if (!compatible(v, in))
            continue;
        cJSON *answer = cJSON_CreateObject();
        answer_version(v, answer, false);
        cJSON_AddItemToArray(list, answer);
    }
    return 0;
}

OPERATION(lambda_list_layers)
{
    const struct lambda_region *r = lambda_region_find(c->route->account, c->route->region);
    cJSON *list = cJSON_AddArrayToObject(out, "Layers");
    const cJSON *layer;
    cJSON *layers = r ? r->layers : NULL;
    cJSON_ArrayForEach(layer, layers) {
        const cJSON *versions = cJSON_GetObjectItemCaseSensitive(layer, "_versions");
        for (int i = cJSON_GetArraySize(versions) - 1; i >= 0; i--) {
            const cJSON *v = cJSON_GetArrayItem(versions, i);
            if (!compatible(v, in))
                continue;
            cJSON *entry = cJSON_CreateObject();
            cJSON_AddStringToObject(entry, "LayerName", param_string(layer, "LayerName"));
            cJSON_AddStringToObject(entry, "LayerArn", param_string(layer, "LayerArn"));
            cJSON *latest = cJSON_AddObjectToObject(entry, "LatestMatchingVersion");
            answer_version(v, latest, false);
            cJSON_AddItemToArray(list, entry);
            break;
        }
    }
    return 0;
}

OPERATION(lambda_delete_layer_version)
{
    (void)out;
    cJSON *v = version_for_call(c, in);
    if (v) {
        const char *path = param_string(v, "_code_file");
        if (path)
            unlink(path);
        const cJSON *layer = layer_named(lambda_region_find(c->route->account, c->route->region),
                                         plain_layer_name(param_string(in, "LayerName")));
        cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(layer,
                                                                                 "_versions"),
                                                v));
    }
    return 0;
}

static cJSON *statements(cJSON *v)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(v, "_policy");
    return list ? list : cJSON_AddArrayToObject(v, "_policy");
}

static void new_policy_revision(cJSON *v)
{
    char id[37];
    uuid_new(id);
    cJSON_DeleteItemFromObjectCaseSensitive(v, "_policy_revision");
    cJSON_AddStringToObject(v, "_policy_revision", id);
}

OPERATION(lambda_add_layer_version_permission)
{
    cJSON *v = version_for_call(c, in);
    if (!v)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "Layer version %s:%lld does not exist.",
                         param_string(in, "LayerName"), param_int(in, "VersionNumber", 0));
    const char *sid = param_string(in, "StatementId");
    cJSON *list = statements(v);
    const cJSON *s;
    cJSON_ArrayForEach(s, list)
        if (strcmp(param_string(s, "Sid"), sid) == 0)
            return call_fail(c, 409, "ResourceConflictException",
                             "The statement id (%s) provided already exists. Please provide a "
                             "new statement id, or remove the existing statement.",
                             sid);
    cJSON *statement = cJSON_CreateObject();
    cJSON_AddStringToObject(statement, "Sid", sid);
    cJSON_AddStringToObject(statement, "Effect", "Allow");
    const char *principal = param_string(in, "Principal");
    if (strcmp(principal, "*") == 0) {
        cJSON_AddStringToObject(statement, "Principal", "*");
    } else {
        char arn[64];
        snprintf(arn, sizeof arn, "arn:aws:iam::%s:root", principal);
        cJSON_AddItemToObject(statement, "Principal", cJSON_CreateObject());
        cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(statement, "Principal"), "AWS",
                                strncmp(principal, "arn:", 4) == 0 ? principal : arn);
    }
    cJSON_AddStringToObject(statement, "Action", param_string(in, "Action"));
    cJSON_AddStringToObject(statement, "Resource", param_string(v, "LayerVersionArn"));
    const char *org = param_string(in, "OrganizationId");
    if (org) {
        cJSON *cond = cJSON_AddObjectToObject(statement, "Condition");
        cJSON_AddStringToObject(cJSON_AddObjectToObject(cond, "StringEquals"),
                                "aws:PrincipalOrgID", org);
    }
    cJSON_AddItemToArray(list, statement);
    new_policy_revision(v);
    char *text = cJSON_PrintUnformatted(statement);
    cJSON_AddStringToObject(out, "Statement", text);
    free(text);
    cJSON_AddStringToObject(out, "RevisionId", param_string(v, "_policy_revision"));
    return 0;
}

OPERATION(lambda_get_layer_version_policy)
{
    cJSON *v = version_for_call(c, in);
    const cJSON *list = v ? cJSON_GetObjectItemCaseSensitive(v, "_policy") : NULL;
    if (lambda_policy_answer(c, list, out) != 0)
        return -1;
    cJSON_AddStringToObject(out, "RevisionId", param_string(v, "_policy_revision"));
    return 0;
}

OPERATION(lambda_remove_layer_version_permission)
{
    (void)out;
    cJSON *v = version_for_call(c, in);
    cJSON *list = v ? cJSON_GetObjectItemCaseSensitive(v, "_policy") : NULL;
    const char *sid = param_string(in, "StatementId");
    cJSON *s;
    cJSON_ArrayForEach(s, list) {
        if (strcmp(param_string(s, "Sid"), sid) == 0) {
            cJSON_Delete(cJSON_DetachItemViaPointer(list, s));
            new_policy_revision(v);
            return 0;
        }
    }
    return call_fail(c, 404, "ResourceNotFoundException",
                     "Statement %s is not found in resource policy.", sid);
}
