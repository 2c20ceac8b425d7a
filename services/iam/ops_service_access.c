/* ListPoliciesGrantingServiceAccess: which of an identity's permissions policies (its own and,
 * for a user, its groups') allow some action of each service namespace asked about. Only
 * permissions policy logic applies, as IAM documents: no boundaries, resource policies or
 * conditions. */
#include <string.h>
#include <strings.h>

#include "../core/params.h"
#include "ops.h"
#include "policy_eval.h"
#include "principals.h"

/* Whether an Action pattern ("s3:Get*", "*", "S3:*") can name an action of the namespace. */
static bool pattern_reaches(const char *pattern, const char *namespace)
{
    if (strcmp(pattern, "*") == 0)
        return true;
    const char *colon = strchr(pattern, ':');
    if (!colon)
        return false;
    char service[128];
    size_t len = (size_t)(colon - pattern);
    if (len >= sizeof service)
        return false;
    memcpy(service, pattern, len);
    service[len] = '\0';
    return policy_wildcard_match(service, namespace, true);
}

/* Whether a NotAction pattern excludes every action of the namespace. */
static bool pattern_covers(const char *pattern, const char *namespace)
{
    size_t len = strlen(namespace);
    return strcmp(pattern, "*") == 0 ||
           (strncasecmp(pattern, namespace, len) == 0 && strcmp(pattern + len, ":*") == 0);
}

static bool any_pattern(const cJSON *patterns, const char *namespace,
                        bool (*test)(const char *, const char *))
{
    if (cJSON_IsString(patterns))
        return test(patterns->valuestring, namespace);
    const cJSON *p;
    cJSON_ArrayForEach(p, patterns)
        if (cJSON_IsString(p) && test(p->valuestring, namespace))
            return true;
    return false;
}

static bool statement_grants(const cJSON *statement, const char *namespace)
{
    const char *effect =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(statement, "Effect"));
    if (!effect || strcmp(effect, "Allow") != 0)
        return false;
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(statement, "Action");
    if (action)
        return any_pattern(action, namespace, pattern_reaches);
    const cJSON *not_action = cJSON_GetObjectItemCaseSensitive(statement, "NotAction");
    return not_action && !any_pattern(not_action, namespace, pattern_covers);
}

static bool document_grants(const char *text, const char *namespace)
{
    cJSON *document = text ? cJSON_Parse(text) : NULL;
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(document, "Statement");
    bool grants = false;
    if (cJSON_IsObject(statements)) {
        grants = statement_grants(statements, namespace);
    } else {
        const cJSON *statement;
        cJSON_ArrayForEach(statement, statements)
            if (statement_grants(statement, namespace))
                grants = true;
    }
    cJSON_Delete(document);
    return grants;
}

static void add_policy(cJSON *policies, const char *name, const char *type, const char *arn,
                       const char *entity_type, const char *entity_name)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "PolicyName", name);
    cJSON_AddStringToObject(p, "PolicyType", type);
    if (arn)
        cJSON_AddStringToObject(p, "PolicyArn", arn);
    if (entity_type) {
        cJSON_AddStringToObject(p, "EntityType", entity_type);
        cJSON_AddStringToObject(p, "EntityName", entity_name);
    }
    cJSON_AddItemToArray(policies, p);
}

/* The identity's inline policies, then its managed ones not listed yet (a user's groups may
 * attach the same policy). */
static void add_granting(cJSON *policies, const struct iam_account *a, const cJSON *identity,
                         const struct principal_kind *kind, const char *namespace)
{
    const char *entity_type = kind == &iam_user_kind    ? "USER"
                              : kind == &iam_group_kind ? "GROUP"
                                                        : "ROLE";
    const char *entity_name = iam_string(identity, kind->name_member);
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(identity, IAM_INLINE_POLICIES))
        if (document_grants(cJSON_GetStringValue(item), namespace))
            add_policy(policies, item->string, "INLINE", NULL, entity_type, entity_name);
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(identity, IAM_ATTACHED_POLICIES))
    {
        const char *arn = cJSON_GetStringValue(item);
        if (arn && !iam_entity_find(policies, "PolicyArn", arn) &&
            document_grants(iam_managed_policy_document(a, arn), namespace))
            add_policy(policies, iam_policy_name_of(arn), "MANAGED", arn, NULL, NULL);
    }
}

int iam_list_policies_granting_service_access(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const struct principal_kind *kind;
    const cJSON *identity = principal_from_arn(c, a, param_string(in, "Arn"), &kind);
    if (!identity)
        return -1;
    const cJSON *namespaces = cJSON_GetObjectItemCaseSensitive(in, "ServiceNamespaces");
    if (cJSON_GetArraySize(namespaces) == 0)
        return call_fail_missing_parameter(c, "ServiceNamespaces");
    cJSON *answer = cJSON_AddArrayToObject(out, "PoliciesGrantingServiceAccess");
    const cJSON *namespace;
    cJSON_ArrayForEach(namespace, namespaces)
    {
        if (!cJSON_IsString(namespace))
            continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "ServiceNamespace", namespace->valuestring);
        cJSON *policies = cJSON_AddArrayToObject(entry, "Policies");
        add_granting(policies, a, identity, kind, namespace->valuestring);
        if (kind == &iam_user_kind) {
            const cJSON *group;
            cJSON_ArrayForEach(group, principal_list(a, &iam_group_kind))
                if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(group, IAM_GROUP_MEMBERS),
                                        iam_string(identity, "UserName")))
                    add_granting(policies, a, group, &iam_group_kind, namespace->valuestring);
        }
        cJSON_AddItemToArray(answer, entry);
    }
    cJSON_AddBoolToObject(out, "IsTruncated", false);
    return 0;
}
