/* Firehose's Lambda data transformation (transform.h). A batch in flight keeps copies of its
 * records and finds its stream again by name when the function answers, so a stream deleted
 * meanwhile simply loses the batch, as it loses its buffer. */
#include "transform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "../lambda/invoke_function.h"
#include "delivery.h"

/* What one invocation may carry: AWS buffers at most 3 MB for a function, well inside Lambda's
 * 6 MB payload once base64 is added. */
#define TRANSFORM_BATCH_BYTES (3u * 1024u * 1024u)

struct transform_batch {
    char account[16], region[32];
    char *stream, *function;
    struct firehose_record *records;
    size_t n;
};

static void batch_free(struct transform_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->records[i].data);
        free(b->records[i].partition);
    }
    free(b->records);
    free(b->stream);
    free(b->function);
    free(b);
}

static void record_id(size_t index, char out[24])
{
    snprintf(out, 24, "%zu", index);
}

static char *invocation_payload(const struct firehose_stream *s, const struct transform_batch *b)
{
    cJSON *doc = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(doc, "invocationId", id);
    cJSON_AddStringToObject(doc, "deliveryStreamArn", s->arn);
    cJSON_AddStringToObject(doc, "region", s->owner->region);
    cJSON *records = cJSON_AddArrayToObject(doc, "records");
    for (size_t i = 0; i < b->n; i++) {
        cJSON *r = cJSON_CreateObject();
        char rid[24];
        record_id(i, rid);
        cJSON_AddStringToObject(r, "recordId", rid);
        cJSON_AddNumberToObject(r, "approximateArrivalTimestamp",
                                (double)(long long)(b->records[i].arrival * 1000));
        struct buf data = BUF_INIT;
        base64_encode(b->records[i].data, b->records[i].len, &data);
        cJSON_AddStringToObject(r, "data", data.data ? data.data : "");
        buf_free(&data);
        cJSON_AddItemToArray(records, r);
    }
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

static void add_failure(cJSON *failures, const struct transform_batch *b, size_t i,
                        const char *code, const char *message)
{
    cJSON *f = cJSON_CreateObject();
    struct buf data = BUF_INIT;
    base64_encode(b->records[i].data, b->records[i].len, &data);
    cJSON_AddStringToObject(f, "data", data.data ? data.data : "");
    buf_free(&data);
    cJSON_AddNumberToObject(f, "arrival", b->records[i].arrival);
    cJSON_AddStringToObject(f, "errorCode", code);
    cJSON_AddStringToObject(f, "errorMessage", message);
    cJSON_AddStringToObject(f, "lambdaArn", b->function);
    cJSON_AddItemToArray(failures, f);
}

/* The function's answers by record index (NULL where it gave none), in one pass: record ids are
 * the indices as text, and the first answer for an id counts. */
static const cJSON **answers_by_record(const cJSON *answers, size_t n)
{
    const cJSON **by_record = xcalloc(n ? n : 1, sizeof *by_record);
    const cJSON *a;
    cJSON_ArrayForEach(a, answers) {
        const char *id = param_string(a, "recordId");
        char *end;
        unsigned long long i = id && id[0] >= '0' && id[0] <= '9' ? strtoull(id, &end, 10) : n;
        char canonical[24];
        if (i >= n || *end)
            continue;
        record_id((size_t)i, canonical);
        if (strcmp(canonical, id) == 0 && !by_record[i])
            by_record[i] = a;
    }
    return by_record;
}

/* Sorts the batch's records by the function's results: Ok ones (with the data it returned)
 * into kept, the failed ones into failures. */
static void sort_results(const struct transform_batch *b, const cJSON *answers,
                         struct firehose_record *kept, size_t *n_kept, cJSON *failures)
{
    const cJSON **by_record = answers_by_record(answers, b->n);
    for (size_t i = 0; i < b->n; i++) {
        const cJSON *a = by_record[i];
        const char *result = param_string(a, "result");
        struct buf data = BUF_INIT;
        if (!a) {
            add_failure(failures, b, i, "Lambda.MissingRecordId",
                        "One or more record Ids were not returned. Ensure that the Lambda "
                        "function returns all received record Ids.");
        } else if (result && strcmp(result, "Dropped") == 0) {
            /* filtered out by the function */
        } else if (result && strcmp(result, "ProcessingFailed") == 0) {
            add_failure(failures, b, i, "Lambda.ProcessingFailedStatus",
                        "ProcessingFailed status set for record");
        } else if (!result || strcmp(result, "Ok") != 0 || !param_string(a, "data") ||
                   !base64_decode(param_string(a, "data"), strlen(param_string(a, "data")),
                                  &data)) {
            add_failure(failures, b, i, "Lambda.InvalidReturnedRecord",
                        "The Lambda function returned a record without a valid result or "
                        "base64 data.");
        } else {
            struct firehose_record *k = &kept[(*n_kept)++];
            k->data = (unsigned char *)(data.data ? data.data : xstrdup(""));
            k->len = data.len;
            k->arrival = b->records[i].arrival;
            k->partition = NULL;
            continue;
        }
        buf_free(&data);
    }
    free(by_record);
}

static void transformed(void *arg, const struct lambda_outcome *o)
{
    struct transform_batch *b = arg;
    struct firehose_stream *s =
        firehose_stream_find(firehose_region_find(b->account, b->region), b->stream);
    if (!s) {
        batch_free(b);
        return;
    }
    cJSON *failures = cJSON_CreateArray();
    struct firehose_record *kept = xcalloc(b->n ? b->n : 1, sizeof *kept);
    size_t n_kept = 0;
    cJSON *answer = !o->error_code && !o->function_error
                        ? cJSON_ParseWithLength(o->payload, o->payload_len)
                        : NULL;
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(answer, "records");
    if (cJSON_IsArray(answers)) {
        sort_results(b, answers, kept, &n_kept, failures);
    } else {
        const char *code = o->error_code || o->function_error ? "Lambda.FunctionError"
                                                              : "Lambda.JsonProcessingException";
        for (size_t i = 0; i < b->n; i++)
            add_failure(failures, b, i, code,
                        o->error_code || o->function_error
                            ? "The Lambda function was successfully invoked but it returned an "
                              "error result."
                            : "The response from the Lambda function was not valid JSON with "
                              "a records list.");
    }
    cJSON_Delete(answer);
    firehose_deliver_transformed(s, kept, n_kept);
    firehose_back_up_failed(s, failures, "processing-failed");
    for (size_t i = 0; i < n_kept; i++)
        free(kept[i].data);
    free(kept);
    cJSON_Delete(failures);
    batch_free(b);
}

/* Invokes the function with records [0, n); a function that cannot be run fails them all. */
static void transform_batch(const struct firehose_stream *s, const char *function,
                            const struct firehose_record *records, size_t n)
{
    struct transform_batch *b = xcalloc(1, sizeof *b);
    snprintf(b->account, sizeof b->account, "%s", s->owner->account);
    snprintf(b->region, sizeof b->region, "%s", s->owner->region);
    b->stream = xstrdup(s->name);
    b->function = xstrdup(function);
    b->records = xcalloc(n, sizeof *b->records);
    b->n = n;
    for (size_t i = 0; i < n; i++) {
        b->records[i].data = xmalloc(records[i].len ? records[i].len : 1);
        memcpy(b->records[i].data, records[i].data, records[i].len);
        b->records[i].len = records[i].len;
        b->records[i].arrival = records[i].arrival;
    }
    char *payload = invocation_payload(s, b);
    struct proto_error err = {0};
    if (!lambda_invoke_function(s->owner->account, s->owner->region, function, NULL, payload,
                                strlen(payload), transformed, b, &err)) {
        log_msg(LOG_INFO, "firehose: %s: cannot invoke %s (%s)", s->name, function, err.code);
        cJSON *failures = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            add_failure(failures, b, i, "Lambda.InvokeAccessDenied",
                        "Access was denied. Ensure that the function exists and the role "
                        "allows lambda:InvokeFunction.");
        firehose_back_up_failed(s, failures, "processing-failed");
        cJSON_Delete(failures);
        batch_free(b);
    }
    proto_error_clear(&err);
    free(payload);
}

void firehose_transform(const struct firehose_stream *s, const char *function,
                        const struct firehose_record *records, size_t n)
{
    size_t start = 0;
    while (start < n) {
        size_t end = start, bytes = 0;
        while (end < n && (end == start || bytes + records[end].len <= TRANSFORM_BATCH_BYTES))
            bytes += records[end++].len;
        transform_batch(s, function, records + start, end - start);
        start = end;
    }
}
