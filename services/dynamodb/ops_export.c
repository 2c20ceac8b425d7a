/* ExportTableToPointInTime to S3 in DynamoDB's export layout, and the export descriptions
 * DescribeExport and ListExports show.
 *
 * Under <prefix>/AWSDynamoDB/ an export writes _started, then in <export id>/: data/<name>.json.gz
 * (one {"Item": …} line per item, gzip), manifest-files.json (one line per data file),
 * manifest-summary.json and a .checksum (MD5 hex) beside each manifest. Like the restore, an
 * export reads the table as it stands: motoc keeps no earlier versions of items. It runs to its
 * end inside the request; the answer says IN_PROGRESS as DynamoDB's does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/digest.h"
#include "../core/model.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../s3/blob_gzip.h"
#include "../s3/bucket_io.h"
#include "import_export.h"
#include "ops.h"
#include "request.h"

struct export_target {
    const char *bucket;
    const char *account;
    struct buf base; /* "<prefix>/AWSDynamoDB/" */
};

static bool put_bytes(const struct export_target *to, const char *key, const void *data,
                      size_t len, unsigned char md5[16])
{
    return s3_io_put(to->bucket, key, blob_from_memory(data, len), to->account, md5);
}

/* Writes text and its MD5 hex as <key> and <key minus .json>.checksum. */
static bool put_with_checksum(const struct export_target *to, const char *key, const char *text)
{
    unsigned char md5[16];
    if (!put_bytes(to, key, text, strlen(text), md5))
        return false;
    char hex[33];
    hex_lower(md5, sizeof md5, hex);
    struct buf checksum_key = BUF_INIT;
    buf_append(&checksum_key, key, strlen(key) - strlen(".json"));
    buf_puts(&checksum_key, ".checksum");
    bool ok = put_bytes(to, checksum_key.data, hex, 32, NULL);
    buf_free(&checksum_key);
    return ok;
}

/* Gzip of one {"Item": …} line per item of t, into a blob (file-backed when large). */
static struct blob *gzip_items(const struct ddb_table *t)
{
    struct blob_gzip *z = blob_gzip_new();
    if (!z)
        return NULL;
    bool ok = true;
    cJSON *line = cJSON_CreateObject();
    cJSON_AddItemToObject(line, "Item", cJSON_CreateObject());
    for (struct oidx_node *n = oidx_first(t->items); ok && n; n = oidx_next(n)) {
        const struct ddb_item *it = n->value;
        cJSON_ReplaceItemInObjectCaseSensitive(line, "Item", ddb_item_view(it->attrs));
        char *text = cJSON_PrintUnformatted(line);
        ok = text && blob_gzip_write(z, text, strlen(text)) && blob_gzip_write(z, "\n", 1);
        free(text);
    }
    cJSON_Delete(line);
    if (!ok) {
        blob_gzip_abandon(z);
        return NULL;
    }
    return blob_gzip_finish(z);
}

static void add_iso_time(cJSON *o, const char *name, double when)
{
    struct buf text = BUF_INIT;
    timestamp_format(when, TS_ISO8601, &text);
    cJSON_AddStringToObject(o, name, text.data);
    buf_free(&text);
}

/* The summary manifest, as DynamoDB's documentation lays it out. */
static char *summary_manifest(const cJSON *d, const char *files_key, double end)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "version", "2020-06-30");
    cJSON_AddStringToObject(m, "exportArn", param_string(d, "ExportArn"));
    add_iso_time(m, "startTime", param_number(d, "StartTime", end));
    add_iso_time(m, "endTime", end);
    cJSON_AddStringToObject(m, "tableArn", param_string(d, "TableArn"));
    cJSON_AddStringToObject(m, "tableId", param_string(d, "TableId"));
    add_iso_time(m, "exportTime", param_number(d, "ExportTime", end));
    cJSON_AddStringToObject(m, "s3Bucket", param_string(d, "S3Bucket"));
    const char *prefix = param_string(d, "S3Prefix");
    cJSON_AddItemToObject(m, "s3Prefix", prefix ? cJSON_CreateString(prefix) : cJSON_CreateNull());
    cJSON_AddStringToObject(m, "s3SseAlgorithm", param_string(d, "S3SseAlgorithm"));
    const char *kms = param_string(d, "S3SseKmsKeyId");
    cJSON_AddItemToObject(m, "s3SseKmsKeyId", kms ? cJSON_CreateString(kms) : cJSON_CreateNull());
    cJSON_AddStringToObject(m, "manifestFilesS3Key", files_key);
    cJSON_AddNumberToObject(m, "billedSizeBytes", param_number(d, "BilledSizeBytes", 0));
    cJSON_AddNumberToObject(m, "itemCount", param_number(d, "ItemCount", 0));
    cJSON_AddStringToObject(m, "outputFormat", param_string(d, "ExportFormat"));
    char *text = cJSON_PrintUnformatted(m);
    cJSON_Delete(m);
    return text;
}

/* Writes every object of the export; false when the bucket cannot take them. */
static bool write_export(const struct export_target *to, const struct ddb_table *t,
                         const char *id, cJSON *d)
{
    struct buf key = BUF_INIT, dir = BUF_INIT;
    buf_printf(&key, "%s_started", to->base.data);
    bool ok = put_bytes(to, key.data, "", 0, NULL);
    buf_printf(&dir, "%s%s/", to->base.data, id);

    char name[37];
    uuid_new(name);
    buf_reset(&key);
    buf_printf(&key, "%sdata/%s.json.gz", dir.data, name);
    unsigned char md5[16];
    struct blob *data = ok ? gzip_items(t) : NULL;
    ok = data && s3_io_put(to->bucket, key.data, data, to->account, md5);

    char *files = NULL, *summary = NULL;
    if (ok) {
        char hex[33];
        hex_lower(md5, sizeof md5, hex);
        struct buf md5_base64 = BUF_INIT;
        base64_encode(md5, sizeof md5, &md5_base64);
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddNumberToObject(entry, "itemCount", (double)oidx_count(t->items));
        cJSON_AddStringToObject(entry, "md5Checksum", md5_base64.data);
        cJSON_AddStringToObject(entry, "etag", hex);
        cJSON_AddStringToObject(entry, "dataFileS3Key", key.data);
        char *line = cJSON_PrintUnformatted(entry);
        cJSON_Delete(entry);
        buf_free(&md5_base64);
        struct buf text = BUF_INIT;
        buf_printf(&text, "%s\n", line);
        free(line);
        files = buf_take(&text);
    }
    buf_reset(&key);
    buf_printf(&key, "%smanifest-files.json", dir.data);
    ok = ok && put_with_checksum(to, key.data, files);
    if (ok) {
        summary = summary_manifest(d, key.data, ddb_now_seconds());
        buf_reset(&key);
        buf_printf(&key, "%smanifest-summary.json", dir.data);
        ok = put_with_checksum(to, key.data, summary);
        cJSON_AddStringToObject(d, "ExportManifest", key.data);
    }
    free(files);
    free(summary);
    buf_free(&key);
    buf_free(&dir);
    return ok;
}

static cJSON *export_description(const cJSON *in, const struct ddb_table *t, const char *id,
                                 double now, double export_time)
{
    cJSON *d = cJSON_CreateObject();
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s/export/%s", t->arn, id);
    cJSON_AddStringToObject(d, "ExportArn", arn.data);
    buf_free(&arn);
    cJSON_AddStringToObject(d, "ExportStatus", "IN_PROGRESS");
    cJSON_AddNumberToObject(d, "StartTime", now);
    cJSON_AddStringToObject(d, "TableArn", t->arn);
    cJSON_AddStringToObject(d, "TableId", t->id);
    cJSON_AddNumberToObject(d, "ExportTime", export_time);
    static const char *const echoed[] = {"ClientToken", "S3Bucket", "S3BucketOwner", "S3Prefix",
                                         "S3SseKmsKeyId", "IncrementalExportSpecification"};
    for (size_t i = 0; i < sizeof echoed / sizeof echoed[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, echoed[i]);
        if (v)
            cJSON_AddItemToObject(d, echoed[i], cJSON_Duplicate(v, true));
    }
    const char *sse = param_string(in, "S3SseAlgorithm");
    cJSON_AddStringToObject(d, "S3SseAlgorithm", sse ? sse : "AES256");
    const char *format = param_string(in, "ExportFormat");
    cJSON_AddStringToObject(d, "ExportFormat", format ? format : "DYNAMODB_JSON");
    const char *type = param_string(in, "ExportType");
    cJSON_AddStringToObject(d, "ExportType", type ? type : "FULL_EXPORT");
    return d;
}

static void fail_export(cJSON *d, const char *code, const char *message)
{
    cJSON_ReplaceItemInObjectCaseSensitive(d, "ExportStatus", cJSON_CreateString("FAILED"));
    cJSON_AddNumberToObject(d, "EndTime", ddb_now_seconds());
    cJSON_AddStringToObject(d, "FailureCode", code);
    cJSON_AddStringToObject(d, "FailureMessage", message);
}

static void run_export(struct call *c, const struct ddb_table *t, const char *id, cJSON *d)
{
    const char *format = param_string(d, "ExportFormat");
    if (strcmp(format, "DYNAMODB_JSON") != 0 ||
        strcmp(param_string(d, "ExportType"), "FULL_EXPORT") != 0)
        return fail_export(d, "UNSUPPORTED",
                           "Only full exports in DYNAMODB_JSON are emulated");
    struct export_target to = {
        .bucket = param_string(d, "S3Bucket"),
        .account = c->route->account,
        .base = BUF_INIT,
    };
    if (!s3_io_bucket_exists(to.bucket))
        return fail_export(d, "S3NoSuchBucket", "The specified bucket does not exist");
    const char *prefix = param_string(d, "S3Prefix");
    if (prefix && prefix[0])
        buf_printf(&to.base, "%s%sAWSDynamoDB/", prefix,
                   prefix[strlen(prefix) - 1] == '/' ? "" : "/");
    else
        buf_puts(&to.base, "AWSDynamoDB/");
    cJSON_AddNumberToObject(d, "BilledSizeBytes", (double)t->size_bytes);
    cJSON_AddNumberToObject(d, "ItemCount", (double)oidx_count(t->items));
    bool ok = write_export(&to, t, id, d);
    buf_free(&to.base);
    if (!ok)
        return fail_export(d, "UNKNOWN", "The export could not be written to the bucket");
    cJSON_ReplaceItemInObjectCaseSensitive(d, "ExportStatus", cJSON_CreateString("COMPLETED"));
    cJSON_AddNumberToObject(d, "EndTime", ddb_now_seconds());
}

int ddb_export_table_to_point_in_time(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    const cJSON *seen = ddb_description_find(r->exports, "ClientToken", param_string(in, "ClientToken"));
    if (seen) {
        cJSON_AddItemToObject(out, "ExportDescription", cJSON_Duplicate(seen, true));
        return 0;
    }
    const char *table_arn = param_string(in, "TableArn");
    struct ddb_table *t = ddb_table_lookup(r, table_arn);
    if (!t)
        return call_fail(c, 400, "TableNotFoundException", "Table not found: %s", table_arn);
    if (!t->pitr_enabled)
        return call_fail(c, 400, "PointInTimeRecoveryUnavailableException",
                         "Point in time recovery is not enabled for table '%s'", t->name);
    double now = ddb_now_seconds();
    double export_time = param_number(in, "ExportTime", now);
    if (export_time < ddb_pitr_earliest(t, now) || export_time > now)
        return call_fail(c, 400, "InvalidExportTimeException",
                         "Export time is outside the point in time recovery window of table '%s'",
                         t->name);
    ddb_table_expire(t);
    char id[32];
    ddb_export_id(r->exports, now, id, sizeof id);
    cJSON *d = export_description(in, t, id, now, export_time);
    cJSON_AddItemToObject(out, "ExportDescription", cJSON_Duplicate(d, true));
    run_export(c, t, id, d);
    cJSON_AddItemToArray(r->exports, d);
    return 0;
}

int ddb_describe_export(struct call *c, const cJSON *in, cJSON *out)
{
    const char *arn = param_string(in, "ExportArn");
    const cJSON *d = ddb_description_find(ddb_call_region(c)->exports, "ExportArn", arn);
    if (!d)
        return call_fail(c, 400, "ExportNotFoundException", "Export not found: %s", arn);
    cJSON_AddItemToObject(out, "ExportDescription", cJSON_Duplicate(d, true));
    return 0;
}

int ddb_list_exports(struct call *c, const cJSON *in, cJSON *out)
{
    static const char *const summary[] = {"ExportArn", "ExportStatus", "ExportType"};
    return ddb_list_descriptions(c, in, ddb_call_region(c)->exports, "MaxResults", summary,
                                 sizeof summary / sizeof summary[0], "ExportSummaries", out);
}
