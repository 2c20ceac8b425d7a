/* Tags of schedule groups: TagResource, UntagResource and ListTagsForResource by group ARN. */
#include "scheduler_tags.h"

#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "groups.h"
#include "ops.h"

/* Only schedule groups are tagged: the model's pattern of a ResourceArn. */
#define GROUP_ARN_PATTERN \
    "^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    if (problem == TAG_TOO_MANY)
        return error_fail(err, 402, "ServiceQuotaExceededException",
                          "A resource can have at most %d tags.", TAGS_MAX_PER_RESOURCE);
    return error_fail(err, 400, "ValidationException", "Invalid tag%s%s.", tag ? " " : "",
                      tag ? tag : "");
}

static const struct tag_rules scheduler_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

cJSON *scheduler_tags_from_request(struct call *c, const cJSON *tags)
{
    return tags_from_request(tags, &scheduler_tag_rules, NULL, c->err);
}

/* The tag set of the group an ARN names, failing the call when there is no such group. */
static cJSON *tags_of_arn(struct call *c, const char *text)
{
    struct arn arn;
    const char *name = NULL;
    cJSON *group = NULL;
    if (!arn_parse_resource(text, "scheduler", "schedule-group", &arn, &name) ||
        strchr(name, '/')) {
        call_fail_validation(c, "1 validation error detected: Value '%s' at 'resourceArn' failed "
                                "to satisfy constraint: Member must satisfy regular expression "
                                "pattern: %s", text, GROUP_ARN_PATTERN);
        return NULL;
    }
    {
        struct scheduler_region *r = scheduler_region_find(arn.account, arn.region);
        if (!r && strcmp(name, "default") == 0)
            r = scheduler_region_get(arn.account, arn.region);
        group = r ? schedule_group_find(r, name) : NULL;
    }
    if (!group) {
        call_fail(c, 404, "ResourceNotFoundException", "Schedule group %s does not exist.",
                  name ? name : text);
        return NULL;
    }
    return cJSON_GetObjectItemCaseSensitive(group, "_tags");
}

OPERATION(scheduler_tag_resource)
{
    (void)out;
    cJSON *set = tags_of_arn(c, param_string(in, "ResourceArn"));
    return set ? tags_merge(set, cJSON_GetObjectItemCaseSensitive(in, "Tags"),
                            &scheduler_tag_rules, NULL, c->err)
               : -1;
}

OPERATION(scheduler_untag_resource)
{
    (void)out;
    cJSON *set = tags_of_arn(c, param_string(in, "ResourceArn"));
    if (!set)
        return -1;
    tags_remove(set, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(scheduler_list_tags_for_resource)
{
    const cJSON *set = tags_of_arn(c, param_string(in, "ResourceArn"));
    if (!set)
        return -1;
    cJSON_AddItemToObject(out, "Tags", tags_to_list(set));
    return 0;
}
