/* SimulateCustomPolicy and SimulatePrincipalPolicy: gather the policy documents that apply, then
 * answer each action and resource with the evaluator's decision (policy_eval.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/params.h"
#include "ops.h"
#include "policy_document.h"
#include "policy_eval.h"
#include "policy_positions.h"
#include "principals.h"

#define MAX_POLICIES 64
#define MAX_CONTEXT 64
#define MAX_VALUES 32

/* One list of policies taking part, each with what MatchedStatements says of it: its id (an
 * input's "PolicyInputList.1", a policy's name), its type ("IAM Policy" for inputs, "user",
 * "group", "role", "aws-managed", "user-managed") and its text, for statement positions. */
struct documents {
    cJSON *parsed[MAX_POLICIES];
    const char *text[MAX_POLICIES]; /* the request's or the state's, alive for the call */
    const char *source_type[MAX_POLICIES];
    char source_id[MAX_POLICIES][160];
    size_t count;
};

static void documents_free(struct documents *d)
{
    for (size_t i = 0; i < d->count; i++)
        cJSON_Delete(d->parsed[i]);
    d->count = 0;
}

/* -1 after failing the call with InvalidInput for a document IAM would refuse. */
static int documents_add(struct call *c, struct documents *d, const char *text,
                         const char *source_id, const char *source_type)
{
    char problem[256];
    if (!text)
        return 0;
    if (policy_document_problem(text, IDENTITY_POLICY, problem, sizeof problem))
        return call_fail(c, 400, "InvalidInput", "%s", problem);
    if (d->count == MAX_POLICIES)
        return call_fail(c, 400, "InvalidInput", "Too many policies to simulate.");
    d->parsed[d->count] = cJSON_Parse(text);
    if (d->parsed[d->count]) {
        d->text[d->count] = text;
        d->source_type[d->count] = source_type;
        snprintf(d->source_id[d->count], sizeof d->source_id[d->count], "%s", source_id);
        d->count++;
    }
    return 0;
}

/* The documents of one of the request's lists, named "<list>.1", "<list>.2"… */
static int documents_add_list(struct call *c, struct documents *d, const cJSON *list,
                              const char *list_name)
{
    const cJSON *item;
    size_t position = 0;
    cJSON_ArrayForEach(item, list)
    {
        char id[64];
        snprintf(id, sizeof id, "%s.%zu", list_name, ++position);
        if (documents_add(c, d, cJSON_GetStringValue(item), id, "IAM Policy") != 0)
            return -1;
    }
    return 0;
}

static int documents_add_managed(struct call *c, const struct iam_account *a,
                                 struct documents *d, const char *arn)
{
    return documents_add(c, d, iam_managed_policy_document(a, arn), iam_policy_name_of(arn),
                         iam_policy_find(a, arn) ? "user-managed" : "aws-managed");
}

/* A principal's inline and attached managed policies. */
static int documents_add_principal(struct call *c, const struct iam_account *a,
                                   struct documents *d, const cJSON *principal,
                                   const struct principal_kind *kind)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(principal, IAM_INLINE_POLICIES))
        if (documents_add(c, d, cJSON_GetStringValue(item), item->string, kind->label) != 0)
            return -1;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(principal, IAM_ATTACHED_POLICIES))
        if (cJSON_IsString(item) && documents_add_managed(c, a, d, item->valuestring) != 0)
            return -1;
    return 0;
}

struct simulation {
    struct documents identity, boundary;
    cJSON *resource_policy;
    const char *resource_policy_text;
    const char *caller;
    bool cross_account; /* ResourceOwner names another account than the caller's */
    struct eval_context_entry context[MAX_CONTEXT];
    const char *values[MAX_CONTEXT][MAX_VALUES];
    size_t context_count;
};

static int read_context(struct call *c, const cJSON *in, struct simulation *s)
{
    const cJSON *entry;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(in, "ContextEntries"))
    {
        if (s->context_count == MAX_CONTEXT)
            return call_fail(c, 400, "InvalidInput", "Too many context entries.");
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(entry, "ContextKeyValues");
        size_t count = 0;
        const char **strings = s->values[s->context_count];
        const cJSON *value;
        cJSON_ArrayForEach(value, values)
            if (cJSON_IsString(value) && count < MAX_VALUES)
                strings[count++] = value->valuestring;
        s->context[s->context_count++] =
            (struct eval_context_entry){param_string(entry, "ContextKeyName"), strings, count};
        if (!s->context[s->context_count - 1].key)
            return call_fail_missing_parameter(c, "ContextKeyName");
    }
    return 0;
}

static void simulation_free(struct simulation *s)
{
    documents_free(&s->identity);
    documents_free(&s->boundary);
    cJSON_Delete(s->resource_policy);
}

static void add_position(cJSON *statement, const char *name, struct text_position position)
{
    cJSON *p = cJSON_AddObjectToObject(statement, name);
    cJSON_AddNumberToObject(p, "Line", position.line);
    cJSON_AddNumberToObject(p, "Column", position.column);
}

static void add_matched_statement(cJSON *matched, const struct simulation *s,
                                  const struct eval_match *match)
{
    const struct documents *d = match->set == EVAL_SET_IDENTITY ? &s->identity
                                : match->set == EVAL_SET_BOUNDARY ? &s->boundary
                                                                   : NULL;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "SourcePolicyId", d ? d->source_id[match->policy] : "ResourcePolicy");
    cJSON_AddStringToObject(m, "SourcePolicyType",
                            d ? d->source_type[match->policy] : "resource");
    struct text_position start, end;
    if (policy_statement_position(d ? d->text[match->policy] : s->resource_policy_text,
                                  match->statement, &start, &end)) {
        add_position(m, "StartPosition", start);
        add_position(m, "EndPosition", end);
    }
    cJSON_AddItemToArray(matched, m);
}

static void add_result(cJSON *results, const struct simulation *s, const char *action,
                       const char *resource)
{
    const cJSON *const *identity = (const cJSON *const *)s->identity.parsed;
    const cJSON *const *boundary = (const cJSON *const *)s->boundary.parsed;
    struct eval_policies policies = {identity, s->identity.count, boundary, s->boundary.count,
                                     s->resource_policy};
    struct eval_request request = {action,     resource,          s->caller,
                                   s->context, s->context_count, s->cross_account};
    struct eval_result result;
    policy_evaluate(&policies, &request, &result);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "EvalActionName", action);
    cJSON_AddStringToObject(r, "EvalResourceName", resource);
    cJSON_AddStringToObject(r, "EvalDecision", eval_decision_name(result.decision));
    cJSON *matched = cJSON_AddArrayToObject(r, "MatchedStatements");
    for (size_t i = 0; i < result.matched_count; i++)
        add_matched_statement(matched, s, &result.matched[i]);
    cJSON *missing = cJSON_AddArrayToObject(r, "MissingContextValues");
    for (size_t i = 0; i < result.missing_count; i++)
        cJSON_AddItemToArray(missing, cJSON_CreateString(result.missing[i]));
    if (s->boundary.count) {
        cJSON *detail = cJSON_AddObjectToObject(r, "PermissionsBoundaryDecisionDetail");
        cJSON_AddBoolToObject(detail, "AllowedByPermissionsBoundary",
                              result.boundary_decision == EVAL_ALLOWED);
    }
    cJSON_AddItemToArray(results, r);
}

/* The account a principal or account ARN ("arn:aws:iam::123456789012:root") names, or an
 * account id as it is; NULL when arn is neither. */
static const char *account_of(const char *arn, struct arn *parsed)
{
    if (strspn(arn, "0123456789") == 12 && arn[12] == '\0')
        return arn;
    return arn_parse(arn, parsed) && strlen(parsed->account) == 12 ? parsed->account : NULL;
}

/* ResourceOwner makes the simulated resources (and the resource policy) another account's,
 * which changes how identity and resource policies combine. */
static int read_resource_owner(struct call *c, const cJSON *in, struct simulation *s)
{
    const char *owner = param_string(in, "ResourceOwner");
    if (!owner)
        return 0;
    struct arn owner_arn, caller_arn;
    const char *owner_account = account_of(owner, &owner_arn);
    if (!owner_account)
        return call_fail(c, 400, "InvalidInput", "Invalid ARN: %s", owner);
    const char *caller_account = s->caller ? account_of(s->caller, &caller_arn) : NULL;
    if (!caller_account)
        caller_account = c->route->account;
    s->cross_account = strcmp(owner_account, caller_account) != 0;
    return 0;
}

static int simulate(struct call *c, const cJSON *in, cJSON *out, struct simulation *s)
{
    const cJSON *actions = cJSON_GetObjectItemCaseSensitive(in, "ActionNames");
    if (cJSON_GetArraySize(actions) == 0)
        return call_fail_missing_parameter(c, "ActionNames");
    if (documents_add_list(c, &s->boundary,
                           cJSON_GetObjectItemCaseSensitive(in, "PermissionsBoundaryPolicyInputList"),
                           "PermissionsBoundaryPolicyInputList") != 0 ||
        read_context(c, in, s) != 0)
        return -1;
    const char *resource_policy = param_string(in, "ResourcePolicy");
    if (resource_policy) {
        s->resource_policy = cJSON_Parse(resource_policy);
        s->resource_policy_text = resource_policy;
        if (!s->resource_policy)
            return call_fail(c, 400, "InvalidInput", "The resource policy is not valid JSON.");
    }
    if (param_string(in, "CallerArn"))
        s->caller = param_string(in, "CallerArn");
    if (read_resource_owner(c, in, s) != 0)
        return -1;
    struct iam_page page;
    if (iam_page_begin(c, in, &page) != 0)
        return -1;
    /* One result per action and resource, paged by MaxItems/Marker over that fixed order. */
    const cJSON *resources = cJSON_GetObjectItemCaseSensitive(in, "ResourceArns");
    cJSON *results = cJSON_AddArrayToObject(out, "EvaluationResults");
    const cJSON *action, *resource;
    cJSON_ArrayForEach(action, actions)
    {
        if (!cJSON_IsString(action))
            continue;
        if (cJSON_GetArraySize(resources) == 0 && iam_page_take(&page))
            add_result(results, s, action->valuestring, "*");
        cJSON_ArrayForEach(resource, resources)
            if (cJSON_IsString(resource) && iam_page_take(&page))
                add_result(results, s, action->valuestring, resource->valuestring);
    }
    iam_page_end(&page, out);
    return 0;
}

/* The custom calls' documents: PolicyInputList, which they require. */
static int documents_add_inputs(struct call *c, const cJSON *in, struct documents *d)
{
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(in, "PolicyInputList");
    if (!cJSON_IsArray(inputs))
        return call_fail_missing_parameter(c, "PolicyInputList");
    return documents_add_list(c, d, inputs, "PolicyInputList");
}

int iam_simulate_custom_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct simulation s = {0};
    int rc = documents_add_inputs(c, in, &s.identity);
    if (rc == 0)
        rc = simulate(c, in, out, &s);
    simulation_free(&s);
    return rc;
}

/* The entity PolicySourceArn names: a user (with its groups), a group or a role. */
static int gather_source(struct call *c, const struct iam_account *a, const char *arn,
                         struct simulation *s)
{
    const struct principal_kind *kind;
    const cJSON *principal = principal_from_arn(c, a, arn, &kind);
    if (!principal || documents_add_principal(c, a, &s->identity, principal, kind) != 0)
        return -1;
    if (kind == &iam_user_kind) {
        const cJSON *group;
        cJSON_ArrayForEach(group, principal_list(a, &iam_group_kind))
            if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(group, IAM_GROUP_MEMBERS),
                                    iam_string(principal, "UserName")) &&
                documents_add_principal(c, a, &s->identity, group, &iam_group_kind) != 0)
                return -1;
    }
    const cJSON *boundary = cJSON_GetObjectItemCaseSensitive(principal, "PermissionsBoundary");
    const char *boundary_arn = iam_string(boundary, "PermissionsBoundaryArn");
    if (boundary_arn)
        return documents_add_managed(c, a, &s->boundary, boundary_arn);
    return 0;
}

int iam_simulate_principal_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    struct simulation s = {0};
    int rc = gather_source(c, a, param_string(in, "PolicySourceArn"), &s);
    if (rc == 0)
        rc = documents_add_list(c, &s.identity,
                                cJSON_GetObjectItemCaseSensitive(in, "PolicyInputList"),
                                "PolicyInputList");
    if (rc == 0) {
        if (!param_string(in, "CallerArn"))
            s.caller = param_string(in, "PolicySourceArn");
        rc = simulate(c, in, out, &s);
    }
    simulation_free(&s);
    return rc;
}

static void add_key_once(cJSON *names, const char *key)
{
    const cJSON *name;
    cJSON_ArrayForEach(name, names)
        if (strcasecmp(name->valuestring, key) == 0)
            return;
    cJSON_AddItemToArray(names, cJSON_CreateString(key));
}

static void add_statement_condition_keys(cJSON *names, const cJSON *statement)
{
    const cJSON *op;
    cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(statement, "Condition"))
    {
        const cJSON *key;
        cJSON_ArrayForEach(key, op)
            if (key->string)
                add_key_once(names, key->string);
    }
}

/* ContextKeyNames: the condition keys the documents test, each once (keys are
 * case-insensitive), in the order they first appear. */
static void add_context_key_names(cJSON *out, const struct documents *d)
{
    cJSON *names = cJSON_AddArrayToObject(out, "ContextKeyNames");
    for (size_t i = 0; i < d->count; i++) {
        const cJSON *statements = cJSON_GetObjectItemCaseSensitive(d->parsed[i], "Statement");
        if (cJSON_IsObject(statements)) {
            add_statement_condition_keys(names, statements);
            continue;
        }
        const cJSON *statement;
        cJSON_ArrayForEach(statement, statements)
            add_statement_condition_keys(names, statement);
    }
}

int iam_get_context_keys_for_custom_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct simulation s = {0};
    int rc = documents_add_inputs(c, in, &s.identity);
    if (rc == 0)
        add_context_key_names(out, &s.identity);
    simulation_free(&s);
    return rc;
}

int iam_get_context_keys_for_principal_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct simulation s = {0};
    int rc = gather_source(c, iam_account_for_call(c), param_string(in, "PolicySourceArn"), &s);
    if (rc == 0)
        rc = documents_add_list(c, &s.identity,
                                cJSON_GetObjectItemCaseSensitive(in, "PolicyInputList"),
                                "PolicyInputList");
    if (rc == 0)
        add_context_key_names(out, &s.identity);
    simulation_free(&s);
    return rc;
}
