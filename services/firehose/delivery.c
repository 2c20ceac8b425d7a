/* Buffering and delivery of delivery streams (delivery.h). A stream's buffer is flushed whole
 * into one S3 object or one HTTP endpoint request. A delivery S3 cannot take (no such bucket)
 * leaves the records buffered for the next interval, as AWS keeps retrying; past
 * MAX_UNDELIVERED_BYTES they are dropped, so a stream pointing nowhere cannot grow without
 * bound. An HTTP endpoint that fails or refuses a request gets its records written to the
 * stream's S3 backup bucket under the error prefix, with error output type
 * "http-endpoint-failed". With a Lambda processor, a flushed buffer first goes to the function
 * (transform.h) and what it returns is delivered. */
#include "delivery.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/http_client.h"
#include "../../http/log.h"
#include "../../http/loop.h"
#include "../core/codec_util.h"
#include "../core/content_encoding.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../kinesis/kinesis_records.h"
#include "../s3/blob.h"
#include "../s3/blob_gzip.h"
#include "../s3/bucket_io.h"
#include "object_key.h"
#include "processing.h"
#include "transform.h"

#define MIB (1024.0 * 1024.0)
#define DEFAULT_SIZE_MB 5
#define DEFAULT_INTERVAL_SECONDS 300
#define MAX_UNDELIVERED_BYTES (128u * 1024u * 1024u)
#define RETRY_SECONDS 60

enum destination_kind { DESTINATION_NONE, DESTINATION_S3, DESTINATION_HTTP };

static enum destination_kind destination_kind(const struct firehose_stream *s, const cJSON **d)
{
    const cJSON *member = s->destination ? s->destination->child : NULL;
    *d = member;
    if (!member || !member->string)
        return DESTINATION_NONE;
    if (strcmp(member->string, "ExtendedS3DestinationDescription") == 0 ||
        strcmp(member->string, "S3DestinationDescription") == 0)
        return DESTINATION_S3;
    if (strcmp(member->string, "HttpEndpointDestinationDescription") == 0)
        return DESTINATION_HTTP;
    return DESTINATION_NONE;
}

static void buffering_hints(const cJSON *d, double *size_bytes, double *interval_seconds)
{
    const cJSON *hints = cJSON_GetObjectItemCaseSensitive(d, "BufferingHints");
    double size = param_number(hints, "SizeInMBs", DEFAULT_SIZE_MB);
    double interval = param_number(hints, "IntervalInSeconds", DEFAULT_INTERVAL_SECONDS);
    /* the model's bounds; a loaded save is held to them too */
    *size_bytes = (size >= 1 ? (size <= 128 ? size : 128) : 1) * MIB;
    *interval_seconds = interval >= 0 ? (interval <= 900 ? interval : 900) : 0;
}

/* The bucket a BucketARN names: what follows its last ':'. */
static const char *bucket_of(const cJSON *s3)
{
    const char *arn = param_string(s3, "BucketARN");
    const char *colon = arn ? strrchr(arn, ':') : NULL;
    return colon ? colon + 1 : NULL;
}

/* ---- S3 ---- */

/* Writes body (taken) to a new object under the destination's prefix (or its error prefix when
 * error_type is set). */
static bool put_object(const struct firehose_stream *s, const cJSON *s3, double when,
                       const char *error_type, const cJSON *partition_keys, struct blob *body,
                       const char *extension)
{
    const char *bucket = bucket_of(s3);
    if (!bucket || !s3_io_bucket_exists(bucket)) {
        if (body)
            blob_unref(body);
        return false;
    }
    struct buf key = BUF_INIT;
    firehose_prefix_expand(param_string(s3, error_type ? "ErrorOutputPrefix" : "Prefix"), when,
                           error_type, partition_keys, &key);
    char uuid[37];
    uuid_new(uuid);
    firehose_object_name(s->name, s->version, when, uuid, extension, &key);
    bool ok = body && s3_io_put(bucket, key.data, body, s->owner->account, NULL);
    buf_free(&key);
    return ok;
}

/* The records [0, n) concatenated, gzipped when the destination says so. */
static struct blob *records_body(const struct firehose_record *records, size_t n, bool gzip)
{
    if (gzip) {
        struct blob_gzip *z = blob_gzip_new();
        for (size_t i = 0; z && i < n; i++) {
            if (!blob_gzip_write(z, records[i].data, records[i].len)) {
                blob_gzip_abandon(z);
                return NULL;
            }
        }
        return z ? blob_gzip_finish(z) : NULL;
    }
    struct blob_builder *w = blob_builder_new();
    for (size_t i = 0; i < n; i++)
        if (!blob_builder_append_bytes(w, records[i].data, records[i].len)) {
            blob_builder_abandon(w);
            return NULL;
        }
    return blob_builder_finish(w);
}

/* Snappy, ZIP and HADOOP_SNAPPY objects are written uncompressed (motoc has no Snappy codec);
 * GZIP ones are gzip members ending in .gz. A FileExtension of the destination replaces the
 * usual extension. */
static bool put_records(const struct firehose_stream *s, const cJSON *s3,
                        const struct firehose_record *records, size_t n, const char *error_type,
                        const cJSON *partition_keys)
{
    const char *format = param_string(s3, "CompressionFormat");
    bool gzip = format && strcmp(format, "GZIP") == 0;
    const char *extension = param_string(s3, "FileExtension");
    if (!extension)
        extension = gzip ? ".gz" : "";
    return put_object(s, s3, records[0].arrival, error_type, partition_keys,
                      records_body(records, n, gzip), extension);
}

static bool same_partition(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* One object per partition (dynamic partitioning), records that could not be partitioned
 * under the error prefix as "partitioning-failed"; without partitions one object. */
static bool deliver_to_s3(const struct firehose_stream *s, const cJSON *s3,
                          const struct firehose_record *records, size_t n)
{
    bool partitioned = false;
    for (size_t i = 0; i < n && !partitioned; i++)
        partitioned = records[i].partition != NULL;
    if (!partitioned)
        return put_records(s, s3, records, n, NULL, NULL);
    bool *taken = xcalloc(n, sizeof *taken);
    struct firehose_record *group = xmalloc(n * sizeof *group);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (taken[i])
            continue;
        size_t count = 0;
        for (size_t j = i; j < n; j++) {
            if (!taken[j] && same_partition(records[i].partition, records[j].partition)) {
                taken[j] = true;
                group[count++] = records[j];
            }
        }
        const char *partition = records[i].partition;
        cJSON *keys = partition && partition[0] ? cJSON_Parse(partition) : NULL;
        ok = put_records(s, s3, group, count,
                         partition && !partition[0] ? "partitioning-failed" : NULL, keys);
        cJSON_Delete(keys);
    }
    free(group);
    free(taken);
    return ok;
}

/* ---- HTTP endpoints ---- */

/* What a request in flight needs once its answer comes: where its records go if it failed. */
struct http_delivery {
    char account[16], region[32];
    char *stream;
    cJSON *records; /* [{"data": base64, "arrival": epoch seconds}] */
};

static void http_delivery_free(struct http_delivery *h)
{
    free(h->stream);
    cJSON_Delete(h->records);
    free(h);
}

/* The S3 destination that takes a stream's error output: the destination itself, or an HTTP
 * endpoint destination's S3 backup. */
static const cJSON *error_bucket(const struct firehose_stream *s)
{
    const cJSON *d;
    switch (destination_kind(s, &d)) {
    case DESTINATION_S3:
        return d;
    case DESTINATION_HTTP:
        return cJSON_GetObjectItemCaseSensitive(d, "S3DestinationDescription");
    default:
        return NULL;
    }
}

void firehose_back_up_failed(const struct firehose_stream *s, const cJSON *failures,
                             const char *error_type)
{
    const cJSON *s3 = error_bucket(s);
    if (!s3 || cJSON_GetArraySize(failures) == 0)
        return;
    struct blob_builder *w = blob_builder_new();
    double now = firehose_now();
    double first = now;
    const cJSON *f;
    cJSON_ArrayForEach(f, failures) {
        double arrival = param_number(f, "arrival", now);
        if (arrival < first)
            first = arrival;
        cJSON *line = cJSON_CreateObject();
        cJSON_AddNumberToObject(line, "attemptsMade", 1);
        cJSON_AddNumberToObject(line, "arrivalTimestamp", (double)(long long)(arrival * 1000));
        cJSON_AddStringToObject(line, "errorCode", param_string(f, "errorCode"));
        cJSON_AddStringToObject(line, "errorMessage", param_string(f, "errorMessage"));
        cJSON_AddNumberToObject(line, "attemptEndingTimestamp", (double)(long long)(now * 1000));
        cJSON_AddStringToObject(line, "rawData", param_string(f, "data"));
        if (param_string(f, "lambdaArn"))
            cJSON_AddStringToObject(line, "lambdaArn", param_string(f, "lambdaArn"));
        char *text = cJSON_PrintUnformatted(line);
        cJSON_Delete(line);
        blob_builder_append_bytes(w, text, strlen(text));
        blob_builder_append_bytes(w, "\n", 1);
        cJSON_free(text);
    }
    if (!put_object(s, s3, first, error_type, NULL, blob_builder_finish(w), ""))
        log_msg(LOG_WARN, "firehose: %s: %s records could not be backed up", s->name,
                error_type);
}

/* Records an HTTP endpoint did not take, with why (status 0: it could not be reached). */
static void back_up_http_failures(const struct firehose_stream *s, cJSON *records, int status)
{
    char message[96];
    if (status)
        snprintf(message, sizeof message, "The endpoint answered with status %d.", status);
    else
        snprintf(message, sizeof message, "The endpoint could not be reached.");
    cJSON *f;
    cJSON_ArrayForEach(f, records) {
        cJSON_AddStringToObject(f, "errorCode", status ? "HttpEndpoint.ResponseFailure"
                                                       : "HttpEndpoint.RequestTimeout");
        cJSON_AddStringToObject(f, "errorMessage", message);
    }
    firehose_back_up_failed(s, records, "http-endpoint-failed");
}

static void http_delivery_done(void *arg, int status)
{
    struct http_delivery *h = arg;
    if (status < 200 || status > 299) {
        struct firehose_stream *s =
            firehose_stream_find(firehose_region_find(h->account, h->region), h->stream);
        log_msg(LOG_INFO, "firehose: %s: the HTTP endpoint answered %d", h->stream, status);
        if (s)
            back_up_http_failures(s, h->records, status);
    }
    http_delivery_free(h);
}

static const char *endpoint_header(const cJSON *endpoint, const char *member)
{
    const char *value = param_string(endpoint, member);
    return value && value[0] ? value : NULL;
}

static void deliver_to_http(const struct firehose_stream *s, const cJSON *d,
                            const struct firehose_record *records, size_t n)
{
    const cJSON *endpoint = cJSON_GetObjectItemCaseSensitive(d, "EndpointConfiguration");
    const cJSON *request = cJSON_GetObjectItemCaseSensitive(d, "RequestConfiguration");
    struct http_delivery *h = xcalloc(1, sizeof *h);
    snprintf(h->account, sizeof h->account, "%s", s->owner->account);
    snprintf(h->region, sizeof h->region, "%s", s->owner->region);
    h->stream = xstrdup(s->name);
    h->records = cJSON_CreateArray();

    char request_id[37];
    uuid_new(request_id);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "requestId", request_id);
    cJSON_AddNumberToObject(doc, "timestamp", (double)(long long)(firehose_now() * 1000));
    cJSON *list = cJSON_AddArrayToObject(doc, "records");
    for (size_t i = 0; i < n; i++) {
        struct buf encoded = BUF_INIT;
        base64_encode(records[i].data, records[i].len, &encoded);
        const char *text = encoded.data ? encoded.data : "";
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "data", text);
        cJSON_AddItemToArray(list, entry);
        cJSON *kept = cJSON_CreateObject();
        cJSON_AddStringToObject(kept, "data", text);
        cJSON_AddNumberToObject(kept, "arrival", records[i].arrival);
        cJSON_AddItemToArray(h->records, kept);
        buf_free(&encoded);
    }
    char *body = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);

    struct http_client_header headers[8];
    size_t count = 0;
    headers[count++] = (struct http_client_header){"Content-Type", "application/json"};
    headers[count++] = (struct http_client_header){"X-Amz-Firehose-Protocol-Version", "1.0"};
    headers[count++] = (struct http_client_header){"X-Amz-Firehose-Request-Id", request_id};
    headers[count++] = (struct http_client_header){"X-Amz-Firehose-Source-Arn", s->arn};
    const char *access_key = endpoint_header(endpoint, "AccessKey");
    if (access_key)
        headers[count++] = (struct http_client_header){"X-Amz-Firehose-Access-Key", access_key};
    char *common = NULL;
    const cJSON *attributes = cJSON_GetObjectItemCaseSensitive(request, "CommonAttributes");
    if (cJSON_IsArray(attributes)) {
        cJSON *wrapper = cJSON_CreateObject();
        cJSON *map = cJSON_AddObjectToObject(wrapper, "commonAttributes");
        const cJSON *a;
        cJSON_ArrayForEach(a, attributes)
            if (param_string(a, "AttributeName") && param_string(a, "AttributeValue"))
                cJSON_AddStringToObject(map, param_string(a, "AttributeName"),
                                        param_string(a, "AttributeValue"));
        common = cJSON_PrintUnformatted(wrapper);
        cJSON_Delete(wrapper);
        headers[count++] = (struct http_client_header){"X-Amz-Firehose-Common-Attributes", common};
    }
    const char *encoding = param_string(request, "ContentEncoding");
    struct buf gzipped = BUF_INIT;
    const char *payload = body;
    size_t payload_len = strlen(body);
    if (encoding && strcmp(encoding, "GZIP") == 0 && gzip_encode(body, payload_len, &gzipped)) {
        headers[count++] = (struct http_client_header){"Content-Encoding", "gzip"};
        payload = (const char *)gzipped.data;
        payload_len = gzipped.len;
    }
    struct http_client_request req = {
        .method = "POST",
        .url = param_string(endpoint, "Url"),
        .headers = headers,
        .header_count = count,
        .body = payload,
        .body_len = payload_len,
        .owner = h,
        .done = http_delivery_done,
        .done_arg = h,
    };
    if (!req.url || !http_client_start(&req)) {
        log_msg(LOG_INFO, "firehose: %s: the HTTP endpoint %s cannot be reached from motoc "
                "(only loopback and private addresses are)", s->name, req.url ? req.url : "");
        back_up_http_failures(s, h->records, 0);
        http_delivery_free(h);
    }
    buf_free(&gzipped);
    cJSON_free(common);
    cJSON_free(body);
}

/* The endpoint request, and a copy of every record in the S3 backup when it keeps AllData. */
static void deliver_to_http_and_back_up(const struct firehose_stream *s, const cJSON *d,
                                        const struct firehose_record *records, size_t n)
{
    deliver_to_http(s, d, records, n);
    const char *mode = param_string(d, "S3BackupMode");
    if (mode && strcmp(mode, "AllData") == 0)
        deliver_to_s3(s, cJSON_GetObjectItemCaseSensitive(d, "S3DestinationDescription"),
                      records, n);
}

/* ---- buffering ---- */

static void flush_timer_fired(struct loop_timer *t)
{
    struct firehose_stream *s =
        (struct firehose_stream *)((char *)t - offsetof(struct firehose_stream, flush_timer));
    firehose_delivery_flush(s);
}

static void arm_in(struct firehose_stream *s, double seconds)
{
    struct event_loop *loop = loop_current();
    if (!loop || loop_timer_armed(&s->flush_timer))
        return;
    loop_timer_start(loop, &s->flush_timer, seconds > 0 ? (uint64_t)(seconds * 1000.0) : 0,
                     flush_timer_fired);
}

/* Set when records were loaded before any event loop ran (a server loads its state before its
 * loop starts): their timers start with the first Firehose call or record that comes. */
static bool resume_after_load;

static void arm_stream(struct firehose_stream *s, void *ctx)
{
    (void)ctx;
    firehose_delivery_arm(s);
}

void firehose_delivery_resume(void)
{
    if (!resume_after_load || !loop_current())
        return;
    resume_after_load = false;
    firehose_each_stream(arm_stream, NULL);
}

void firehose_delivery_arm(struct firehose_stream *s)
{
    if (!loop_current()) {
        resume_after_load = s->n_pending > 0 || resume_after_load;
        return;
    }
    const cJSON *d;
    if (s->n_pending == 0 || destination_kind(s, &d) == DESTINATION_NONE)
        return;
    double size, interval;
    buffering_hints(d, &size, &interval);
    double waited = firehose_now() - s->pending[0].arrival;
    arm_in(s, interval - waited);
}

void firehose_delivery_cancel(struct firehose_stream *s)
{
    if (loop_timer_armed(&s->flush_timer) && loop_current())
        loop_timer_stop(loop_current(), &s->flush_timer);
}

void firehose_deliver_transformed(struct firehose_stream *s, const struct firehose_record *records,
                                  size_t n)
{
    const cJSON *d;
    enum destination_kind kind = destination_kind(s, &d);
    if (n == 0)
        return;
    if (kind == DESTINATION_S3 && !deliver_to_s3(s, d, records, n))
        log_msg(LOG_WARN, "firehose: %s: bucket %s cannot take %zu transformed records; "
                "dropped", s->name, bucket_of(d) ? bucket_of(d) : "", n);
    if (kind == DESTINATION_HTTP)
        deliver_to_http_and_back_up(s, d, records, n);
}

void firehose_delivery_flush(struct firehose_stream *s)
{
    firehose_delivery_cancel(s);
    const cJSON *d;
    enum destination_kind kind = destination_kind(s, &d);
    size_t n = s->n_pending;
    if (n == 0)
        return;
    const char *function = firehose_lambda_processor(d);
    if (function) {
        /* The function's answer goes on to the destination (firehose_deliver_transformed). */
        firehose_transform(s, function, s->pending, n);
    } else if (kind == DESTINATION_S3) {
        if (!deliver_to_s3(s, d, s->pending, n)) {
            if (s->pending_bytes > MAX_UNDELIVERED_BYTES) {
                log_msg(LOG_WARN, "firehose: %s: dropping %zu records S3 never took", s->name, n);
                firehose_stream_drop_pending(s, n);
            } else {
                log_msg(LOG_INFO, "firehose: %s: bucket %s cannot take the delivery; retrying",
                        s->name, bucket_of(d) ? bucket_of(d) : "");
                arm_in(s, RETRY_SECONDS);
            }
            return;
        }
    } else if (kind == DESTINATION_HTTP) {
        deliver_to_http_and_back_up(s, d, s->pending, n);
    }
    firehose_stream_drop_pending(s, n);
}

static void buffer_processed(void *ctx, const void *data, size_t len, const char *partition)
{
    firehose_stream_buffer(ctx, data, len, firehose_now(), partition);
}

void firehose_delivery_accept(struct firehose_stream *s, const void *data, size_t len)
{
    const cJSON *d;
    if (destination_kind(s, &d) == DESTINATION_NONE)
        return;
    firehose_delivery_resume();
    firehose_process_record(d, data, len, buffer_processed, s);
    double size, interval;
    buffering_hints(d, &size, &interval);
    if ((double)s->pending_bytes >= size)
        firehose_delivery_flush(s);
    else
        firehose_delivery_arm(s);
}

/* ---- Kinesis sources ---- */

struct kinesis_arrival {
    const char *stream_arn;
    const struct buf *data;
};

static void take_from_kinesis(struct firehose_stream *s, void *ctx)
{
    const struct kinesis_arrival *a = ctx;
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(s->source,
                                                           "KinesisStreamSourceDescription");
    const char *arn = param_string(source, "KinesisStreamARN");
    if (strcmp(s->type, "KinesisStreamAsSource") == 0 && arn && strcmp(arn, a->stream_arn) == 0)
        firehose_delivery_accept(s, a->data->data, a->data->len);
}

static void kinesis_record_taken(const char *stream_arn, const char *data_base64)
{
    struct buf data = BUF_INIT;
    if (base64_decode(data_base64, strlen(data_base64), &data)) {
        struct kinesis_arrival a = {stream_arn, &data};
        firehose_each_stream(take_from_kinesis, &a);
    }
    buf_free(&data);
}

void firehose_delivery_listen(void)
{
    kinesis_set_record_listener(kinesis_record_taken);
}
