/* A function's resource policy (AddPermission, RemovePermission, GetPolicy), its reserved
 * concurrency, its tags, its event invoke configs, and the account's settings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "function_config.h"
#include "ops.h"
#include "provisioned.h"
#include "state.h"

#define ACCOUNT_CONCURRENCY 1000
#define MIN_UNRESERVED 100

static const char *policy_key(const struct lambda_name *n)
{
    return n->qualifier[0] ? n->qualifier : "$LATEST";
}

static char *resource_arn(const struct lambda_name *n)
{
    return arn_build("lambda", n->region, n->account, "function:%s%s%s", n->name,
                     n->qualifier[0] ? ":" : "", n->qualifier);
}

static bool all_digits(const char *s, size_t len)
{
    if (strlen(s) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static cJSON *principal(const char *p)
{
    if (strcmp(p, "*") == 0)
        return cJSON_CreateString("*");
    cJSON *obj = cJSON_CreateObject();
    if (all_digits(p, 12)) {
        char arn[64];
        snprintf(arn, sizeof arn, "arn:aws:iam::%s:root", p);
        cJSON_AddStringToObject(obj, "AWS", arn);
    } else if (strncmp(p, "arn:", 4) == 0) {
        cJSON_AddStringToObject(obj, "AWS", p);
    } else {
        cJSON_AddStringToObject(obj, "Service", p);
    }
    return obj;
}

static void condition(cJSON *statement, const char *op, const char *key, const char *value)
{
    if (!value)
        return;
    cJSON *cond = cJSON_GetObjectItemCaseSensitive(statement, "Condition");
    if (!cond)
        cond = cJSON_AddObjectToObject(statement, "Condition");
    cJSON *group = cJSON_GetObjectItemCaseSensitive(cond, op);
    if (!group)
        group = cJSON_AddObjectToObject(cond, op);
    cJSON_AddStringToObject(group, key, value);
}

static cJSON *statements_of(cJSON *f, const struct lambda_name *n, bool create)
{
    cJSON *policy = cJSON_GetObjectItemCaseSensitive(f, "_policy");
    cJSON *list = cJSON_GetObjectItemCaseSensitive(policy, policy_key(n));
    if (!list && create)
        list = cJSON_AddArrayToObject(policy, policy_key(n));
    return list;
}

OPERATION(lambda_add_permission)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    if (n.qualifier[0] && !lambda_version_resolve(n.account, n.region, n.name, n.qualifier,
                                                   c->err))
        return -1;
    const char *sid = param_string(in, "StatementId");
    cJSON *list = statements_of(f, &n, true);
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
    cJSON_AddItemToObject(statement, "Principal", principal(param_string(in, "Principal")));
    cJSON_AddStringToObject(statement, "Action", param_string(in, "Action"));
    char *resource = resource_arn(&n);
    cJSON_AddStringToObject(statement, "Resource", resource);
    free(resource);
    condition(statement, "StringEquals", "AWS:SourceAccount", param_string(in, "SourceAccount"));
    condition(statement, "StringEquals", "aws:PrincipalOrgID", param_string(in, "PrincipalOrgID"));
    condition(statement, "StringEquals", "lambda:FunctionUrlAuthType",
              param_string(in, "FunctionUrlAuthType"));
    condition(statement, "StringEquals", "lambda:EventSourceToken",
              param_string(in, "EventSourceToken"));
    condition(statement, "ArnLike", "AWS:SourceArn", param_string(in, "SourceArn"));
    cJSON_AddItemToArray(list, statement);
    char *text = cJSON_PrintUnformatted(statement);
    cJSON_AddStringToObject(out, "Statement", text);
    free(text);
    return 0;
}

OPERATION(lambda_get_policy)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    const cJSON *list = statements_of(f, &n, false);
    if (lambda_policy_answer(c, list, out) != 0)
        return -1;
    const cJSON *v = lambda_version_resolve(n.account, n.region, n.name, n.qualifier, NULL);
    cJSON_AddStringToObject(out, "RevisionId", v ? param_string(v, "RevisionId") : "");
    return 0;
}

OPERATION(lambda_remove_permission)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    const char *sid = param_string(in, "StatementId");
    cJSON *list = statements_of(f, &n, false);
    if (cJSON_GetArraySize(list) == 0)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "No policy is associated with the given resource.");
    cJSON *s;
    cJSON_ArrayForEach(s, list) {
        if (strcmp(param_string(s, "Sid"), sid) == 0) {
            cJSON_Delete(cJSON_DetachItemViaPointer(list, s));
            return 0;
        }
    }
    return call_fail(c, 404, "ResourceNotFoundException",
                     "Statement %s is not found in resource policy.", sid);
}

/* What the functions of r other than except take from the account's concurrency. */
static int reserved_total(const struct lambda_region *r, const cJSON *except)
{
    int total = 0;
    const cJSON *f;
    cJSON *functions = r ? r->functions : NULL;
    cJSON_ArrayForEach(f, functions)
        total += f == except ? 0 : lambda_concurrency_claimed(f);
    return total;
}

OPERATION(lambda_put_function_concurrency)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    int wanted = (int)param_int(in, "ReservedConcurrentExecutions", 0);
    int others = reserved_total(lambda_region_find(n.account, n.region), f);
    int provisioned = lambda_provisioned_total(f);
    if (wanted < provisioned)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Specified ReservedConcurrentExecutions for function is less than the "
                         "function's total ProvisionedConcurrentExecutions [%d].",
                         provisioned);
    if (ACCOUNT_CONCURRENCY - others - wanted < MIN_UNRESERVED)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Specified ReservedConcurrentExecutions for function decreases "
                         "account's UnreservedConcurrentExecution below its minimum value of "
                         "[%d].",
                         MIN_UNRESERVED);
    cJSON_DeleteItemFromObjectCaseSensitive(f, "_concurrency");
    cJSON_AddNumberToObject(f, "_concurrency", wanted);
    cJSON_AddNumberToObject(out, "ReservedConcurrentExecutions", wanted);
    return 0;
}

OPERATION(lambda_get_function_concurrency)
{
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    const cJSON *reserved = cJSON_GetObjectItemCaseSensitive(f, "_concurrency");
    if (cJSON_IsNumber(reserved))
        cJSON_AddNumberToObject(out, "ReservedConcurrentExecutions", reserved->valuedouble);
    return 0;
}

OPERATION(lambda_delete_function_concurrency)
{
    (void)out;
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, false, &n);
    if (!f)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(f, "_concurrency");
    return 0;
}

OPERATION(lambda_get_account_settings)
{
    (void)in;
    const struct lambda_region *r = lambda_region_find(c->route->account, c->route->region);
    cJSON *limit = cJSON_AddObjectToObject(out, "AccountLimit");
    cJSON_AddNumberToObject(limit, "TotalCodeSize", 80530636800.0);
    cJSON_AddNumberToObject(limit, "CodeSizeUnzipped", 262144000);
    cJSON_AddNumberToObject(limit, "CodeSizeZipped", 52428800);
    cJSON_AddNumberToObject(limit, "ConcurrentExecutions", ACCOUNT_CONCURRENCY);
    cJSON_AddNumberToObject(limit, "UnreservedConcurrentExecutions",
                            ACCOUNT_CONCURRENCY - reserved_total(r, NULL));
    double code = 0;
    int count = 0;
    const cJSON *f;
    cJSON *functions = r ? r->functions : NULL;
    cJSON_ArrayForEach(f, functions) {
        count++;
        code += param_number(cJSON_GetObjectItemCaseSensitive(f, "_latest"), "CodeSize", 0);
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(f, "_versions"))
            code += param_number(v, "CodeSize", 0);
    }
    cJSON *usage = cJSON_AddObjectToObject(out, "AccountUsage");
    cJSON_AddNumberToObject(usage, "TotalCodeSize", code);
    cJSON_AddNumberToObject(usage, "FunctionCount", count);
    return 0;
}

/* The function a tagging call's Resource ARN names. */
static cJSON *tagged_function(struct call *c, const cJSON *in)
{
    const char *arn = param_string(in, "Resource");
    struct lambda_name n;
    cJSON *f = NULL;
    if (arn && lambda_name_parse(arn, c->route->account, c->route->region, &n))
        f = lambda_function_find(lambda_region_find(n.account, n.region), n.name);
    if (!f)
        call_fail(c, 404, "ResourceNotFoundException", "Function not found: %s", arn ? arn : "");
    return f;
}

OPERATION(lambda_tag_resource)
{
    (void)out;
    cJSON *f = tagged_function(c, in);
    if (!f)
        return -1;
    cJSON *tags = cJSON_GetObjectItemCaseSensitive(f, "_tags");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(in, "Tags")) {
        cJSON_DeleteItemFromObjectCaseSensitive(tags, t->string);
        cJSON_AddStringToObject(tags, t->string, t->valuestring);
    }
    return 0;
}

OPERATION(lambda_untag_resource)
{
    (void)out;
    cJSON *f = tagged_function(c, in);
    if (!f)
        return -1;
    cJSON *tags = cJSON_GetObjectItemCaseSensitive(f, "_tags");
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"))
        cJSON_DeleteItemFromObjectCaseSensitive(tags, k->valuestring);
    return 0;
}

OPERATION(lambda_list_tags)
{
    cJSON *f = tagged_function(c, in);
    if (!f)
        return -1;
    cJSON_AddItemToObject(out, "Tags",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(f, "_tags"), true));
    return 0;
}
