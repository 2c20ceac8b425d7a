/* Writing and reading records: PutRecord(s), GetShardIterator, GetRecords. Shard iterators are
 * opaque to clients: base64 of where the reader stands and when the iterator was issued. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../lambda/stream_sources.h"
#include "kinesis_records.h"
#include "lookup.h"
#include "ops.h"

#define MAX_RECORD_BYTES (1024 * 1024)
#define MAX_PUT_RECORDS 500
#define MAX_PUT_RECORDS_BYTES (5 * 1024 * 1024)
#define ITERATOR_LIFETIME_SECONDS 300.0
#define MAX_GET_RECORDS 10000

static size_t base64_bytes(const char *text)
{
    size_t len = strlen(text);
    size_t padding = (len > 0 && text[len - 1] == '=') + (len > 1 && text[len - 2] == '=');
    return len / 4 * 3 - padding;
}

/* A record's size as AWS counts it against its limits: data and partition key. */
static size_t entry_bytes(const cJSON *entry)
{
    const char *data = param_string(entry, "Data");
    const char *partition_key = param_string(entry, "PartitionKey");
    return (data ? base64_bytes(data) : 0) + (partition_key ? strlen(partition_key) : 0);
}

static int fail_record_too_large(struct call *c, const char *member)
{
    return call_fail_validation(c, "1 validation error detected: Value at '%s' failed to "
                                "satisfy constraint: Member must have length less than or equal "
                                "to %d", member, MAX_RECORD_BYTES);
}

static struct kinesis_shard *open_shard_for_key(struct kinesis_stream *s, hash_key key)
{
    for (size_t i = 0; i < s->n_shards; i++)
        if (!s->shards[i].closed && s->shards[i].start <= key && key <= s->shards[i].end)
            return &s->shards[i];
    return NULL;
}

static kinesis_record_listener record_listener;

void kinesis_set_record_listener(kinesis_record_listener listener)
{
    record_listener = listener;
}

/* Writes one record; the shard it landed in, or NULL after failing err. */
static struct kinesis_record *put_one(struct kinesis_stream *s, const cJSON *entry,
                                      struct proto_error *err, struct kinesis_shard **landed)
{
    const char *data = param_string(entry, "Data");
    const char *partition_key = param_string(entry, "PartitionKey");
    const char *explicit_key = param_string(entry, "ExplicitHashKey");
    if (!data)
        data = "";
    size_t bytes = base64_bytes(data);
    hash_key key;
    if (explicit_key) {
        if (!hash_key_parse(explicit_key, &key)) {
            error_fail(err, 400, "InvalidArgumentException", "Invalid ExplicitHashKey. "
                       "ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "
                       "%s", explicit_key);
            return NULL;
        }
    } else {
        key = hash_key_of_partition_key(partition_key);
    }
    struct kinesis_shard *shard = open_shard_for_key(s, key);
    if (!shard) {
        error_fail(err, 500, "InternalFailure", "No open shard owns the hash key.");
        return NULL;
    }
    *landed = shard;
    struct kinesis_record *rec =
        kinesis_shard_append(s, shard, partition_key, data, bytes, kinesis_now());
    if (record_listener)
        record_listener(s->arn, data);
    lambda_stream_records_added(s->arn);
    return rec;
}

OPERATION(kinesis_put_record)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    const char *ordering = param_string(in, "SequenceNumberForOrdering");
    uint64_t ordering_counter;
    if (ordering && !sequence_number_parse(ordering, &ordering_counter))
        return kinesis_fail_argument(c, "ExclusiveMinimumSequenceNumber %s used in PutRecord on "
                                     "stream %s under account %s is invalid.", ordering, s->name,
                                     c->route->account);
    if (entry_bytes(in) > MAX_RECORD_BYTES)
        return fail_record_too_large(c, "data");
    struct kinesis_shard *shard;
    struct kinesis_record *rec = put_one(s, in, c->err, &shard);
    if (!rec)
        return -1;
    char seq[SEQUENCE_NUMBER_SIZE];
    sequence_number_format(rec->counter, shard->number, seq);
    cJSON_AddStringToObject(out, "ShardId", shard->id);
    cJSON_AddStringToObject(out, "SequenceNumber", seq);
    cJSON_AddStringToObject(out, "EncryptionType", s->key_id ? "KMS" : "NONE");
    return 0;
}

OPERATION(kinesis_put_records)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(in, "Records");
    int n = cJSON_GetArraySize(entries);
    if (n > MAX_PUT_RECORDS)
        return call_fail_validation(c, "1 validation error detected: Value at 'records' "
                                    "failed to satisfy constraint: Member must have length less "
                                    "than or equal to %d", MAX_PUT_RECORDS);
    /* the batch's size is judged before any record's, as AWS does */
    size_t total = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, entries)
        total += entry_bytes(entry);
    if (total > MAX_PUT_RECORDS_BYTES)
        return kinesis_fail_argument(c, "Records size exceeds 5 MB limit");
    int index = 0;
    cJSON_ArrayForEach(entry, entries) {
        index++;
        if (entry_bytes(entry) > MAX_RECORD_BYTES) {
            char member[64];
            snprintf(member, sizeof member, "records.%d.member.data", index);
            return fail_record_too_large(c, member);
        }
    }
    cJSON *results = cJSON_CreateArray();
    int failed = 0;
    cJSON_ArrayForEach(entry, entries) {
        struct proto_error err = {0};
        struct kinesis_shard *shard;
        struct kinesis_record *rec = put_one(s, entry, &err, &shard);
        cJSON *result = cJSON_CreateObject();
        if (rec) {
            char seq[SEQUENCE_NUMBER_SIZE];
            sequence_number_format(rec->counter, shard->number, seq);
            cJSON_AddStringToObject(result, "SequenceNumber", seq);
            cJSON_AddStringToObject(result, "ShardId", shard->id);
        } else {
            failed++;
            cJSON_AddStringToObject(result, "ErrorCode", err.code);
            cJSON_AddStringToObject(result, "ErrorMessage", err.message);
        }
        proto_error_clear(&err);
        cJSON_AddItemToArray(results, result);
    }
    cJSON_AddNumberToObject(out, "FailedRecordCount", failed);
    cJSON_AddItemToObject(out, "Records", results);
    cJSON_AddStringToObject(out, "EncryptionType", s->key_id ? "KMS" : "NONE");
    return 0;
}

/* ---- iterators ---- */

struct iterator {
    char account[16], region[32], stream[256], shard[32];
    uint64_t position; /* the counter of the first record still to read */
    double issued;
};

static char *iterator_encode(const struct kinesis_stream *s, const struct kinesis_shard *shard,
                             uint64_t position)
{
    char text[512];
    int len = snprintf(text, sizeof text, "%s|%s|%s|%s|%" PRIu64 "|%.3f", s->owner->account,
                       s->owner->region, s->name, shard->id, position, kinesis_now());
    struct buf b = {0};
    base64_encode(text, (size_t)len, &b);
    buf_append(&b, "", 1);
    return (char *)b.data;
}

static bool iterator_decode(const char *token, struct iterator *it)
{
    struct buf b = {0};
    bool ok = token && base64_decode(token, strlen(token), &b) && b.len < 512;
    if (ok) {
        char text[512];
        memcpy(text, b.data, b.len);
        text[b.len] = '\0';
        ok = sscanf(text, "%15[^|]|%31[^|]|%255[^|]|%31[^|]|%" SCNu64 "|%lf", it->account,
                    it->region, it->stream, it->shard, &it->position, &it->issued) == 6;
    }
    buf_free(&b);
    return ok;
}

static uint64_t first_at_or_after(const struct kinesis_shard *shard, double when, uint64_t next)
{
    for (size_t i = shard->head; i < shard->count; i++)
        if (shard->records[i].arrival >= when)
            return shard->records[i].counter;
    return next;
}

OPERATION(kinesis_get_shard_iterator)
{
    struct kinesis_stream *s = kinesis_stream_for_call(c, in);
    if (!s)
        return -1;
    struct kinesis_shard *shard = kinesis_shard_for_call(c, s, param_string(in, "ShardId"));
    if (!shard)
        return -1;
    const char *type = param_string(in, "ShardIteratorType");
    const char *seq = param_string(in, "StartingSequenceNumber");
    uint64_t end = shard->closed ? shard->ending_counter : s->next_counter;
    uint64_t position;
    if (strcmp(type, "TRIM_HORIZON") == 0) {
        position = shard->starting_counter;
    } else if (strcmp(type, "LATEST") == 0) {
        position = end;
    } else if (strcmp(type, "AT_TIMESTAMP") == 0) {
        const cJSON *when = cJSON_GetObjectItemCaseSensitive(in, "Timestamp");
        if (!cJSON_IsNumber(when))
            return kinesis_fail_argument(c, "Must specify timestampInMillis parameter for "
                                         "iterator of type AT_TIMESTAMP. Current request has no "
                                         "timestamp parameter.");
        position = first_at_or_after(shard, when->valuedouble, end);
    } else {
        uint64_t counter;
        if (!seq)
            return kinesis_fail_argument(c, "Must specify StartingSequenceNumber for iterator "
                                         "of type %s.", type);
        if (!sequence_number_parse(seq, &counter))
            return call_fail_validation(c, "1 validation error detected: Value '%s' at "
                                        "'startingSequenceNumber' failed to satisfy constraint: "
                                        "Member must satisfy regular expression pattern: "
                                        "0|([1-9]\\d{0,128})", seq);
        if (counter < shard->starting_counter || counter > end)
            return kinesis_fail_argument(c, "StartingSequenceNumber %s used in GetShardIterator "
                                         "on shard %s in stream %s under account %s is invalid "
                                         "because it did not come from this stream.", seq,
                                         shard->id, s->name, c->route->account);
        position = strcmp(type, "AFTER_SEQUENCE_NUMBER") == 0 ? counter + 1 : counter;
    }
    char *token = iterator_encode(s, shard, position);
    cJSON_AddStringToObject(out, "ShardIterator", token);
    free(token);
    return 0;
}

static size_t first_record_from(const struct kinesis_shard *shard, uint64_t position)
{
    size_t lo = shard->head, hi = shard->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (shard->records[mid].counter < position)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

OPERATION(kinesis_get_records)
{
    const char *token = param_string(in, "ShardIterator");
    struct iterator it;
    if (!iterator_decode(token, &it))
        return kinesis_fail_argument(c, "Invalid ShardIterator.");
    double now = kinesis_now();
    if (now - it.issued > ITERATOR_LIFETIME_SECONDS)
        return call_fail(c, 400, "ExpiredIteratorException", "Iterator expired. The iterator was "
                         "created at time %.0f while right now it is %.0f which is further in "
                         "the future than the tolerated delay of 300000 milliseconds.",
                         it.issued * 1000, now * 1000);
    struct kinesis_stream *s = kinesis_stream_find(kinesis_region_find(it.account, it.region),
                                                   it.stream);
    if (!s)
        return kinesis_fail_not_found(c, it.stream);
    struct kinesis_shard *shard = kinesis_shard_for_call(c, s, it.shard);
    if (!shard)
        return -1;
    long limit;
    if (page_size_read(in, "Limit", 1, MAX_GET_RECORDS, MAX_GET_RECORDS, &limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                    "failed to satisfy constraint: Member must have value less "
                                    "than or equal to %d", limit, MAX_GET_RECORDS);
    cJSON *records = cJSON_AddArrayToObject(out, "Records");
    size_t i = first_record_from(shard, it.position);
    uint64_t position = it.position;
    for (long n = 0; i < shard->count && n < limit; i++, n++) {
        const struct kinesis_record *rec = &shard->records[i];
        char seq[SEQUENCE_NUMBER_SIZE];
        sequence_number_format(rec->counter, shard->number, seq);
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "SequenceNumber", seq);
        result_add_timestamp(item, "ApproximateArrivalTimestamp", rec->arrival);
        cJSON_AddStringToObject(item, "Data", rec->data);
        cJSON_AddStringToObject(item, "PartitionKey", rec->partition_key);
        if (s->key_id)
            cJSON_AddStringToObject(item, "EncryptionType", "KMS");
        cJSON_AddItemToArray(records, item);
        position = rec->counter + 1;
    }
    double behind = i < shard->count ? (now - shard->records[i].arrival) * 1000.0 : 0;
    cJSON_AddNumberToObject(out, "MillisBehindLatest", behind < 0 ? 0 : (double)(long long)behind);
    bool finished = false;
    if (shard->closed && i >= shard->count) {
        cJSON *children = cJSON_AddArrayToObject(out, "ChildShards");
        for (size_t j = 0; j < s->n_shards; j++) {
            const struct kinesis_shard *child = &s->shards[j];
            if (strcmp(child->parent, shard->id) != 0 &&
                strcmp(child->adjacent_parent, shard->id) != 0)
                continue;
            cJSON *entry = cJSON_CreateObject();
            cJSON_AddStringToObject(entry, "ShardId", child->id);
            cJSON *parents = cJSON_AddArrayToObject(entry, "ParentShards");
            cJSON_AddItemToArray(parents, cJSON_CreateString(child->parent));
            if (child->adjacent_parent[0])
                cJSON_AddItemToArray(parents, cJSON_CreateString(child->adjacent_parent));
            cJSON *keys = kinesis_shard_json(child);
            cJSON_AddItemToObject(entry, "HashKeyRange",
                                  cJSON_DetachItemFromObject(keys, "HashKeyRange"));
            cJSON_Delete(keys);
            cJSON_AddItemToArray(children, entry);
        }
        finished = true;
    }
    if (!finished) {
        char *next = iterator_encode(s, shard, position);
        cJSON_AddStringToObject(out, "NextShardIterator", next);
        free(next);
    }
    return 0;
}

int kinesis_put_from_service(const char *stream_arn, const void *data, size_t len,
                             const char *partition_key, struct proto_error *err)
{
    struct arn arn;
    const char *name;
    struct kinesis_stream *s = NULL;
    if (arn_parse_resource(stream_arn, "kinesis", "stream", &arn, &name))
        s = kinesis_stream_find(kinesis_region_find(arn.account, arn.region), name);
    if (!s)
        return error_fail(err, 400, "ResourceNotFoundException", "Stream %s not found.",
                          stream_arn);
    struct buf encoded = BUF_INIT;
    base64_encode(data, len, &encoded);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Data", encoded.data ? encoded.data : "");
    cJSON_AddStringToObject(entry, "PartitionKey", partition_key);
    buf_free(&encoded);
    struct kinesis_shard *shard;
    struct kinesis_record *rec = put_one(s, entry, err, &shard);
    cJSON_Delete(entry);
    return rec ? 0 : -1;
}
