/* PutRecord and PutRecordBatch, and records other services put in process
 * (firehose_records.h). Records go to the stream's buffer; delivery.c takes them on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../core/call_error.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "delivery.h"
#include "firehose_records.h"
#include "lookup.h"
#include "ops.h"

#define MAX_RECORD_BYTES 1024000
#define MAX_BATCH_BYTES (4 * 1024 * 1024)
#define RECORD_ID_BYTES 84

static bool stream_encrypted(const struct firehose_stream *s)
{
    const char *status = param_string(s->encryption, "Status");
    return status && strcmp(status, "ENABLED") == 0;
}

/* A record id: opaque to clients, unique per record. */
static void add_record_id(cJSON *out)
{
    unsigned char bytes[RECORD_ID_BYTES];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        memset(bytes, 0, sizeof bytes);
    struct buf id = BUF_INIT;
    base64_encode(bytes, sizeof bytes, &id);
    for (size_t i = 0; i < id.len; i++)
        if (id.data[i] == '/' || id.data[i] == '+')
            id.data[i] = id.data[i] == '/' ? '_' : '-';
    cJSON_AddStringToObject(out, "RecordId", id.data);
    buf_free(&id);
}

/* The stream a put names when it takes direct puts; NULL after failing the call. */
static struct firehose_stream *stream_for_put(struct call *c, const cJSON *in)
{
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (s && strcmp(s->type, "DirectPut") != 0) {
        firehose_fail_argument(c, "This operation is not permitted on %s delivery stream type.",
                               s->type);
        return NULL;
    }
    return s;
}

/* The decoded Data of a record; false after failing the call. */
static bool record_data(struct call *c, const cJSON *record, const char *member, struct buf *out)
{
    const char *data = param_string(record, "Data");
    if (!data || !base64_decode(data, strlen(data), out)) {
        firehose_fail_argument(c, "The record's Data is not valid base64.");
        return false;
    }
    if (out->len > MAX_RECORD_BYTES) {
        call_fail_validation(c, "1 validation error detected: Value at '%s' failed to satisfy "
                                "constraint: Member must have length less than or equal to %d",
                             member, MAX_RECORD_BYTES);
        return false;
    }
    return true;
}

OPERATION(firehose_put_record)
{
    struct firehose_stream *s = stream_for_put(c, in);
    if (!s)
        return -1;
    struct buf data = BUF_INIT;
    if (!record_data(c, cJSON_GetObjectItemCaseSensitive(in, "Record"), "record.data", &data)) {
        buf_free(&data);
        return -1;
    }
    bool encrypted = stream_encrypted(s);
    firehose_delivery_accept(s, data.data, data.len);
    buf_free(&data);
    add_record_id(out);
    cJSON_AddBoolToObject(out, "Encrypted", encrypted);
    return 0;
}

OPERATION(firehose_put_record_batch)
{
    struct firehose_stream *s = stream_for_put(c, in);
    if (!s)
        return -1;
    const cJSON *records = cJSON_GetObjectItemCaseSensitive(in, "Records");
    int n = cJSON_GetArraySize(records);
    struct buf *decoded = xcalloc((size_t)(n > 0 ? n : 1), sizeof *decoded);
    size_t total = 0;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char member[48];
        snprintf(member, sizeof member, "records.%d.member.data", i + 1);
        if (!record_data(c, cJSON_GetArrayItem(records, i), member, &decoded[i]))
            rc = -1;
        else
            total += decoded[i].len;
    }
    if (rc == 0 && total > MAX_BATCH_BYTES)
        rc = firehose_fail_argument(c, "Records size exceeds 4 MiB limit");
    if (rc == 0) {
        bool encrypted = stream_encrypted(s);
        cJSON *responses = cJSON_CreateArray();
        for (int i = 0; i < n; i++) {
            /* a full buffer may flush mid-batch: the stream stays, records keep their order */
            firehose_delivery_accept(s, decoded[i].data, decoded[i].len);
            cJSON *response = cJSON_CreateObject();
            add_record_id(response);
            cJSON_AddItemToArray(responses, response);
        }
        cJSON_AddNumberToObject(out, "FailedPutCount", 0);
        cJSON_AddBoolToObject(out, "Encrypted", encrypted);
        cJSON_AddItemToObject(out, "RequestResponses", responses);
    }
    for (int i = 0; i < n; i++)
        buf_free(&decoded[i]);
    free(decoded);
    return rc;
}

int firehose_put_from_service(const char *stream_arn, const void *data, size_t len,
                              struct proto_error *err)
{
    struct firehose_stream *s = firehose_stream_for_arn(stream_arn);
    if (!s)
        return error_fail(err, 400, "ResourceNotFoundException", "Firehose %s not found.",
                          stream_arn ? stream_arn : "");
    firehose_delivery_accept(s, data, len);
    return 0;
}
