/* The checks IAM runs on a policy document before it stores one. IAM reports the first problem
 * of the first phase that finds one, the phases in this order: the grammar ("Syntax errors in
 * policy."), the version, what its older parser refused ("The policy failed legacy parsing"),
 * unique statement ids, then the meaning of each statement (actions, resources). */
#include "policy_document.h"
#include "policy_date.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#define SYNTAX_ERROR "Syntax errors in policy."
#define LEGACY_ERROR "The policy failed legacy parsing"

struct check {
    enum policy_document_kind kind;
    char *message;
    size_t size;
    bool failed;
};

static bool fail(struct check *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct check *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->message, k->size, fmt, ap);
    va_end(ap);
    k->failed = true;
    return false;
}

/* The statements, as a list even when the document has a single one. */
static void each_statement(const cJSON *doc, bool (*fn)(struct check *, const cJSON *),
                           struct check *k)
{
    const cJSON *statement = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    if (cJSON_IsObject(statement)) {
        fn(k, statement);
        return;
    }
    const cJSON *st;
    cJSON_ArrayForEach(st, statement) {
        if (!fn(k, st))
            return;
    }
}

static const cJSON *member(const cJSON *st, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(st, name);
}

/* The strings of a string or list member, one at a time (NULL entries of a list skipped). */
typedef bool (*string_fn)(struct check *k, const char *text, const cJSON *st);

static bool each_string(struct check *k, const cJSON *value, const cJSON *st, string_fn fn)
{
    if (cJSON_IsString(value))
        return fn(k, value->valuestring, st);
    const cJSON *item;
    cJSON_ArrayForEach(item, value) {
        if (cJSON_IsString(item) && !fn(k, item->valuestring, st))
            return false;
    }
    return true;
}

/* ---- the grammar ---- */

static bool only_members(const cJSON *object, const char *const *allowed)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, object) {
        const char *const *a = allowed;
        while (*a && strcmp(*a, m->string) != 0)
            a++;
        if (!*a)
            return false;
    }
    return true;
}

static bool string_or_strings(const cJSON *v, bool nulls_allowed)
{
    if (cJSON_IsString(v))
        return true;
    if (!cJSON_IsArray(v))
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        if (!cJSON_IsString(item) && !(nulls_allowed && cJSON_IsNull(item)))
            return false;
    }
    return true;
}

static const char *const condition_operators[] = {
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
    "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
    "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals",
    "ArnLike", "ArnNotEquals", "ArnNotLike", "Null", NULL};

/* The operator a condition key names without its ForAllValues:/ForAnyValue: prefix and its
 * IfExists suffix, or NULL when it names none. */
static const char *condition_operator(const char *key, char *base, size_t size)
{
    if (strncmp(key, "ForAllValues:", 13) == 0)
        key += 13;
    else if (strncmp(key, "ForAnyValue:", 12) == 0)
        key += 12;
    size_t len = strlen(key);
    if (len > 8 && strcmp(key + len - 8, "IfExists") == 0)
        len -= 8;
    if (len >= size)
        return NULL;
    memcpy(base, key, len);
    base[len] = '\0';
    for (const char *const *op = condition_operators; *op; op++)
        if (strcmp(*op, base) == 0)
            return base;
    return NULL;
}

static bool condition_value(const cJSON *v)
{
    if (cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v))
        return true;
    if (!cJSON_IsArray(v))
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        if (!cJSON_IsString(item) && !cJSON_IsNumber(item) && !cJSON_IsBool(item))
            return false;
    }
    return true;
}

static bool condition_grammar(const cJSON *condition)
{
    if (!cJSON_IsObject(condition))
        return false;
    const cJSON *op;
    cJSON_ArrayForEach(op, condition) {
        char base[64];
        /* IAM ignores an empty block, whatever operator it names. */
        if (!cJSON_IsObject(op) ||
            (op->child && !condition_operator(op->string, base, sizeof base)))
            return false;
        const cJSON *entry;
        cJSON_ArrayForEach(entry, op) {
            if (!condition_value(entry))
                return false;
        }
    }
    return true;
}

static bool statement_grammar(struct check *k, const cJSON *st)
{
    static const char *const allowed[] = {"Sid", "Effect", "Principal", "NotPrincipal",
                                          "Action", "NotAction", "Resource", "NotResource",
                                          "Condition", NULL};
    if (!cJSON_IsObject(st) || !only_members(st, allowed))
        return fail(k, SYNTAX_ERROR);
    const cJSON *sid = member(st, "Sid");
    const cJSON *effect = member(st, "Effect");
    const cJSON *action = member(st, "Action"), *not_action = member(st, "NotAction");
    const cJSON *resource = member(st, "Resource"), *not_resource = member(st, "NotResource");
    const cJSON *condition = member(st, "Condition");
    bool valid = (!sid || cJSON_IsString(sid)) && cJSON_IsString(effect) &&
                 (strcasecmp(effect->valuestring, "Allow") == 0 ||
                  strcasecmp(effect->valuestring, "Deny") == 0) &&
                 !(action && not_action) && !(resource && not_resource) &&
                 (!action || string_or_strings(action, false)) &&
                 (!not_action || string_or_strings(not_action, false)) &&
                 (!resource || string_or_strings(resource, true)) &&
                 (!not_resource || string_or_strings(not_resource, true)) &&
                 (!condition || condition_grammar(condition));
    return valid ? true : fail(k, SYNTAX_ERROR);
}

static bool document_grammar(struct check *k, const cJSON *doc)
{
    static const char *const allowed[] = {"Version", "Id", "Statement", NULL};
    if (!cJSON_IsObject(doc) || !only_members(doc, allowed))
        return fail(k, SYNTAX_ERROR);
    const cJSON *version = member(doc, "Version");
    const cJSON *id = member(doc, "Id");
    const cJSON *statement = member(doc, "Statement");
    if ((version && !(cJSON_IsString(version) &&
                      (strcmp(version->valuestring, "2012-10-17") == 0 ||
                       strcmp(version->valuestring, "2008-10-17") == 0))) ||
        (id && !cJSON_IsString(id)) ||
        !(cJSON_IsObject(statement) ||
          (cJSON_IsArray(statement) && cJSON_GetArraySize(statement) > 0)))
        return fail(k, SYNTAX_ERROR);
    each_statement(doc, statement_grammar, k);
    return !k->failed;
}

/* ---- what the legacy parser refused ---- */

static const char *const partitions[] = {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
                                         "aws-iso-e", "aws-iso-f", "aws-eusc", NULL};

static bool is_partition(const char *name, size_t len)
{
    for (const char *const *p = partitions; *p; p++)
        if (strlen(*p) == len && strncmp(*p, name, len) == 0)
            return true;
    return false;
}

/* Splits an ARN-like resource at its colons (at most max fields); the number of fields. */
static int arn_fields(const char *text, const char **starts, size_t *lens, int max)
{
    int n = 0;
    const char *p = text;
    while (n < max) {
        const char *colon = n == max - 1 ? NULL : strchr(p, ':');
        starts[n] = p;
        lens[n] = colon ? (size_t)(colon - p) : strlen(p);
        n++;
        if (!colon)
            break;
        p = colon + 1;
    }
    return n;
}

static int count_colons(const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += *text == ':';
    return n;
}

static bool legacy_resource(struct check *k, const char *resource, const cJSON *st)
{
    (void)st;
    if (strncmp(resource, "arn:", 4) != 0)
        return true;
    const char *starts[6];
    size_t lens[6];
    int n = arn_fields(resource, starts, lens, 6);
    if (n < 2 || !is_partition(starts[1], lens[1]))
        return true;
    if (n == 4 || n == 5 || (n == 6 && lens[2] == 0))
        return fail(k, LEGACY_ERROR);
    return true;
}

static bool legacy_condition_dates(struct check *k, const cJSON *condition)
{
    const cJSON *op;
    cJSON_ArrayForEach(op, condition) {
        char base[64];
        if (!condition_operator(op->string, base, sizeof base) || strncmp(base, "Date", 4) != 0)
            continue;
        const cJSON *entry;
        cJSON_ArrayForEach(entry, op) {
            const cJSON *values = entry;
            const cJSON *v;
            if (cJSON_IsString(values) && !policy_date_parse(values->valuestring, NULL))
                return fail(k, LEGACY_ERROR);
            if (!cJSON_IsArray(values))
                continue;
            cJSON_ArrayForEach(v, values) {
                if (cJSON_IsString(v) && !policy_date_parse(v->valuestring, NULL))
                    return fail(k, LEGACY_ERROR);
            }
        }
    }
    return true;
}

static bool statement_legacy(struct check *k, const cJSON *st)
{
    const char *effect = member(st, "Effect")->valuestring;
    if (strcmp(effect, "Allow") != 0 && strcmp(effect, "Deny") != 0)
        return fail(k, LEGACY_ERROR);
    if (!legacy_condition_dates(k, member(st, "Condition")))
        return false;
    const cJSON *resources = member(st, "Resource");
    return each_string(k, resources ? resources : member(st, "NotResource"), st,
                       legacy_resource);
}

/* ---- statement ids ---- */

static bool sids_unique(struct check *k, const cJSON *doc)
{
    const cJSON *statement = member(doc, "Statement");
    if (!cJSON_IsArray(statement))
        return true;
    const cJSON *a, *b;
    cJSON_ArrayForEach(a, statement) {
        const cJSON *sid = member(a, "Sid");
        if (!cJSON_IsString(sid) || !sid->valuestring[0])
            continue;
        for (b = a->next; b; b = b->next) {
            const cJSON *other = member(b, "Sid");
            if (cJSON_IsString(other) && strcmp(other->valuestring, sid->valuestring) == 0)
                return fail(k, "Statement IDs (SID) in a single policy must be unique.");
        }
    }
    return true;
}

/* ---- meaning ---- */

static bool has_entries(const cJSON *v)
{
    return cJSON_IsString(v) || cJSON_GetArraySize(v) > 0;
}

static bool statement_has_actions(struct check *k, const cJSON *st)
{
    if (!has_entries(member(st, "Action")) && !has_entries(member(st, "NotAction")))
        return fail(k, "Policy statement must contain actions.");
    return true;
}

static bool statement_principal(struct check *k, const cJSON *st)
{
    bool has_principal = member(st, "Principal") || member(st, "NotPrincipal");
    if (k->kind == IDENTITY_POLICY && has_principal)
        return fail(k, "Policy document should not specify a principal.");
    if (k->kind == TRUST_POLICY && (member(st, "Resource") || member(st, "NotResource")))
        return fail(k, "Has prohibited field Resource.");
    if (k->kind == TRUST_POLICY && !has_principal)
        return fail(k, "Missing required field Principal.");
    return true;
}

static const char *const iam_resource_types[] = {
    "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
    "server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/",
    "report/", "access-report/", NULL};

static bool resource_format(struct check *k, const char *resource, const cJSON *st)
{
    (void)st;
    if (strcmp(resource, "*") == 0)
        return true;
    if (!strchr(resource, ':'))
        return fail(k, "Resource %s must be in ARN format or \"*\".", resource);
    const char *starts[6];
    size_t lens[6];
    int n = arn_fields(resource, starts, lens, 6);
    if (!is_partition(starts[1], lens[1])) {
        /* IAM names the resource as the ARN it took it for, missing fields as "*". */
        const char *after_first = strchr(resource, ':');
        char shown[1200];
        int len = snprintf(shown, sizeof shown, "arn%s", after_first);
        for (int i = count_colons(resource) + 1; i < 6 && len > 0 && (size_t)len < sizeof shown;
             i++)
            len += snprintf(shown + len, sizeof shown - (size_t)len, ":*");
        return fail(k, "Partition \"%.*s\" is not valid for resource \"%s\".", (int)lens[1],
                    starts[1], shown);
    }
    if (n < 3)
        return fail(k, "Resource vendor must be fully qualified and cannot contain regexes.");
    bool has_region = n >= 4 && lens[3] > 0;
    if (lens[2] == 3 && strncmp(starts[2], "iam", 3) == 0) {
        if (has_region)
            return fail(k, "IAM resource %s cannot contain region information.", resource);
        const char *path = n == 6 ? starts[5] : "";
        bool known = strcmp(path, "*") == 0;
        for (const char *const *t = iam_resource_types; !known && *t; t++)
            known = strncmp(path, *t, strlen(*t)) == 0;
        if (!known)
            return fail(k, "IAM resource path must either be \"*\" or start with user/, "
                           "federated-user/, role/, group/, instance-profile/, mfa/, "
                           "server-certificate/, policy/, sms-mfa/, saml-provider/, "
                           "oidc-provider/, report/, access-report/.");
    } else if (lens[2] == 2 && strncmp(starts[2], "s3", 2) == 0 && has_region &&
               (n < 5 || lens[4] == 0)) {
        /* Buckets and objects have neither region nor account; access points have both. */
        return fail(k, "Resource %s can not contain region information.", resource);
    }
    return true;
}

static bool statement_resource_format(struct check *k, const cJSON *st)
{
    const cJSON *resources = member(st, "Resource");
    return each_string(k, resources ? resources : member(st, "NotResource"), st,
                       resource_format);
}

static bool action_format(struct check *k, const char *action, const cJSON *st)
{
    (void)st;
    if (strcmp(action, "*") == 0)
        return true;
    const char *colon = strchr(action, ':');
    if (!colon)
        return fail(k, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, "
                       "etc.");
    if (strchr(colon + 1, ':'))
        return fail(k, "Actions/Condition can contain only one colon.");
    for (const char *p = action; p < colon; p++)
        if (!isalnum((unsigned char)*p) && !strchr("-_.*", *p))
            return fail(k, "Vendor %.*s is not valid", (int)(colon - action), action);
    if (k->kind == TRUST_POLICY) {
        static const char *const trust_actions[] = {
            "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
            "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext", "sts:*", NULL};
        for (const char *const *t = trust_actions; *t; t++)
            if (strcmp(*t, action) == 0)
                return true;
        return fail(k, "Trust Policy statement actions can only be sts:AssumeRole, "
                       "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity");
    }
    return true;
}

static bool statement_action_format(struct check *k, const cJSON *st)
{
    const cJSON *actions = member(st, "Action");
    return each_string(k, actions ? actions : member(st, "NotAction"), st, action_format);
}

static bool statement_has_resources(struct check *k, const cJSON *st)
{
    if (k->kind == IDENTITY_POLICY && !has_entries(member(st, "Resource")) &&
        !has_entries(member(st, "NotResource")))
        return fail(k, "Policy statement must contain resources.");
    return true;
}

const char *policy_document_problem(const char *text, enum policy_document_kind kind,
                                    char *message, size_t size)
{
    struct check k = {kind, message, size, false};
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    if (!document_grammar(&k, doc))
        goto done;
    const cJSON *version = member(doc, "Version");
    if (kind == IDENTITY_POLICY && (!version || strcmp(version->valuestring, "2012-10-17") != 0)) {
        fail(&k, "Policy document must be version 2012-10-17 or greater.");
        goto done;
    }
    bool (*const phases[])(struct check *, const cJSON *) = {
        statement_legacy, NULL, statement_principal, statement_has_actions,
        statement_resource_format, statement_action_format, statement_has_resources};
    for (size_t i = 0; i < sizeof phases / sizeof phases[0] && !k.failed; i++) {
        if (phases[i])
            each_statement(doc, phases[i], &k);
        else
            sids_unique(&k, doc);
    }
done:
    cJSON_Delete(doc);
    return k.failed ? message : NULL;
}
