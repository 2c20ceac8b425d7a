/* Stream lifecycle and settings: create, delete, describe, list, retention, mode, encryption,
 * enhanced monitoring. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/paging.h"
#include "../core/tags.h"
#include "../kms/kms_keys.h"
#include "lookup.h"
#include "ops.h"

#define ON_DEMAND_SHARDS 4
/* DescribeStream and ListStreams answer at most this many, whatever Limit asks */
#define PAGE_MAX 100
#define RETENTION_MIN_HOURS 24
#define RETENTION_MAX_HOURS 8760

static const char *const shard_level_metrics[] = {
    "IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
    "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
    "IteratorAgeMilliseconds"};
#define N_METRICS (sizeof shard_level_metrics / sizeof shard_level_metrics[0])

static size_t open_shard_count(const struct kinesis_stream *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_shards; i++)
        n += !s->shards[i].closed;
    return n;
}

static void add_mode(cJSON *out, const struct kinesis_stream *s)
{
    cJSON *mode = cJSON_AddObjectToObject(out, "StreamModeDetails");
    cJSON_AddStringToObject(mode, "StreamMode", s->on_demand ? "ON_DEMAND" : "PROVISIONED");
}

static void add_common(cJSON *d, const struct kinesis_stream *s)
{
    cJSON_AddStringToObject(d, "StreamName", s->name);
    cJSON_AddStringToObject(d, "StreamARN", s->arn);
    cJSON_AddStringToObject(d, "StreamStatus", "ACTIVE");
    add_mode(d, s);
    cJSON_AddNumberToObject(d, "RetentionPeriodHours", (double)s->retention_hours);
    result_add_timestamp(d, "StreamCreationTimestamp", s->created);
    cJSON *monitoring = cJSON_AddArrayToObject(d, "EnhancedMonitoring");
    cJSON *metrics = cJSON_CreateObject();
    cJSON_AddItemToObject(metrics, "ShardLevelMetrics", cJSON_Duplicate(s->monitoring, true));
    cJSON_AddItemToArray(monitoring, metrics);
    cJSON_AddStringToObject(d, "EncryptionType", s->key_id ? "KMS" : "NONE");
    if (s->key_id)
        cJSON_AddStringToObject(d, "KeyId", s->key_id);
}

static bool valid_stream_name(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len > 128)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return false;
    return true;
}

static bool mode_is_on_demand(const cJSON *in)
{
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(in, "StreamModeDetails");
    const char *mode = param_string(details, "StreamMode");
    return mode && strcmp(mode, "ON_DEMAND") == 0;
}

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *stream)
{
    (void)stream;
    if (problem == TAG_TOO_MANY)
        return error_fail(err, 400, "InvalidArgumentException",
                          "Failed to add tags to stream because a resource can have at most %d "
                          "tags.", TAGS_MAX_PER_RESOURCE);
    return error_fail(err, 400, "InvalidArgumentException", "Invalid tag key %s.",
                      tag ? tag : "");
}

const struct tag_rules kinesis_tag_rules = {
    .refuse = refuse_tag,
};

OPERATION(kinesis_create_stream)
{
    (void)out;
    const char *name = param_string(in, "StreamName");
    if (!valid_stream_name(name))
        return call_fail_validation(c, "1 validation error detected: Value '%s' at 'streamName' "
                                       "failed to satisfy constraint: Member must satisfy regular "
                                       "expression pattern: [a-zA-Z0-9_.-]+", name);
    bool on_demand = mode_is_on_demand(in);
    long long shards = param_int(in, "ShardCount", on_demand ? ON_DEMAND_SHARDS : -1);
    if (shards < 0) {
        if (!on_demand)
            return kinesis_fail_argument(c, "ShardCount is required for PROVISIONED streams.");
    }
    if (shards < 1 || shards > 10000)
        return kinesis_fail_argument(c, "ShardCount must be between 1 and 10000.");
    struct kinesis_region *r = kinesis_call_region(c);
    if (kinesis_stream_find(r, name))
        return call_fail(c, 400, "ResourceInUseException", "Stream %s under account %s already "
                         "exists.", name, c->route->account);
    cJSON *tags = NULL;
    const cJSON *requested = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (requested && !(tags = tags_from_request(requested, &kinesis_tag_rules, name, c->err)))
        return -1;
    struct kinesis_stream *s = kinesis_stream_add(r, name, (unsigned)shards, on_demand,
                                                  kinesis_now());
    if (tags) {
        cJSON_Delete(s->tags);
        s->tags = tags;
    }
    return 0;
}

OPERATION(kinesis_delete_stream)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    if (cJSON_GetArraySize(s->consumers) > 0 && !param_true(in, "EnforceConsumerDeletion"))
        return call_fail(c, 400, "ResourceInUseException",
                         "Stream %s under account %s has registered consumers.", s->name,
                         c->route->account);
    kinesis_stream_remove(s->owner, s);
    return 0;
}

OPERATION(kinesis_describe_stream)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    long limit;
    if (page_size_read(in, "Limit", 1, 10000, 100, &limit) != 0)
        return kinesis_fail_argument(c, "Limit must be between 1 and 10000.");
    if (limit > PAGE_MAX)
        limit = PAGE_MAX;
    const char *after = param_string(in, "ExclusiveStartShardId");
    cJSON *d = cJSON_AddObjectToObject(out, "StreamDescription");
    add_common(d, s);
    cJSON *shards = cJSON_AddArrayToObject(d, "Shards");
    size_t i = 0;
    if (after) {
        while (i < s->n_shards && strcmp(s->shards[i].id, after) <= 0)
            i++;
    }
    long listed = 0;
    for (; i < s->n_shards && listed < limit; i++, listed++)
        cJSON_AddItemToArray(shards, kinesis_shard_json(&s->shards[i]));
    cJSON_AddBoolToObject(d, "HasMoreShards", i < s->n_shards);
    return 0;
}

OPERATION(kinesis_describe_stream_summary)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    cJSON *d = cJSON_AddObjectToObject(out, "StreamDescriptionSummary");
    add_common(d, s);
    cJSON_AddNumberToObject(d, "OpenShardCount", (double)open_shard_count(s));
    cJSON_AddNumberToObject(d, "ConsumerCount", cJSON_GetArraySize(s->consumers));
    return 0;
}

OPERATION(kinesis_list_streams)
{
    struct kinesis_region *r = kinesis_call_region(c);
    long limit;
    if (page_size_read(in, "Limit", 1, 10000, 100, &limit) != 0)
        return kinesis_fail_argument(c, "Limit must be between 1 and 10000.");
    if (limit > PAGE_MAX)
        limit = PAGE_MAX;
    const char *after = param_string(in, "ExclusiveStartStreamName");
    char *token_name = NULL;
    const char *token = param_string(in, "NextToken");
    if (token && !(token_name = page_token_name(token)))
        return kinesis_fail_argument(c, "Invalid NextToken.");
    if (token_name)
        after = token_name;
    cJSON *names = cJSON_AddArrayToObject(out, "StreamNames");
    cJSON *summaries = cJSON_CreateArray();
    size_t i = 0;
    while (after && i < r->n_streams && strcmp(r->streams[i]->name, after) <= 0)
        i++;
    const char *last = NULL;
    for (long n = 0; i < r->n_streams && n < limit; i++, n++) {
        const struct kinesis_stream *s = r->streams[i];
        cJSON_AddItemToArray(names, cJSON_CreateString(s->name));
        cJSON *summary = cJSON_CreateObject();
        cJSON_AddStringToObject(summary, "StreamName", s->name);
        cJSON_AddStringToObject(summary, "StreamARN", s->arn);
        cJSON_AddStringToObject(summary, "StreamStatus", "ACTIVE");
        add_mode(summary, s);
        result_add_timestamp(summary, "StreamCreationTimestamp", s->created);
        cJSON_AddItemToArray(summaries, summary);
        last = s->name;
    }
    bool more = i < r->n_streams;
    cJSON_AddBoolToObject(out, "HasMoreStreams", more);
    if (more && last)
        page_token_add_name(out, "NextToken", last);
    cJSON_AddItemToObject(out, "StreamSummaries", summaries);
    free(token_name);
    return 0;
}

static int change_retention(struct call *c, const cJSON *in, bool increase)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    long long hours = param_int(in, "RetentionPeriodHours", 0);
    if (hours < RETENTION_MIN_HOURS)
        return kinesis_fail_argument(c, "Minimum allowed retention period is %d hours. Requested "
                                     "retention period (%lld hours) is too short.",
                                     RETENTION_MIN_HOURS, hours);
    if (hours > RETENTION_MAX_HOURS)
        return kinesis_fail_argument(c, "Maximum allowed retention period is %d hours. Requested "
                                     "retention period (%lld hours) is too long.",
                                     RETENTION_MAX_HOURS, hours);
    if (increase && hours < s->retention_hours)
        return kinesis_fail_argument(c, "Requested retention period (%lld hours) for stream %s "
                                     "can not be shorter than existing retention period (%ld "
                                     "hours). Use DecreaseRetentionPeriod API.",
                                     hours, s->name, s->retention_hours);
    if (!increase && hours > s->retention_hours)
        return kinesis_fail_argument(c, "Requested retention period (%lld hours) for stream %s "
                                     "can not be longer than existing retention period (%ld "
                                     "hours). Use IncreaseRetentionPeriod API.",
                                     hours, s->name, s->retention_hours);
    s->retention_hours = (long)hours;
    return 0;
}

OPERATION(kinesis_increase_stream_retention_period)
{
    (void)out;
    return change_retention(c, in, true);
}

OPERATION(kinesis_decrease_stream_retention_period)
{
    (void)out;
    return change_retention(c, in, false);
}

OPERATION(kinesis_update_stream_mode)
{
    (void)out;
    const char *arn = param_string(in, "StreamARN");
    struct kinesis_stream *s = kinesis_stream_for_arn(c, arn ? arn : "", false);
    if (!s)
        return -1;
    s->on_demand = mode_is_on_demand(in);
    return 0;
}

OPERATION(kinesis_start_stream_encryption)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    const char *type = param_string(in, "EncryptionType");
    const char *key = param_string(in, "KeyId");
    if (!type || strcmp(type, "KMS") != 0)
        return kinesis_fail_argument(c, "Encryption type %s is not supported.", type ? type : "");
    if (strcmp(key, "alias/aws/kinesis") != 0) {
        char *arn = kms_key_arn(c->route->account, c->route->region, key, c->err);
        if (!arn)
            return call_fail(c, 400, "KMSNotFoundException", "Key '%s' not found.", key);
        free(arn);
    }
    free(s->key_id);
    s->key_id = xstrdup(key);
    return 0;
}

OPERATION(kinesis_stop_stream_encryption)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    free(s->key_id);
    s->key_id = NULL;
    return 0;
}

static bool metric_listed(const cJSON *list, const char *metric)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        if (cJSON_IsString(item) && strcmp(item->valuestring, metric) == 0)
            return true;
    return false;
}

/* Metrics are kept as named, "ALL" included, as DescribeStream reports them back. */
static int change_monitoring(struct call *c, const cJSON *in, cJSON *out, bool enable)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    const cJSON *asked = cJSON_GetObjectItemCaseSensitive(in, "ShardLevelMetrics");
    bool all = metric_listed(asked, "ALL");
    cJSON_AddStringToObject(out, "StreamName", s->name);
    cJSON_AddStringToObject(out, "StreamARN", s->arn);
    cJSON_AddItemToObject(out, "CurrentShardLevelMetrics", cJSON_Duplicate(s->monitoring, true));
    cJSON *desired = cJSON_CreateArray();
    const cJSON *item;
    if (enable) {
        cJSON_ArrayForEach(item, s->monitoring)
            cJSON_AddItemToArray(desired, cJSON_Duplicate(item, true));
        cJSON_ArrayForEach(item, asked)
            if (cJSON_IsString(item) && !metric_listed(desired, item->valuestring))
                cJSON_AddItemToArray(desired, cJSON_Duplicate(item, true));
    } else if (!all) {
        bool had_all = metric_listed(s->monitoring, "ALL");
        for (size_t i = 0; had_all && i < N_METRICS; i++)
            if (!metric_listed(asked, shard_level_metrics[i]))
                cJSON_AddItemToArray(desired, cJSON_CreateString(shard_level_metrics[i]));
        cJSON_ArrayForEach(item, s->monitoring)
            if (!had_all && cJSON_IsString(item) && !metric_listed(asked, item->valuestring))
                cJSON_AddItemToArray(desired, cJSON_Duplicate(item, true));
    }
    cJSON_Delete(s->monitoring);
    s->monitoring = desired;
    cJSON_AddItemToObject(out, "DesiredShardLevelMetrics", cJSON_Duplicate(desired, true));
    return 0;
}

OPERATION(kinesis_enable_enhanced_monitoring)
{
    return change_monitoring(c, in, out, true);
}

OPERATION(kinesis_disable_enhanced_monitoring)
{
    return change_monitoring(c, in, out, false);
}
