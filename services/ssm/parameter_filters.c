/* ParameterFilters: Parameter Store's checks, in the order it makes them, and the matching. */
#include "parameter_filters.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/call_error.h"
#include "../core/protocol.h"
#include "../core/tags.h"
#include "state.h"

static const char *string_member(const cJSON *object, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static bool is_tag_key(const char *key)
{
    return strncmp(key, "tag:", 4) == 0 && key[4];
}

/* The model's key pattern, matched whole: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType. */
static bool key_well_formed(const char *key)
{
    static const char *const keys[] = {"Name", "Type", "KeyId", "Path", "Label", "Tier",
                                       "DataType", NULL};
    if (is_tag_key(key))
        return true;
    for (const char *const *k = keys; *k; k++)
        if (strcmp(key, *k) == 0)
            return true;
    return false;
}

static bool option_named(const char *text, enum filter_option *out)
{
    static const struct {
        const char *name;
        enum filter_option option;
    } options[] = {{"Equals", FILTER_EQUALS},       {"BeginsWith", FILTER_BEGINS_WITH},
                   {"Contains", FILTER_CONTAINS},   {"OneLevel", FILTER_ONE_LEVEL},
                   {"Recursive", FILTER_RECURSIVE}};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(text, options[i].name) == 0) {
            *out = options[i].option;
            return true;
        }
    return false;
}

static bool path_well_formed(const char *path)
{
    if (path[0] != '/' || strstr(path, "//"))
        return false;
    for (const char *p = path; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_.-/", *p))
            return false;
    return true;
}

static int fail_value(struct proto_error *err, const char *value, const char *valid)
{
    return error_fail(err, 400, "InvalidFilterValue",
                      "The following filter value is not valid: %s. Valid values include: [%s].",
                      value, valid);
}

static int check_path_values(const cJSON *values, struct proto_error *err)
{
    const cJSON *value;
    cJSON_ArrayForEach(value, values) {
        if (!cJSON_IsString(value))
            continue;
        const char *path = value->valuestring;
        if (strncasecmp(path, "/aws", 4) == 0 || strncasecmp(path, "/ssm", 4) == 0)
            return error_fail(err, 400, "ValidationException",
                              "Filters for common parameters can't be prefixed with \"aws\" or "
                              "\"ssm\" (case-insensitive). When using global parameters, please "
                              "specify within a global namespace.");
        if (!path_well_formed(path))
            return error_fail(
                err, 400, "ValidationException",
                "The parameter doesn't meet the parameter name requirements. The parameter name "
                "must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or "
                "\"ssm\" (case-insensitive). It must use only letters, numbers, or the following "
                "symbols: . (period), - (hyphen), _ (underscore). Special characters are not "
                "allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". "
                "Valid example: /get/parameters2-/by1./path0_.");
    }
    return 0;
}

static int check_enum_values(const cJSON *values, const char *const *valid, const char *listing,
                             struct proto_error *err)
{
    const cJSON *value;
    cJSON_ArrayForEach(value, values) {
        if (!cJSON_IsString(value))
            continue;
        bool ok = false;
        for (const char *const *v = valid; *v && !ok; v++)
            ok = strcmp(value->valuestring, *v) == 0;
        if (!ok)
            return fail_value(err, value->valuestring, listing);
    }
    return 0;
}

/* The checks of one filter's key, values and option. */
static int check_filter(const char *key, const char *option_text, const cJSON *values,
                        enum filter_context context, struct parameter_filter *out,
                        struct proto_error *err)
{
    if (context == FILTERS_FOR_DESCRIBE && strcmp(key, "Label") == 0)
        return error_fail(err, 400, "InvalidFilterKey",
                          "The following filter key is not valid: Label. Valid filter keys "
                          "include: [Path, Name, Type, KeyId, Tier].");
    if (context == FILTERS_FOR_PATH &&
        (strcmp(key, "Name") == 0 || strcmp(key, "Path") == 0 || strcmp(key, "Tier") == 0))
        return error_fail(err, 400, "InvalidFilterKey",
                          "The following filter key is not valid: %s. Valid filter keys "
                          "include: [Type, KeyId].",
                          key);
    bool is_path = strcmp(key, "Path") == 0;
    if (!is_tag_key(key) && strcmp(key, "Label") != 0 && cJSON_GetArraySize(values) == 0)
        return error_fail(err, 400, "InvalidFilterValue",
                          "The following filter values are missing : null for filter key %s.",
                          key);
    enum filter_option option = is_path ? FILTER_ONE_LEVEL : FILTER_EQUALS;
    if (option_text && !option_named(option_text, &option))
        option = (enum filter_option)-1;
    if (is_path) {
        if (option != FILTER_ONE_LEVEL && option != FILTER_RECURSIVE)
            return error_fail(err, 400, "InvalidFilterOption",
                              "The following filter option is not valid: %s. Valid options "
                              "include: [Recursive, OneLevel].",
                              option_text);
        if (check_path_values(values, err) != 0)
            return -1;
    }
    static const char *const tiers[] = {"Standard", "Advanced", "Intelligent-Tiering", NULL};
    static const char *const types[] = {"String", "StringList", "SecureString", NULL};
    static const char *const data_types[] = {"text", "aws:ec2:image", "aws:ssm:integration",
                                             NULL};
    if (strcmp(key, "Tier") == 0 &&
        check_enum_values(values, tiers, "Standard, Advanced, Intelligent-Tiering", err) != 0)
        return -1;
    if (strcmp(key, "Type") == 0 &&
        check_enum_values(values, types, "String, StringList, SecureString", err) != 0)
        return -1;
    if (strcmp(key, "DataType") == 0 &&
        check_enum_values(values, data_types, "text, aws:ec2:image, aws:ssm:integration",
                          err) != 0)
        return -1;
    bool allowed = option == FILTER_EQUALS || option == FILTER_BEGINS_WITH ||
                   (option == FILTER_CONTAINS && strcmp(key, "Name") == 0);
    if (!is_path && !allowed)
        return error_fail(err, 400, "InvalidFilterOption",
                          "The following filter option is not valid: %s. Valid options "
                          "include: [BeginsWith, Equals].",
                          option_text);
    *out = (struct parameter_filter){key, option, values};
    return 0;
}

int parameter_filters_read(const cJSON *list, enum filter_context context,
                           struct parameter_filters *out, struct proto_error *err)
{
    out->count = 0;
    const cJSON *filter;
    cJSON_ArrayForEach(filter, list) {
        const char *key = string_member(filter, "Key");
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(filter, "Values");
        if (!key)
            return error_fail(err, 400, "ValidationException",
                              "1 validation error detected: Value null at "
                              "'parameterFilters.%zu.member.key' failed to satisfy constraint: "
                              "Member must not be null", out->count + 1);
        if (!key_well_formed(key))
            return error_fail(err, 400, "ValidationException",
                              "1 validation error detected: Value '%s' at "
                              "'parameterFilters.%zu.member.key' failed to satisfy constraint: "
                              "Member must satisfy regular expression pattern: "
                              "tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType",
                              key, out->count + 1);
        if (out->count == MAX_PARAMETER_FILTERS)
            return error_fail(err, 400, "ValidationException", "Too many filters.");
        for (size_t i = 0; i < out->count; i++)
            if (strcmp(out->items[i].key, key) == 0)
                return error_fail(err, 400, "InvalidFilterKey",
                                  "The following filter is duplicated in the request: %s. A "
                                  "request can contain only one occurrence of a specific filter.",
                                  key);
        if (check_filter(key, string_member(filter, "Option"),
                         cJSON_IsArray(values) ? values : NULL, context,
                         &out->items[out->count], err) != 0)
            return -1;
        out->count++;
    }
    return 0;
}

int parameter_filters_read_legacy(const cJSON *list, struct parameter_filters *out,
                                  struct proto_error *err)
{
    out->count = 0;
    const cJSON *filter;
    cJSON_ArrayForEach(filter, list) {
        const char *key = string_member(filter, "Key");
        if (!key || (strcmp(key, "Name") != 0 && strcmp(key, "Type") != 0 &&
                     strcmp(key, "KeyId") != 0))
            return error_fail(err, 400, "ValidationException",
                              "1 validation error detected: Value '%s' at "
                              "'filters.%zu.member.key' failed to satisfy constraint: Member "
                              "must satisfy enum value set: [Name, Type, KeyId]",
                              key ? key : "null", out->count + 1);
        if (out->count == MAX_PARAMETER_FILTERS)
            return error_fail(err, 400, "ValidationException", "Too many filters.");
        enum filter_option option = strcmp(key, "Name") == 0 ? FILTER_BEGINS_WITH
                                                             : FILTER_EQUALS;
        out->items[out->count++] =
            (struct parameter_filter){key, option, cJSON_GetObjectItemCaseSensitive(filter,
                                                                                   "Values")};
    }
    return 0;
}

/* ---- matching ---- */

bool parameter_under_path(const char *name, const char *path, bool recursive)
{
    size_t path_len = strlen(path);
    while (path_len > 0 && path[path_len - 1] == '/')
        path_len--;
    /* "name" and "/name" are one parameter: compare as if every name began with '/'. */
    const char *rest;
    if (name[0] != '/') {
        if (path_len != 0)
            return false;
        rest = name;
    } else {
        if (strncmp(name, path, path_len) != 0 || name[path_len] != '/')
            return false;
        rest = name + path_len + 1;
    }
    return rest[0] && (recursive || !strchr(rest, '/'));
}

static bool text_matches(const char *text, enum filter_option option, const char *value)
{
    switch (option) {
    case FILTER_BEGINS_WITH:
        return strncmp(text, value, strlen(value)) == 0;
    case FILTER_CONTAINS:
        return strstr(text, value) != NULL;
    default:
        return strcmp(text, value) == 0;
    }
}

/* Whether text matches any of the filter's values. */
static bool any_value(const struct parameter_filter *f, const char *text)
{
    if (!text)
        return false;
    const cJSON *value;
    cJSON_ArrayForEach(value, f->values)
        if (cJSON_IsString(value) && text_matches(text, f->option, value->valuestring))
            return true;
    return false;
}

static bool name_matches(const struct parameter_filter *f, const char *name)
{
    /* "/name" and "name" name one parameter: names compare in their slashed form, and so do
     * the values of Equals and BeginsWith (a Contains value is any part of it). */
    char slashed[2200];
    snprintf(slashed, sizeof slashed, "%s%s", name[0] == '/' ? "" : "/", name);
    const cJSON *value;
    cJSON_ArrayForEach(value, f->values) {
        if (!cJSON_IsString(value))
            continue;
        const char *v = value->valuestring;
        char slashed_value[1100];
        snprintf(slashed_value, sizeof slashed_value, "%s%s",
                 v[0] == '/' || f->option == FILTER_CONTAINS ? "" : "/", v);
        if (text_matches(slashed, f->option, slashed_value))
            return true;
    }
    return false;
}

static bool label_matches(const struct parameter_filter *f, const cJSON *parameter)
{
    const cJSON *version;
    cJSON_ArrayForEach(version, cJSON_GetObjectItemCaseSensitive(parameter, "Versions")) {
        const cJSON *label;
        cJSON_ArrayForEach(label, cJSON_GetObjectItemCaseSensitive(version, "Labels"))
            if (cJSON_IsString(label) && any_value(f, label->valuestring))
                return true;
    }
    return false;
}

static bool filter_matches(const struct parameter_filter *f, const cJSON *parameter,
                           const cJSON *latest)
{
    const char *key = f->key;
    const char *name = string_member(parameter, "Name");
    if (!name)
        return false;
    if (strcmp(key, "Name") == 0)
        return name_matches(f, name);
    if (strcmp(key, "Path") == 0) {
        const cJSON *value;
        cJSON_ArrayForEach(value, f->values)
            if (cJSON_IsString(value) &&
                parameter_under_path(name, value->valuestring, f->option == FILTER_RECURSIVE))
                return true;
        return false;
    }
    if (strcmp(key, "Label") == 0)
        return label_matches(f, parameter);
    if (is_tag_key(key)) {
        const char *tag = tags_get(cJSON_GetObjectItemCaseSensitive(parameter, "Tags"), key + 4);
        return tag && (cJSON_GetArraySize(f->values) == 0 || any_value(f, tag));
    }
    /* Type, KeyId, Tier, DataType: members of the latest version. */
    return any_value(f, string_member(latest, key));
}

bool parameter_filters_match(const struct parameter_filters *f, const cJSON *parameter)
{
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(parameter, "Versions");
    const cJSON *latest = cJSON_GetArrayItem(versions, cJSON_GetArraySize(versions) - 1);
    for (size_t i = 0; i < f->count; i++)
        if (!filter_matches(&f->items[i], parameter, latest))
            return false;
    return true;
}
