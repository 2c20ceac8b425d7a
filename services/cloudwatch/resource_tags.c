/* cloudwatch: resource tags and TagResource, UntagResource and ListTagsForResource. */
#include "resource_tags.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "alarms.h"
#include "ops.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    if (problem == TAG_TOO_MANY)
        return error_fail(err, 400, "LimitExceededException",
                          "The maximum number of tags for a resource is %d.",
                          TAGS_MAX_PER_RESOURCE);
    return error_fail_invalid_parameter_value(err, "The tag %s is invalid.", tag ? tag : "");
}

static const struct tag_rules rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

int resource_tags_add(struct call *c, struct cloudwatch_region *r, const char *arn,
                      const cJSON *tags)
{
    if (!tags)
        return 0;
    cJSON *all = cloudwatch_object(r, "tags");
    cJSON *set = cJSON_GetObjectItemCaseSensitive(all, arn);
    bool created = !set;
    if (created)
        set = cJSON_AddArrayToObject(all, arn);
    if (tags_merge(set, tags, &rules, arn, c->err) != 0) {
        if (created)
            cJSON_DeleteItemFromObjectCaseSensitive(all, arn);
        return -1;
    }
    return 0;
}

void resource_tags_drop(struct cloudwatch_region *r, const char *arn)
{
    cJSON_DeleteItemFromObjectCaseSensitive(cloudwatch_object(r, "tags"), arn);
}

static bool named_in(struct cloudwatch_region *r, const char *list, const char *member,
                     const char *name)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cloudwatch_list(r, list)) {
        const char *n = param_string(e, member);
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

/* Whether arn names a resource of r that takes tags. */
static bool resource_exists(struct cloudwatch_region *r, const char *arn)
{
    struct arn parsed;
    const char *id;
    if (arn_parse_resource(arn, "cloudwatch", "alarm", &parsed, &id))
        return alarm_find(r, id, NULL) != NULL;
    if (arn_parse_resource(arn, "cloudwatch", "metric-stream", &parsed, &id))
        return named_in(r, "metric_streams", "Name", id);
    if (arn_parse_resource(arn, "cloudwatch", "dashboard", &parsed, &id))
        return named_in(r, "dashboards", "DashboardName", id);
    if (arn_parse_resource(arn, "cloudwatch", "insight-rule", &parsed, &id))
        return named_in(r, "insight_rules", "Name", id);
    return false;
}

static int fail_not_found(struct call *c)
{
    return call_fail(c, 404, "ResourceNotFoundException", "Unknown");
}

OPERATION(cloudwatch_tag_resource)
{
    (void)out;
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    const char *arn = param_string(in, "ResourceARN");
    if (!resource_exists(r, arn))
        return fail_not_found(c);
    return resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
}

OPERATION(cloudwatch_untag_resource)
{
    (void)out;
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    const char *arn = param_string(in, "ResourceARN");
    if (!resource_exists(r, arn))
        return fail_not_found(c);
    cJSON *set = cJSON_GetObjectItemCaseSensitive(cloudwatch_object(r, "tags"), arn);
    if (set)
        tags_remove(set, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(cloudwatch_list_tags_for_resource)
{
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    const char *arn = param_string(in, "ResourceARN");
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(cloudwatch_object(r, "tags"), arn);
    cJSON_AddItemToObject(out, "Tags", set ? tags_to_list(set) : cJSON_CreateArray());
    return 0;
}
