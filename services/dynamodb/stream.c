/* A table's stream: starting it, and appending a change record with the keys and the images
 * its view type asks for. */
#include "stream.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/request_id.h"
#include "../lambda/stream_sources.h"

void ddb_stream_sequence_text(uint64_t seq, char out[32])
{
    snprintf(out, 32, "%021" PRIu64, seq);
}

struct ddb_stream *ddb_stream_start(struct ddb_region *r, struct ddb_table *t,
                                    const char *view_type)
{
    struct ddb_stream *s = xcalloc(1, sizeof *s);
    s->created = ddb_now_seconds();
    /* The label is the creation time to the millisecond, as DynamoDB forms it; a counter keeps
     * two streams started within one millisecond apart. */
    time_t secs = (time_t)s->created;
    struct tm tm;
    gmtime_r(&secs, &tm);
    char label[64];
    int ms = (int)((s->created - (double)secs) * 1000) + (int)(r->nstreams % 1000);
    snprintf(label, sizeof label, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
    s->label = xstrdup(label);
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s/stream/%s", t->arn, label);
    s->arn = buf_take(&arn);
    s->table_name = xstrdup(t->name);
    s->table_arn = xstrdup(t->arn);
    s->region = xstrdup(r->region);
    s->view_type = xstrdup(view_type);
    char shard[80];
    snprintf(shard, sizeof shard, "shardId-%020lld-%08x", (long long)(s->created * 1000),
             (unsigned)(r->nstreams * 2654435761u));
    s->shard_id = xstrdup(shard);
    s->enabled = true;
    s->key_schema = ddb_index_key_schema_json(&t->key);
    s->records = cJSON_CreateArray();
    s->first_seq = s->next_seq = 1;
    r->streams = xrealloc(r->streams, (r->nstreams + 1) * sizeof *r->streams);
    r->streams[r->nstreams++] = s;
    t->stream = s;
    return s;
}

void ddb_stream_free(struct ddb_stream *s)
{
    free(s->arn);
    free(s->label);
    free(s->table_name);
    free(s->table_arn);
    free(s->region);
    free(s->view_type);
    free(s->shard_id);
    cJSON_Delete(s->key_schema);
    cJSON_Delete(s->records);
    ddb_policy_slot_clear(&s->policy);
    free(s);
}

static cJSON *item_keys(const struct ddb_table *t, const cJSON *item)
{
    cJSON *keys = cJSON_CreateObject();
    const cJSON *h, *r;
    ddb_item_key(&t->key, item, &h, &r);
    if (h)
        cJSON_AddItemToObject(keys, t->key.hash, cJSON_Duplicate(h, true));
    if (r)
        cJSON_AddItemToObject(keys, t->key.range, cJSON_Duplicate(r, true));
    return keys;
}

void ddb_stream_record(struct ddb_stream *s, const struct ddb_table *t, const cJSON *old,
                       const cJSON *new_item, bool by_ttl)
{
    const char *event = !old ? "INSERT" : !new_item ? "REMOVE" : "MODIFY";
    cJSON *rec = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(rec, "eventID", id);
    cJSON_AddStringToObject(rec, "eventName", event);
    cJSON_AddStringToObject(rec, "eventVersion", "1.1");
    cJSON_AddStringToObject(rec, "eventSource", "aws:dynamodb");
    cJSON_AddStringToObject(rec, "awsRegion", s->region);
    cJSON *d = cJSON_AddObjectToObject(rec, "dynamodb");
    cJSON_AddNumberToObject(d, "ApproximateCreationDateTime", (double)(long long)ddb_now_seconds());
    const cJSON *any = new_item ? new_item : old;
    cJSON_AddItemToObject(d, "Keys", item_keys(t, any));
    bool with_new =
        strcmp(s->view_type, "NEW_IMAGE") == 0 || strcmp(s->view_type, "NEW_AND_OLD_IMAGES") == 0;
    bool with_old =
        strcmp(s->view_type, "OLD_IMAGE") == 0 || strcmp(s->view_type, "NEW_AND_OLD_IMAGES") == 0;
    if (with_new && new_item)
        cJSON_AddItemToObject(d, "NewImage", cJSON_Duplicate(new_item, true));
    if (with_old && old)
        cJSON_AddItemToObject(d, "OldImage", cJSON_Duplicate(old, true));
    char seq[32];
    ddb_stream_sequence_text(s->next_seq++, seq);
    cJSON_AddStringToObject(d, "SequenceNumber", seq);
    cJSON_AddNumberToObject(d, "SizeBytes",
                            (double)(item_size(any) + (new_item && old ? item_size(old) : 0)));
    cJSON_AddStringToObject(d, "StreamViewType", s->view_type);
    if (by_ttl) {
        cJSON *who = cJSON_AddObjectToObject(rec, "userIdentity");
        cJSON_AddStringToObject(who, "PrincipalId", "dynamodb.amazonaws.com");
        cJSON_AddStringToObject(who, "Type", "Service");
    }
    cJSON_AddItemToArray(s->records, rec);
    if (cJSON_GetArraySize(s->records) > DDB_STREAM_MAX_RECORDS) {
        cJSON_DeleteItemFromArray(s->records, 0);
        s->first_seq++;
    }
    lambda_stream_records_added(s->arn);
}
