/* POST Object form uploads: the form fields and the checks of the policy document's
 * expiration and conditions. */
#include "post_policy.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "s3_call.h"

/* ---- the form ---- */

void post_form_add(struct post_form *f, const char *name, const char *value)
{
    if (f->count == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->fields = xrealloc(f->fields, f->cap * sizeof *f->fields);
    }
    f->fields[f->count].name = xstrdup(name);
    f->fields[f->count].value = xstrdup(value);
    f->count++;
}

const char *post_form_get(const struct post_form *f, const char *name)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcasecmp(f->fields[i].name, name) == 0)
            return f->fields[i].value;
    return NULL;
}

void post_form_free(struct post_form *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->fields[i].name);
        free(f->fields[i].value);
    }
    free(f->fields);
    memset(f, 0, sizeof *f);
}

/* ---- errors ---- */

static int fail_invalid_policy(struct call *c, const char *detail)
{
    return call_fail(c, 400, "InvalidPolicyDocument", "Invalid Policy: %s", detail);
}

/* S3 names the condition that failed in its array form, an exact match included. */
static int fail_condition(struct call *c, const char *op, const char *field, const char *value)
{
    return call_fail(c, 403, "AccessDenied",
                     "Invalid according to Policy: Policy Condition failed: [\"%s\", \"$%s\", "
                     "\"%s\"]",
                     op, field, value);
}

static int fail_size(struct call *c, bool too_large, uint64_t size, long long limit)
{
    char proposed[32], allowed[32];
    snprintf(proposed, sizeof proposed, "%llu", (unsigned long long)size);
    snprintf(allowed, sizeof allowed, "%lld", limit);
    if (too_large) {
        call_fail(c, 400, "EntityTooLarge",
                  "Your proposed upload exceeds the maximum allowed size");
        call_error_field(c, "ProposedSize", proposed);
        call_error_field(c, "MaxSizeAllowed", allowed);
    } else {
        call_fail(c, 400, "EntityTooSmall",
                  "Your proposed upload is smaller than the minimum allowed size");
        call_error_field(c, "ProposedSize", proposed);
        call_error_field(c, "MinSizeAllowed", allowed);
    }
    return -1;
}

/* ---- conditions ---- */

/* What a condition on field compares: the bucket posted to for "bucket", else the form's
 * field ("" when absent, which only an empty value or prefix satisfies). */
static const char *field_value(const struct post_form *form, const char *field)
{
    if (strcasecmp(field, "bucket") == 0)
        return form->bucket;
    const char *value = post_form_get(form, field);
    return value ? value : "";
}

/* Content-Type may list several types; starts-with holds only if each one does. */
static bool starts_with_each(const char *field, const char *value, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strcasecmp(field, "content-type") != 0)
        return strncmp(value, prefix, n) == 0;
    for (const char *p = value;;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, prefix, n) != 0)
            return false;
        p = strchr(p, ',');
        if (!p)
            return true;
        p++;
    }
}

static bool read_limit(const cJSON *item, long long *out)
{
    if (cJSON_IsNumber(item)) {
        double v = item->valuedouble;
        if (v != floor(v) || v < 0 || v > 9e15)
            return false;
        *out = (long long)v;
        return true;
    }
    if (!cJSON_IsString(item) || !*item->valuestring)
        return false;
    char *end;
    long long v = strtoll(item->valuestring, &end, 10);
    if (*end || v < 0)
        return false;
    *out = v;
    return true;
}

static int check_simple_condition(struct call *c, const cJSON *cond, const struct post_form *form)
{
    const cJSON *member = cond->child;
    if (!member || member->next)
        return fail_invalid_policy(c, "Invalid Simple-Condition: Simple-Conditions must have "
                                      "exactly one property specified.");
    if (!cJSON_IsString(member))
        return fail_invalid_policy(c, "Invalid Simple-Condition: value must be a string.");
    if (strcmp(field_value(form, member->string), member->valuestring) != 0)
        return fail_condition(c, "eq", member->string, member->valuestring);
    return 0;
}

static int check_range_condition(struct call *c, const cJSON *cond, const struct post_form *form)
{
    long long min, max;
    if (cJSON_GetArraySize(cond) != 3 || !read_limit(cJSON_GetArrayItem(cond, 1), &min) ||
        !read_limit(cJSON_GetArrayItem(cond, 2), &max))
        return fail_invalid_policy(c, "Invalid content-length-range condition.");
    if (form->file_size < (uint64_t)min)
        return fail_size(c, false, form->file_size, min);
    if (form->file_size > (uint64_t)max)
        return fail_size(c, true, form->file_size, max);
    return 0;
}

static int check_array_condition(struct call *c, const cJSON *cond, const struct post_form *form)
{
    const cJSON *op = cJSON_GetArrayItem(cond, 0);
    if (!cJSON_IsString(op))
        return fail_invalid_policy(c, "Invalid Condition: the first element must be an "
                                      "operation.");
    if (strcasecmp(op->valuestring, "content-length-range") == 0)
        return check_range_condition(c, cond, form);
    bool eq = strcasecmp(op->valuestring, "eq") == 0;
    if (!eq && strcasecmp(op->valuestring, "starts-with") != 0)
        return call_fail(c, 400, "InvalidPolicyDocument",
                         "Invalid Policy: Invalid Condition: unknown operation \"%s\".",
                         op->valuestring);
    const cJSON *field = cJSON_GetArrayItem(cond, 1);
    const cJSON *expected = cJSON_GetArrayItem(cond, 2);
    if (cJSON_GetArraySize(cond) != 3 || !cJSON_IsString(field) ||
        field->valuestring[0] != '$' || !cJSON_IsString(expected))
        return call_fail(c, 400, "InvalidPolicyDocument",
                         "Invalid Policy: Invalid Condition: \"%s\" takes a \"$field\" and a "
                         "string.",
                         op->valuestring);
    const char *name = field->valuestring + 1;
    const char *value = field_value(form, name);
    bool holds = eq ? strcmp(value, expected->valuestring) == 0
                    : starts_with_each(name, value, expected->valuestring);
    return holds ? 0 : fail_condition(c, eq ? "eq" : "starts-with", name, expected->valuestring);
}

/* Whether some condition names field (content-length-range names none). */
static bool condition_names(const cJSON *conditions, const char *field)
{
    const cJSON *cond;
    cJSON_ArrayForEach(cond, conditions)
    {
        if (cJSON_IsObject(cond) && cond->child && cond->child->string &&
            strcasecmp(cond->child->string, field) == 0)
            return true;
        const cJSON *named = cJSON_IsArray(cond) ? cJSON_GetArrayItem(cond, 1) : NULL;
        if (cJSON_IsString(named) && named->valuestring[0] == '$' &&
            strcasecmp(named->valuestring + 1, field) == 0)
            return true;
    }
    return false;
}

/* Fields that carry the policy and its signature, and those the form declares ignorable. */
static bool field_needs_no_condition(const char *field)
{
    static const char *const exempt[] = {"policy", "x-amz-signature", "signature",
                                         "awsaccesskeyid", "file"};
    for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
        if (strcasecmp(field, exempt[i]) == 0)
            return true;
    return strncasecmp(field, "x-ignore-", 9) == 0;
}

static int check_extra_fields(struct call *c, const cJSON *conditions,
                              const struct post_form *form)
{
    for (size_t i = 0; i < form->count; i++) {
        const char *name = form->fields[i].name;
        if (field_needs_no_condition(name) || condition_names(conditions, name))
            continue;
        char *lower = xstrdup(name);
        for (char *p = lower; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        call_fail(c, 403, "AccessDenied", "Invalid according to Policy: Extra input fields: %s",
                  lower);
        free(lower);
        return -1;
    }
    return 0;
}

/* ---- the document ---- */

static cJSON *decode_policy(const char *policy_b64)
{
    cJSON *doc = json_from_base64(policy_b64);
    if (doc && !cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        doc = NULL;
    }
    return doc;
}

static int check_expiration(struct call *c, const cJSON *doc)
{
    const cJSON *expiration = cJSON_GetObjectItemCaseSensitive(doc, "expiration");
    if (!expiration)
        return fail_invalid_policy(c, "Policy missing expiration.");
    double at;
    if (!cJSON_IsString(expiration) ||
        !timestamp_parse(expiration->valuestring, TS_ISO8601, &at))
        return call_fail(c, 400, "InvalidPolicyDocument",
                         "Invalid Policy: Invalid 'expiration' value: '%s'",
                         cJSON_IsString(expiration) ? expiration->valuestring : "");
    if (at < s3_now())
        return call_fail(c, 403, "AccessDenied", "Invalid according to Policy: Policy expired.");
    return 0;
}

static int check_conditions(struct call *c, const cJSON *conditions, const struct post_form *form)
{
    if (!cJSON_IsArray(conditions))
        return fail_invalid_policy(c, "Policy missing conditions.");
    const cJSON *cond;
    cJSON_ArrayForEach(cond, conditions)
    {
        int rc;
        if (cJSON_IsObject(cond))
            rc = check_simple_condition(c, cond, form);
        else if (cJSON_IsArray(cond))
            rc = check_array_condition(c, cond, form);
        else
            rc = fail_invalid_policy(c, "Invalid Condition: a condition must be an object or "
                                        "an array.");
        if (rc != 0)
            return rc;
    }
    return check_extra_fields(c, conditions, form);
}

int post_policy_check(struct call *c, const char *policy_b64, const struct post_form *form)
{
    cJSON *doc = decode_policy(policy_b64);
    if (!doc)
        return fail_invalid_policy(c, "Invalid JSON.");
    int rc = check_expiration(c, doc);
    if (rc == 0)
        rc = check_conditions(c, cJSON_GetObjectItemCaseSensitive(doc, "conditions"), form);
    cJSON_Delete(doc);
    return rc;
}
