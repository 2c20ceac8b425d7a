/* Server access logging (PutBucketLogging): after each request to a bucket whose logging is
 * enabled, one record in S3's documented space-separated format is delivered to the target
 * bucket as an object of its own, named as the logging configuration's key format says. S3
 * delivers such records in batches hours later; motoc delivers each at once so that what a
 * request logged can be read back right away. */
#include "access_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "blob.h"
#include "bucket.h"
#include "checksum.h"
#include "object.h"
#include "object_access.h"
#include "s3_call.h"
#include "versioning.h"

/* The resource type S3 names in a record's operation (REST.GET.VERSIONING) for a request's
 * subresource parameter. */
static const struct {
    const char *parameter;
    const char *resource;
} subresources[] = {
    {"accelerate", "ACCELERATE"},
    {"acl", "ACL"},
    {"analytics", "ANALYTICS"},
    {"attributes", "OBJECT_ATTRIBUTES"},
    {"cors", "CORS"},
    {"delete", "MULTI_OBJECT_DELETE"},
    {"encryption", "ENCRYPTION"},
    {"intelligent-tiering", "INTELLIGENT_TIERING"},
    {"inventory", "INVENTORY"},
    {"legal-hold", "LEGAL_HOLD"},
    {"lifecycle", "LIFECYCLE"},
    {"location", "LOCATION"},
    {"logging", "LOGGING_STATUS"},
    {"metrics", "METRICS"},
    {"notification", "NOTIFICATION"},
    {"object-lock", "OBJECT_LOCK_CONFIGURATION"},
    {"ownershipControls", "OWNERSHIP_CONTROLS"},
    {"policy", "BUCKETPOLICY"},
    {"policyStatus", "BUCKETPOLICYSTATUS"},
    {"publicAccessBlock", "PUBLIC_ACCESS_BLOCK"},
    {"replication", "REPLICATION"},
    {"requestPayment", "REQUEST_PAYMENT"},
    {"restore", "OBJECT_RESTORE"},
    {"retention", "RETENTION"},
    {"tagging", "TAGGING"},
    {"uploads", "UPLOADS"},
    {"versioning", "VERSIONING"},
    {"versions", "BUCKETVERSIONS"},
    {"website", "WEBSITE"},
};

static bool query_has(const char *query, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = query; p && *p;) {
        if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == '=' || p[n] == '&'))
            return true;
        p = strchr(p, '&');
        if (p)
            p++;
    }
    return false;
}

/* "REST.PUT.OBJECT", "REST.COPY.PART", "REST.GET.LOGGING_STATUS" … */
static void operation_field(const struct answered_call *a, bool has_key, char *out, size_t size)
{
    const char *query = a->req->query;
    bool copy = strcmp(a->req->method, "PUT") == 0 &&
                http_request_header(a->req, "x-amz-copy-source") != NULL;
    const char *method = copy ? "COPY" : a->req->method;
    const char *resource = has_key ? "OBJECT" : "BUCKET";
    if (strcmp(a->req->method, "OPTIONS") == 0)
        resource = "PREFLIGHT";
    else if (strcmp(a->operation, "PostObject") == 0)
        resource = "OBJECT"; /* a form upload names its key in the form, not the path */
    else if (query_has(query, "uploadId"))
        resource = query_has(query, "partNumber") && strcmp(a->req->method, "PUT") == 0
                       ? "PART"
                       : "UPLOAD";
    else
        for (size_t i = 0; i < sizeof subresources / sizeof subresources[0]; i++)
            if (query_has(query, subresources[i].parameter)) {
                resource = subresources[i].resource;
                if (has_key && strcmp(resource, "TAGGING") == 0)
                    resource = "OBJECT_TAGGING";
                break;
            }
    snprintf(out, size, "REST.%s.%s", method, resource);
}

/* The error code of an S3 error body, "-" for a success. */
static void error_code_field(const struct http_response *resp, char *out, size_t size)
{
    snprintf(out, size, "-");
    if (resp->status < 300 || !resp->body.data)
        return;
    const char *start = strstr(resp->body.data, "<Code>");
    const char *end = start ? strstr(start, "</Code>") : NULL;
    if (start && end && end - start - 6 > 0)
        snprintf(out, size, "%.*s", (int)(end - start - 6), start + 6);
    else
        snprintf(out, size, "%d", resp->status);
}

static void add_count(struct buf *line, unsigned long long n)
{
    if (n == 0)
        buf_puts(line, " -");
    else
        buf_printf(line, " %llu", n);
}

static void add_quoted(struct buf *line, const char *value)
{
    if (value && value[0])
        buf_printf(line, " \"%s\"", value);
    else
        buf_puts(line, " \"-\"");
}

static void add_plain(struct buf *line, const char *value)
{
    buf_printf(line, " %s", value && value[0] ? value : "-");
}

/* The object's size for requests that read or write one, 0 (unknown) otherwise. */
static unsigned long long object_size(const struct answered_call *a, bool has_key)
{
    if (!has_key || a->resp->status >= 300)
        return 0;
    const char *method = a->req->method;
    if (strcmp(method, "PUT") == 0 && !http_request_header(a->req, "x-amz-copy-source"))
        return a->req->body_length;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return 0;
    const char *range = http_headers_get(&a->resp->headers, "Content-Range");
    const char *slash = range ? strchr(range, '/') : NULL;
    if (slash)
        return strtoull(slash + 1, NULL, 10);
    const char *length = http_headers_get(&a->resp->headers, "Content-Length");
    return length ? strtoull(length, NULL, 10) : 0;
}

static unsigned long long bytes_sent(const struct http_response *resp, const char *method)
{
    if (strcmp(method, "HEAD") == 0)
        return 0;
    return resp->body_fd >= 0 ? resp->body_length : resp->body.len;
}

static void authentication_fields(const struct http_request *req, const char **signature,
                                  const char **type)
{
    const char *authorization = http_request_header(req, "Authorization");
    *signature = "-";
    *type = "-";
    if (authorization) {
        *signature = strncmp(authorization, "AWS4-", 5) == 0 ? "SigV4" : "SigV2";
        *type = "AuthHeader";
    } else if (query_has(req->query, "X-Amz-Algorithm")) {
        *signature = "SigV4";
        *type = "QueryString";
    } else if (query_has(req->query, "Signature")) {
        *signature = "SigV2";
        *type = "QueryString";
    }
}

static char *record_line(const struct answered_call *a, const struct bucket *b, const char *key,
                         time_t now)
{
    struct buf line = BUF_INIT;
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[40];
    strftime(when, sizeof when, "[%d/%b/%Y:%H:%M:%S +0000]", &tm);
    buf_printf(&line, "%s %s %s -", s3_canonical_id(b->account), b->name, when);
    add_plain(&line, a->route->access_key[0] ? s3_canonical_id(a->route->account) : "-");
    add_plain(&line, a->request_id);
    char operation[64];
    operation_field(a, key != NULL, operation, sizeof operation);
    add_plain(&line, operation);
    add_plain(&line, key);
    buf_printf(&line, " \"%s %s HTTP/1.1\" %d", a->req->method, a->req->target, a->resp->status);
    char error[64];
    error_code_field(a->resp, error, sizeof error);
    add_plain(&line, error);
    add_count(&line, bytes_sent(a->resp, a->req->method));
    add_count(&line, object_size(a, key != NULL));
    unsigned long long elapsed = loop_now_ms() - a->started_ms;
    buf_printf(&line, " %llu %llu", elapsed, elapsed);
    add_quoted(&line, http_request_header(a->req, "Referer"));
    add_quoted(&line, http_request_header(a->req, "User-Agent"));
    add_plain(&line, http_headers_get(&a->resp->headers, "x-amz-version-id"));
    add_plain(&line, http_headers_get(&a->resp->headers, "x-amz-id-2"));
    const char *signature, *type;
    authentication_fields(a->req, &signature, &type);
    add_plain(&line, signature);
    add_plain(&line, "-"); /* cipher suite: TLS ends before the request reaches the service */
    add_plain(&line, type);
    add_plain(&line, http_request_header(a->req, "Host"));
    buf_puts(&line, " - - -\n"); /* TLS version, access point ARN, ACL required */
    return buf_take(&line);
}

/* SimplePrefix: prefix + "YYYY-mm-DD-HH-MM-SS-UniqueString"; PartitionedPrefix: prefix +
 * "account/region/bucket/YYYY/mm/DD/" before the same name. */
static char *log_object_key(const cJSON *enabled, const struct bucket *b, time_t now)
{
    const char *prefix = param_string(enabled, "TargetPrefix");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(enabled, "TargetObjectKeyFormat");
    bool partitioned = cJSON_GetObjectItemCaseSensitive(format, "PartitionedPrefix") != NULL;
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32], day[16];
    strftime(stamp, sizeof stamp, "%Y-%m-%d-%H-%M-%S", &tm);
    strftime(day, sizeof day, "%Y/%m/%d", &tm);
    char uuid[37], unique[17];
    uuid_new(uuid);
    size_t n = 0;
    for (const char *p = uuid; *p && n < sizeof unique - 1; p++)
        if (*p != '-')
            unique[n++] = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
    unique[n] = '\0';
    struct buf key = BUF_INIT;
    buf_puts(&key, prefix ? prefix : "");
    if (partitioned)
        buf_printf(&key, "%s/%s/%s/%s/", b->account, b->region, b->name, day);
    buf_printf(&key, "%s-%s", stamp, unique);
    return buf_take(&key);
}

static void deliver(struct bucket *target, const char *key, const char *text)
{
    size_t len = strlen(text);
    struct object_version *v = object_version_new();
    v->last_modified = s3_now();
    cJSON *settings = cJSON_CreateObject();
    cJSON_AddStringToObject(settings, "ContentType", "text/plain");
    object_settings_apply(v, target, settings, target->account);
    cJSON_Delete(settings);
    v->body = blob_from_memory(text, len);
    struct body_digest digest;
    struct digest_result result;
    body_digest_init(&digest, 0);
    body_digest_update(&digest, text, len);
    body_digest_final(&digest, &result);
    object_etag_from_md5(result.md5, v->etag, sizeof v->etag);
    versioning_put(target, key, v);
}

void s3_access_log_record(const struct answered_call *a)
{
    const char *path = a->req->path;
    if (!path || path[0] != '/' || !path[1])
        return; /* ListBuckets and the like name no bucket */
    const char *slash = strchr(path + 1, '/');
    size_t name_len = slash ? (size_t)(slash - path - 1) : strlen(path + 1);
    char name[256];
    if (name_len == 0 || name_len >= sizeof name)
        return;
    memcpy(name, path + 1, name_len);
    name[name_len] = '\0';
    struct bucket *b = bucket_find(name);
    const cJSON *enabled =
        b ? cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_LOGGING], "LoggingEnabled") : NULL;
    struct bucket *target = enabled ? bucket_find(param_string(enabled, "TargetBucket")) : NULL;
    if (!target)
        return;
    const char *key = slash && slash[1] ? slash + 1 : NULL;
    time_t now = time(NULL);
    char *text = record_line(a, b, key, now);
    char *object_key = log_object_key(enabled, b, now);
    deliver(target, object_key, text);
    free(object_key);
    free(text);
}
