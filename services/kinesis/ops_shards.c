/* Shards: ListShards, SplitShard, MergeShards, UpdateShardCount. A resharding closes its
 * parents at the stream's current sequence number and opens children that name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "lookup.h"
#include "ops.h"

#define MAX_LIST_SHARDS 10000

static bool shard_admitted(const struct kinesis_shard *shard, const char *filter,
                           const char *after_id)
{
    if (after_id && strcmp(shard->id, after_id) <= 0)
        return false;
    if (!filter)
        return true;
    if (strcmp(filter, "AT_LATEST") == 0)
        return !shard->closed;
    return true; /* TRIM_HORIZON and timestamps: every shard still holding records */
}

OPERATION(kinesis_list_shards)
{
    const char *token = param_string(in, "NextToken");
    bool named = param_string(in, "StreamName") || param_string(in, "StreamARN");
    if (token && named)
        return kinesis_fail_argument(c, "NextToken and StreamName cannot be provided together.");
    long start = 0;
    struct kinesis_stream *s;
    char stream_name[256] = "";
    if (token) {
        /* the token carries the stream's name, then the position */
        char *decoded = page_token_name(token);
        char *bar = decoded ? strrchr(decoded, '|') : NULL;
        if (!bar)
            return free(decoded), kinesis_fail_argument(c, "Invalid NextToken.");
        *bar = '\0';
        start = strtol(bar + 1, NULL, 10);
        snprintf(stream_name, sizeof stream_name, "%s", decoded);
        free(decoded);
        s = kinesis_stream_find(kinesis_call_region(c), stream_name);
        if (!s)
            return kinesis_fail_not_found(c, stream_name);
    } else {
        s = kinesis_stream_for_call(c, in);
        if (!s)
            return -1;
    }
    long size;
    if (page_size_read(in, "MaxResults", 1, MAX_LIST_SHARDS, 1000, &size) != 0)
        return kinesis_fail_argument(c, "MaxResults must be between 1 and 10000.");
    const cJSON *filter = cJSON_GetObjectItemCaseSensitive(in, "ShardFilter");
    const char *filter_type = param_string(filter, "Type");
    const char *after = param_string(in, "ExclusiveStartShardId");
    if (filter_type && strcmp(filter_type, "AFTER_SHARD_ID") == 0)
        after = param_string(filter, "ShardId");
    cJSON *shards = cJSON_AddArrayToObject(out, "Shards");
    long listed = 0;
    size_t i = (size_t)start;
    for (; i < s->n_shards && listed < size; i++) {
        if (!shard_admitted(&s->shards[i], filter_type, after))
            continue;
        cJSON_AddItemToArray(shards, kinesis_shard_json(&s->shards[i]));
        listed++;
    }
    while (i < s->n_shards && !shard_admitted(&s->shards[i], filter_type, after))
        i++;
    if (i < s->n_shards) {
        char position[300];
        snprintf(position, sizeof position, "%s|%zu", s->name, i);
        page_token_add_name(out, "NextToken", position);
    }
    return 0;
}

static int parse_key(struct call *c, const char *text, hash_key *out)
{
    if (!hash_key_parse(text, out))
        return kinesis_fail_argument(c, "NewStartingHashKey %s used in SplitShard() is not a "
                                     "valid hash key.", text ? text : "");
    return 0;
}

OPERATION(kinesis_split_shard)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    struct kinesis_shard *parent = kinesis_shard_for_call(c, s, param_string(in, "ShardToSplit"));
    if (!parent)
        return -1;
    if (parent->closed)
        return call_fail(c, 400, "ResourceInUseException", "Shard %s in stream %s under account "
                         "%s has already been merged or split, and thus is not eligible for "
                         "merging or splitting.", parent->id, s->name, c->route->account);
    hash_key split;
    const char *split_text = param_string(in, "NewStartingHashKey");
    if (parse_key(c, split_text, &split) != 0)
        return -1;
    if (split <= parent->start || split > parent->end)
        return kinesis_fail_argument(c, "NewStartingHashKey %s used in SplitShard() on shard %s "
                                     "in stream %s under account %s is not both greater than "
                                     "one plus the shard's StartingHashKey and less than the "
                                     "shard's EndingHashKey.", split_text, parent->id, s->name,
                                     c->route->account);
    char parent_id[32];
    snprintf(parent_id, sizeof parent_id, "%s", parent->id);
    hash_key start = parent->start, end = parent->end;
    kinesis_shard_close(s, parent);
    kinesis_shard_add(s, start, split - 1, parent_id, NULL);
    kinesis_shard_add(s, split, end, parent_id, NULL);
    return 0;
}

OPERATION(kinesis_merge_shards)
{
    (void)out;
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    struct kinesis_shard *first = kinesis_shard_for_call(c, s, param_string(in, "ShardToMerge"));
    if (!first)
        return -1;
    struct kinesis_shard *second =
        kinesis_shard_for_call(c, s, param_string(in, "AdjacentShardToMerge"));
    if (!second)
        return -1;
    if (first->closed || second->closed)
        return call_fail(c, 400, "ResourceInUseException", "Shard %s in stream %s under account "
                         "%s has already been merged or split, and thus is not eligible for "
                         "merging or splitting.", first->closed ? first->id : second->id,
                         s->name, c->route->account);
    bool adjacent = (first->end != HASH_KEY_MAX && first->end + 1 == second->start) ||
                    (second->end != HASH_KEY_MAX && second->end + 1 == first->start);
    if (!adjacent)
        return kinesis_fail_argument(c, "Shards %s and %s in stream %s under account %s are not "
                                     "an adjacent pair of shards eligible for merging",
                                     first->id, second->id, s->name, c->route->account);
    char first_id[32], second_id[32];
    snprintf(first_id, sizeof first_id, "%s", first->id);
    snprintf(second_id, sizeof second_id, "%s", second->id);
    hash_key start = first->start < second->start ? first->start : second->start;
    hash_key end = first->end > second->end ? first->end : second->end;
    kinesis_shard_close(s, first);
    kinesis_shard_close(s, second);
    kinesis_shard_add(s, start, end, first_id, second_id);
    return 0;
}

OPERATION(kinesis_update_shard_count)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    if (s->on_demand)
        return call_fail_validation(c, "Request is invalid. Stream %s under account %s is in "
                                    "On-Demand mode.", s->name, c->route->account);
    long long target = param_int(in, "TargetShardCount", 0);
    size_t open = 0;
    for (size_t i = 0; i < s->n_shards; i++)
        open += !s->shards[i].closed;
    if (target < 1 || target > 10000)
        return kinesis_fail_argument(c, "TargetShardCount must be between 1 and 10000.");
    if ((size_t)target > open * 2)
        return call_fail(c, 400, "ValidationException", "UpdateShardCount cannot scale up over "
                         "double your current open shard count. Current open shard count: %zu "
                         "Target shard count: %lld", open, target);
    if ((size_t)target * 2 < open)
        return call_fail(c, 400, "ValidationException", "UpdateShardCount cannot scale down "
                         "below half your current open shard count. Current open shard count: "
                         "%zu Target shard count: %lld", open, target);
    /* the parents as they stand before any closes, so the children can name them */
    struct parent {
        char id[32];
        hash_key start, end;
    } *parents = xcalloc(open, sizeof *parents);
    size_t n = 0;
    for (size_t i = 0; i < s->n_shards; i++) {
        if (s->shards[i].closed)
            continue;
        snprintf(parents[n].id, sizeof parents[n].id, "%s", s->shards[i].id);
        parents[n].start = s->shards[i].start;
        parents[n].end = s->shards[i].end;
        kinesis_shard_close(s, &s->shards[i]);
        n++;
    }
    for (unsigned i = 0; i < (unsigned)target; i++) {
        hash_key start, end;
        hash_key_range_split(i, (unsigned)target, &start, &end);
        const char *parent = NULL, *adjacent = NULL;
        for (size_t j = 0; j < n; j++) {
            if (parents[j].start <= start && start <= parents[j].end)
                parent = parents[j].id;
            else if (parents[j].start <= end && end <= parents[j].end)
                adjacent = parents[j].id;
        }
        kinesis_shard_add(s, start, end, parent, adjacent);
    }
    free(parents);
    cJSON_AddStringToObject(out, "StreamName", s->name);
    cJSON_AddNumberToObject(out, "CurrentShardCount", (double)open);
    cJSON_AddNumberToObject(out, "TargetShardCount", (double)target);
    cJSON_AddStringToObject(out, "StreamARN", s->arn);
    return 0;
}
