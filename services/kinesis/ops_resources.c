/* What hangs off a stream: tags, resource policies, enhanced fan-out consumers, and the
 * account's limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "lookup.h"
#include "ops.h"

extern const struct tag_rules kinesis_tag_rules;

/* ---- tags ---- */

OPERATION(kinesis_add_tags_to_stream)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    return tags_merge(s->tags, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &kinesis_tag_rules,
                      s->name, c->err);
}

OPERATION(kinesis_remove_tags_from_stream)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    tags_remove(s->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(kinesis_list_tags_for_stream)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    long limit;
    if (page_size_read(in, "Limit", 1, 50, 50, &limit) != 0)
        return kinesis_fail_argument(c, "Limit must be between 1 and 50.");
    const char *after = param_string(in, "ExclusiveStartTagKey");
    cJSON *list = tags_to_list(s->tags);
    cJSON *page = cJSON_AddArrayToObject(out, "Tags");
    bool started = !after, more = false;
    long n = 0;
    cJSON *tag;
    cJSON_ArrayForEach(tag, list) {
        const char *key = param_string(tag, "Key");
        if (!started) {
            started = key && strcmp(key, after) == 0;
            continue;
        }
        if (n == limit) {
            more = true;
            break;
        }
        cJSON_AddItemToArray(page, cJSON_Duplicate(tag, true));
        n++;
    }
    cJSON_Delete(list);
    cJSON_AddBoolToObject(out, "HasMoreTags", more);
    return 0;
}

/* The stream a ResourceARN names, and the consumer when it names one (else NULL). */
static struct kinesis_stream *resource_for_call(struct call *c, const cJSON *in,
                                                cJSON **consumer);

OPERATION(kinesis_tag_resource)
{
    (void)out;
    cJSON *consumer;
    struct kinesis_stream *s = resource_for_call(c, in, &consumer);
    if (!s)
        return -1;
    cJSON *set = consumer ? cJSON_GetObjectItemCaseSensitive(consumer, "Tags") : s->tags;
    if (!set)
        set = cJSON_AddArrayToObject(consumer, "Tags");
    return tags_merge(set, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &kinesis_tag_rules,
                      s->name, c->err);
}

OPERATION(kinesis_untag_resource)
{
    (void)out;
    cJSON *consumer;
    struct kinesis_stream *s = resource_for_call(c, in, &consumer);
    if (!s)
        return -1;
    cJSON *set = consumer ? cJSON_GetObjectItemCaseSensitive(consumer, "Tags") : s->tags;
    if (set)
        tags_remove(set, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

OPERATION(kinesis_list_tags_for_resource)
{
    cJSON *consumer;
    struct kinesis_stream *s = resource_for_call(c, in, &consumer);
    if (!s)
        return -1;
    const cJSON *set = consumer ? cJSON_GetObjectItemCaseSensitive(consumer, "Tags") : s->tags;
    cJSON_AddItemToObject(out, "Tags", set ? tags_to_list(set) : cJSON_CreateArray());
    return 0;
}

/* ---- consumers ---- */

static cJSON *consumer_named(const struct kinesis_stream *s, const char *name, const char *arn)
{
    cJSON *item;
    cJSON_ArrayForEach(item, s->consumers) {
        if (name && strcmp(param_string(item, "ConsumerName"), name) == 0)
            return item;
        if (arn && strcmp(param_string(item, "ConsumerARN"), arn) == 0)
            return item;
    }
    return NULL;
}

static struct kinesis_stream *resource_for_call(struct call *c, const cJSON *in,
                                                cJSON **consumer)
{
    const char *arn = param_string(in, "ResourceARN");
    *consumer = NULL;
    struct kinesis_stream *s = kinesis_stream_for_arn(c, arn ? arn : "", true);
    if (s && strstr(arn, "/consumer/")) {
        *consumer = consumer_named(s, NULL, arn);
        if (!*consumer) {
            call_fail(c, 400, "ResourceNotFoundException", "Consumer %s not found.", arn);
            return NULL;
        }
    }
    return s;
}

static cJSON *consumer_view(const cJSON *consumer, bool with_stream)
{
    cJSON *view = cJSON_CreateObject();
    const char *members[] = {"ConsumerName", "ConsumerARN", "ConsumerStatus",
                             "ConsumerCreationTimestamp", with_stream ? "StreamARN" : NULL};
    for (size_t i = 0; i < sizeof members / sizeof members[0] && members[i]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(consumer, members[i]);
        if (v)
            cJSON_AddItemToObject(view, members[i], cJSON_Duplicate(v, true));
    }
    return view;
}

OPERATION(kinesis_register_stream_consumer)
{
    const char *stream_arn = param_string(in, "StreamARN");
    struct kinesis_stream *s = kinesis_stream_for_arn(c, stream_arn, false);
    if (!s)
        return -1;
    const char *name = param_string(in, "ConsumerName");
    if (consumer_named(s, name, NULL))
        return call_fail(c, 400, "ResourceInUseException", "Consumer %s already exists",
                         name);
    if (cJSON_GetArraySize(s->consumers) >= 20)
        return call_fail(c, 400, "LimitExceededException", "Stream %s under account %s has "
                         "reached the limit of 20 registered consumers.", s->name,
                         c->route->account);
    double now = kinesis_now();
    char arn[1024];
    snprintf(arn, sizeof arn, "%s/consumer/%s:%lld", s->arn, name, (long long)now);
    cJSON *consumer = cJSON_CreateObject();
    cJSON_AddStringToObject(consumer, "ConsumerName", name);
    cJSON_AddStringToObject(consumer, "ConsumerARN", arn);
    cJSON_AddStringToObject(consumer, "ConsumerStatus", "ACTIVE");
    result_add_timestamp(consumer, "ConsumerCreationTimestamp", now);
    cJSON_AddStringToObject(consumer, "StreamARN", s->arn);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (tags) {
        cJSON *set = tags_from_request(tags, &kinesis_tag_rules, name, c->err);
        if (!set)
            return cJSON_Delete(consumer), -1;
        cJSON_AddItemToObject(consumer, "Tags", set);
    }
    cJSON_AddItemToArray(s->consumers, consumer);
    cJSON_AddItemToObject(out, "Consumer", consumer_view(consumer, false));
    return 0;
}

/* The consumer a call names by ConsumerARN, or by StreamARN and ConsumerName. */
static cJSON *consumer_for_call(struct call *c, const cJSON *in, struct kinesis_stream **stream)
{
    const char *arn = param_string(in, "ConsumerARN");
    const char *stream_arn = param_string(in, "StreamARN");
    const char *name = param_string(in, "ConsumerName");
    if (!arn && !(stream_arn && name)) {
        kinesis_fail_argument(c, "Either ConsumerARN or both StreamARN and ConsumerName must be "
                              "provided.");
        return NULL;
    }
    struct kinesis_stream *s = kinesis_stream_for_arn(c, arn ? arn : stream_arn, arn != NULL);
    if (!s && !arn)
        return NULL;
    cJSON *consumer = s ? consumer_named(s, arn ? NULL : name, arn) : NULL;
    if (!consumer)
        call_fail(c, 400, "ResourceNotFoundException", "Consumer %s, account %s not found.",
                  arn ? arn : name, c->route->account);
    *stream = s;
    return consumer;
}

OPERATION(kinesis_describe_stream_consumer)
{
    struct kinesis_stream *s;
    cJSON *consumer = consumer_for_call(c, in, &s);
    if (!consumer)
        return -1;
    cJSON_AddItemToObject(out, "ConsumerDescription", consumer_view(consumer, true));
    return 0;
}

OPERATION(kinesis_deregister_stream_consumer)
{
    (void)out;
    struct kinesis_stream *s;
    cJSON *consumer = consumer_for_call(c, in, &s);
    if (!consumer)
        return -1;
    cJSON_Delete(cJSON_DetachItemViaPointer(s->consumers, consumer));
    return 0;
}

OPERATION(kinesis_list_stream_consumers)
{
    const char *stream_arn = param_string(in, "StreamARN");
    struct kinesis_stream *s = kinesis_stream_for_arn(c, stream_arn, false);
    if (!s)
        return -1;
    long size;
    if (page_size_read(in, "MaxResults", 1, 10000, 100, &size) != 0)
        return kinesis_fail_argument(c, "MaxResults must be between 1 and 10000.");
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return kinesis_fail_argument(c, "Invalid NextToken.");
    cJSON *list = cJSON_AddArrayToObject(out, "Consumers");
    int total = cJSON_GetArraySize(s->consumers);
    long i = start;
    for (; i < total && i < start + size; i++)
        cJSON_AddItemToArray(list, consumer_view(cJSON_GetArrayItem(s->consumers, (int)i),
                                                 false));
    if (i < total)
        page_token_add_index(out, "NextToken", (size_t)i);
    return 0;
}

OPERATION(kinesis_subscribe_to_shard)
{
    (void)in;
    (void)out;
    return call_fail(c, 400, "InvalidArgumentException", "SubscribeToShard needs an HTTP/2 event "
                     "stream, which motoc does not serve; read the shard with GetRecords.");
}

/* ---- resource policies ---- */

/* A stream's policy is s->policy; a consumer's is the "Policy" member of its record. */
struct policy_holder {
    struct kinesis_stream *stream;
    cJSON *consumer;
};

static bool policy_holder_for_call(struct call *c, const cJSON *in, struct policy_holder *h)
{
    h->stream = resource_for_call(c, in, &h->consumer);
    return h->stream != NULL;
}

static const char *policy_of(const struct policy_holder *h)
{
    return h->consumer ? param_string(h->consumer, "Policy") : h->stream->policy;
}

static void policy_set(struct policy_holder *h, const char *policy)
{
    if (h->consumer) {
        cJSON_DeleteItemFromObjectCaseSensitive(h->consumer, "Policy");
        if (policy)
            cJSON_AddStringToObject(h->consumer, "Policy", policy);
        return;
    }
    free(h->stream->policy);
    h->stream->policy = policy ? xstrdup(policy) : NULL;
}

OPERATION(kinesis_put_resource_policy)
{
    (void)out;
    const char *policy = param_string(in, "Policy");
    cJSON *doc = cJSON_Parse(policy);
    bool valid = cJSON_IsObject(doc);
    cJSON_Delete(doc);
    if (!valid)
        return kinesis_fail_argument(c, "Policy is not a valid JSON document.");
    struct policy_holder h;
    if (!policy_holder_for_call(c, in, &h))
        return -1;
    policy_set(&h, policy);
    return 0;
}

OPERATION(kinesis_get_resource_policy)
{
    struct policy_holder h;
    if (!policy_holder_for_call(c, in, &h))
        return -1;
    const char *policy = policy_of(&h);
    cJSON_AddStringToObject(out, "Policy", policy ? policy : "{}");
    return 0;
}

OPERATION(kinesis_delete_resource_policy)
{
    (void)out;
    struct policy_holder h;
    if (!policy_holder_for_call(c, in, &h))
        return -1;
    if (!policy_of(&h))
        return call_fail(c, 400, "ResourceNotFoundException", "No resource policy found for "
                         "resource ARN %s.", param_string(in, "ResourceARN"));
    policy_set(&h, NULL);
    return 0;
}

/* ---- limits ---- */

OPERATION(kinesis_describe_limits)
{
    (void)in;
    struct kinesis_region *r = kinesis_call_region(c);
    size_t open = 0, on_demand = 0;
    for (size_t i = 0; i < r->n_streams; i++) {
        on_demand += r->streams[i]->on_demand;
        for (size_t j = 0; j < r->streams[i]->n_shards; j++)
            open += !r->streams[i]->shards[j].closed;
    }
    cJSON_AddNumberToObject(out, "ShardLimit", 500);
    cJSON_AddNumberToObject(out, "OpenShardCount", (double)open);
    cJSON_AddNumberToObject(out, "OnDemandStreamCount", (double)on_demand);
    cJSON_AddNumberToObject(out, "OnDemandStreamCountLimit", 50);
    return 0;
}
