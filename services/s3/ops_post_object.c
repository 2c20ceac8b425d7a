/* POST Object: an HTML form upload to a bucket (multipart/form-data). The fields before the
 * file carry what PutObject's headers carry; the file field is stored where it lies in the
 * request body, so a large upload stays out of memory; the answer is 204, 200, 201 with a
 * PostResponse document, or a 303 redirect, as the form asks. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/multipart_form.h"
#include "../core/xml_codec.h"
#include "checksum.h"
#include "cors.h"
#include "event_notification.h"
#include "object_access.h"
#include "ops.h"
#include "post_policy.h"
#include "replication.h"
#include "s3_call.h"

/* S3 refuses forms whose fields before the file take more than this. */
#define MAX_PRE_FILE_BYTES 20480

struct upload {
    struct post_form form;
    struct multipart_part file;
};

/* ---- reading the form ---- */

static int fail_internal(struct call *c)
{
    return call_fail(c, 500, "InternalError",
                     "We encountered an internal error. Please try again.");
}

static int fail_form_step(struct call *c, enum multipart_step step)
{
    if (step == MULTIPART_IO_ERROR)
        return fail_internal(c);
    if (step == MULTIPART_END)
        return call_fail(c, 400, "IncorrectNumberOfFilesInPostRequest",
                         "POST requires exactly one file upload per request.");
    return call_fail(c, 400, "MalformedPOSTRequest",
                     "The body of your POST request is not well-formed multipart/form-data.");
}

static int fail_pre_data_too_long(struct call *c)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", MAX_PRE_FILE_BYTES);
    call_fail(c, 400, "MaxPostPreDataLengthExceeded",
              "Your POST request fields preceeding the upload file was too large.");
    call_error_field(c, "MaxPostPreDataLengthBytes", limit);
    return -1;
}

/* The fields up to the one called "file"; S3 ignores what follows it. */
static int read_fields(struct call *c, struct multipart_form *mf, struct upload *u)
{
    struct multipart_part part = {0};
    struct buf value = BUF_INIT;
    int rc = 0;
    for (;;) {
        enum multipart_step step = multipart_form_next(mf, &part);
        if (step != MULTIPART_PART) {
            rc = fail_form_step(c, step);
            break;
        }
        if (strcasecmp(part.name.data, "file") == 0) {
            u->file = part;
            memset(&part, 0, sizeof part);
            break;
        }
        if (part.offset + part.length > MAX_PRE_FILE_BYTES) {
            rc = fail_pre_data_too_long(c);
            break;
        }
        if (!multipart_form_read(mf, &part, MAX_PRE_FILE_BYTES, &value)) {
            rc = fail_internal(c);
            break;
        }
        post_form_add(&u->form, part.name.data, value.data);
    }
    multipart_part_free(&part);
    buf_free(&value);
    return rc;
}

static int fail_missing_field(struct call *c, const char *name)
{
    char message[160];
    snprintf(message, sizeof message,
             "Bucket POST must contain a field named '%s'.  If it is specified, please check the "
             "order of the fields.",
             name);
    return s3_fail_invalid_argument(c, message, name, "");
}

/* A form signs with all of a signature version's fields or with none of them. */
static int check_signature_fields(struct call *c, const struct post_form *form)
{
    static const char *const v4[] = {"x-amz-algorithm", "x-amz-credential", "x-amz-date",
                                     "x-amz-signature"};
    static const char *const v4_names[] = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
                                           "X-Amz-Signature"};
    bool any = false;
    for (size_t i = 0; i < 4; i++)
        any = any || post_form_get(form, v4[i]);
    for (size_t i = 0; any && i < 4; i++)
        if (!post_form_get(form, v4[i]))
            return fail_missing_field(c, v4_names[i]);
    bool v2_key = post_form_get(form, "AWSAccessKeyId") != NULL;
    bool v2_signature = post_form_get(form, "signature") != NULL;
    if (v2_key && !v2_signature)
        return fail_missing_field(c, "Signature");
    if (v2_signature && !v2_key && !any)
        return fail_missing_field(c, "AWSAccessKeyId");
    return 0;
}

/* ---- the form as PutObject's members ---- */

enum field_kind { FIELD_TEXT, FIELD_BOOL, FIELD_HTTP_DATE, FIELD_ISO_DATE };

static const struct {
    const char *field, *member;
    enum field_kind kind;
} put_members[] = {
    {"content-type", "ContentType", FIELD_TEXT},
    {"cache-control", "CacheControl", FIELD_TEXT},
    {"content-disposition", "ContentDisposition", FIELD_TEXT},
    {"content-encoding", "ContentEncoding", FIELD_TEXT},
    {"content-language", "ContentLanguage", FIELD_TEXT},
    {"expires", "Expires", FIELD_HTTP_DATE},
    {"content-md5", "ContentMD5", FIELD_TEXT},
    {"acl", "ACL", FIELD_TEXT},
    {"x-amz-storage-class", "StorageClass", FIELD_TEXT},
    {"x-amz-website-redirect-location", "WebsiteRedirectLocation", FIELD_TEXT},
    {"x-amz-server-side-encryption", "ServerSideEncryption", FIELD_TEXT},
    {"x-amz-server-side-encryption-aws-kms-key-id", "SSEKMSKeyId", FIELD_TEXT},
    {"x-amz-server-side-encryption-bucket-key-enabled", "BucketKeyEnabled", FIELD_BOOL},
    {"x-amz-checksum-algorithm", "ChecksumAlgorithm", FIELD_TEXT},
    {"x-amz-object-lock-mode", "ObjectLockMode", FIELD_TEXT},
    {"x-amz-object-lock-retain-until-date", "ObjectLockRetainUntilDate", FIELD_ISO_DATE},
    {"x-amz-object-lock-legal-hold", "ObjectLockLegalHoldStatus", FIELD_TEXT},
};

static void add_member(cJSON *in, const char *member, enum field_kind kind, const char *value)
{
    double when;
    switch (kind) {
    case FIELD_TEXT:
        cJSON_AddStringToObject(in, member, value);
        return;
    case FIELD_BOOL:
        cJSON_AddBoolToObject(in, member, strcasecmp(value, "true") == 0);
        return;
    case FIELD_HTTP_DATE:
    case FIELD_ISO_DATE:
        if (timestamp_parse(value, kind == FIELD_HTTP_DATE ? TS_RFC822 : TS_ISO8601, &when))
            cJSON_AddNumberToObject(in, member, when);
        return;
    }
}

static void add_metadata(cJSON *in, const char *field, const char *value)
{
    cJSON *metadata = cJSON_GetObjectItemCaseSensitive(in, "Metadata");
    if (!metadata)
        metadata = cJSON_AddObjectToObject(in, "Metadata");
    char *name = xstrdup(field + strlen("x-amz-meta-"));
    for (char *p = name; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!cJSON_GetObjectItemCaseSensitive(metadata, name))
        cJSON_AddStringToObject(metadata, name, value);
    free(name);
}

static void add_form_field(cJSON *in, const struct post_field *f)
{
    for (size_t i = 0; i < sizeof put_members / sizeof put_members[0]; i++) {
        if (strcasecmp(f->name, put_members[i].field) == 0) {
            if (!cJSON_GetObjectItemCaseSensitive(in, put_members[i].member))
                add_member(in, put_members[i].member, put_members[i].kind, f->value);
            return;
        }
    }
    for (int a = 0; a < CHECKSUM_COUNT; a++) {
        const char *member = checksum_member((enum checksum_algorithm)a);
        if (strcasecmp(f->name, checksum_header((enum checksum_algorithm)a)) == 0 &&
            !cJSON_GetObjectItemCaseSensitive(in, member))
            cJSON_AddStringToObject(in, member, f->value);
    }
    if (strncasecmp(f->name, "x-amz-meta-", strlen("x-amz-meta-")) == 0)
        add_metadata(in, f->name, f->value);
}

/* The key field with ${filename} replaced by the name of the uploaded file. */
static char *object_key(const char *key_field, const char *filename)
{
    static const char placeholder[] = "${filename}";
    struct buf key = BUF_INIT;
    for (const char *p = key_field;;) {
        const char *at = strstr(p, placeholder);
        if (!at) {
            buf_puts(&key, p);
            break;
        }
        buf_append(&key, p, (size_t)(at - p));
        buf_puts(&key, filename);
        p = at + sizeof placeholder - 1;
    }
    buf_append(&key, "", 0);
    return buf_take(&key);
}

/* The tagging field: a Tagging document, as PutObjectTagging's body. NULL after failing. */
static cJSON *tags_from_document(struct call *c, const char *xml)
{
    const struct shape *tagging = model_shape(model_for_service("s3"), "Tagging");
    cJSON *doc = NULL;
    if (!tagging || xml_read_document(xml, strlen(xml), tagging, &doc, c->err) != 0)
        return NULL;
    cJSON *set = cJSON_DetachItemFromObjectCaseSensitive(doc, "TagSet");
    cJSON_Delete(doc);
    if (!cJSON_IsArray(set)) {
        cJSON_Delete(set);
        s3_fail_malformed_xml(c);
        return NULL;
    }
    if (s3_tags_check(c, set, S3_TAGGED_OBJECT) != 0) {
        cJSON_Delete(set);
        return NULL;
    }
    return set;
}

/* ---- the answer ---- */

static bool is_aws_host(const char *host)
{
    static const char *const suffixes[] = {".amazonaws.com", ".amazonaws.com.cn", ".api.aws"};
    size_t len = strcspn(host, ":");
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && strncasecmp(host + len - n, suffixes[i], n) == 0)
            return true;
    }
    return false;
}

/* Where the object can be fetched: on the host the form was posted to, in the same style. */
static void object_location(const struct call *c, const char *bucket, const char *key,
                            struct buf *out)
{
    const char *host = http_request_header(c->http, "Host");
    if (!host)
        host = "s3.amazonaws.com";
    /* AWS names are reached over TLS; an endpoint URL like 127.0.0.1:4566 is plain HTTP. */
    buf_printf(out, "%s://%s/", is_aws_host(host) ? "https" : "http", host);
    if (!c->route->bucket[0]) {
        percent_encode(bucket, strlen(bucket), false, out);
        buf_puts(out, "/");
    }
    percent_encode(key, strlen(key), false, out);
}

static void append_query_param(struct buf *url, const char *name, const char *value)
{
    buf_printf(url, "%s%s=", strchr(url->data, '?') ? "&" : "?", name);
    percent_encode(value, strlen(value), false, url);
}

static void answer_created(struct call *c, const char *bucket, const char *key,
                           const struct post_form *form, const cJSON *result)
{
    struct http_response *resp = c->resp;
    const char *etag = param_string(result, "ETag");
    struct buf location = BUF_INIT;
    object_location(c, bucket, key, &location);
    http_headers_set(&resp->headers, "ETag", etag);
    http_headers_set(&resp->headers, "Location", location.data);
    const char *version = param_string(result, "VersionId");
    if (version)
        http_headers_set(&resp->headers, "x-amz-version-id", version);
    const char *sse = param_string(result, "ServerSideEncryption");
    if (sse)
        http_headers_set(&resp->headers, "x-amz-server-side-encryption", sse);

    const char *redirect = post_form_get(form, "success_action_redirect");
    if (!redirect || !*redirect)
        redirect = post_form_get(form, "redirect");
    const char *status = post_form_get(form, "success_action_status");
    if (redirect && (strncasecmp(redirect, "http://", 7) == 0 ||
                     strncasecmp(redirect, "https://", 8) == 0)) {
        struct buf url = BUF_INIT;
        buf_puts(&url, redirect);
        append_query_param(&url, "bucket", bucket);
        append_query_param(&url, "key", key);
        append_query_param(&url, "etag", etag);
        http_headers_set(&resp->headers, "Location", url.data);
        resp->status = 303;
        buf_free(&url);
    } else if (status && strcmp(status, "201") == 0) {
        struct xml_out *x = xml_out_new();
        xml_out_start(x, "PostResponse", NULL, NULL);
        xml_out_text(x, "Location", location.data);
        xml_out_text(x, "Bucket", bucket);
        xml_out_text(x, "Key", key);
        xml_out_text(x, "ETag", etag);
        xml_out_end(x);
        xml_out_finish(x, resp, 201, "application/xml");
    } else {
        resp->status = status && strcmp(status, "200") == 0 ? 200 : 204;
    }
    buf_free(&location);
}

/* ---- the operation ---- */

static int store_upload(struct call *c, struct bucket *b, struct upload *u)
{
    u->form.bucket = b->name;
    u->form.file_size = u->file.length;
    const char *key_field = post_form_get(&u->form, "key");
    if (!key_field)
        return fail_missing_field(c, "key");
    if (check_signature_fields(c, &u->form) != 0)
        return -1;
    const char *policy = post_form_get(&u->form, "policy");
    if (policy && post_policy_check(c, policy, &u->form) != 0)
        return -1;
    char *key = object_key(key_field, u->file.filename.data);
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "Bucket", b->name);
    cJSON_AddStringToObject(in, "Key", key);
    for (size_t i = 0; i < u->form.count; i++)
        add_form_field(in, &u->form.fields[i]);
    cJSON *result = cJSON_CreateObject();
    const char *tagging = post_form_get(&u->form, "tagging");
    cJSON *tags = tagging ? tags_from_document(c, tagging) : NULL;
    int rc = -1;
    if (!tagging || tags)
        rc = s3_store_object(c, b, key, in, tags, u->file.offset, u->file.length, result);
    if (rc == 0) {
        answer_created(c, b->name, key, &u->form, result);
        s3_replicate_object(b, key);
        s3_notify_object_event(c, b, "ObjectCreated:Post", key, param_string(result, "VersionId"));
    }
    cJSON_Delete(result);
    cJSON_Delete(in);
    free(key);
    return rc;
}

static int post_to_bucket(struct call *c, struct bucket *b)
{
    struct buf boundary = BUF_INIT;
    if (!multipart_form_boundary(http_request_header(c->http, "Content-Type"), &boundary)) {
        buf_free(&boundary);
        call_fail(c, 412, "PreconditionFailed",
                  "At least one of the pre-conditions you specified did not hold");
        call_error_field(c, "Condition",
                         "Bucket POST must be of the enclosure-type "
                         "multipart/form-data");
        return -1;
    }
    struct multipart_form *mf = multipart_form_open(c->http, boundary.data);
    buf_free(&boundary);
    struct upload u = {0};
    int rc = read_fields(c, mf, &u);
    if (rc == 0)
        rc = store_upload(c, b, &u);
    multipart_part_free(&u.file);
    post_form_free(&u.form);
    multipart_form_close(mf);
    return rc;
}

int s3_post_object(struct call *c)
{
    struct buf bucket_name = BUF_INIT, key = BUF_INIT;
    s3_path_bucket_key(c->http, &bucket_name, &key);
    struct bucket *b = bucket_find(bucket_name.data);
    int rc;
    if (!b) {
        rc = s3_fail_no_such_bucket(c, bucket_name.data);
    } else {
        cors_answer_actual_request(b->config[CONFIG_CORS], c->http, &c->resp->headers);
        rc = post_to_bucket(c, b);
    }
    buf_free(&bucket_name);
    buf_free(&key);
    return rc;
}
