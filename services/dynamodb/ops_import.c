/* ImportTable from S3: a new table filled from the DynamoDB JSON or CSV objects under a bucket
 * prefix (plain or gzip), and the import descriptions DescribeImport and ListImports show.
 *
 * The import runs to its end inside the request; ImportTable answers IN_PROGRESS as DynamoDB
 * does, and DescribeImport already shows the outcome. Objects are decompressed and split into
 * records as they stream, so memory stays bounded by the longest record. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../s3/bucket_io.h"
#include "import_export.h"
#include "ops.h"
#include "request.h"

/* No item is anywhere near this long; a longer line is counted as one bad record. */
#define RECORD_MAX_BYTES (4u * 1024u * 1024u)

enum input_format { FORMAT_DYNAMODB_JSON, FORMAT_CSV, FORMAT_UNSUPPORTED };

struct import_run {
    struct call *c;
    struct ddb_table *t;
    enum input_format format;
    bool gzip;
    char delimiter;
    const cJSON *header_list; /* CSV column names from the request, or NULL */
    long long processed, imported, errors;
    unsigned long long bytes;
    /* per object */
    struct buf record;
    bool record_too_long, in_quotes;
    cJSON *csv_header; /* the columns the object's first line names */
    z_stream zs;
};

/* ---- storing items ---- */

/* Stores item (taken) when it is a valid item of the table. */
static void import_item(struct import_run *run, cJSON *item)
{
    struct proto_error scratch = {0};
    struct call probe = *run->c;
    probe.err = &scratch;
    if (!cJSON_IsObject(item) || ddb_check_item(&probe, run->t, item) != 0) {
        run->errors++;
        cJSON_Delete(item);
    } else {
        cJSON_Delete(ddb_table_put(run->t, item));
        run->imported++;
    }
    proto_error_clear(&scratch);
}

/* A line of DynamoDB JSON: one {"Item": {...}} object, or several written back to back. */
static void import_json_line(struct import_run *run, const char *p, size_t len)
{
    const char *end = p + len;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (p >= end)
            return;
        run->processed++;
        const char *stop = NULL;
        cJSON *doc = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, false);
        if (!doc || !stop || stop <= p) {
            cJSON_Delete(doc);
            run->errors++;
            return;
        }
        p = stop;
        cJSON *item = cJSON_DetachItemFromObjectCaseSensitive(doc, "Item");
        cJSON_Delete(doc);
        import_item(run, item);
    }
}

/* The fields of one CSV record (RFC 4180 quoting), as a list of strings. */
static cJSON *csv_fields(const char *p, size_t len, char delimiter)
{
    cJSON *fields = cJSON_CreateArray();
    struct buf field = BUF_INIT;
    bool quoted = false;
    for (size_t i = 0; i <= len; i++) {
        char ch = i < len ? p[i] : delimiter;
        if (quoted) {
            if (ch == '"' && i + 1 < len && p[i + 1] == '"') {
                buf_append(&field, "\"", 1);
                i++;
            } else if (ch == '"') {
                quoted = false;
            } else {
                buf_append(&field, &ch, 1);
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == delimiter) {
            buf_append(&field, "", 1);
            cJSON_AddItemToArray(fields, cJSON_CreateString(field.data));
            buf_reset(&field);
        } else if (ch != '\r' || i + 1 < len) {
            buf_append(&field, &ch, 1);
        }
    }
    buf_free(&field);
    return fields;
}

/* Key attributes keep the type the table gives them; every other column is a string. */
static enum av_type column_type(const struct ddb_table *t, const char *name)
{
    if (strcmp(name, t->key.hash) == 0)
        return t->key.hash_type;
    if (t->key.range && strcmp(name, t->key.range) == 0)
        return t->key.range_type;
    for (int i = 0; i < t->nindexes; i++) {
        const struct ddb_key_schema *k = &t->indexes[i].key;
        if (strcmp(name, k->hash) == 0)
            return k->hash_type;
        if (k->range && strcmp(name, k->range) == 0)
            return k->range_type;
    }
    return AV_S;
}

static void import_csv_line(struct import_run *run, const char *p, size_t len)
{
    if (len == 0 || (len == 1 && p[0] == '\r'))
        return;
    cJSON *fields = csv_fields(p, len, run->delimiter);
    const cJSON *header = run->header_list ? run->header_list : run->csv_header;
    if (!header) {
        run->csv_header = fields;
        return;
    }
    run->processed++;
    cJSON *item = cJSON_CreateObject();
    int ncolumns = cJSON_GetArraySize(header);
    bool ok = cJSON_GetArraySize(fields) <= ncolumns;
    for (int i = 0; ok && i < cJSON_GetArraySize(fields); i++) {
        const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(header, i));
        const char *value = cJSON_GetStringValue(cJSON_GetArrayItem(fields, i));
        if (name && value && value[0])
            cJSON_AddItemToObject(item, name, av_new_string(column_type(run->t, name), value));
    }
    cJSON_Delete(fields);
    if (!ok) {
        run->errors++;
        cJSON_Delete(item);
        return;
    }
    import_item(run, item);
}

static void end_record(struct import_run *run)
{
    if (run->record_too_long) {
        run->processed++;
        run->errors++;
    } else if (run->format == FORMAT_CSV) {
        import_csv_line(run, run->record.data ? run->record.data : "", run->record.len);
    } else {
        import_json_line(run, run->record.data ? run->record.data : "", run->record.len);
    }
    buf_reset(&run->record);
    run->record_too_long = false;
    run->in_quotes = false;
}

/* Splits decompressed bytes into lines (a CSV line break inside quotes belongs to the field). */
static void take_bytes(struct import_run *run, const char *data, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (run->format == FORMAT_CSV && data[i] == '"')
            run->in_quotes = !run->in_quotes;
        if (data[i] != '\n' || run->in_quotes)
            continue;
        if (!run->record_too_long)
            buf_append(&run->record, data + start, i - start);
        end_record(run);
        start = i + 1;
    }
    if (run->record_too_long || start == len)
        return;
    if (run->record.len + (len - start) > RECORD_MAX_BYTES) {
        run->record_too_long = true;
        buf_reset(&run->record);
        return;
    }
    buf_append(&run->record, data + start, len - start);
}

/* ---- reading objects ---- */

/* A slice of a compressed object: inflated and passed on. Several gzip members in a row are one
 * stream, as gunzip reads them. */
static bool inflate_slice(void *ctx, const void *data, size_t len)
{
    struct import_run *run = ctx;
    unsigned char out[16384];
    run->zs.next_in = (unsigned char *)(uintptr_t)data;
    run->zs.avail_in = (uInt)len;
    while (run->zs.avail_in > 0) {
        run->zs.next_out = out;
        run->zs.avail_out = sizeof out;
        int rc = inflate(&run->zs, Z_NO_FLUSH);
        take_bytes(run, (const char *)out, sizeof out - run->zs.avail_out);
        if (rc == Z_STREAM_END)
            inflateReset(&run->zs);
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return false;
        else if (rc == Z_BUF_ERROR && run->zs.avail_out == sizeof out)
            return false;
    }
    return true;
}

static bool plain_slice(void *ctx, const void *data, size_t len)
{
    take_bytes(ctx, data, len);
    return true;
}

static bool import_object(void *ctx, const char *key, const struct blob *body)
{
    (void)key;
    struct import_run *run = ctx;
    uint64_t length = blob_length(body);
    run->bytes += length;
    if (run->format == FORMAT_UNSUPPORTED) {
        run->processed++;
        run->errors++;
        return true;
    }
    bool ok;
    if (run->gzip) {
        memset(&run->zs, 0, sizeof run->zs);
        ok = inflateInit2(&run->zs, 16 + MAX_WBITS) == Z_OK;
        ok = ok && blob_each_slice(body, 0, length, inflate_slice, run);
        inflateEnd(&run->zs);
    } else {
        ok = blob_each_slice(body, 0, length, plain_slice, run);
    }
    if (run->record.len > 0 || run->record_too_long)
        end_record(run);
    if (!ok) {
        /* An object that does not decompress is one unreadable record. */
        run->processed++;
        run->errors++;
    }
    buf_reset(&run->record);
    run->in_quotes = false;
    cJSON_Delete(run->csv_header);
    run->csv_header = NULL;
    return true;
}

/* ---- the operations ---- */

static enum input_format input_format(const char *name)
{
    if (name && strcmp(name, "CSV") == 0)
        return FORMAT_CSV;
    if (!name || strcmp(name, "DYNAMODB_JSON") == 0)
        return FORMAT_DYNAMODB_JSON;
    return FORMAT_UNSUPPORTED; /* ION */
}

static cJSON *import_description(const struct call *c, const cJSON *in, const struct ddb_table *t,
                                 double now)
{
    cJSON *d = cJSON_CreateObject();
    struct buf arn = BUF_INIT;
    char id[32];
    ddb_export_id(ddb_call_region(c)->imports, now, id, sizeof id);
    buf_printf(&arn, "%s/import/%s", t->arn, id);
    cJSON_AddStringToObject(d, "ImportArn", arn.data);
    buf_free(&arn);
    cJSON_AddStringToObject(d, "ImportStatus", "IN_PROGRESS");
    cJSON_AddStringToObject(d, "TableArn", t->arn);
    cJSON_AddStringToObject(d, "TableId", t->id);
    /* Where DynamoDB logs the records an import refuses (motoc keeps no such log). */
    char *log_group = arn_build("logs", c->route->region, c->route->account,
                                "log-group:/aws-dynamodb/imports:*");
    cJSON_AddStringToObject(d, "CloudWatchLogGroupArn", log_group);
    free(log_group);
    static const char *const echoed[] = {"ClientToken", "S3BucketSource", "InputFormat",
                                         "InputFormatOptions", "TableCreationParameters"};
    for (size_t i = 0; i < sizeof echoed / sizeof echoed[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, echoed[i]);
        if (v)
            cJSON_AddItemToObject(d, echoed[i], cJSON_Duplicate(v, true));
    }
    const char *compression = param_string(in, "InputCompressionType");
    cJSON_AddStringToObject(d, "InputCompressionType", compression ? compression : "NONE");
    cJSON_AddNumberToObject(d, "StartTime", now);
    return d;
}

static void finish(cJSON *d, const struct import_run *run, const char *status)
{
    cJSON_ReplaceItemInObjectCaseSensitive(d, "ImportStatus", cJSON_CreateString(status));
    cJSON_AddNumberToObject(d, "EndTime", ddb_now_seconds());
    cJSON_AddNumberToObject(d, "ProcessedSizeBytes", (double)run->bytes);
    cJSON_AddNumberToObject(d, "ProcessedItemCount", (double)run->processed);
    cJSON_AddNumberToObject(d, "ImportedItemCount", (double)run->imported);
    cJSON_AddNumberToObject(d, "ErrorCount", (double)run->errors);
}

static void fail(cJSON *d, const char *code, const char *message)
{
    cJSON_AddStringToObject(d, "FailureCode", code);
    cJSON_AddStringToObject(d, "FailureMessage", message);
}

static int run_import(struct call *c, const cJSON *in, struct ddb_table *t, cJSON *d)
{
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(in, "S3BucketSource");
    const char *bucket = param_string(source, "S3Bucket");
    const char *compression = param_string(in, "InputCompressionType");
    const cJSON *csv = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(in, "InputFormatOptions"), "Csv");
    const char *delimiter = param_string(csv, "Delimiter");
    struct import_run run = {
        .c = c,
        .t = t,
        .format = input_format(param_string(in, "InputFormat")),
        .gzip = compression && strcmp(compression, "GZIP") == 0,
        .delimiter = delimiter && delimiter[0] ? delimiter[0] : ',',
        .header_list = cJSON_GetObjectItemCaseSensitive(csv, "HeaderList"),
        .record = BUF_INIT,
    };
    /* No zstd decoder is at hand: such objects count as unreadable. */
    if (compression && strcmp(compression, "ZSTD") == 0)
        run.format = FORMAT_UNSUPPORTED;
    if (!s3_io_bucket_exists(bucket)) {
        finish(d, &run, "FAILED");
        fail(d, "S3NoSuchBucket", "The specified bucket does not exist");
        return -1;
    }
    ddb_region_add_table(ddb_call_region(c), t);
    s3_io_each_object(bucket, param_string(source, "S3KeyPrefix"), import_object, &run);
    buf_free(&run.record);
    finish(d, &run, run.errors ? "FAILED" : "COMPLETED");
    if (run.errors)
        fail(d, "ItemValidationError",
             "Some of the items failed validation checks and were not imported. Please check "
             "CloudWatch error logs for more details.");
    return 0;
}

int ddb_import_table(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    const cJSON *seen = ddb_description_find(r->imports, "ClientToken", param_string(in, "ClientToken"));
    if (seen) {
        cJSON_AddItemToObject(out, "ImportTableDescription", cJSON_Duplicate(seen, true));
        return 0;
    }
    struct ddb_table *t =
        ddb_table_from_request(c, cJSON_GetObjectItemCaseSensitive(in, "TableCreationParameters"));
    if (!t)
        return -1;
    double now = ddb_now_seconds();
    cJSON *d = import_description(c, in, t, now);
    cJSON_AddItemToObject(out, "ImportTableDescription", cJSON_Duplicate(d, true));
    if (run_import(c, in, t, d) != 0)
        ddb_table_free(t);
    cJSON_AddItemToArray(r->imports, d);
    return 0;
}

int ddb_describe_import(struct call *c, const cJSON *in, cJSON *out)
{
    const char *arn = param_string(in, "ImportArn");
    const cJSON *d = ddb_description_find(ddb_call_region(c)->imports, "ImportArn", arn);
    if (!d)
        return call_fail(c, 400, "ImportNotFoundException", "Import not found: %s", arn);
    cJSON_AddItemToObject(out, "ImportTableDescription", cJSON_Duplicate(d, true));
    return 0;
}

int ddb_list_imports(struct call *c, const cJSON *in, cJSON *out)
{
    static const char *const summary[] = {"ImportArn", "ImportStatus", "TableArn",
                                          "S3BucketSource", "CloudWatchLogGroupArn",
                                          "InputFormat", "StartTime", "EndTime"};
    return ddb_list_descriptions(c, in, ddb_call_region(c)->imports, "PageSize", summary,
                                 sizeof summary / sizeof summary[0], "ImportSummaryList", out);
}
