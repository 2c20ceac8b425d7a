/* Tags of log groups, destinations and deliveries: TagResource, UntagResource and ListTagsForResource by
 * ARN, and the older TagLogGroup, UntagLogGroup and ListTagsLogGroup by group name. */
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "deliveries.h"
#include "group_tags.h"
#include "groups.h"
#include "ops.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "InvalidParameterException",
                          "A resource can have no more than %d tags.", TAGS_MAX_PER_RESOURCE);
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "InvalidParameterException",
                          "Tag keys starting with 'aws:' are reserved for AWS use (%s).", tag);
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value at 'tags' failed to satisfy "
                          "constraint: Map value must satisfy constraint: [Member must have "
                          "length less than or equal to 256, Member must satisfy regular "
                          "expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]");
    default:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value at 'tags' failed to satisfy "
                          "constraint: Map keys must satisfy constraint: [Member must have "
                          "length less than or equal to 128, Member must have length greater "
                          "than or equal to 1, Member must satisfy regular expression pattern: "
                          "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]");
    }
}

static const struct tag_rules log_tag_rules = {
    .check_characters = true,
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

cJSON *log_group_tags_from_request(struct call *c, const cJSON *tags, const char *resource)
{
    return tags_from_request(tags, &log_tag_rules, resource, c->err);
}

/* The tag set of the resource an ARN names: a log group, a destination or a delivery part. */
static cJSON *tags_of_arn(struct call *c, const char *text)
{
    struct logs_region *r = logs_state(c);
    struct arn arn;
    cJSON *owner = NULL, *set = NULL;
    if (arn_parse(text, &arn) && strcmp(arn.service, "logs") == 0) {
        if (strncmp(arn.resource, "log-group:", 10) == 0)
            owner = group_from_arn(r, text);
        else if (strncmp(arn.resource, "destination:", 12) == 0)
            owner = entry_named(r->destinations, "destinationName", arn.resource + 12);
        else
            set = delivery_tags_of(r, arn.resource);
    }
    if (owner) {
        set = cJSON_GetObjectItemCaseSensitive(owner, "_tags");
        if (!set)
            set = cJSON_AddArrayToObject(owner, "_tags");
    }
    if (!set)
        call_fail_resource_not_found(c, "The specified resource does not exist.");
    return set;
}

static int merge(struct call *c, cJSON *set, const cJSON *tags, const char *resource)
{
    return tags_merge(set, tags, &log_tag_rules, resource, c->err);
}

OPERATION(logs_tag_resource)
{
    (void)out;
    const char *arn = param_string(in, "resourceArn");
    cJSON *set = tags_of_arn(c, arn);
    return set ? merge(c, set, cJSON_GetObjectItemCaseSensitive(in, "tags"), arn) : -1;
}

OPERATION(logs_untag_resource)
{
    (void)out;
    cJSON *set = tags_of_arn(c, param_string(in, "resourceArn"));
    if (!set)
        return -1;
    tags_remove(set, cJSON_GetObjectItemCaseSensitive(in, "tagKeys"));
    return 0;
}

OPERATION(logs_list_tags_for_resource)
{
    cJSON *set = tags_of_arn(c, param_string(in, "resourceArn"));
    if (!set)
        return -1;
    cJSON_AddItemToObject(out, "tags", tags_to_map(set));
    return 0;
}

OPERATION(logs_tag_log_group)
{
    (void)out;
    const char *name = param_string(in, "logGroupName");
    cJSON *g = group_for_call(c, logs_state(c), name);
    if (!g)
        return -1;
    return merge(c, cJSON_GetObjectItemCaseSensitive(g, "_tags"),
                 cJSON_GetObjectItemCaseSensitive(in, "tags"), name);
}

OPERATION(logs_untag_log_group)
{
    (void)out;
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    tags_remove(cJSON_GetObjectItemCaseSensitive(g, "_tags"),
                cJSON_GetObjectItemCaseSensitive(in, "tags"));
    return 0;
}

OPERATION(logs_list_tags_log_group)
{
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON_AddItemToObject(out, "tags", tags_to_map(cJSON_GetObjectItemCaseSensitive(g, "_tags")));
    return 0;
}
