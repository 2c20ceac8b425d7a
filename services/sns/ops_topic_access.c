/* Who may use a topic (AddPermission / RemovePermission: statements of its policy) and its tags. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../core/policy.h"
#include "../core/tags.h"
#include "attributes.h"
#include "errors.h"
#include "ops.h"
#include "state.h"
#include "tags.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *topic)
{
    (void)tag, (void)topic;
    if (problem == TAG_TOO_MANY)
        return error_fail(err, 400, "TagLimitExceeded",
                          "Could not complete request: tag quota of per resource exceeded");
    return error_fail(err, 400, "InvalidParameter", "Invalid parameter: Tags");
}

static const struct tag_rules topic_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

int sns_tags_add(cJSON *existing, const cJSON *tags, struct proto_error *err)
{
    return tags_merge(existing, tags, &topic_tag_rules, NULL, err);
}

/* The topic a ResourceArn names, or NULL after failing the call as the tagging API does. */
static struct sns_topic *resource_or_fail(struct call *c, const char *arn)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, arn);
    if (!t)
        call_fail(c, 404, "ResourceNotFound", "Resource does not exist");
    return t;
}

int sns_tag_resource(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = resource_or_fail(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    return sns_tags_add(t->tags, cJSON_GetObjectItemCaseSensitive(in, "Tags"), c->err);
}

int sns_untag_resource(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = resource_or_fail(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    tags_remove(t->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

int sns_list_tags_for_resource(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = resource_or_fail(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    cJSON_AddItemToObject(out, "Tags", tags_to_list(t->tags));
    return 0;
}

/* ---- permissions ---- */

static const char *const topic_actions[] = {
    "AddPermission", "DeleteTopic", "GetTopicAttributes", "ListSubscriptionsByTopic",
    "Publish", "Receive", "RemovePermission", "SetTopicAttributes", "Subscribe",
};

static bool known_action(const char *action)
{
    for (size_t i = 0; i < sizeof topic_actions / sizeof topic_actions[0]; i++)
        if (strcmp(topic_actions[i], action) == 0)
            return true;
    return false;
}

static cJSON *policy_of(const struct sns_topic *t)
{
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t->attributes, "Policy"));
    return policy_document_for_edit(text, "2008-10-17", NULL);
}

static void store_policy(struct sns_topic *t, cJSON *doc)
{
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_ReplaceItemInObjectCaseSensitive(t->attributes, "Policy", cJSON_CreateString(text));
    free(text);
    cJSON_Delete(doc);
}

int sns_add_permission(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    const char *label = param_string(in, "Label");
    const cJSON *accounts = cJSON_GetObjectItemCaseSensitive(in, "AWSAccountId");
    const cJSON *actions = cJSON_GetObjectItemCaseSensitive(in, "ActionName");
    const cJSON *a;
    cJSON_ArrayForEach(a, actions)
    {
        if (!cJSON_IsString(a) || !known_action(a->valuestring))
            return fail_invalid_parameter(c, "Policy statement action out of service scope!");
    }
    cJSON *doc = policy_of(t);
    if (!label || policy_statement_find(doc, label)) {
        cJSON_Delete(doc);
        return fail_invalid_parameter(c, "Statement already exists");
    }
    cJSON_AddItemToArray(
        cJSON_GetObjectItemCaseSensitive(doc, "Statement"),
        policy_statement_for_accounts(label, t->region->region, accounts, "SNS", actions, t->arn));
    store_policy(t, doc);
    return 0;
}

int sns_remove_permission(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    const char *label = param_string(in, "Label");
    cJSON *doc = policy_of(t);
    if (label)
        policy_statement_remove(doc, label);
    store_policy(t, doc);
    return 0;
}
