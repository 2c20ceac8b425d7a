/* Export tasks: a log group's events between two times copied into an S3 bucket of motoc, one
 * gzip object per stream under <prefix>/<task id>/<stream>/000000.gz, each line the event's
 * time and message, as CloudWatch Logs writes them. The export runs inside the request, so a
 * task is COMPLETED as soon as CreateExportTask answers. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/paging.h"
#include "../core/request_id.h"
#include "../s3/blob_gzip.h"
#include "../s3/bucket_io.h"
#include "groups.h"
#include "ops.h"

#define DEFAULT_PREFIX "exportedlogs"

/* "2016-03-17T19:16:52.123Z": an exported line's time. */
static void format_event_time(double ms, struct buf *out)
{
    time_t seconds = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char text[40];
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    buf_printf(out, "%s.%03dZ ", text, (int)((int64_t)ms % 1000));
}

/* Writes the stream's events in [from, to) to one object; true when there were none to write
 * or the write worked. */
static bool export_stream(const cJSON *stream, double from, double to, const char *bucket,
                          const char *prefix, const char *account, bool *wrote)
{
    struct blob_gzip *z = NULL;
    bool ok = true;
    struct buf line = BUF_INIT;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(stream, "_events")) {
        double t = param_number(e, "timestamp", 0);
        if (t < from || t >= to)
            continue;
        if (!z && !(z = blob_gzip_new())) {
            ok = false;
            break;
        }
        line.len = 0;
        format_event_time(t, &line);
        buf_printf(&line, "%s\n", param_string(e, "message"));
        if (!(ok = blob_gzip_write(z, line.data, line.len)))
            break;
    }
    buf_free(&line);
    if (!z)
        return ok;
    if (!ok) {
        blob_gzip_abandon(z);
        return false;
    }
    struct blob *body = blob_gzip_finish(z);
    struct buf key = BUF_INIT;
    buf_printf(&key, "%s/%s/000000.gz", prefix, param_string(stream, "logStreamName"));
    ok = body && s3_io_put(bucket, key.data, body, account, NULL);
    buf_free(&key);
    *wrote = *wrote || ok;
    return ok;
}

static void add_status(cJSON *task, const char *code, const char *message)
{
    cJSON_DeleteItemFromObjectCaseSensitive(task, "status");
    cJSON *status = cJSON_AddObjectToObject(task, "status");
    cJSON_AddStringToObject(status, "code", code);
    cJSON_AddStringToObject(status, "message", message);
}

OPERATION(logs_create_export_task)
{
    struct logs_region *r = logs_state(c);
    const cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    double from = param_number(in, "from", 0), to = param_number(in, "to", 0);
    if (from > to)
        return logs_fail_invalid_parameter(c, "The 'to' time must be after the 'from' time.");
    const char *bucket = param_string(in, "destination");
    if (!s3_io_bucket_exists(bucket))
        return logs_fail_invalid_parameter(c, "The given bucket does not exist. Please make sure "
                                              "the bucket is valid.");
    const char *prefix = param_string(in, "destinationPrefix");
    if (!prefix || !prefix[0])
        prefix = DEFAULT_PREFIX;
    char id[37];
    uuid_new(id);

    /* CloudWatch Logs checks it may write before exporting, and leaves the proof behind. */
    struct buf key = BUF_INIT;
    buf_printf(&key, "%s/aws-logs-write-test", prefix);
    static const char proof[] = "Permission Check Successful";
    bool ok = s3_io_put(bucket, key.data, blob_from_memory(proof, sizeof proof - 1),
                        c->route->account, NULL);
    buf_free(&key);
    struct buf task_prefix = BUF_INIT;
    buf_printf(&task_prefix, "%s/%s", prefix, id);
    const char *stream_prefix = param_string(in, "logStreamNamePrefix");
    bool wrote = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(g, "_streams")) {
        const char *name = param_string(s, "logStreamName");
        if (ok && (!stream_prefix || strncmp(name, stream_prefix, strlen(stream_prefix)) == 0))
            ok = export_stream(s, from, to, bucket, task_prefix.data, c->route->account, &wrote);
    }
    buf_free(&task_prefix);

    cJSON *task = cJSON_CreateObject();
    cJSON_AddStringToObject(task, "taskId", id);
    if (param_string(in, "taskName"))
        cJSON_AddStringToObject(task, "taskName", param_string(in, "taskName"));
    cJSON_AddStringToObject(task, "logGroupName", param_string(g, "logGroupName"));
    cJSON_AddNumberToObject(task, "from", from);
    cJSON_AddNumberToObject(task, "to", to);
    cJSON_AddStringToObject(task, "destination", bucket);
    cJSON_AddStringToObject(task, "destinationPrefix", prefix);
    if (ok)
        add_status(task, "COMPLETED", wrote ? "Completed successfully" : "No data found for "
                                                                         "export");
    else
        add_status(task, "FAILED", "The export could not be written to the bucket.");
    cJSON *info = cJSON_AddObjectToObject(task, "executionInfo");
    double now = (double)logs_now_ms();
    cJSON_AddNumberToObject(info, "creationTime", now);
    cJSON_AddNumberToObject(info, "completionTime", now);
    cJSON_AddItemToArray(r->export_tasks, task);
    cJSON_AddStringToObject(out, "taskId", id);
    return 0;
}

OPERATION(logs_describe_export_tasks)
{
    struct logs_region *r = logs_state(c);
    const char *id = param_string(in, "taskId");
    const char *code = param_string(in, "statusCode");
    long limit;
    if (page_size_read(in, "limit", 1, 50, 50, &limit) != 0)
        return logs_fail_invalid_parameter(c, "1 validation error detected: Value '%ld' at "
                                              "'limit' failed to satisfy constraint: Member must "
                                              "have value less than or equal to 50",
                                           limit);
    long start = page_token_index(param_string(in, "nextToken"));
    if (start < 0)
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    cJSON *list = cJSON_AddArrayToObject(out, "exportTasks");
    long seen = 0, listed = 0;
    const cJSON *task;
    cJSON_ArrayForEach(task, r->export_tasks) {
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(task, "status");
        if ((id && strcmp(param_string(task, "taskId"), id) != 0) ||
            (code && strcmp(param_string(status, "code"), code) != 0))
            continue;
        if (seen++ < start)
            continue;
        if (listed == limit) {
            page_token_add_index(out, "nextToken", (size_t)(start + listed));
            break;
        }
        cJSON_AddItemToArray(list, cJSON_Duplicate(task, 1));
        listed++;
    }
    if (id && seen == 0)
        return call_fail_resource_not_found(c, "The specified export task does not exist.");
    return 0;
}

OPERATION(logs_cancel_export_task)
{
    (void)out;
    const char *id = param_string(in, "taskId");
    cJSON *task;
    cJSON_ArrayForEach(task, logs_state(c)->export_tasks) {
        if (strcmp(param_string(task, "taskId"), id) != 0)
            continue;
        const char *code = param_string(cJSON_GetObjectItemCaseSensitive(task, "status"), "code");
        if (strcmp(code, "PENDING") != 0 && strcmp(code, "RUNNING") != 0)
            return call_fail(c, 400, "InvalidOperationException",
                             "The specified export task has already finished.");
        add_status(task, "CANCELLED", "Cancelled by user");
        return 0;
    }
    return call_fail_resource_not_found(c, "The specified export task does not exist.");
}
