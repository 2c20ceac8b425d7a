/* The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. Shard
 * iterators are "stream ARN|shard id|next sequence number". */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "ops.h"
#include "request.h"
#include "stream.h"

#define MAX_RECORDS_PER_CALL 1000

static struct ddb_stream *find_stream(struct call *c, const char *arn)
{
    struct ddb_region *r = ddb_region(c->route->account, c->route->region);
    for (size_t i = 0; arn && i < r->nstreams; i++)
        if (strcmp(r->streams[i]->arn, arn) == 0)
            return r->streams[i];
    return NULL;
}

static struct ddb_stream *require_stream(struct call *c, const char *arn)
{
    struct ddb_stream *s = find_stream(c, arn);
    if (!s)
        call_fail_resource_not_found(c, "Requested resource not found: Stream: %s not found",
                                     arn ? arn : "");
    return s;
}

int ddbs_list_streams(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_region(c->route->account, c->route->region);
    const char *table = param_string(in, "TableName");
    const char *start = param_string(in, "ExclusiveStartStreamArn");
    long long limit = param_int(in, "Limit", 100);
    cJSON *list = cJSON_AddArrayToObject(out, "Streams");
    bool started = !start;
    long long n = 0;
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ddb_stream *s = r->streams[i];
        if (!started) {
            started = strcmp(s->arn, start) == 0;
            continue;
        }
        if (table && strcmp(s->table_name, table) != 0)
            continue;
        if (n == limit) {
            cJSON_AddStringToObject(out, "LastEvaluatedStreamArn",
                                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
                                        cJSON_GetArrayItem(list, (int)n - 1), "StreamArn")));
            break;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "StreamArn", s->arn);
        cJSON_AddStringToObject(e, "TableName", s->table_name);
        cJSON_AddStringToObject(e, "StreamLabel", s->label);
        cJSON_AddItemToArray(list, e);
        n++;
    }
    return 0;
}

int ddbs_describe_stream(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_stream *s = require_stream(c, param_string(in, "StreamArn"));
    if (!s)
        return -1;
    cJSON *d = cJSON_AddObjectToObject(out, "StreamDescription");
    cJSON_AddStringToObject(d, "StreamArn", s->arn);
    cJSON_AddStringToObject(d, "StreamLabel", s->label);
    cJSON_AddStringToObject(d, "StreamStatus", s->enabled ? "ENABLED" : "DISABLED");
    cJSON_AddStringToObject(d, "StreamViewType", s->view_type);
    cJSON_AddNumberToObject(d, "CreationRequestDateTime", s->created);
    cJSON_AddStringToObject(d, "TableName", s->table_name);
    cJSON_AddItemToObject(d, "KeySchema", cJSON_Duplicate(s->key_schema, true));
    cJSON *shards = cJSON_AddArrayToObject(d, "Shards");
    const char *after = param_string(in, "ExclusiveStartShardId");
    if (after && strcmp(after, s->shard_id) == 0)
        return 0;
    cJSON *shard = cJSON_CreateObject();
    cJSON_AddStringToObject(shard, "ShardId", s->shard_id);
    cJSON *range = cJSON_AddObjectToObject(shard, "SequenceNumberRange");
    char seq[32];
    ddb_stream_sequence_text(s->first_seq, seq);
    cJSON_AddStringToObject(range, "StartingSequenceNumber", seq);
    if (!s->enabled && s->next_seq > s->first_seq) {
        ddb_stream_sequence_text(s->next_seq - 1, seq);
        cJSON_AddStringToObject(range, "EndingSequenceNumber", seq);
    }
    cJSON_AddItemToArray(shards, shard);
    return 0;
}

static char *iterator_text(const struct ddb_stream *s, uint64_t position)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s|%s|%" PRIu64, s->arn, s->shard_id, position);
    return buf_take(&b);
}

int ddbs_get_shard_iterator(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_stream *s = require_stream(c, param_string(in, "StreamArn"));
    if (!s)
        return -1;
    const char *shard = param_string(in, "ShardId");
    if (!shard || strcmp(shard, s->shard_id) != 0)
        return call_fail_resource_not_found(c,
                                            "Requested resource not found: Shard does not exist");
    const char *type = param_string(in, "ShardIteratorType");
    const char *seq_text = param_string(in, "SequenceNumber");
    uint64_t position;
    if (strcmp(type, "TRIM_HORIZON") == 0) {
        position = s->first_seq;
    } else if (strcmp(type, "LATEST") == 0) {
        position = s->next_seq;
    } else {
        if (!seq_text)
            return ddb_validation(c, "Must specify a sequence number for iterator type %s", type);
        char *end;
        unsigned long long seq = strtoull(seq_text, &end, 10);
        if (*end || seq < s->first_seq || seq >= s->next_seq)
            return call_fail(c, 400, "TrimmedDataAccessException",
                             "The sequence number %s is beyond the trim horizon or not yet "
                             "written",
                             seq_text);
        position = strcmp(type, "AFTER_SEQUENCE_NUMBER") == 0 ? seq + 1 : seq;
    }
    char *it = iterator_text(s, position);
    cJSON_AddStringToObject(out, "ShardIterator", it);
    free(it);
    return 0;
}

int ddbs_get_records(struct call *c, const cJSON *in, cJSON *out)
{
    const char *iterator = param_string(in, "ShardIterator");
    const char *bar2 = iterator ? strrchr(iterator, '|') : NULL;
    const char *bar1 = bar2 ? memrchr(iterator, '|', (size_t)(bar2 - iterator)) : NULL;
    if (!bar1)
        return ddb_validation(c, "Invalid ShardIterator");
    char *arn = xstrndup(iterator, (size_t)(bar1 - iterator));
    struct ddb_stream *s = find_stream(c, arn);
    free(arn);
    if (!s)
        return call_fail_resource_not_found(c,
                                            "Requested resource not found: Stream does not exist");
    uint64_t position = strtoull(bar2 + 1, NULL, 10);
    if (position < s->first_seq)
        return call_fail(c, 400, "TrimmedDataAccessException",
                         "The iterator points beyond the trim horizon of the shard");
    long long limit = param_int(in, "Limit", MAX_RECORDS_PER_CALL);
    cJSON *records = cJSON_AddArrayToObject(out, "Records");
    const cJSON *rec = cJSON_GetArrayItem(s->records, (int)(position - s->first_seq));
    long long n = 0;
    for (; rec && n < limit; rec = rec->next, n++, position++)
        cJSON_AddItemToArray(records, cJSON_Duplicate(rec, true));
    /* A disabled stream's shard is closed: once read to its end there is no next iterator. */
    if (s->enabled || position < s->next_seq) {
        char *next = iterator_text(s, position);
        cJSON_AddStringToObject(out, "NextShardIterator", next);
        free(next);
    }
    return 0;
}
