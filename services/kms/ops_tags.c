/* Key tags: TagResource, UntagResource, ListResourceTags. KMS names the members of a tag TagKey
 * and TagValue; the kit keeps them as Key and Value. */
#include "../core/call_error.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "key_tags.h"
#include "kms_call.h"
#include "ops.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *key)
{
    (void)key;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "TagException", "Too many tags.");
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "TagException", "Tags beginning with aws: are reserved.");
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "TagException", "Tag value for key %s is not valid.",
                          tag ? tag : "");
    case TAG_KEY_REPEATED:
        return error_fail(err, 400, "TagException", "Duplicate tag keys.");
    default:
        return error_fail(err, 400, "TagException", "Tag key %s is not valid.", tag ? tag : "");
    }
}

static const struct tag_rules key_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse_repeated_keys = true,
    .refuse = refuse_tag,
};

/* Tags arrive as [{TagKey, TagValue}]; the kit reads [{Key, Value}]. */
static cJSON *kit_form(const cJSON *tags)
{
    cJSON *list = cJSON_CreateArray();
    const cJSON *t;
    cJSON_ArrayForEach(t, tags) {
        cJSON *entry = cJSON_CreateObject();
        const char *key = param_string(t, "TagKey"), *value = param_string(t, "TagValue");
        if (key)
            cJSON_AddStringToObject(entry, "Key", key);
        if (value)
            cJSON_AddStringToObject(entry, "Value", value);
        cJSON_AddItemToArray(list, entry);
    }
    return list;
}

int key_tags_add(struct kms_key *k, const cJSON *tags, struct proto_error *err)
{
    if (!cJSON_IsArray(tags) || cJSON_GetArraySize(tags) == 0)
        return 0;
    cJSON *input = kit_form(tags);
    int rc = tags_merge(k->tags, input, &key_tag_rules, k->id, err);
    cJSON_Delete(input);
    return rc;
}

cJSON *key_tags_list(const struct kms_key *k)
{
    cJSON *list = cJSON_CreateArray();
    const cJSON *t;
    cJSON_ArrayForEach(t, k->tags) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "TagKey", param_string(t, "Key"));
        cJSON_AddStringToObject(entry, "TagValue", param_string(t, "Value"));
        cJSON_AddItemToArray(list, entry);
    }
    return list;
}

OPERATION(kms_tag_resource)
{
    (void)out;
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    return key_tags_add(k, cJSON_GetObjectItemCaseSensitive(in, "Tags"), c->err);
}

OPERATION(kms_untag_resource)
{
    (void)out;
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    tags_remove(k->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(kms_list_resource_tags)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    cJSON_AddItemToObject(out, "Tags", key_tags_list(k));
    cJSON_AddBoolToObject(out, "Truncated", false);
    return 0;
}
