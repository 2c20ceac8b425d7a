/* AWS's documented policy evaluation: an explicit Deny anywhere wins; otherwise an Allow of an
 * identity policy (within every permissions boundary) or of the resource policy allows; anything
 * else is an implicit deny. Conditions follow IAM's Condition operator rules. */
#include "policy_eval.h"
#include "policy_date.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TEXT 2048

bool policy_wildcard_match(const char *pattern, const char *text, bool ignore_case)
{
    const char *star = NULL, *resume = NULL;
    while (*text) {
        char p = *pattern, t = *text;
        if (ignore_case) {
            p = (char)tolower((unsigned char)p);
            t = (char)tolower((unsigned char)t);
        }
        if (*pattern == '*') {
            star = pattern++;
            resume = text;
        } else if (*pattern == '?' || (*pattern && p == t)) {
            pattern++;
            text++;
        } else if (star) {
            pattern = star + 1;
            text = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*')
        pattern++;
    return *pattern == '\0';
}

const char *eval_decision_name(enum eval_decision decision)
{
    switch (decision) {
    case EVAL_ALLOWED: return "allowed";
    case EVAL_EXPLICIT_DENY: return "explicitDeny";
    default: return "implicitDeny";
    }
}

/* The request as one policy document sees it: policy variables exist only in documents of
 * Version 2012-10-17; in older ones "${…}" is literal text. */
struct policy_scope {
    const struct eval_request *base;
    bool variables;
};

static const struct eval_context_entry *context_find(const struct policy_scope *request,
                                                     const char *key)
{
    for (size_t i = 0; i < request->base->context_count; i++)
        if (strcasecmp(request->base->context[i].key, key) == 0)
            return &request->base->context[i];
    return NULL;
}

/* The value of a ${key} or ${key, 'default'} variable (name holds what is between the braces):
 * the context's single value, else the default; NULL when there is neither. */
static const char *variable_value(const struct policy_scope *request, char *name)
{
    const char *fallback = NULL;
    char *comma = strchr(name, ',');
    if (comma) {
        char *quote = strchr(comma, '\'');
        char *end = quote ? strrchr(quote + 1, '\'') : NULL;
        if (!end)
            return NULL;
        *end = '\0';
        fallback = quote + 1;
        while (comma > name && comma[-1] == ' ')
            comma--;
        *comma = '\0';
    }
    const struct eval_context_entry *entry = context_find(request, name);
    if (entry && entry->count == 1)
        return entry->values[0];
    return fallback;
}

/* Replaces each ${key} (or ${key, 'default'}) by its value and ${*}, ${?}, ${$} by the literal
 * character. False when a variable has no value: the element then matches nothing, as in AWS.
 * Documents older than Version 2012-10-17 keep the text as it is. */
static bool substitute_variables(const char *in, const struct policy_scope *request, char *out,
                                 size_t size)
{
    if (!request->variables) {
        if (strlen(in) >= size)
            return false;
        strcpy(out, in);
        return true;
    }
    size_t n = 0;
    while (*in) {
        const char *piece = in;
        size_t length = 1;
        char name[256];
        if (in[0] == '$' && in[1] == '{' && strchr(in, '}')) {
            const char *end = strchr(in, '}');
            size_t name_length = (size_t)(end - in - 2);
            if (name_length >= sizeof name)
                return false;
            memcpy(name, in + 2, name_length);
            name[name_length] = '\0';
            in = end + 1;
            if (strcmp(name, "*") == 0 || strcmp(name, "?") == 0 || strcmp(name, "$") == 0)
                piece = name;
            else if (!(piece = variable_value(request, name)))
                return false;
            length = strlen(piece);
        } else {
            in++;
        }
        if (n + length >= size)
            return false;
        memcpy(out + n, piece, length);
        n += length;
    }
    out[n] = '\0';
    return true;
}

/* A string or an array of strings: does any element match? */
static bool any_pattern_matches(const cJSON *patterns, const char *text, bool ignore_case,
                                const struct policy_scope *request)
{
    char expanded[MAX_TEXT];
    if (cJSON_IsString(patterns)) {
        if (!substitute_variables(patterns->valuestring, request, expanded, sizeof expanded))
            return false;
        return policy_wildcard_match(expanded, text, ignore_case);
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, patterns)
        if (cJSON_IsString(item) && any_pattern_matches(item, text, ignore_case, request))
            return true;
    return false;
}

/* ---- conditions ---- */

enum operator_family { OP_STRING, OP_NUMERIC, OP_DATE, OP_BOOL, OP_BINARY, OP_IP, OP_ARN, OP_NULL };

struct condition_operator {
    const char *name;
    enum operator_family family;
    bool negated;
    bool ignore_case;
    bool like;
    int compare; /* numeric and date: 0 ==, -1 <, -2 <=, 1 >, 2 >= */
};

static const struct condition_operator operators[] = {
    {"StringEquals", OP_STRING, false, false, false, 0},
    {"StringNotEquals", OP_STRING, true, false, false, 0},
    {"StringEqualsIgnoreCase", OP_STRING, false, true, false, 0},
    {"StringNotEqualsIgnoreCase", OP_STRING, true, true, false, 0},
    {"StringLike", OP_STRING, false, false, true, 0},
    {"StringNotLike", OP_STRING, true, false, true, 0},
    {"NumericEquals", OP_NUMERIC, false, false, false, 0},
    {"NumericNotEquals", OP_NUMERIC, true, false, false, 0},
    {"NumericLessThan", OP_NUMERIC, false, false, false, -1},
    {"NumericLessThanEquals", OP_NUMERIC, false, false, false, -2},
    {"NumericGreaterThan", OP_NUMERIC, false, false, false, 1},
    {"NumericGreaterThanEquals", OP_NUMERIC, false, false, false, 2},
    {"DateEquals", OP_DATE, false, false, false, 0},
    {"DateNotEquals", OP_DATE, true, false, false, 0},
    {"DateLessThan", OP_DATE, false, false, false, -1},
    {"DateLessThanEquals", OP_DATE, false, false, false, -2},
    {"DateGreaterThan", OP_DATE, false, false, false, 1},
    {"DateGreaterThanEquals", OP_DATE, false, false, false, 2},
    {"Bool", OP_BOOL, false, true, false, 0},
    {"BinaryEquals", OP_BINARY, false, false, false, 0},
    {"IpAddress", OP_IP, false, false, false, 0},
    {"NotIpAddress", OP_IP, true, false, false, 0},
    {"ArnEquals", OP_ARN, false, false, true, 0},
    {"ArnLike", OP_ARN, false, false, true, 0},
    {"ArnNotEquals", OP_ARN, true, false, true, 0},
    {"ArnNotLike", OP_ARN, true, false, true, 0},
    {"Null", OP_NULL, false, false, false, 0},
};

static bool parse_number(const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && *end == '\0';
}

static bool ip_in_cidr(const char *address, const char *cidr)
{
    char network[64];
    unsigned char want[16], got[16];
    const char *slash = strchr(cidr, '/');
    size_t length = slash ? (size_t)(slash - cidr) : strlen(cidr);
    if (length >= sizeof network)
        return false;
    memcpy(network, cidr, length);
    network[length] = '\0';
    int family = strchr(network, ':') ? AF_INET6 : AF_INET;
    int bits_total = family == AF_INET6 ? 128 : 32;
    if (inet_pton(family, network, want) != 1 || inet_pton(family, address, got) != 1)
        return false;
    int bits = slash ? atoi(slash + 1) : bits_total;
    if (bits < 0 || bits > bits_total)
        return false;
    for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((want[i / 8] & mask) != (got[i / 8] & mask))
            return false;
    }
    return true;
}

/* The operator without negation: does this one request value match this one policy value? */
static bool value_matches(const struct condition_operator *op, const char *policy_value,
                          const char *value, const struct policy_scope *request)
{
    char expanded[MAX_TEXT];
    double a, b;
    switch (op->family) {
    case OP_STRING:
    case OP_ARN:
        if (!substitute_variables(policy_value, request, expanded, sizeof expanded))
            return false;
        if (op->like)
            return policy_wildcard_match(expanded, value, false);
        return op->ignore_case ? strcasecmp(expanded, value) == 0 : strcmp(expanded, value) == 0;
    case OP_BOOL:
        return strcasecmp(policy_value, value) == 0;
    case OP_BINARY:
        return strcmp(policy_value, value) == 0;
    case OP_IP:
        return ip_in_cidr(value, policy_value);
    case OP_NUMERIC:
    case OP_DATE:
        if (op->family == OP_NUMERIC
                ? !parse_number(value, &a) || !parse_number(policy_value, &b)
                : !policy_date_parse(value, &a) || !policy_date_parse(policy_value, &b))
            return false;
        switch (op->compare) {
        case -1: return a < b;
        case -2: return a <= b;
        case 1: return a > b;
        case 2: return a >= b;
        default: return a == b;
        }
    case OP_NULL:
        return false;
    }
    return false;
}

static bool one_value_matches(const struct condition_operator *op, const cJSON *item,
                              const char *value, const struct policy_scope *request)
{
    char text[64];
    const char *policy_value = item->valuestring;
    if (cJSON_IsBool(item))
        policy_value = cJSON_IsTrue(item) ? "true" : "false";
    else if (cJSON_IsNumber(item))
        snprintf(text, sizeof text, "%.17g", item->valuedouble), policy_value = text;
    return policy_value && value_matches(op, policy_value, value, request);
}

/* Policy values of one key OR together; a JSON bool or number reads as its text. The result is
 * the operator's, negation included. */
static bool value_matches_any(const struct condition_operator *op, const cJSON *policy_values,
                              const char *value, const struct policy_scope *request)
{
    bool any = false;
    if (!cJSON_IsArray(policy_values)) {
        any = one_value_matches(op, policy_values, value, request);
    } else {
        const cJSON *item;
        cJSON_ArrayForEach(item, policy_values)
            if (one_value_matches(op, item, value, request)) {
                any = true;
                break;
            }
    }
    return op->negated ? !any : any;
}

static void note_missing(struct eval_result *result, const char *key)
{
    for (size_t i = 0; i < result->missing_count; i++)
        if (strcasecmp(result->missing[i], key) == 0)
            return;
    if (result->missing_count < EVAL_MAX_MISSING)
        result->missing[result->missing_count++] = key;
}

static bool key_condition_holds(const char *operator_name, const char *key,
                                const cJSON *policy_values, const struct policy_scope *request,
                                struct eval_result *result)
{
    bool for_all = false, for_any = false, if_exists = false;
    char name[96];
    if (strncmp(operator_name, "ForAllValues:", 13) == 0)
        for_all = true, operator_name += 13;
    else if (strncmp(operator_name, "ForAnyValue:", 12) == 0)
        for_any = true, operator_name += 12;
    size_t length = strlen(operator_name);
    if (length >= sizeof name)
        return false;
    memcpy(name, operator_name, length + 1);
    if (length > 8 && strcmp(name + length - 8, "IfExists") == 0)
        if_exists = true, name[length - 8] = '\0';
    const struct condition_operator *op = NULL;
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
        if (strcmp(operators[i].name, name) == 0)
            op = &operators[i];
    if (!op)
        return false; /* an operator IAM does not know never matches */

    const struct eval_context_entry *entry = context_find(request, key);
    bool present = entry && entry->count > 0;
    if (op->family == OP_NULL) {
        const char *want = cJSON_IsArray(policy_values)
                               ? cJSON_GetStringValue(cJSON_GetArrayItem(policy_values, 0))
                               : cJSON_GetStringValue(policy_values);
        bool want_absent = cJSON_IsTrue(policy_values) || (want && strcasecmp(want, "true") == 0);
        return want_absent != present;
    }
    if (!present) {
        if (if_exists || for_all || op->negated)
            return true;
        note_missing(result, key);
        return false;
    }
    if (for_all) {
        for (size_t i = 0; i < entry->count; i++)
            if (!value_matches_any(op, policy_values, entry->values[i], request))
                return false;
        return true;
    }
    if (op->negated && !for_any) {
        /* a negated operator holds when no request value matches */
        for (size_t i = 0; i < entry->count; i++)
            if (!value_matches_any(op, policy_values, entry->values[i], request))
                return false;
        return true;
    }
    for (size_t i = 0; i < entry->count; i++)
        if (value_matches_any(op, policy_values, entry->values[i], request))
            return true;
    return false;
}

static bool conditions_hold(const cJSON *condition, const struct policy_scope *request,
                            struct eval_result *result)
{
    const cJSON *block, *key;
    bool all = true;
    cJSON_ArrayForEach(block, condition)
    {
        if (!cJSON_IsObject(block) || !block->string)
            return false; /* not a condition IAM would have stored */
        cJSON_ArrayForEach(key, block)
            /* evaluate every key so that all missing context keys are reported */
            if (!key_condition_holds(block->string, key->string, key, request, result))
                all = false;
    }
    return all;
}

/* ---- statements ---- */

static bool principal_matches(const cJSON *principal, const char *caller)
{
    if (cJSON_IsString(principal))
        return strcmp(principal->valuestring, "*") == 0;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    if (!aws || !caller)
        return false;
    const cJSON *item = aws;
    bool single = cJSON_IsString(aws);
    if (!single)
        item = aws->child;
    for (; item; item = single ? NULL : item->next) {
        const char *want = cJSON_GetStringValue(item);
        if (!want)
            continue;
        if (strcmp(want, "*") == 0 || strcmp(want, caller) == 0)
            return true;
        /* an account id or its root ARN names every principal of the account */
        const char *account = want;
        char root[64];
        if (strncmp(want, "arn:", 4) == 0) {
            /* arn:PARTITION:iam::ACCOUNT:root; any other ARN names one principal, matched above */
            const char *start = strstr(want, ":iam::");
            const char *end = start ? strchr(start + 6, ':') : NULL;
            size_t length = end ? (size_t)(end - (start + 6)) : 0;
            if (!end || strcmp(end, ":root") != 0 || length >= sizeof root)
                continue;
            memcpy(root, start + 6, length);
            root[length] = '\0';
            account = root;
        }
        char prefix[80];
        snprintf(prefix, sizeof prefix, ":%s:", account);
        if (strlen(account) == 12 && strstr(caller, prefix))
            return true;
    }
    return false;
}

static bool statement_applies(const cJSON *statement, const struct policy_scope *request,
                              bool resource_policy, struct eval_result *result)
{
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(statement, "Action");
    const cJSON *not_action = cJSON_GetObjectItemCaseSensitive(statement, "NotAction");
    const char *name = request->base->action, *arn = request->base->resource;
    if (action ? !any_pattern_matches(action, name, true, request)
               : !not_action || any_pattern_matches(not_action, name, true, request))
        return false;
    const cJSON *resource = cJSON_GetObjectItemCaseSensitive(statement, "Resource");
    const cJSON *not_resource = cJSON_GetObjectItemCaseSensitive(statement, "NotResource");
    if (resource || not_resource) {
        if (resource ? !any_pattern_matches(resource, arn, false, request)
                     : any_pattern_matches(not_resource, arn, false, request))
            return false;
    } else if (!resource_policy) {
        return false;
    }
    if (resource_policy) {
        const cJSON *principal = cJSON_GetObjectItemCaseSensitive(statement, "Principal");
        const cJSON *not_principal = cJSON_GetObjectItemCaseSensitive(statement, "NotPrincipal");
        const char *caller = request->base->principal;
        if (principal ? !principal_matches(principal, caller)
                      : !not_principal || principal_matches(not_principal, caller))
            return false;
    }
    const cJSON *condition = cJSON_GetObjectItemCaseSensitive(statement, "Condition");
    return !condition || conditions_hold(condition, request, result);
}

/* What one list of policies says, and the statements that said it. */
struct policy_verdict {
    bool allow, deny;
    struct eval_match allowing[EVAL_MAX_MATCHED], denying[EVAL_MAX_MATCHED];
    size_t allowing_count, denying_count;
};

static void note_match(struct eval_match *list, size_t *count, enum eval_policy_set set,
                       size_t policy, size_t statement)
{
    if (*count < EVAL_MAX_MATCHED)
        list[(*count)++] = (struct eval_match){set, policy, statement};
}

static void scan_policy(const cJSON *document, enum eval_policy_set set, size_t policy,
                        const struct eval_request *base, struct eval_result *result,
                        struct policy_verdict *verdict)
{
    const char *version =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(document, "Version"));
    struct policy_scope scope = {base, version && strcmp(version, "2012-10-17") == 0};
    const struct policy_scope *request = &scope;
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(document, "Statement");
    const cJSON *statement = statements;
    bool single = cJSON_IsObject(statements);
    if (!single)
        statement = statements ? statements->child : NULL;
    for (size_t index = 0; statement; statement = single ? NULL : statement->next, index++) {
        const char *effect = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(statement, "Effect"));
        if (!effect ||
            !statement_applies(statement, request, set == EVAL_SET_RESOURCE, result))
            continue;
        if (strcmp(effect, "Deny") == 0) {
            verdict->deny = true;
            note_match(verdict->denying, &verdict->denying_count, set, policy, index);
        } else if (strcmp(effect, "Allow") == 0) {
            verdict->allow = true;
            note_match(verdict->allowing, &verdict->allowing_count, set, policy, index);
        }
    }
}

static void report_matches(struct eval_result *result, const struct eval_match *list,
                           size_t count)
{
    for (size_t i = 0; i < count && result->matched_count < EVAL_MAX_MATCHED; i++)
        result->matched[result->matched_count++] = list[i];
}

void policy_evaluate(const struct eval_policies *policies, const struct eval_request *request,
                     struct eval_result *result)
{
    memset(result, 0, sizeof *result);
    struct policy_verdict identity = {0}, boundary = {0}, resource = {0};
    for (size_t i = 0; i < policies->identity_count; i++)
        scan_policy(policies->identity[i], EVAL_SET_IDENTITY, i, request, result, &identity);
    for (size_t i = 0; i < policies->boundary_count; i++)
        scan_policy(policies->boundary[i], EVAL_SET_BOUNDARY, i, request, result, &boundary);
    if (policies->resource_policy)
        scan_policy(policies->resource_policy, EVAL_SET_RESOURCE, 0, request, result, &resource);

    result->boundary_decision = policies->boundary_count == 0 ? EVAL_ALLOWED
                                : boundary.deny             ? EVAL_EXPLICIT_DENY
                                : boundary.allow            ? EVAL_ALLOWED
                                                            : EVAL_IMPLICIT_DENY;
    if (identity.deny || boundary.deny || resource.deny) {
        result->decision = EVAL_EXPLICIT_DENY;
        report_matches(result, identity.denying, identity.denying_count);
        report_matches(result, boundary.denying, boundary.denying_count);
        report_matches(result, resource.denying, resource.denying_count);
        return;
    }
    bool identity_allows = identity.allow && result->boundary_decision == EVAL_ALLOWED;
    if (request->cross_account ? identity_allows && resource.allow
                               : identity_allows || resource.allow) {
        result->decision = EVAL_ALLOWED;
        if (identity_allows)
            report_matches(result, identity.allowing, identity.allowing_count);
        report_matches(result, resource.allowing, resource.allowing_count);
    } else {
        result->decision = EVAL_IMPLICIT_DENY;
    }
}
