/* A table's change records for its Kinesis streaming destinations, written through Kinesis's own
 * PutRecord so that the stream sees them like any producer's. */
#include "kinesis_destination.h"

#include <math.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/digest.h"
#include "../core/internal_call.h"
#include "../core/request_id.h"
#include "request.h"
#include "value.h"

/* The creation time in the unit the destination's precision names. */
static double creation_time(const char *precision)
{
    double scale = precision && strcmp(precision, "MICROSECOND") == 0 ? 1e6 : 1e3;
    return round(ddb_now_seconds() * scale);
}

static cJSON *change_record(const struct ddb_table *t, const char *region, const char *precision,
                            const cJSON *old, const cJSON *new_item, bool by_ttl)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "awsRegion", region);
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(rec, "eventID", id);
    cJSON_AddStringToObject(rec, "eventName", !old ? "INSERT" : !new_item ? "REMOVE" : "MODIFY");
    if (by_ttl) {
        cJSON *who = cJSON_AddObjectToObject(rec, "userIdentity");
        cJSON_AddStringToObject(who, "principalId", "dynamodb.amazonaws.com");
        cJSON_AddStringToObject(who, "type", "Service");
    } else {
        cJSON_AddNullToObject(rec, "userIdentity");
    }
    cJSON_AddStringToObject(rec, "recordFormat", "application/json");
    cJSON_AddStringToObject(rec, "tableName", t->name);
    cJSON *d = cJSON_AddObjectToObject(rec, "dynamodb");
    cJSON_AddNumberToObject(d, "ApproximateCreationDateTime", creation_time(precision));
    cJSON_AddItemToObject(d, "Keys", ddb_key_of(t, new_item ? new_item : old));
    /* Kinesis destinations always carry both images there are. */
    if (new_item)
        cJSON_AddItemToObject(d, "NewImage", cJSON_Duplicate(new_item, true));
    if (old)
        cJSON_AddItemToObject(d, "OldImage", cJSON_Duplicate(old, true));
    size_t size = (new_item ? item_size(new_item) : 0) + (old ? item_size(old) : 0);
    cJSON_AddNumberToObject(d, "SizeBytes", (double)size);
    cJSON_AddStringToObject(d, "ApproximateCreationDateTimePrecision",
                            precision ? precision : "MILLISECOND");
    cJSON_AddStringToObject(rec, "eventSource", "aws:dynamodb");
    return rec;
}

/* Records of one item share a partition key, so a shard sees that item's changes in order. */
static void partition_key_of(const cJSON *record, char out[33])
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(record, "dynamodb"), "Keys");
    char *text = cJSON_PrintUnformatted(keys);
    md5_hex(text, strlen(text), out);
    cJSON_free(text);
}

static void put_record(const char *stream_arn, const cJSON *record)
{
    struct arn arn;
    if (!arn_parse(stream_arn, &arn))
        return;
    char *text = cJSON_PrintUnformatted(record);
    struct buf data = BUF_INIT;
    base64_encode(text, strlen(text), &data);
    char partition_key[33];
    partition_key_of(record, partition_key);
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "StreamARN", stream_arn);
    cJSON_AddStringToObject(params, "Data", data.data);
    cJSON_AddStringToObject(params, "PartitionKey", partition_key);
    struct proto_error err = {0};
    if (internal_call("kinesis", "PutRecord", arn.account, arn.region, params, NULL, &err) != 0)
        log_msg(LOG_WARN, "DynamoDB change record for %s not written: %s: %s", stream_arn,
                err.code, err.message ? err.message : "");
    proto_error_clear(&err);
    cJSON_Delete(params);
    buf_free(&data);
    cJSON_free(text);
}

void ddb_kinesis_forward(const struct ddb_table *t, const cJSON *old, const cJSON *new_item,
                         bool by_ttl)
{
    struct arn table_arn;
    if (!arn_parse(t->arn, &table_arn))
        return;
    const cJSON *dest;
    cJSON_ArrayForEach(dest, t->kinesis_destinations)
    {
        const char *status = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(dest, "DestinationStatus"));
        if (!status || strcmp(status, "ACTIVE") != 0)
            continue;
        const char *precision = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(dest, "ApproximateCreationDateTimePrecision"));
        cJSON *record = change_record(t, table_arn.region, precision, old, new_item, by_ttl);
        put_record(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(dest, "StreamArn")),
                   record);
        cJSON_Delete(record);
    }
}
