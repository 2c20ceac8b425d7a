/* Validates SNS filter policies as SetSubscriptionAttributes does, and matches messages
 * against them on their attributes or JSON body. */
#include "filter_policy.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/call_error.h"

#define MAX_KEYS 5
#define MAX_COMBINATIONS 150
#define MAX_NUMERIC 1e9
/* Deeper policies than this are refused; nothing useful nests that far. */
#define MAX_DEPTH 32

/* ---------------------------------------------------------------------------------------------
 * Validation
 * ------------------------------------------------------------------------------------------- */

static int refuse(struct proto_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(struct proto_error *err, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return error_fail(err, 400, "InvalidParameter", "Invalid parameter: FilterPolicy: %s", reason);
}

static bool is_operator(const cJSON *rule, const char *name)
{
    return cJSON_IsObject(rule) && rule->child && strcmp(rule->child->string, name) == 0;
}

static int check_number(double v, struct proto_error *err)
{
    if (!isfinite(v) || v <= -MAX_NUMERIC || v >= MAX_NUMERIC)
        return refuse(err, "Numeric values must be between -1000000000 and 1000000000");
    return 0;
}

/* {"prefix": "x"} or {"prefix": {"equals-ignore-case": "x"}}, likewise for suffix. */
static int check_affix(const char *name, const cJSON *v, struct proto_error *err)
{
    if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1 && is_operator(v, "equals-ignore-case"))
        v = v->child;
    if (!cJSON_IsString(v))
        return refuse(err, "%s match pattern must be a string", name);
    return 0;
}

static int check_numeric(const cJSON *v, struct proto_error *err)
{
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsArray(v) || n == 0)
        return refuse(err, "Invalid member in numeric match: ]");
    static const char *const first_ops[] = {"<", "<=", "=", ">", ">="};
    const cJSON *op = cJSON_GetArrayItem(v, 0);
    if (!cJSON_IsString(op))
        return refuse(err, "Invalid member in numeric match: %s",
                      cJSON_IsNumber(op) ? "number" : "value");
    bool known = false;
    for (size_t i = 0; i < 5; i++)
        known |= strcmp(op->valuestring, first_ops[i]) == 0;
    if (!known)
        return refuse(err, "Unrecognized numeric range operator: %s", op->valuestring);
    const cJSON *bottom = cJSON_GetArrayItem(v, 1);
    if (!cJSON_IsNumber(bottom))
        return refuse(err, "Value of %s must be numeric", op->valuestring);
    if (check_number(bottom->valuedouble, err) != 0)
        return -1;
    if (n == 2)
        return 0;
    if (n != 4 || (strcmp(op->valuestring, ">") != 0 && strcmp(op->valuestring, ">=") != 0))
        return refuse(err, "Too many elements in numeric expression");
    const cJSON *op2 = cJSON_GetArrayItem(v, 2);
    if (!cJSON_IsString(op2) || (strcmp(op2->valuestring, "<") != 0 &&
                                 strcmp(op2->valuestring, "<=") != 0))
        return refuse(err, "Bad numeric range operator: %s",
                      cJSON_IsString(op2) ? op2->valuestring : "value");
    const cJSON *top = cJSON_GetArrayItem(v, 3);
    if (!cJSON_IsNumber(top))
        return refuse(err, "Value of %s must be numeric", op2->valuestring);
    if (check_number(top->valuedouble, err) != 0)
        return -1;
    if (top->valuedouble <= bottom->valuedouble)
        return refuse(err, "Bottom must be less than top");
    return 0;
}

/* An address and prefix length; false when text is not a CIDR block (or, with no '/', an
 * address: then bits is the full length). */
static bool parse_cidr(const char *text, bool need_prefix, unsigned char addr[16], int *family,
                       int *bits)
{
    char host[64];
    const char *slash = strchr(text, '/');
    size_t host_len = slash ? (size_t)(slash - text) : strlen(text);
    if (host_len == 0 || host_len >= sizeof host || (need_prefix && !slash))
        return false;
    memcpy(host, text, host_len);
    host[host_len] = '\0';
    if (inet_pton(AF_INET, host, addr) == 1)
        *family = AF_INET;
    else if (inet_pton(AF_INET6, host, addr) == 1)
        *family = AF_INET6;
    else
        return false;
    int max = *family == AF_INET ? 32 : 128;
    *bits = max;
    if (slash) {
        const char *p = slash + 1;
        if (!*p || strlen(p) > 3)
            return false;
        int v = 0;
        for (; *p; p++) {
            if (!isdigit((unsigned char)*p))
                return false;
            v = v * 10 + (*p - '0');
        }
        if (v > max)
            return false;
        *bits = v;
    }
    return true;
}

static int check_cidr(const cJSON *v, struct proto_error *err)
{
    unsigned char addr[16];
    int family, bits;
    if (!cJSON_IsString(v) || !parse_cidr(v->valuestring, true, addr, &family, &bits))
        return refuse(err, "Malformed CIDR, one '/' required");
    return 0;
}

static bool is_plain_value(const cJSON *v)
{
    return cJSON_IsString(v) || cJSON_IsNumber(v);
}

static int check_anything_but(const cJSON *v, struct proto_error *err)
{
    if (cJSON_IsString(v))
        return 0;
    if (cJSON_IsNumber(v))
        return check_number(v->valuedouble, err);
    if (cJSON_IsArray(v)) {
        if (cJSON_GetArraySize(v) == 0)
            return refuse(err, "Empty arrays are not allowed");
        const cJSON *item;
        cJSON_ArrayForEach(item, v)
        {
            if (!is_plain_value(item))
                return refuse(err, "Inside anything but list, start|null|boolean is not supported.");
            if (cJSON_IsNumber(item) && check_number(item->valuedouble, err) != 0)
                return -1;
        }
        return 0;
    }
    if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1) {
        const char *op = v->child->string;
        if (strcmp(op, "prefix") == 0 || strcmp(op, "suffix") == 0)
            return cJSON_IsString(v->child) ? 0 : refuse(err, "%s match pattern must be a string", op);
        if (strcmp(op, "equals-ignore-case") == 0) {
            if (cJSON_IsString(v->child))
                return 0;
            if (cJSON_IsArray(v->child) && cJSON_GetArraySize(v->child) > 0) {
                const cJSON *item;
                cJSON_ArrayForEach(item, v->child)
                {
                    if (!cJSON_IsString(item))
                        return refuse(err, "Inside anything-but/equals-ignore-case list, "
                                           "number|start|null|boolean is not supported.");
                }
                return 0;
            }
        }
        return refuse(err, "Unsupported anything-but pattern: %s", op);
    }
    return refuse(err, "Value of anything-but must be an array or single string/number value.");
}

static int check_operator(const cJSON *rule, struct proto_error *err)
{
    if (cJSON_GetArraySize(rule) != 1)
        return refuse(err, "Match pattern must contain exactly one operator");
    const char *op = rule->child->string;
    const cJSON *v = rule->child;
    if (strcmp(op, "prefix") == 0 || strcmp(op, "suffix") == 0)
        return check_affix(op, v, err);
    if (strcmp(op, "equals-ignore-case") == 0)
        return cJSON_IsString(v) ? 0
                                 : refuse(err, "equals-ignore-case match pattern must be a string");
    if (strcmp(op, "anything-but") == 0)
        return check_anything_but(v, err);
    if (strcmp(op, "numeric") == 0)
        return check_numeric(v, err);
    if (strcmp(op, "exists") == 0)
        return cJSON_IsBool(v) ? 0
                               : refuse(err, "exists match pattern must be either true or false.");
    if (strcmp(op, "cidr") == 0)
        return check_cidr(v, err);
    return refuse(err, "Unrecognized match type %s", op);
}

static int check_rule(const cJSON *rule, struct proto_error *err)
{
    if (cJSON_IsString(rule) || cJSON_IsBool(rule) || cJSON_IsNull(rule))
        return 0;
    if (cJSON_IsNumber(rule))
        return check_number(rule->valuedouble, err);
    if (cJSON_IsObject(rule))
        return check_operator(rule, err);
    return refuse(err, "Match value must be String, number, true, false, or null");
}

/* Counts leaf keys (an $or counts as its largest branch) and the combinations of values
 * (product over keys, sum over $or branches), capped to stay far from overflow. */
struct policy_size {
    long keys;
    long combinations;
};

static long capped(long v)
{
    return v > 1000000 ? 1000000 : v;
}

static int check_object(const cJSON *obj, enum filter_scope scope, int depth,
                        struct policy_size *size, struct proto_error *err);

static int check_or(const cJSON *branches, enum filter_scope scope, int depth,
                    struct policy_size *size, struct proto_error *err)
{
    if (!cJSON_IsArray(branches) || cJSON_GetArraySize(branches) < 2)
        return refuse(err, "$or must be an array of at least two objects");
    long most_keys = 0, combinations = 0;
    const cJSON *branch;
    cJSON_ArrayForEach(branch, branches)
    {
        if (!cJSON_IsObject(branch))
            return refuse(err, "$or must be an array of at least two objects");
        struct policy_size b = {0, 1};
        if (check_object(branch, scope, depth + 1, &b, err) != 0)
            return -1;
        if (b.keys > most_keys)
            most_keys = b.keys;
        combinations = capped(combinations + b.combinations);
    }
    size->keys += most_keys;
    size->combinations = capped(size->combinations * combinations);
    return 0;
}

static int check_object(const cJSON *obj, enum filter_scope scope, int depth,
                        struct policy_size *size, struct proto_error *err)
{
    if (depth > MAX_DEPTH)
        return refuse(err, "Filter policy is too complex");
    const cJSON *member;
    cJSON_ArrayForEach(member, obj)
    {
        if (strcmp(member->string, "$or") == 0) {
            if (check_or(member, scope, depth, size, err) != 0)
                return -1;
        } else if (cJSON_IsArray(member)) {
            if (cJSON_GetArraySize(member) == 0)
                return refuse(err, "Empty arrays are not allowed");
            const cJSON *rule;
            cJSON_ArrayForEach(rule, member)
            {
                if (check_rule(rule, err) != 0)
                    return -1;
            }
            size->keys++;
            size->combinations = capped(size->combinations * cJSON_GetArraySize(member));
        } else if (cJSON_IsObject(member)) {
            if (scope == FILTER_SCOPE_MESSAGE_ATTRIBUTES)
                return error_fail(
                    err, 400, "InvalidParameter",
                    "Invalid parameter: Filter policy scope MessageAttributes does not "
                    "support nested filter policy");
            if (check_object(member, scope, depth + 1, size, err) != 0)
                return -1;
        } else {
            return refuse(err, "\"%.200s\" must be an object or an array", member->string);
        }
    }
    return 0;
}

cJSON *filter_policy_parse(const char *text, enum filter_scope scope, struct proto_error *err)
{
    cJSON *policy = cJSON_Parse(text);
    if (!cJSON_IsObject(policy)) {
        cJSON_Delete(policy);
        refuse(err, "Filter policy must be a JSON object");
        return NULL;
    }
    struct policy_size size = {0, 1};
    int rc = check_object(policy, scope, 0, &size, err);
    if (rc == 0 && size.keys > MAX_KEYS)
        rc = refuse(err, "Filter policy can not have more than %d keys", MAX_KEYS);
    if (rc == 0 && size.combinations > MAX_COMBINATIONS)
        rc = refuse(err, "Filter policy is too complex");
    if (rc != 0) {
        cJSON_Delete(policy);
        return NULL;
    }
    return policy;
}

/* ---------------------------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix, bool ignore_case)
{
    size_t n = strlen(prefix);
    return ignore_case ? strncasecmp(s, prefix, n) == 0 : strncmp(s, prefix, n) == 0;
}

static bool ends_with(const char *s, const char *suffix, bool ignore_case)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n)
        return false;
    return ignore_case ? strcasecmp(s + n - m, suffix) == 0 : strcmp(s + n - m, suffix) == 0;
}

/* {"prefix": …} / {"suffix": …} with an optional equals-ignore-case inside. */
static bool affix_matches(const cJSON *pattern, const char *s, bool suffix)
{
    bool ignore_case = cJSON_IsObject(pattern);
    const char *affix = cJSON_GetStringValue(ignore_case ? pattern->child : pattern);
    if (!affix)
        return false;
    return suffix ? ends_with(s, affix, ignore_case) : starts_with(s, affix, ignore_case);
}

/* SNS compares numbers with five digits of accuracy after the decimal point: a value is the
 * nearest multiple of 0.00001. Beyond what that scale holds exactly, plain doubles. */
#define NUMERIC_SCALE 1e5
#define NUMERIC_SCALED_LIMIT 1e13

static int compare_numbers(double a, double b)
{
    if (fabs(a) < NUMERIC_SCALED_LIMIT && fabs(b) < NUMERIC_SCALED_LIMIT) {
        long long sa = llround(a * NUMERIC_SCALE), sb = llround(b * NUMERIC_SCALE);
        return (sa > sb) - (sa < sb);
    }
    return (a > b) - (a < b);
}

static bool same_value(const cJSON *a, const cJSON *b)
{
    if (cJSON_IsString(a) && cJSON_IsString(b))
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
        return compare_numbers(a->valuedouble, b->valuedouble) == 0;
    if (cJSON_IsBool(a) && cJSON_IsBool(b))
        return cJSON_IsTrue(a) == cJSON_IsTrue(b);
    return cJSON_IsNull(a) && cJSON_IsNull(b);
}

static bool numeric_matches(const cJSON *terms, double v)
{
    int n = cJSON_GetArraySize(terms);
    for (int i = 0; i + 1 < n; i += 2) {
        const char *op = cJSON_GetStringValue(cJSON_GetArrayItem(terms, i));
        int order = compare_numbers(v, cJSON_GetArrayItem(terms, i + 1)->valuedouble);
        bool ok = !op ? false
                  : strcmp(op, "<") == 0 ? order < 0
                  : strcmp(op, "<=") == 0 ? order <= 0
                  : strcmp(op, "=") == 0 ? order == 0
                  : strcmp(op, ">") == 0 ? order > 0
                  : strcmp(op, ">=") == 0 ? order >= 0
                                          : false;
        if (!ok)
            return false;
    }
    return true;
}

static bool cidr_matches(const char *block, const char *ip)
{
    unsigned char net[16], addr[16];
    int net_family, addr_family, bits, addr_bits;
    if (!parse_cidr(block, true, net, &net_family, &bits) ||
        !parse_cidr(ip, false, addr, &addr_family, &addr_bits) || addr_family != net_family ||
        strchr(ip, '/'))
        return false;
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(net, addr, (size_t)whole) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net[whole] & mask) == (addr[whole] & mask);
}

static bool anything_but_matches(const cJSON *excluded, const cJSON *v)
{
    if (cJSON_IsArray(excluded)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, excluded)
        {
            if (same_value(item, v))
                return false;
        }
        return true;
    }
    if (cJSON_IsObject(excluded)) {
        const char *op = excluded->child ? excluded->child->string : "";
        if (!cJSON_IsString(v))
            return false;
        if (strcmp(op, "prefix") == 0)
            return !starts_with(v->valuestring, excluded->child->valuestring, false);
        if (strcmp(op, "suffix") == 0)
            return !ends_with(v->valuestring, excluded->child->valuestring, false);
        const cJSON *words = excluded->child;
        if (cJSON_IsString(words))
            return strcasecmp(v->valuestring, words->valuestring) != 0;
        const cJSON *word;
        cJSON_ArrayForEach(word, words)
        {
            if (cJSON_IsString(word) && strcasecmp(v->valuestring, word->valuestring) == 0)
                return false;
        }
        return true;
    }
    return !same_value(excluded, v);
}

/* One rule against one value (an array's element, or a scalar). */
static bool rule_matches_value(const cJSON *rule, const cJSON *v)
{
    if (!cJSON_IsObject(rule))
        return same_value(rule, v);
    const char *op = rule->child ? rule->child->string : "";
    const cJSON *arg = rule->child;
    if (strcmp(op, "prefix") == 0)
        return cJSON_IsString(v) && affix_matches(arg, v->valuestring, false);
    if (strcmp(op, "suffix") == 0)
        return cJSON_IsString(v) && affix_matches(arg, v->valuestring, true);
    if (strcmp(op, "equals-ignore-case") == 0)
        return cJSON_IsString(v) && cJSON_IsString(arg) &&
               strcasecmp(v->valuestring, arg->valuestring) == 0;
    if (strcmp(op, "anything-but") == 0)
        return anything_but_matches(arg, v);
    if (strcmp(op, "numeric") == 0)
        return cJSON_IsNumber(v) && numeric_matches(arg, v->valuedouble);
    if (strcmp(op, "cidr") == 0)
        return cJSON_IsString(v) && cJSON_IsString(arg) &&
               cidr_matches(arg->valuestring, v->valuestring);
    return false;
}

/* A rule against a field: absent (NULL), a scalar, or an array whose elements are tried each. */
static bool rule_matches(const cJSON *rule, const cJSON *field)
{
    if (is_operator(rule, "exists"))
        return cJSON_IsTrue(rule->child) == (field != NULL);
    if (!field)
        return false;
    if (!cJSON_IsArray(field))
        return rule_matches_value(rule, field);
    const cJSON *item;
    cJSON_ArrayForEach(item, field)
    {
        if (rule_matches_value(rule, item))
            return true;
    }
    return false;
}

static bool object_matches(const cJSON *policy, const cJSON *input);

static bool nested_matches(const cJSON *policy, const cJSON *field)
{
    if (cJSON_IsObject(field))
        return object_matches(policy, field);
    if (cJSON_IsArray(field)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, field)
        {
            if (cJSON_IsObject(item) && object_matches(policy, item))
                return true;
        }
        return false;
    }
    /* Only "exists": false can hold for a missing object. */
    return object_matches(policy, NULL);
}

static bool member_matches(const cJSON *member, const cJSON *input)
{
    if (strcmp(member->string, "$or") == 0) {
        const cJSON *branch;
        cJSON_ArrayForEach(branch, member)
        {
            if (object_matches(branch, input))
                return true;
        }
        return false;
    }
    const cJSON *field = input ? cJSON_GetObjectItemCaseSensitive(input, member->string) : NULL;
    if (cJSON_IsObject(member))
        return nested_matches(member, field);
    const cJSON *rule;
    cJSON_ArrayForEach(rule, member)
    {
        if (rule_matches(rule, field))
            return true;
    }
    return false;
}

static bool object_matches(const cJSON *policy, const cJSON *input)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, policy)
    {
        if (!member_matches(member, input))
            return false;
    }
    return true;
}

/* Message attributes as the values a policy sees: strings, numbers, and String.Array's
 * elements; binary attributes are not matched. */
static cJSON *attribute_values(const cJSON *attributes)
{
    cJSON *values = cJSON_CreateObject();
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "DataType"));
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "StringValue"));
        if (!type || !text)
            continue;
        cJSON *v = NULL;
        if (strcmp(type, "String.Array") == 0) {
            /* SNS accepts a String.Array that is not an array: a JSON scalar is matched as
             * that one value, any other text as a string. */
            v = cJSON_Parse(text);
            if (!v || cJSON_IsObject(v)) {
                cJSON_Delete(v);
                v = cJSON_CreateString(text);
            }
        } else if (strncmp(type, "Number", 6) == 0) {
            char *end;
            double d = strtod(text, &end);
            v = *text && !*end ? cJSON_CreateNumber(d) : NULL;
        } else if (strncmp(type, "String", 6) == 0) {
            v = cJSON_CreateString(text);
        }
        if (v)
            cJSON_AddItemToObject(values, a->string, v);
    }
    return values;
}

bool filter_policy_match(const cJSON *policy, enum filter_scope scope, const cJSON *attributes,
                         const char *message)
{
    if (!policy || cJSON_GetArraySize(policy) == 0)
        return true;
    cJSON *input = scope == FILTER_SCOPE_MESSAGE_BODY ? cJSON_Parse(message ? message : "")
                                                      : attribute_values(attributes);
    bool match = cJSON_IsObject(input) && object_matches(policy, input);
    cJSON_Delete(input);
    return match;
}
