/* Tags of event buses and rules: TagResource, UntagResource and ListTagsForResource by ARN. */
#include "event_tags.h"

#include <stdio.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "buses.h"
#include "ops.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    if (problem == TAG_TOO_MANY)
        return error_fail(err, 400, "LimitExceededException",
                          "A resource can have at most %d tags.", TAGS_MAX_PER_RESOURCE);
    return error_fail(err, 400, "ValidationException", "Invalid tag%s%s.", tag ? " " : "",
                      tag ? tag : "");
}

static const struct tag_rules event_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

cJSON *event_tags_from_request(struct call *c, const cJSON *tags, const char *resource)
{
    return tags_from_request(tags, &event_tag_rules, resource, c->err);
}

/* The tag set of the bus or rule an ARN names: event-bus/NAME, rule/NAME, rule/BUS/NAME. */
static cJSON *tags_of_arn(struct call *c, const char *text)
{
    struct arn arn;
    cJSON *owner = NULL;
    char missing_rule[300] = "";
    if (arn_parse(text, &arn) && strcmp(arn.service, "events") == 0) {
        struct events_region *r = events_region_get(arn.account, arn.region);
        if (strncmp(arn.resource, "event-bus/", 10) == 0) {
            owner = bus_find(r, text);
        } else if (strncmp(arn.resource, "rule/", 5) == 0) {
            const char *rest = arn.resource + 5;
            const char *slash = strchr(rest, '/');
            char bus_name[256] = "default";
            if (slash && (size_t)(slash - rest) < sizeof bus_name) {
                memcpy(bus_name, rest, (size_t)(slash - rest));
                bus_name[slash - rest] = '\0';
                rest = slash + 1;
            }
            const cJSON *bus = bus_find(r, bus_name);
            owner = bus ? rule_find(bus, rest) : NULL;
            snprintf(missing_rule, sizeof missing_rule, "Rule %.100s does not exist on EventBus "
                                                        "%.100s.", rest, bus_name);
        }
    }
    if (!owner) {
        if (missing_rule[0])
            call_fail_resource_not_found(c, "%s", missing_rule);
        else
            call_fail_resource_not_found(c, "Resource %s does not exist.", text);
        return NULL;
    }
    cJSON *set = cJSON_GetObjectItemCaseSensitive(owner, "_tags");
    return set ? set : cJSON_AddArrayToObject(owner, "_tags");
}

OPERATION(events_tag_resource)
{
    (void)out;
    const char *arn = param_string(in, "ResourceARN");
    cJSON *set = tags_of_arn(c, arn);
    return set ? tags_merge(set, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &event_tag_rules,
                            arn, c->err)
               : -1;
}

OPERATION(events_untag_resource)
{
    (void)out;
    cJSON *set = tags_of_arn(c, param_string(in, "ResourceARN"));
    if (!set)
        return -1;
    tags_remove(set, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(events_list_tags_for_resource)
{
    cJSON *set = tags_of_arn(c, param_string(in, "ResourceARN"));
    if (!set)
        return -1;
    cJSON_AddItemToObject(out, "Tags", tags_to_list(set));
    return 0;
}
