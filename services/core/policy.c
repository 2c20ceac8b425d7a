/* Resource policy documents (policy.h). */
#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "arn.h"
#include "strmap.h"

static int refuse(struct policy_problem *problem, bool not_json, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(struct policy_problem *problem, bool not_json, const char *fmt, ...)
{
    problem->not_json = not_json;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem->message, sizeof problem->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* A string, or a non-empty list of strings. */
static bool strings(const cJSON *v)
{
    if (cJSON_IsString(v))
        return true;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        if (!cJSON_IsString(item))
            return false;
    }
    return true;
}

/* Exactly one of the pair is present and well-formed; "*" or an object for principals. */
static int check_pair(const cJSON *s, const char *name, const char *not_name, bool principal,
                      struct policy_problem *problem)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, name);
    const cJSON *not_v = cJSON_GetObjectItemCaseSensitive(s, not_name);
    if (v && not_v)
        return refuse(problem, false, "Statement cannot contain both %s and %s", name, not_name);
    if (!v && !not_v)
        return refuse(problem, false, "Missing required field %s", name);
    const cJSON *given = v ? v : not_v;
    bool ok = principal ? (cJSON_IsString(given) && strcmp(given->valuestring, "*") == 0) ||
                              (cJSON_IsObject(given) && given->child)
                        : strings(given);
    if (!ok)
        return refuse(problem, false, "Invalid %s in policy statement", v ? name : not_name);
    if (principal && cJSON_IsObject(given)) {
        const cJSON *kind;
        cJSON_ArrayForEach(kind, given)
        {
            if (!strings(kind))
                return refuse(problem, false, "Invalid principal in policy");
        }
    }
    return 0;
}

static int check_statement(const cJSON *s, struct strmap *sids, struct policy_problem *problem)
{
    if (!cJSON_IsObject(s))
        return refuse(problem, false, "Policy statement must be an object");
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(s, "Sid");
    if (sid && !cJSON_IsString(sid))
        return refuse(problem, false, "Statement IDs (SID) must be strings");
    if (sid && strmap_put(sids, sid->valuestring, (void *)s))
        return refuse(problem, false, "Statement IDs (SID) in a single policy must be unique");
    const char *effect = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "Effect"));
    if (!effect)
        return refuse(problem, false, "Missing required field Effect");
    if (strcmp(effect, "Allow") != 0 && strcmp(effect, "Deny") != 0)
        return refuse(problem, false, "Invalid effect: %s", effect);
    if (check_pair(s, "Principal", "NotPrincipal", true, problem) != 0 ||
        check_pair(s, "Action", "NotAction", false, problem) != 0 ||
        check_pair(s, "Resource", "NotResource", false, problem) != 0)
        return -1;
    const cJSON *condition = cJSON_GetObjectItemCaseSensitive(s, "Condition");
    if (condition) {
        if (!cJSON_IsObject(condition))
            return refuse(problem, false, "Invalid Condition in policy statement");
        const cJSON *op;
        cJSON_ArrayForEach(op, condition)
        {
            if (!cJSON_IsObject(op))
                return refuse(problem, false, "Invalid Condition operator %s", op->string);
        }
    }
    return 0;
}

static int check_complete(const cJSON *doc, struct policy_problem *problem)
{
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "Version");
    if (version && (!cJSON_IsString(version) || (strcmp(version->valuestring, "2012-10-17") != 0 &&
                                                 strcmp(version->valuestring, "2008-10-17") != 0)))
        return refuse(problem, false, "The policy must contain a valid version string");
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    if (cJSON_IsArray(statements) && cJSON_GetArraySize(statements) == 0)
        return refuse(problem, false, "Missing required field Statement");
    struct strmap sids = STRMAP_INIT;
    int rc = 0;
    if (cJSON_IsArray(statements)) {
        const cJSON *s;
        cJSON_ArrayForEach(s, statements)
        {
            if ((rc = check_statement(s, &sids, problem)) != 0)
                break;
        }
    } else {
        rc = check_statement(statements, &sids, problem);
    }
    strmap_clear(&sids);
    return rc;
}

int policy_check(const char *text, enum policy_strictness strictness,
                 struct policy_problem *problem)
{
    memset(problem, 0, sizeof *problem);
    const char *p = text ? text : "";
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    cJSON *doc = *p == '{' ? cJSON_Parse(p) : NULL;
    int rc = 0;
    if (!cJSON_IsObject(doc))
        rc = refuse(problem, true, "Policies must be valid JSON");
    else if (strictness >= POLICY_WITH_STATEMENT &&
             !cJSON_GetObjectItemCaseSensitive(doc, "Statement"))
        rc = refuse(problem, false, "Missing required field Statement");
    else if (strictness == POLICY_COMPLETE)
        rc = check_complete(doc, problem);
    cJSON_Delete(doc);
    return rc;
}

cJSON *policy_document_for_edit(const char *text, const char *version, const char *id)
{
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "Version", version);
        if (id)
            cJSON_AddStringToObject(doc, "Id", id);
    }
    cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    if (cJSON_IsObject(statements)) {
        cJSON *list = cJSON_CreateArray();
        cJSON_AddItemToArray(list, cJSON_DetachItemViaPointer(doc, statements));
        cJSON_AddItemToObject(doc, "Statement", list);
    } else if (!cJSON_IsArray(statements)) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "Statement");
        cJSON_AddArrayToObject(doc, "Statement");
    }
    return doc;
}

cJSON *policy_statement_find(cJSON *doc, const char *sid)
{
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "Statement"))
    {
        const char *have = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "Sid"));
        if (have && sid && strcmp(have, sid) == 0)
            return s;
    }
    return NULL;
}

bool policy_statement_remove(cJSON *doc, const char *sid)
{
    cJSON *s = policy_statement_find(doc, sid);
    if (!s)
        return false;
    cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(doc, "Statement"), s));
    return true;
}

/* One value stays a string, several become a list. */
static cJSON *one_or_many(cJSON *list)
{
    if (cJSON_GetArraySize(list) != 1)
        return list;
    cJSON *only = cJSON_DetachItemFromArray(list, 0);
    cJSON_Delete(list);
    return only;
}

cJSON *policy_statement_for_accounts(const char *sid, const char *region, const cJSON *accounts,
                                     const char *action_prefix, const cJSON *actions,
                                     const char *resource)
{
    cJSON *principals = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, accounts)
    {
        const char *account = cJSON_GetStringValue(item);
        char *arn = arn_build_global("iam", region, account ? account : "", "root");
        cJSON_AddItemToArray(principals, cJSON_CreateString(arn));
        free(arn);
    }
    cJSON *names = cJSON_CreateArray();
    cJSON_ArrayForEach(item, actions)
    {
        struct buf name = BUF_INIT;
        buf_printf(&name, "%s:%s", action_prefix, cJSON_GetStringValue(item));
        cJSON_AddItemToArray(names, cJSON_CreateString(name.data));
        buf_free(&name);
    }
    cJSON *statement = cJSON_CreateObject();
    cJSON_AddStringToObject(statement, "Sid", sid);
    cJSON_AddStringToObject(statement, "Effect", "Allow");
    cJSON_AddItemToObject(cJSON_AddObjectToObject(statement, "Principal"), "AWS",
                          one_or_many(principals));
    cJSON_AddItemToObject(statement, "Action", one_or_many(names));
    cJSON_AddStringToObject(statement, "Resource", resource);
    return statement;
}
