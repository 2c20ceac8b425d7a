/* PutParameter: a new parameter or a new version of one, with the checks Parameter Store makes
 * on names, types, tiers, data types, allowed patterns and policies. */
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../sts/sts.h"
#include "ops.h"
#include "parameter_tags.h"
#include "parameters.h"
#include "secure_string.h"

#define STANDARD_MAX_VALUE_BYTES 4096
#define ADVANCED_MAX_VALUE_BYTES 8192

/* What the request asks for, completed from the latest version on an overwrite. */
struct put_request {
    const char *name, *value, *type, *description, *key_id, *allowed_pattern, *tier,
        *data_type, *policies;
    bool overwrite;
};

static bool is_one_of(const char *text, const char *const *choices)
{
    for (; *choices; choices++)
        if (strcmp(text, *choices) == 0)
            return true;
    return false;
}

static int check_data_type(struct call *c, const struct put_request *p)
{
    static const char *const data_types[] = {"text", "aws:ec2:image", "aws:ssm:integration",
                                             NULL};
    if (!is_one_of(p->data_type, data_types))
        return call_fail_validation(c,
                                    "The following data type is not supported: %s (Data type "
                                    "names are all lowercase.)",
                                    p->data_type);
    /* An aws:ec2:image value is checked against the account's images after the call, as
     * Parameter Store does: the put itself succeeds. */
    return 0;
}

/* An AllowedPattern (Java's regular expression syntax) as a POSIX extended one: the shorthand
 * classes \d \w \s and their negations, in and out of brackets, and escaped punctuation in
 * brackets, which POSIX takes literally. Owned by the caller. */
static char *posix_pattern(const char *java)
{
    struct buf out = BUF_INIT;
    bool in_brackets = false;
    for (const char *p = java; *p; p++) {
        if (*p == '[' && !in_brackets) {
            in_brackets = true;
            buf_append(&out, p, 1);
            if (p[1] == '^')
                buf_append(&out, ++p, 1);
            if (p[1] == ']')
                buf_append(&out, ++p, 1);
            continue;
        }
        if (*p == ']' && in_brackets) {
            in_brackets = false;
            buf_append(&out, p, 1);
            continue;
        }
        if (*p != '\\' || !p[1]) {
            buf_append(&out, p, 1);
            continue;
        }
        char escaped = *++p;
        const char *inside = escaped == 'd' ? "0-9" : escaped == 'w' ? "A-Za-z0-9_"
                             : escaped == 's' ? "[:space:]" : NULL;
        const char *outside = escaped == 'd' ? "[0-9]" : escaped == 'w' ? "[A-Za-z0-9_]"
                              : escaped == 's' ? "[[:space:]]" : escaped == 'D' ? "[^0-9]"
                              : escaped == 'W' ? "[^A-Za-z0-9_]" : escaped == 'S' ? "[^[:space:]]"
                              : NULL;
        if (in_brackets && inside)
            buf_puts(&out, inside);
        else if (!in_brackets && outside)
            buf_puts(&out, outside);
        else if (in_brackets)
            buf_append(&out, &escaped, 1);
        else
            buf_append(&out, p - 1, 2);
    }
    buf_append(&out, "", 1);
    return buf_take(&out);
}

static int check_allowed_pattern(struct call *c, const struct put_request *p)
{
    if (!p->allowed_pattern || !p->allowed_pattern[0])
        return 0;
    char *translated = posix_pattern(p->allowed_pattern);
    regex_t pattern;
    int compiled = regcomp(&pattern, translated, REG_EXTENDED | REG_NOSUB);
    free(translated);
    /* A pattern beyond what POSIX expresses cannot be judged here: the value stands. */
    if (compiled != 0)
        return 0;
    bool ok = regexec(&pattern, p->value, 0, NULL, 0) == 0;
    regfree(&pattern);
    if (!ok)
        return call_fail(c, 400, "ParameterPatternMismatchException",
                         "Parameter value, cannot be validated against allowedPattern: %s",
                         p->allowed_pattern);
    return 0;
}

/* The stored policy list for the request's Policies text, or NULL after failing the call. */
static cJSON *read_policies(struct call *c, const char *text)
{
    static const char *const types[] = {"Expiration", "ExpirationNotification",
                                        "NoChangeNotification", NULL};
    cJSON *parsed = cJSON_Parse(text);
    cJSON *out = cJSON_CreateArray();
    const cJSON *policy;
    bool ok = cJSON_IsArray(parsed);
    const cJSON *policies = ok ? parsed : NULL;
    cJSON_ArrayForEach(policy, policies) {
        const char *type = member_string(policy, "Type");
        if (!cJSON_IsObject(policy) || !type || !is_one_of(type, types)) {
            ok = false;
            break;
        }
        char *policy_text = cJSON_PrintUnformatted(policy);
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "PolicyText", policy_text);
        cJSON_AddStringToObject(entry, "PolicyType", type);
        cJSON_AddStringToObject(entry, "PolicyStatus", "Pending");
        cJSON_AddItemToArray(out, entry);
        free(policy_text);
    }
    cJSON_Delete(parsed);
    if (!ok) {
        cJSON_Delete(out);
        call_fail(c, 400, "InvalidPolicyTypeException",
                  "The policy type is not supported. Parameter Store supports the following "
                  "policy types: Expiration, ExpirationNotification, and NoChangeNotification.");
        return NULL;
    }
    return out;
}

/* The tier the version is stored in, or NULL after failing the call. */
static const char *settle_tier(struct call *c, const struct put_request *p, const char *previous,
                               bool has_policies)
{
    size_t size = strlen(p->value);
    const char *tier = p->tier ? p->tier : previous ? previous : "Standard";
    if (strcmp(tier, "Intelligent-Tiering") == 0)
        tier = (size > STANDARD_MAX_VALUE_BYTES || has_policies ||
                (previous && strcmp(previous, "Advanced") == 0))
                   ? "Advanced"
                   : "Standard";
    if (previous && strcmp(previous, "Advanced") == 0 && strcmp(tier, "Standard") == 0) {
        call_fail_validation(c, "This parameter uses the advanced-parameter tier. You can't "
                                "downgrade a parameter from the advanced-parameter tier to the "
                                "standard-parameter tier. If necessary, you can delete the "
                                "advanced parameter and recreate it as a standard parameter.");
        return NULL;
    }
    size_t limit = strcmp(tier, "Advanced") == 0 ? ADVANCED_MAX_VALUE_BYTES
                                                 : STANDARD_MAX_VALUE_BYTES;
    if (size > limit) {
        call_fail_validation(c, "1 validation error detected: Value at 'value' failed to "
                                "satisfy constraint: Member must have length less than or "
                                "equal to %zu.", limit);
        return NULL;
    }
    if (has_policies && strcmp(tier, "Standard") == 0) {
        call_fail_validation(c, "Parameter policies are only supported for parameters in the "
                                "advanced-parameter tier.");
        return NULL;
    }
    return tier;
}

/* Makes room for one more version: the oldest goes, unless a label holds it. */
static int make_room(struct call *c, cJSON *parameter, const char *name)
{
    cJSON *versions = cJSON_GetObjectItemCaseSensitive(parameter, "Versions");
    if (cJSON_GetArraySize(versions) < SSM_MAX_VERSIONS)
        return 0;
    cJSON *oldest = cJSON_GetArrayItem(versions, 0);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(oldest, "Labels")) > 0)
        return call_fail(c, 400, "ParameterMaxVersionLimitExceeded",
                         "You attempted to create a new version of %s by calling the "
                         "PutParameter API with the overwrite flag. Version %d, the oldest "
                         "version, can't be deleted because it has a label associated with it. "
                         "Move the label to another version of the parameter, and try again.",
                         name,
                         (int)cJSON_GetNumberValue(
                             cJSON_GetObjectItemCaseSensitive(oldest, "Version")));
    cJSON_DeleteItemFromArray(versions, 0);
    return 0;
}

static const char *inherited(const char *given, const cJSON *previous, const char *member)
{
    return given ? given : previous ? member_string(previous, member) : NULL;
}

static void add_string(cJSON *to, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(to, name, value);
}

static cJSON *new_version(struct call *c, const struct put_request *p, long long number,
                          const char *stored_value, const char *tier, cJSON *policies)
{
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "Name", p->name);
    cJSON_AddStringToObject(v, "Type", p->type);
    if (strcmp(p->type, "SecureString") == 0)
        cJSON_AddStringToObject(v, "KeyId", p->key_id ? p->key_id : SSM_DEFAULT_KEY_ID);
    cJSON_AddNumberToObject(v, "LastModifiedDate", ssm_now());
    /* Parameter Store names the caller as GetCallerIdentity does. */
    struct issued_identity caller;
    sts_caller_identity(c, &caller);
    cJSON_AddStringToObject(v, "LastModifiedUser", caller.arn);
    add_string(v, "Description", p->description);
    cJSON_AddStringToObject(v, "Value", stored_value);
    add_string(v, "AllowedPattern", p->allowed_pattern);
    cJSON_AddNumberToObject(v, "Version", (double)number);
    cJSON_AddArrayToObject(v, "Labels");
    cJSON_AddStringToObject(v, "Tier", tier);
    cJSON_AddItemToObject(v, "Policies", policies ? policies : cJSON_CreateArray());
    cJSON_AddStringToObject(v, "DataType", p->data_type);
    return v;
}

/* The data types a parameter can be changed neither to nor from. */
static bool special_data_type(const char *data_type)
{
    return strcmp(data_type, "aws:ec2:image") == 0 || strcmp(data_type, "aws:ssm:integration") == 0;
}

static int read_request(struct call *c, const cJSON *in, const cJSON *previous,
                        struct put_request *p)
{
    *p = (struct put_request){
        .name = param_string(in, "Name"),
        .value = param_string(in, "Value"),
        .overwrite = param_true(in, "Overwrite"),
    };
    if (!p->value || !p->value[0])
        return call_fail_validation(c, "1 validation error detected: Value '' at 'value' failed "
                                       "to satisfy constraint: Member must have length greater "
                                       "than or equal to 1.");
    if (p->overwrite && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(in, "Tags")) > 0)
        return call_fail_validation(c, "Invalid request: tags and overwrite can't be used "
                                       "together. To create a parameter with tags, please remove "
                                       "overwrite flag. To update tags for an existing parameter, "
                                       "please use AddTagsToResource or RemoveTagsFromResource.");
    if (ssm_check_new_parameter_name(c, p->name) != 0)
        return -1;
    p->type = inherited(param_string(in, "Type"), previous, "Type");
    if (!p->type)
        return call_fail_validation(c, "A parameter type is required when you create a "
                                       "parameter.");
    if (previous && !p->overwrite)
        return call_fail(c, 400, "ParameterAlreadyExists",
                         "The parameter already exists. To overwrite this value, set the "
                         "overwrite option in the request to true.");
    p->description = inherited(param_string(in, "Description"), previous, "Description");
    p->allowed_pattern = inherited(param_string(in, "AllowedPattern"), previous,
                                   "AllowedPattern");
    p->data_type = inherited(param_string(in, "DataType"), previous, "DataType");
    if (!p->data_type || !p->data_type[0])
        p->data_type = "text";
    const char *was = previous ? member_string(previous, "DataType") : NULL;
    if (was && strcmp(was, p->data_type) != 0 &&
        (special_data_type(was) || special_data_type(p->data_type)))
        return call_fail_validation(c, "You can't change the data type of parameter %s from %s "
                                       "to %s: parameters of data type aws:ec2:image or "
                                       "aws:ssm:integration keep their data type.",
                                    p->name, was, p->data_type);
    p->key_id = param_string(in, "KeyId");
    if (!p->key_id && previous && strcmp(p->type, "SecureString") == 0)
        p->key_id = member_string(previous, "KeyId");
    p->tier = param_string(in, "Tier");
    p->policies = param_string(in, "Policies");
    return 0;
}

OPERATION(ssm_put_parameter)
{
    struct ssm_region *r = ssm_call_region(c);
    cJSON *parameter = ssm_parameter_find(r, param_string(in, "Name"));
    const cJSON *previous = parameter ? parameter_latest(parameter) : NULL;
    struct put_request p;
    if (read_request(c, in, previous, &p) != 0 || check_data_type(c, &p) != 0 ||
        check_allowed_pattern(c, &p) != 0)
        return -1;
    cJSON *policies = NULL;
    if (p.policies && !(policies = read_policies(c, p.policies)))
        return -1;
    if (!p.policies && previous)
        policies = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(previous, "Policies"), true);
    const char *tier = settle_tier(c, &p, previous ? member_string(previous, "Tier") : NULL,
                                   cJSON_GetArraySize(policies) > 0);
    cJSON *tags = NULL;
    if (!tier || (parameter && make_room(c, parameter, p.name) != 0) ||
        (!parameter && parameter_tags_from_request(c, in, &tags) != 0)) {
        cJSON_Delete(policies);
        return -1;
    }
    char *stored_value = NULL;
    if (strcmp(p.type, "SecureString") == 0) {
        if (secure_string(c, SECURE_STRING_ENCRYPT, p.key_id, p.value, &stored_value) != 0) {
            cJSON_Delete(policies);
            cJSON_Delete(tags);
            return -1;
        }
    } else {
        stored_value = xstrdup(p.value);
    }
    long long number = 1;
    if (parameter) {
        cJSON *last = cJSON_GetObjectItemCaseSensitive(parameter, "LastVersion");
        number = (long long)cJSON_GetNumberValue(last) + 1;
        cJSON_SetNumberValue(last, (double)number);
    } else {
        parameter = cJSON_CreateObject();
        cJSON_AddStringToObject(parameter, "Name", p.name);
        cJSON_AddNumberToObject(parameter, "LastVersion", 1);
        cJSON_AddArrayToObject(parameter, "Versions");
        cJSON_AddItemToObject(parameter, "Tags", tags);
        ssm_parameter_insert(r, parameter);
    }
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(parameter, "Versions"),
                         new_version(c, &p, number, stored_value, tier, policies));
    free(stored_value);
    cJSON_AddNumberToObject(out, "Version", (double)number);
    cJSON_AddStringToObject(out, "Tier", tier);
    return 0;
}
