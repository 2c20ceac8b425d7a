/* Key policies as KMS enforces them here: an explicit Deny statement whose Action, Resource and
 * Principal cover a call refuses it; a caller of another account needs an Allow statement too,
 * while the key's own account is its administrator. A policy text that is not JSON allows and
 * denies nothing. */
#include "key_policy.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

/* "kms:Describe*" against "kms:DescribeKey": IAM patterns, case-insensitive, matched greedily
 * with one backtracking point so that no pattern takes more than length × length steps. */
static bool action_matches(const char *pattern, const char *value)
{
    const char *star = NULL, *resume = NULL;
    while (*value) {
        if (*pattern == '*') {
            star = pattern++;
            resume = value;
        } else if (*pattern && (*pattern == '?' || tolower((unsigned char)*pattern) ==
                                                       tolower((unsigned char)*value))) {
            pattern++;
            value++;
        } else if (star) {
            pattern = star + 1;
            value = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*')
        pattern++;
    return !*pattern;
}

static bool any_matches(const cJSON *patterns, const char *value)
{
    if (cJSON_IsString(patterns))
        return action_matches(patterns->valuestring, value);
    const cJSON *p;
    cJSON_ArrayForEach(p, (cJSON_IsArray(patterns) ? patterns : NULL))
        if (cJSON_IsString(p) && action_matches(p->valuestring, value))
            return true;
    return false;
}

/* Whether a statement's Principal covers a caller of account: everyone, or that account. */
static bool principal_covers(const cJSON *principal, const char *account)
{
    if (!principal || (cJSON_IsString(principal) && strcmp(principal->valuestring, "*") == 0))
        return true;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    const cJSON *p;
    if (cJSON_IsString(aws))
        return strcmp(aws->valuestring, "*") == 0 || strstr(aws->valuestring, account);
    cJSON_ArrayForEach(p, (cJSON_IsArray(aws) ? aws : NULL))
        if (cJSON_IsString(p) && (strcmp(p->valuestring, "*") == 0 ||
                                  strstr(p->valuestring, account)))
            return true;
    return false;
}

static bool statement_covers(const cJSON *s, const char *effect, const char *action,
                             const char *resource_arn, const char *account)
{
    const char *given = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "Effect"));
    return given && strcasecmp(given, effect) == 0 &&
           any_matches(cJSON_GetObjectItemCaseSensitive(s, "Action"), action) &&
           any_matches(cJSON_GetObjectItemCaseSensitive(s, "Resource"), resource_arn) &&
           principal_covers(cJSON_GetObjectItemCaseSensitive(s, "Principal"), account);
}

/* Whether a statement of the policy text (one statement or a list of them) with effect covers
 * the call. */
static bool policy_covers(const char *text, const char *effect, const char *action,
                          const char *resource_arn, const char *account)
{
    cJSON *policy = text ? cJSON_Parse(text) : NULL;
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(policy, "Statement");
    bool covered = cJSON_IsObject(statements) &&
                   statement_covers(statements, effect, action, resource_arn, account);
    const cJSON *s;
    cJSON_ArrayForEach(s, (cJSON_IsArray(statements) ? statements : NULL))
        if (!covered && statement_covers(s, effect, action, resource_arn, account))
            covered = true;
    cJSON_Delete(policy);
    return covered;
}

bool key_policy_denies(const char *text, const char *action, const char *resource_arn,
                       const char *account)
{
    return policy_covers(text, "Deny", action, resource_arn, account);
}

bool key_policy_allows(const char *text, const char *action, const char *resource_arn,
                       const char *account)
{
    return policy_covers(text, "Allow", action, resource_arn, account);
}
