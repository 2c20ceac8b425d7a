/* Lookups shared by the Kinesis operations (lookup.h). */
#include "lookup.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"

struct kinesis_region *kinesis_call_region(struct call *c)
{
    return kinesis_region_get(c->route->account, c->route->region);
}

int kinesis_fail_not_found(struct call *c, const char *name)
{
    return call_fail(c, 400, "ResourceNotFoundException", "Stream %s under account %s not found.",
                     name, c->route->account);
}

int kinesis_fail_argument(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "InvalidArgumentException", fmt, ap);
    va_end(ap);
    return -1;
}

struct kinesis_stream *kinesis_stream_for_arn(struct call *c, const char *arn, bool consumer_ok)
{
    struct arn parsed;
    const char *id;
    if (!arn_parse_resource(arn, "kinesis", "stream", &parsed, &id)) {
        kinesis_fail_argument(c, "Invalid ARN %s", arn);
        return NULL;
    }
    char name[256];
    size_t len = strcspn(id, "/");
    if (id[len] && !(consumer_ok && strncmp(id + len, "/consumer/", 10) == 0)) {
        kinesis_fail_argument(c, "Invalid ARN %s", arn);
        return NULL;
    }
    snprintf(name, sizeof name, "%.*s", (int)len, id);
    struct kinesis_stream *s =
        kinesis_stream_find(kinesis_region_find(parsed.account, parsed.region), name);
    if (!s)
        kinesis_fail_not_found(c, name);
    return s;
}

struct kinesis_stream *kinesis_stream_for_call(struct call *c, const cJSON *in)
{
    const char *arn = param_string(in, "StreamARN");
    const char *name = param_string(in, "StreamName");
    if (arn)
        return kinesis_stream_for_arn(c, arn, false);
    if (!name) {
        kinesis_fail_argument(c, "Either StreamName or StreamARN should be provided.");
        return NULL;
    }
    struct kinesis_stream *s = kinesis_stream_find(kinesis_call_region(c), name);
    if (!s)
        kinesis_fail_not_found(c, name);
    return s;
}

struct kinesis_shard *kinesis_shard_for_call(struct call *c, struct kinesis_stream *s,
                                             const char *id)
{
    struct kinesis_shard *shard = kinesis_shard_find(s, id);
    if (!shard)
        call_fail(c, 400, "ResourceNotFoundException",
                  "Shard %s in stream %s under account %s does not exist", id ? id : "",
                  s->name, c->route->account);
    return shard;
}

cJSON *kinesis_shard_json(const struct kinesis_shard *shard)
{
    char start[HASH_KEY_DECIMAL_SIZE], end[HASH_KEY_DECIMAL_SIZE];
    char seq[SEQUENCE_NUMBER_SIZE];
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "ShardId", shard->id);
    if (shard->parent[0])
        cJSON_AddStringToObject(item, "ParentShardId", shard->parent);
    if (shard->adjacent_parent[0])
        cJSON_AddStringToObject(item, "AdjacentParentShardId", shard->adjacent_parent);
    hash_key_format(shard->start, start);
    hash_key_format(shard->end, end);
    cJSON *keys = cJSON_AddObjectToObject(item, "HashKeyRange");
    cJSON_AddStringToObject(keys, "StartingHashKey", start);
    cJSON_AddStringToObject(keys, "EndingHashKey", end);
    cJSON *seqs = cJSON_AddObjectToObject(item, "SequenceNumberRange");
    sequence_number_format(shard->starting_counter, shard->number, seq);
    cJSON_AddStringToObject(seqs, "StartingSequenceNumber", seq);
    if (shard->closed) {
        sequence_number_format(shard->ending_counter, shard->number, seq);
        cJSON_AddStringToObject(seqs, "EndingSequenceNumber", seq);
    }
    return item;
}
