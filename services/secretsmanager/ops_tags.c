/* TagResource and UntagResource, and the tag rules CreateSecret applies too. */
#include "../core/backend.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "lookup.h"
#include "ops.h"
#include "secret_tags.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *secret)
{
    (void)secret;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "ValidationException",
                          "Number of tags exceeds secret limit (%d).", TAGS_MAX_PER_RESOURCE);
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "InvalidParameterException",
                          "Invalid tag key: the aws: prefix is reserved for AWS use (%s).", tag);
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value at 'tags.member.value' failed to "
                          "satisfy constraint: Member must have length less than or equal to 256");
    case TAG_MALFORMED:
        return error_fail(err, 400, "InvalidParameterException", "Invalid tag.");
    default:
        return error_fail(err, 400, "ValidationException",
                          "1 validation error detected: Value at 'tags.member.key' failed to "
                          "satisfy constraint: Member must have length between 1 and 128");
    }
}

static const struct tag_rules secret_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

cJSON *secret_tags_from_request(struct call *c, const cJSON *tags, const char *secret_name)
{
    return tags_from_request(tags, &secret_tag_rules, secret_name, c->err);
}

OPERATION(secretsmanager_tag_resource)
{
    (void)out;
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    cJSON *set = s->tags ? s->tags : cJSON_CreateArray();
    if (tags_merge(set, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &secret_tag_rules, s->name,
                   c->err) != 0) {
        if (set != s->tags)
            cJSON_Delete(set);
        return -1;
    }
    s->tags = set;
    sm_sync_replicas(c, s);
    return 0;
}

OPERATION(secretsmanager_untag_resource)
{
    (void)out;
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    if (!s->tags)
        s->tags = cJSON_CreateArray();
    tags_remove(s->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    sm_sync_replicas(c, s);
    return 0;
}
