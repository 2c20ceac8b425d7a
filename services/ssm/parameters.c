/* Parameter names, selectors and versions, shared by Parameter Store's operations. */
#include "parameters.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "secure_string.h"

struct ssm_region *ssm_call_region(struct call *c)
{
    return ssm_region_get(c->route->account, c->route->region);
}

static bool starts_with_nocase(const char *text, const char *prefix)
{
    return strncasecmp(text, prefix, strlen(prefix)) == 0;
}

static bool name_character(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '-' || ch == '/';
}

#define PATH_RULES \
    "If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path " \
    "can be formed as a mix of letters, numbers and the following 3 symbols .-_"

int ssm_check_new_parameter_name(struct call *c, const char *name)
{
    bool is_path = name[0] == '/' && strchr(name + 1, '/');
    const char *bare = name[0] == '/' ? name + 1 : name;
    if (starts_with_nocase(name, "/aws") && is_path)
        return call_fail(c, 400, "AccessDeniedException",
                         "No access to reserved parameter name: %s.", name);
    if (starts_with_nocase(bare, "aws") || starts_with_nocase(bare, "ssm")) {
        if (is_path)
            return call_fail_validation(
                c, "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). " PATH_RULES);
        return call_fail_validation(
            c, "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    }
    for (const char *p = name; *p; p++)
        if (!name_character(*p) || (p[0] == '/' && p[1] == '/'))
            return call_fail_validation(
                c, "Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                   "(case-insensitive). " PATH_RULES);
    if (name[0] != '/' && strchr(name, '/'))
        return call_fail_validation(c, "Parameter name must be a fully qualified name.");
    int levels = 0;
    for (const char *p = name; *p; p++)
        levels += *p == '/';
    if (levels > SSM_MAX_HIERARCHY_LEVELS)
        return call_fail(c, 400, "HierarchyLevelLimitExceededException",
                         "A hierarchy can have a maximum of 15 levels. For more information, see "
                         "Requirements and constraints for parameter names in the AWS Systems "
                         "Manager User Guide.");
    return 0;
}

bool parameter_ref_parse(const char *text, struct parameter_ref *out)
{
    memset(out, 0, sizeof *out);
    const char *name = text;
    bool from_arn = strncmp(text, "arn:", 4) == 0;
    if (from_arn) {
        const char *resource = strstr(text, ":parameter/");
        if (!resource)
            return false;
        name = resource + strlen(":parameter");
    }
    const char *colon = strchr(name, ':');
    if (colon && strchr(colon + 1, ':'))
        return false;
    size_t len = colon ? (size_t)(colon - name) : strlen(name);
    if (len >= sizeof out->name || (colon && strlen(colon + 1) >= sizeof out->selector))
        return false;
    memcpy(out->name, name, len);
    if (colon) {
        out->has_selector = true;
        snprintf(out->selector, sizeof out->selector, "%s", colon + 1);
    }
    return true;
}

cJSON *ssm_parameter_lookup(struct ssm_region *r, const struct parameter_ref *ref)
{
    return ssm_parameter_find(r, ref->name);
}

cJSON *parameter_latest(const cJSON *parameter)
{
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(parameter, "Versions");
    return cJSON_GetArrayItem(versions, cJSON_GetArraySize(versions) - 1);
}

cJSON *parameter_version(const cJSON *parameter, long long n)
{
    cJSON *version;
    cJSON_ArrayForEach(version, cJSON_GetObjectItemCaseSensitive(parameter, "Versions"))
        if (cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(version, "Version")) == n)
            return version;
    return NULL;
}

static bool all_digits(const char *text)
{
    if (!*text)
        return false;
    for (; *text; text++)
        if (!isdigit((unsigned char)*text))
            return false;
    return true;
}

cJSON *parameter_select(const cJSON *parameter, const char *selector, bool *is_version)
{
    *is_version = all_digits(selector);
    if (*is_version)
        return strlen(selector) > 18 ? NULL : parameter_version(parameter, atoll(selector));
    cJSON *version;
    cJSON_ArrayForEach(version, cJSON_GetObjectItemCaseSensitive(parameter, "Versions")) {
        const cJSON *label;
        cJSON_ArrayForEach(label, cJSON_GetObjectItemCaseSensitive(version, "Labels"))
            if (cJSON_IsString(label) && strcmp(label->valuestring, selector) == 0)
                return version;
    }
    return NULL;
}

char *parameter_arn(const struct ssm_region *r, const char *name)
{
    return arn_build("ssm", r->region, r->account, "parameter/%s",
                     name[0] == '/' ? name + 1 : name);
}

char *parameter_value(struct call *c, const cJSON *version, bool decrypt)
{
    const char *value = member_string(version, "Value");
    const char *type = member_string(version, "Type");
    if (!decrypt || !type || strcmp(type, "SecureString") != 0)
        return xstrdup(value ? value : "");
    char *plaintext = NULL;
    if (secure_string(c, SECURE_STRING_DECRYPT, member_string(version, "KeyId"), value,
                      &plaintext) != 0)
        return NULL;
    return plaintext;
}

static void copy_member(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(from, name);
    if (item)
        cJSON_AddItemToObject(to, name, cJSON_Duplicate(item, true));
}

cJSON *parameter_answer(struct call *c, const struct ssm_region *r, const cJSON *version,
                        const char *selector, bool decrypt)
{
    char *value = parameter_value(c, version, decrypt);
    if (!value)
        return NULL;
    cJSON *out = cJSON_CreateObject();
    copy_member(out, version, "Name");
    copy_member(out, version, "Type");
    cJSON_AddStringToObject(out, "Value", value);
    free(value);
    copy_member(out, version, "Version");
    if (selector) {
        char text[200];
        snprintf(text, sizeof text, ":%s", selector);
        cJSON_AddStringToObject(out, "Selector", text);
    }
    copy_member(out, version, "LastModifiedDate");
    /* Public parameters carry their own ARN, which names no account. */
    if (cJSON_GetObjectItemCaseSensitive(version, "ARN")) {
        copy_member(out, version, "ARN");
    } else {
        char *arn = parameter_arn(r, member_string(version, "Name"));
        cJSON_AddStringToObject(out, "ARN", arn);
        free(arn);
    }
    copy_member(out, version, "DataType");
    return out;
}
