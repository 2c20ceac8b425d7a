/* Tags of delivery streams: TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream. */
#include <string.h>

#include "../core/params.h"
#include "../core/tags.h"
#include "lookup.h"
#include "ops.h"

#define DEFAULT_TAG_PAGE 50

OPERATION(firehose_tag_delivery_stream)
{
    (void)out;
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    return tags_merge(s->tags, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &firehose_tag_rules,
                      s->name, c->err);
}

OPERATION(firehose_untag_delivery_stream)
{
    (void)out;
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    tags_remove(s->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(firehose_list_tags_for_delivery_stream)
{
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    long long limit = param_int(in, "Limit", DEFAULT_TAG_PAGE);
    const char *after = param_string(in, "ExclusiveStartTagKey");
    cJSON *list = cJSON_AddArrayToObject(out, "Tags");
    bool started = after == NULL, more = false;
    long long listed = 0;
    const cJSON *tag;
    cJSON_ArrayForEach(tag, s->tags) {
        const char *key = param_string(tag, "Key");
        if (!started) {
            started = strcmp(key, after) == 0;
            continue;
        }
        if (listed == limit) {
            more = true;
            break;
        }
        cJSON_AddItemToArray(list, cJSON_Duplicate(tag, true));
        listed++;
    }
    cJSON_AddBoolToObject(out, "HasMoreTags", more);
    return 0;
}
