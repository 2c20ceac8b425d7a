/* AddTagsToResource, ListTagsForResource and RemoveTagsFromResource for parameters, documents
 * and maintenance windows. */
#include <string.h>

#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/tags.h"
#include "documents.h"
#include "ops.h"
#include "parameter_tags.h"
#include "parameters.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "TooManyTagsError",
                          "The Tags parameter contains too many tags. A resource can have at "
                          "most 50 tags.");
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "InvalidParameterValue",
                          "Tag keys starting with 'aws:' are reserved: %s", tag);
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value at 'tags.member.value' failed to "
                          "satisfy constraint: Member must have length less than or equal to "
                          "256");
    default:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value '%s' at 'tags.member.key' failed "
                          "to satisfy constraint: Member must satisfy regular expression "
                          "pattern: ^(?!^(?i)aws:)(?=^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$).*$",
                          tag ? tag : "");
    }
}

static const struct tag_rules ssm_tag_rules = {
    .check_characters = true,
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

int parameter_tags_from_request(struct call *c, const cJSON *in, cJSON **tags)
{
    *tags = tags_from_request(cJSON_GetObjectItemCaseSensitive(in, "Tags"), &ssm_tag_rules, "",
                              c->err);
    return *tags ? 0 : -1;
}

/* The tag set of the resource a tagging call names, or NULL after failing the call. */
static cJSON *resource_tags(struct call *c, const cJSON *in)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *type = param_string(in, "ResourceType");
    const char *id = param_string(in, "ResourceId");
    cJSON *resource = NULL;
    if (strcmp(type, "Parameter") == 0) {
        struct parameter_ref ref;
        if (parameter_ref_parse(id, &ref) && !ref.has_selector)
            resource = ssm_parameter_lookup(r, &ref);
    } else if (strcmp(type, "Document") == 0) {
        resource = document_find(r, id);
    } else if (strcmp(type, "MaintenanceWindow") == 0) {
        cJSON *window;
        cJSON_ArrayForEach(window, r->maintenance_windows)
            if (strcmp(member_string(window, "WindowId"), id) == 0)
                resource = window;
    } else {
        call_fail(c, 400, "InvalidResourceType", "Invalid Resource Type");
        return NULL;
    }
    if (!resource) {
        call_fail(c, 400, "InvalidResourceId", "Invalid Resource Id");
        return NULL;
    }
    cJSON *tags = cJSON_GetObjectItemCaseSensitive(resource, "Tags");
    if (!tags)
        tags = cJSON_AddArrayToObject(resource, "Tags");
    return tags;
}

OPERATION(ssm_add_tags_to_resource)
{
    (void)out;
    cJSON *tags = resource_tags(c, in);
    if (!tags)
        return -1;
    return tags_merge(tags, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &ssm_tag_rules,
                      param_string(in, "ResourceId"), c->err);
}

OPERATION(ssm_remove_tags_from_resource)
{
    (void)out;
    cJSON *tags = resource_tags(c, in);
    if (!tags)
        return -1;
    tags_remove(tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(ssm_list_tags_for_resource)
{
    cJSON *tags = resource_tags(c, in);
    if (!tags)
        return -1;
    cJSON_AddItemToObject(out, "TagList", tags_to_list(tags));
    return 0;
}
