/* Queue tags. */
#include <string.h>

#include "../core/params.h"
#include "ops.h"
#include "queue.h"
#include "queue_url.h"
#include "tags.h"

#define MAX_TAGS 50
#define MAX_TAG_KEY 128
#define MAX_TAG_VALUE 256

int queue_tags_add(struct sqs_queue *q, const cJSON *tags, struct proto_error *err)
{
    int total = cJSON_GetArraySize(q->tags);
    const cJSON *tag;
    cJSON_ArrayForEach(tag, tags)
    {
        size_t key_len = strlen(tag->string);
        const char *value = cJSON_IsString(tag) ? tag->valuestring : "";
        if (key_len == 0 || key_len > MAX_TAG_KEY)
            return error_fail_invalid_parameter_value(
                err, "Tag keys must be between 1 and 128 characters in length.");
        if (strlen(value) > MAX_TAG_VALUE)
            return error_fail_invalid_parameter_value(
                err, "Tag values must be between 0 and 256 characters in length.");
        if (!cJSON_GetObjectItemCaseSensitive(q->tags, tag->string))
            total++;
    }
    if (total > MAX_TAGS)
        return error_fail_invalid_parameter_value(err, "Too many tags added for queue %s.",
                                                  q->name);
    cJSON_ArrayForEach(tag, tags)
    {
        cJSON *value = cJSON_CreateString(cJSON_IsString(tag) ? tag->valuestring : "");
        if (cJSON_GetObjectItemCaseSensitive(q->tags, tag->string))
            cJSON_ReplaceItemInObjectCaseSensitive(q->tags, tag->string, value);
        else
            cJSON_AddItemToObject(q->tags, tag->string, value);
    }
    return 0;
}

int sqs_tag_queue(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (cJSON_GetArraySize(tags) == 0)
        return call_fail_missing_parameter(c, "Tags");
    return queue_tags_add(q, tags, c->err);
}

int sqs_untag_queue(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(in, "TagKeys");
    if (cJSON_GetArraySize(keys) == 0)
        return call_fail_invalid_parameter_value(
            c, "Tag keys must be between 1 and 128 characters in length.");
    const cJSON *key;
    cJSON_ArrayForEach(key, keys)
    {
        if (cJSON_IsString(key))
            cJSON_DeleteItemFromObjectCaseSensitive(q->tags, key->valuestring);
    }
    return 0;
}

int sqs_list_queue_tags(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    if (cJSON_GetArraySize(q->tags) > 0)
        cJSON_AddItemToObject(out, "Tags", cJSON_Duplicate(q->tags, true));
    return 0;
}
