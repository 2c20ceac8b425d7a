/* Mobile push: platform applications and their endpoints, stored; messages published to an
 * endpoint are kept on it. */
#include <ctype.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "errors.h"
#include "ops.h"
#include "paging.h"
#include "state.h"

#define MAX_APPLICATION_NAME 256

static const char *const platforms[] = {
    "ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MACOS",
    "MACOS_SANDBOX", "MPNS", "WNS",
};

static bool known_platform(const char *p)
{
    for (size_t i = 0; i < sizeof platforms / sizeof platforms[0]; i++)
        if (strcmp(platforms[i], p) == 0)
            return true;
    return false;
}

static bool valid_application_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_APPLICATION_NAME)
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    return true;
}

/* Copies every string attribute of from into to, replacing what was there. */
static void merge_attributes(cJSON *to, const cJSON *from)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, from)
    {
        if (!cJSON_IsString(a))
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(to, a->string);
        cJSON_AddStringToObject(to, a->string, a->valuestring);
    }
}

/* Platform credentials are write-only: Get*Attributes never shows them. */
static cJSON *visible_application_attributes(const struct sns_platform_application *a)
{
    cJSON *out = cJSON_Duplicate(a->attributes, true);
    cJSON_DeleteItemFromObjectCaseSensitive(out, "PlatformCredential");
    cJSON_DeleteItemFromObjectCaseSensitive(out, "PlatformPrincipal");
    return out;
}

int sns_create_platform_application(struct call *c, const cJSON *in, cJSON *out)
{
    const char *name = param_string(in, "Name");
    const char *platform = param_string(in, "Platform");
    if (!name || !valid_application_name(name))
        return fail_invalid_parameter(c, "Name");
    if (!platform || !known_platform(platform))
        return fail_invalid_parameter(c, "Platform");
    struct sns_region *r = sns_region_get(c->route->account, c->route->region);
    struct sns_platform_application *a = NULL;
    for (size_t i = 0; i < r->applications.count && !a; i++) {
        struct sns_platform_application *candidate = r->applications.items[i];
        if (strcmp(candidate->name, name) == 0 && strcmp(candidate->platform, platform) == 0)
            a = candidate;
    }
    if (!a)
        a = sns_application_new(r, name, platform);
    merge_attributes(a->attributes, cJSON_GetObjectItemCaseSensitive(in, "Attributes"));
    cJSON_AddStringToObject(out, "PlatformApplicationArn", a->arn);
    return 0;
}

static struct sns_platform_application *application_or_fail(struct call *c, const char *arn)
{
    struct sns_platform_application *a = arn ? sns_application_by_arn(arn) : NULL;
    if (!a)
        fail_not_found(c, "PlatformApplication does not exist");
    return a;
}

int sns_delete_platform_application(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)out;
    const char *arn = param_string(in, "PlatformApplicationArn");
    struct sns_platform_application *a = arn ? sns_application_by_arn(arn) : NULL;
    if (a)
        sns_application_delete(sns_region_of_arn(a->arn), a);
    return 0;
}

int sns_get_platform_application_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_platform_application *a =
        application_or_fail(c, param_string(in, "PlatformApplicationArn"));
    if (!a)
        return -1;
    cJSON_AddItemToObject(out, "Attributes", visible_application_attributes(a));
    return 0;
}

int sns_set_platform_application_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_platform_application *a =
        application_or_fail(c, param_string(in, "PlatformApplicationArn"));
    if (!a)
        return -1;
    merge_attributes(a->attributes, cJSON_GetObjectItemCaseSensitive(in, "Attributes"));
    return 0;
}

int sns_list_platform_applications(struct call *c, const cJSON *in, cJSON *out)
{
    long start = page_start(c, param_string(in, "NextToken"));
    if (start < 0)
        return -1;
    struct sns_region *r = sns_region_find(c->route->account, c->route->region);
    cJSON *list = cJSON_AddArrayToObject(out, "PlatformApplications");
    size_t count = r ? r->applications.count : 0, end = (size_t)start + SNS_PAGE_SIZE;
    for (size_t i = (size_t)start; i < count && i < end; i++) {
        const struct sns_platform_application *a = r->applications.items[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "PlatformApplicationArn", a->arn);
        cJSON_AddItemToObject(item, "Attributes", visible_application_attributes(a));
        cJSON_AddItemToArray(list, item);
    }
    if (end < count)
        page_token_add_index(out, "NextToken", end);
    return 0;
}

static bool same_attributes(const cJSON *have, const cJSON *want)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, want)
    {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(have, a->string));
        if (!v || !cJSON_IsString(a) || strcmp(v, a->valuestring) != 0)
            return false;
    }
    return true;
}

int sns_create_platform_endpoint(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_platform_application *a =
        application_or_fail(c, param_string(in, "PlatformApplicationArn"));
    if (!a)
        return -1;
    const char *token = param_string(in, "Token");
    const char *user_data = param_string(in, "CustomUserData");
    if (!token || !*token)
        return fail_invalid_parameter(c, "Token");
    cJSON *wanted = cJSON_CreateObject();
    merge_attributes(wanted, cJSON_GetObjectItemCaseSensitive(in, "Attributes"));
    if (user_data && !cJSON_GetObjectItemCaseSensitive(wanted, "CustomUserData"))
        cJSON_AddStringToObject(wanted, "CustomUserData", user_data);
    struct sns_region *r = sns_region_of_arn(a->arn);
    for (size_t i = 0; i < r->endpoints.count; i++) {
        struct sns_endpoint *e = r->endpoints.items[i];
        const char *have = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e->attributes, "Token"));
        if (e->application != a || !have || strcmp(have, token) != 0)
            continue;
        bool same = same_attributes(e->attributes, wanted);
        cJSON_Delete(wanted);
        if (!same)
            return call_fail(c, 400, "InvalidParameter",
                             "Invalid parameter: Token Reason: Endpoint %s already exists with "
                             "the same Token, but different attributes.",
                             e->arn);
        cJSON_AddStringToObject(out, "EndpointArn", e->arn);
        return 0;
    }
    struct sns_endpoint *e = sns_endpoint_new(r, a);
    cJSON_AddStringToObject(e->attributes, "Enabled", "true");
    cJSON_AddStringToObject(e->attributes, "Token", token);
    merge_attributes(e->attributes, wanted);
    cJSON_Delete(wanted);
    cJSON_AddStringToObject(out, "EndpointArn", e->arn);
    return 0;
}

static struct sns_endpoint *endpoint_or_fail(struct call *c, const char *arn)
{
    struct sns_endpoint *e = arn ? sns_endpoint_by_arn(arn) : NULL;
    if (!e)
        fail_not_found(c, "Endpoint does not exist");
    return e;
}

int sns_delete_endpoint(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)out;
    const char *arn = param_string(in, "EndpointArn");
    struct sns_endpoint *e = arn ? sns_endpoint_by_arn(arn) : NULL;
    if (e)
        sns_endpoint_delete(sns_region_of_arn(e->arn), e);
    return 0;
}

int sns_get_endpoint_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_endpoint *e = endpoint_or_fail(c, param_string(in, "EndpointArn"));
    if (!e)
        return -1;
    cJSON_AddItemToObject(out, "Attributes", cJSON_Duplicate(e->attributes, true));
    return 0;
}

int sns_set_endpoint_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_endpoint *e = endpoint_or_fail(c, param_string(in, "EndpointArn"));
    if (!e)
        return -1;
    merge_attributes(e->attributes, cJSON_GetObjectItemCaseSensitive(in, "Attributes"));
    return 0;
}

int sns_list_endpoints_by_platform_application(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_platform_application *a =
        application_or_fail(c, param_string(in, "PlatformApplicationArn"));
    if (!a)
        return -1;
    long start = page_start(c, param_string(in, "NextToken"));
    if (start < 0)
        return -1;
    struct sns_region *r = sns_region_of_arn(a->arn);
    cJSON *list = cJSON_AddArrayToObject(out, "Endpoints");
    size_t seen = 0, listed = 0;
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const struct sns_endpoint *e = r->endpoints.items[i];
        if (e->application != a || seen++ < (size_t)start)
            continue;
        if (listed == SNS_PAGE_SIZE) {
            page_token_add_index(out, "NextToken", seen - 1);
            break;
        }
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "EndpointArn", e->arn);
        cJSON_AddItemToObject(item, "Attributes", cJSON_Duplicate(e->attributes, true));
        cJSON_AddItemToArray(list, item);
        listed++;
    }
    return 0;
}
