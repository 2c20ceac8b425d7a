/* Queue tags. */
#include "../core/params.h"
#include "../core/tags.h"
#include "ops.h"
#include "queue.h"
#include "queue_url.h"
#include "tags.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *queue)
{
    (void)tag;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail_invalid_parameter_value(err, "Too many tags added for queue %s.", queue);
    case TAG_VALUE_INVALID:
        return error_fail_invalid_parameter_value(
            err, "Tag values must be between 0 and 256 characters in length.");
    case TAG_KEY_RESERVED:
        return error_fail_invalid_parameter_value(
            err, "Tag keys must not start with the reserved prefix aws:.");
    default:
        return error_fail_invalid_parameter_value(
            err, "Tag keys must be between 1 and 128 characters in length.");
    }
}

static const struct tag_rules queue_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

int queue_tags_add(struct sqs_queue *q, const cJSON *tags, struct proto_error *err)
{
    return tags_merge(q->tags, tags, &queue_tag_rules, q->name, err);
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
    tags_remove(q->tags, keys);
    return 0;
}

int sqs_list_queue_tags(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    if (cJSON_GetArraySize(q->tags) > 0)
        cJSON_AddItemToObject(out, "Tags", tags_to_map(q->tags));
    return 0;
}
