/* Kinesis and DynamoDB stream records in the shapes Lambda gives them: the record in a
 * function's event, and the document an OnFailure destination gets about a batch given up on. */
#include "stream_records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/params.h"
#include "../core/request_id.h"
#include "executor.h"

const char *stream_record_sequence(bool kinesis, const cJSON *record)
{
    return kinesis ? param_string(record, "SequenceNumber")
                   : param_string(cJSON_GetObjectItemCaseSensitive(record, "dynamodb"),
                                  "SequenceNumber");
}

double stream_record_arrival(bool kinesis, const cJSON *record)
{
    return kinesis ? param_number(record, "ApproximateArrivalTimestamp", 0)
                   : param_number(cJSON_GetObjectItemCaseSensitive(record, "dynamodb"),
                                  "ApproximateCreationDateTime", 0);
}

cJSON *stream_event_record(const struct stream_record_source *s, const cJSON *record,
                           const char *role)
{
    const char *source_arn = s->source_arn ? s->source_arn : "";
    if (!s->kinesis) {
        cJSON *e = cJSON_Duplicate(record, true);
        cJSON_DeleteItemFromObjectCaseSensitive(e, "eventSourceARN");
        cJSON_AddStringToObject(e, "eventSourceARN", source_arn);
        return e;
    }
    cJSON *e = cJSON_CreateObject();
    cJSON *k = cJSON_AddObjectToObject(e, "kinesis");
    cJSON_AddStringToObject(k, "kinesisSchemaVersion", "1.0");
    cJSON_AddStringToObject(k, "partitionKey", param_string(record, "PartitionKey"));
    cJSON_AddStringToObject(k, "sequenceNumber", stream_record_sequence(true, record));
    const char *data = param_string(record, "Data");
    cJSON_AddStringToObject(k, "data", data ? data : "");
    cJSON_AddNumberToObject(k, "approximateArrivalTimestamp", stream_record_arrival(true, record));
    cJSON_AddStringToObject(e, "eventSource", "aws:kinesis");
    cJSON_AddStringToObject(e, "eventVersion", "1.0");
    char id[160];
    snprintf(id, sizeof id, "%s:%s", s->shard_id, stream_record_sequence(true, record));
    cJSON_AddStringToObject(e, "eventID", id);
    cJSON_AddStringToObject(e, "eventName", "aws:kinesis:record");
    cJSON_AddStringToObject(e, "invokeIdentityArn", role ? role : "");
    cJSON_AddStringToObject(e, "awsRegion", s->region);
    cJSON_AddStringToObject(e, "eventSourceARN", source_arn);
    return e;
}

static void iso_time(double epoch, char out[40])
{
    time_t seconds = (time_t)epoch;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s.%03dZ", base, (int)((epoch - (double)seconds) * 1000) % 1000);
}

char *stream_failure_record(const struct stream_record_source *s, const cJSON *mapping,
                            const cJSON *records, int count, int attempts,
                            const char *condition, const struct lambda_outcome *o)
{
    const cJSON *first = cJSON_GetArrayItem(records, 0);
    const cJSON *last = cJSON_GetArrayItem(records, count - 1);
    cJSON *doc = cJSON_CreateObject();
    cJSON *request = cJSON_AddObjectToObject(doc, "requestContext");
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(request, "requestId", o && o->request_id ? o->request_id : id);
    cJSON_AddStringToObject(request, "functionArn", param_string(mapping, "FunctionArn"));
    cJSON_AddStringToObject(request, "condition", condition);
    cJSON_AddNumberToObject(request, "approximateInvokeCount", attempts);
    cJSON *response = cJSON_AddObjectToObject(doc, "responseContext");
    cJSON_AddNumberToObject(response, "statusCode", o && !o->error_code ? 200 : 500);
    cJSON_AddStringToObject(response, "executedVersion", "$LATEST");
    if (o && o->function_error)
        cJSON_AddStringToObject(response, "functionError", o->function_error);
    cJSON_AddStringToObject(doc, "version", "1.0");
    char stamp[40];
    iso_time((double)time(NULL), stamp);
    cJSON_AddStringToObject(doc, "timestamp", stamp);
    cJSON *info = cJSON_AddObjectToObject(doc, s->kinesis ? "KinesisBatchInfo"
                                                          : "DDBStreamBatchInfo");
    cJSON_AddStringToObject(info, "shardId", s->shard_id);
    cJSON_AddStringToObject(info, "startSequenceNumber", stream_record_sequence(s->kinesis, first));
    cJSON_AddStringToObject(info, "endSequenceNumber", stream_record_sequence(s->kinesis, last));
    iso_time(stream_record_arrival(s->kinesis, first), stamp);
    cJSON_AddStringToObject(info, "approximateArrivalOfFirstRecord", stamp);
    iso_time(stream_record_arrival(s->kinesis, last), stamp);
    cJSON_AddStringToObject(info, "approximateArrivalOfLastRecord", stamp);
    cJSON_AddNumberToObject(info, "batchSize", count);
    cJSON_AddStringToObject(info, "streamArn", s->stream_arn);
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}
