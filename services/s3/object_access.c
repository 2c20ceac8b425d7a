/* Shared by the object operations: finding the version a request names, checking and applying
 * the settings a write carries, describing a version in results. */
#include "object_access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/tags.h"
#include "acl.h"
#include "s3_call.h"
#include "sse_kms.h"
#include "versioning.h"

static const char *const header_members[] = {
    "ContentType", "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage",
    "Expires", "WebsiteRedirectLocation", "ServerSideEncryption", "SSEKMSKeyId",
    "BucketKeyEnabled", NULL,
};

static void set_delete_marker_headers(struct call *c, const struct object_version *v)
{
    http_headers_set(&c->resp->headers, "x-amz-delete-marker", "true");
    http_headers_set(&c->resp->headers, "x-amz-version-id", v->version_id);
    struct buf date = BUF_INIT;
    timestamp_format(v->last_modified, TS_RFC822, &date);
    http_headers_set(&c->resp->headers, "Last-Modified", date.data);
    buf_free(&date);
}

struct object_version *object_for_read(struct call *c, const struct bucket *b, const char *key,
                                       const char *version_id, const char *method)
{
    if (!version_id) {
        struct object_version *v = versioning_current(b, key);
        if (!v) {
            s3_fail_no_such_key(c, key);
            return NULL;
        }
        if (v->delete_marker) {
            http_headers_set(&c->resp->headers, "x-amz-delete-marker", "true");
            http_headers_set(&c->resp->headers, "x-amz-version-id", v->version_id);
            s3_fail_no_such_key(c, key);
            return NULL;
        }
        return v;
    }
    if (!version_id_is_well_formed(version_id)) {
        s3_fail_invalid_argument(c, "Invalid version id specified", "versionId", version_id);
        return NULL;
    }
    struct object_version *v = versioning_find(b, key, version_id);
    if (!v) {
        call_fail(c, 404, "NoSuchVersion", "The specified version does not exist.");
        call_error_field(c, "Key", key);
        call_error_field(c, "VersionId", version_id);
        return NULL;
    }
    if (v->delete_marker) {
        set_delete_marker_headers(c, v);
        /* A delete marker can only be deleted. */
        http_headers_set(&c->resp->headers, "Allow", "DELETE");
        call_fail(c, 405, "MethodNotAllowed",
                  "The specified method is not allowed against this resource.");
        call_error_field(c, "Method", method);
        call_error_field(c, "ResourceType", "DeleteMarker");
        return NULL;
    }
    return v;
}

int object_fail_storage_class(struct call *c, const struct object_version *v,
                              const char *message)
{
    return call_fail_fields(c, 403, "InvalidObjectState", message, "StorageClass",
                            v->storage_class, NULL);
}

int object_check_readable(struct call *c, const struct object_version *v, bool as_copy_source)
{
    if (object_is_readable(v, s3_now()))
        return 0;
    return object_fail_storage_class(
        c, v, as_copy_source ? "Operation is not valid for the source object's storage class"
                             : "The operation is not valid for the object's storage class");
}

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)tag;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "BadRequest", "%s tags cannot be greater than %d", resource,
                          strcmp(resource, "Object") == 0 ? S3_MAX_OBJECT_TAGS
                                                          : TAGS_MAX_PER_RESOURCE);
    case TAG_MALFORMED:
        return error_fail(err, 400, "MalformedXML", S3_MALFORMED_XML_MESSAGE);
    case TAG_KEY_INVALID:
        return error_fail(err, 400, "InvalidTag", "The TagKey you have provided is invalid");
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "InvalidTag", "The TagValue you have provided is invalid");
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "InvalidTag",
                          "System tags cannot be added/updated by requester");
    case TAG_KEY_REPEATED:
        break;
    }
    return error_fail(err, 400, "InvalidTag", "Cannot provide multiple Tags with the same key");
}

/* Tags in an x-amz-tagging header are refused the reserved prefix in other words. */
static int refuse_header_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                             const char *resource)
{
    if (problem == TAG_KEY_RESERVED)
        return error_fail(err, 400, "InvalidTag", "Your TagKey cannot be prefixed with aws:");
    return refuse_tag(err, problem, tag, resource);
}

int s3_tags_check(struct call *c, const cJSON *tag_set, enum s3_tagged tagged)
{
    const struct tag_rules rules = {
        .max_tags = tagged == S3_TAGGED_BUCKET ? TAGS_MAX_PER_RESOURCE : S3_MAX_OBJECT_TAGS,
        .reserve_aws_prefix = true,
        .refuse_repeated_keys = true,
        .refuse = tagged == S3_TAGGED_OBJECT_HEADER ? refuse_header_tag : refuse_tag,
    };
    cJSON *set = tags_from_request(tag_set, &rules,
                                   tagged == S3_TAGGED_BUCKET ? "Bucket" : "Object", c->err);
    cJSON_Delete(set);
    return set ? 0 : -1;
}

cJSON *tags_from_query_text(struct call *c, const char *text)
{
    cJSON *set = cJSON_CreateArray();
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        struct buf key = BUF_INIT, value = BUF_INIT;
        percent_decode(p, eq ? (size_t)(eq - p) : len, true, &key);
        if (eq)
            percent_decode(eq + 1, len - (size_t)(eq - p) - 1, true, &value);
        if (len > 0) {
            cJSON *tag = cJSON_CreateObject();
            cJSON_AddStringToObject(tag, "Key", key.data ? key.data : "");
            cJSON_AddStringToObject(tag, "Value", value.data ? value.data : "");
            cJSON_AddItemToArray(set, tag);
        }
        buf_free(&key);
        buf_free(&value);
        p += len;
        if (*p == '&')
            p++;
    }
    if (s3_tags_check(c, set, S3_TAGGED_OBJECT_HEADER) != 0) {
        cJSON_Delete(set);
        return NULL;
    }
    return set;
}

/* aws:kms or aws:kms:dsse */
static bool is_kms(const char *algorithm)
{
    return algorithm && strncmp(algorithm, "aws:kms", 7) == 0;
}

static int check_lock_settings(struct call *c, const struct bucket *b, const cJSON *in)
{
    const char *mode = param_string(in, "ObjectLockMode");
    bool until = cJSON_GetObjectItemCaseSensitive(in, "ObjectLockRetainUntilDate") != NULL;
    const char *hold = param_string(in, "ObjectLockLegalHoldStatus");
    if (!mode && !until && !hold)
        return 0;
    if (!b->object_lock_enabled)
        return s3_fail_invalid_request(c, "Bucket is missing Object Lock Configuration");
    if ((mode != NULL) != until)
        return s3_fail_invalid_argument(
            c, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be "
               "supplied",
            mode ? "x-amz-object-lock-retain-until-date" : "x-amz-object-lock-mode", "");
    if (mode && strcmp(mode, "GOVERNANCE") != 0 && strcmp(mode, "COMPLIANCE") != 0)
        return s3_fail_invalid_argument(c, "Unknown wormMode directive.", "x-amz-object-lock-mode",
                                        mode);
    if (until && param_number(in, "ObjectLockRetainUntilDate", 0) <= s3_now())
        return s3_fail_invalid_argument(c, "The retain until date must be in the future!",
                                        "x-amz-object-lock-retain-until-date", "");
    return 0;
}

int object_settings_check(struct call *c, const struct bucket *b, const cJSON *in)
{
    const char *storage_class = param_string(in, "StorageClass");
    if (storage_class && !object_storage_class(storage_class))
        return call_fail(c, 400, "InvalidStorageClass",
                         "The storage class you specified is not valid");
    const char *canned = param_string(in, "ACL");
    if (canned && !acl_canned_is_known(canned))
        return s3_fail_invalid_argument(c, "", "x-amz-acl", canned);
    cJSON *acl = acl_from_request(in, b->account);
    if (!acl)
        return s3_fail_invalid_argument(c, "Invalid id", "x-amz-grant", "");
    cJSON_Delete(acl);
    const char *sse = param_string(in, "ServerSideEncryption");
    if (sse && strcmp(sse, "AES256") != 0 && strcmp(sse, "aws:kms") != 0 &&
        strcmp(sse, "aws:kms:dsse") != 0 && strcmp(sse, "aws:fsx") != 0)
        return s3_fail_invalid_argument(c, "The encryption method specified is not supported",
                                        "x-amz-server-side-encryption", sse);
    const char *key_id = param_string(in, "SSEKMSKeyId");
    if (key_id && !is_kms(sse))
        return s3_fail_invalid_argument(c, "Server Side Encryption with AWS KMS managed key "
                                           "requires HTTP header x-amz-server-side-encryption : "
                                           "aws:kms",
                                        "x-amz-server-side-encryption-aws-kms-key-id", key_id);
    if (object_check_encryption_key(c, b, in) != 0)
        return -1;
    return check_lock_settings(c, b, in);
}

/* What S3 answers for an object stored without these. */
static const struct {
    const char *member, *value;
} header_defaults[] = {
    {"ContentType", "binary/octet-stream"},
    {"ServerSideEncryption", "AES256"},
};

static const char *header_default(const char *member)
{
    for (size_t i = 0; i < sizeof header_defaults / sizeof header_defaults[0]; i++)
        if (strcmp(header_defaults[i].member, member) == 0)
            return header_defaults[i].value;
    return NULL;
}

void object_headers_from_params(struct object_version *v, const cJSON *in)
{
    cJSON_Delete(v->headers);
    v->headers = NULL;
    for (const char *const *m = header_members; *m; m++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, *m);
        const char *fallback = header_default(*m);
        if (!value || (fallback && cJSON_IsString(value) && strcmp(value->valuestring, fallback) == 0))
            continue;
        if (!v->headers)
            v->headers = cJSON_CreateObject();
        cJSON_AddItemToObject(v->headers, *m, cJSON_Duplicate(value, true));
    }
}

const char *object_header(const struct object_version *v, const char *member)
{
    const char *value = param_string(v->headers, member);
    return value ? value : header_default(member);
}

/* The bucket's default retention, if it has one, for writes that name none. */
static void apply_default_retention(struct object_version *v, const struct bucket *b)
{
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_OBJECT_LOCK], "Rule");
    const cJSON *retention = cJSON_GetObjectItemCaseSensitive(rule, "DefaultRetention");
    const char *mode = param_string(retention, "Mode");
    if (!mode)
        return;
    double days = param_number(retention, "Days", 0) + 365 * param_number(retention, "Years", 0);
    snprintf(v->lock_mode, sizeof v->lock_mode, "%s", mode);
    v->lock_retain_until = v->last_modified + days * 86400;
}

static void set_header(struct object_version *v, const char *member, cJSON *value)
{
    if (!v->headers)
        v->headers = cJSON_CreateObject();
    cJSON_DeleteItemFromObjectCaseSensitive(v->headers, member);
    cJSON_AddItemToObject(v->headers, member, value);
}

/* The encryption a write gets: the request's, else the bucket's default (its key and bucket key
 * setting included). */
struct write_encryption {
    const char *algorithm, *key_id;
    const cJSON *bucket_key;
};

static struct write_encryption write_encryption(const struct bucket *b, const cJSON *in)
{
    const cJSON *rule = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_ENCRYPTION], "Rules"), 0);
    const cJSON *by_default =
        cJSON_GetObjectItemCaseSensitive(rule, "ApplyServerSideEncryptionByDefault");
    struct write_encryption e = {param_string(in, "ServerSideEncryption"),
                                 param_string(in, "SSEKMSKeyId"),
                                 cJSON_GetObjectItemCaseSensitive(in, "BucketKeyEnabled")};
    if (!e.algorithm) {
        e.algorithm = param_string(by_default, "SSEAlgorithm");
        e.key_id = param_string(by_default, "KMSMasterKeyID");
        if (!e.bucket_key)
            e.bucket_key = cJSON_GetObjectItemCaseSensitive(rule, "BucketKeyEnabled");
    } else if (!e.bucket_key && is_kms(e.algorithm) &&
               is_kms(param_string(by_default, "SSEAlgorithm"))) {
        e.bucket_key = cJSON_GetObjectItemCaseSensitive(rule, "BucketKeyEnabled");
    }
    return e;
}

int object_check_encryption_key(struct call *c, const struct bucket *b, const cJSON *in)
{
    struct write_encryption e = write_encryption(b, in);
    return is_kms(e.algorithm) ? s3_sse_kms_check(c, b, e.key_id) : 0;
}

void object_apply_encryption(struct object_version *v, const struct bucket *b, const cJSON *in)
{
    static const char *const members[] = {"ServerSideEncryption", "SSEKMSKeyId",
                                          "BucketKeyEnabled"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(v->headers, members[i]);
    if (v->headers && !v->headers->child) {
        cJSON_Delete(v->headers);
        v->headers = NULL;
    }
    struct write_encryption e = write_encryption(b, in);
    if (e.algorithm && strcmp(e.algorithm, "AES256") != 0)
        set_header(v, "ServerSideEncryption", cJSON_CreateString(e.algorithm));
    if (!is_kms(e.algorithm))
        return;
    char *arn = s3_sse_kms_key_arn(b, e.key_id);
    set_header(v, "SSEKMSKeyId", cJSON_CreateString(arn));
    free(arn);
    /* Only SSE-KMS objects report their bucket key. */
    if (cJSON_IsTrue(e.bucket_key))
        set_header(v, "BucketKeyEnabled", cJSON_CreateTrue());
}

int object_check_key_readable(struct call *c, const struct bucket *b,
                              const struct object_version *v)
{
    const char *key_arn = param_string(v->headers, "SSEKMSKeyId");
    return key_arn ? s3_sse_kms_check(c, b, key_arn) : 0;
}

void object_add_encryption(const struct object_version *v, cJSON *out)
{
    cJSON_AddStringToObject(out, "ServerSideEncryption", object_header(v, "ServerSideEncryption"));
    const char *key_id = param_string(v->headers, "SSEKMSKeyId");
    if (key_id)
        cJSON_AddStringToObject(out, "SSEKMSKeyId", key_id);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v->headers, "BucketKeyEnabled")))
        cJSON_AddBoolToObject(out, "BucketKeyEnabled", true);
}

void object_add_write_encryption(const struct bucket *b, const cJSON *in, cJSON *out)
{
    struct object_version *v = object_version_new();
    object_apply_encryption(v, b, in);
    object_add_encryption(v, out);
    object_version_free(v);
}

void object_settings_apply(struct object_version *v, const struct bucket *b, const cJSON *in,
                           const char *account)
{
    object_headers_from_params(v, in);
    object_apply_encryption(v, b, in);
    cJSON_Delete(v->metadata);
    v->metadata = param_copy(in, "Metadata");
    const char *storage_class = object_storage_class(param_string(in, "StorageClass"));
    v->storage_class = storage_class ? storage_class : object_storage_class("STANDARD");
    cJSON_Delete(v->acl);
    v->acl = acl_request_is_private(in) ? NULL : acl_from_request(in, account);
    snprintf(v->owner, sizeof v->owner, "%s", account);
    const char *mode = param_string(in, "ObjectLockMode");
    if (mode) {
        snprintf(v->lock_mode, sizeof v->lock_mode, "%s", mode);
        v->lock_retain_until = param_number(in, "ObjectLockRetainUntilDate", 0);
    } else if (b->object_lock_enabled) {
        apply_default_retention(v, b);
    }
    const char *hold = param_string(in, "ObjectLockLegalHoldStatus");
    v->legal_hold = hold && strcmp(hold, "ON") == 0;
    v->legal_hold_applied = hold != NULL;
}

void object_add_checksum(const struct object_version *v, cJSON *out)
{
    if (v->checksum_algorithm == CHECKSUM_NONE || !v->checksum[0])
        return;
    cJSON_AddStringToObject(out, checksum_member(v->checksum_algorithm), v->checksum);
    cJSON_AddStringToObject(out, "ChecksumType", v->checksum_composite ? "COMPOSITE" : "FULL_OBJECT");
}

void object_describe(const struct bucket *b, const struct object_version *v, cJSON *out)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, v->headers)
    {
        cJSON_AddItemToObject(out, h->string, cJSON_Duplicate(h, true));
    }
    for (size_t i = 0; i < sizeof header_defaults / sizeof header_defaults[0]; i++)
        if (!cJSON_GetObjectItemCaseSensitive(out, header_defaults[i].member))
            cJSON_AddStringToObject(out, header_defaults[i].member, header_defaults[i].value);
    if (v->metadata && cJSON_GetArraySize(v->metadata) > 0)
        cJSON_AddItemToObject(out, "Metadata", cJSON_Duplicate(v->metadata, true));
    cJSON_AddStringToObject(out, "AcceptRanges", "bytes");
    cJSON_AddNumberToObject(out, "LastModified", v->last_modified);
    cJSON_AddStringToObject(out, "ETag", v->etag);
    if (b->versioning != VERSIONING_NEVER)
        cJSON_AddStringToObject(out, "VersionId", v->version_id);
    if (strcmp(v->storage_class, "STANDARD") != 0)
        cJSON_AddStringToObject(out, "StorageClass", v->storage_class);
    if (v->restore_expiry > s3_now()) {
        struct buf expiry = BUF_INIT, restore = BUF_INIT;
        timestamp_format(v->restore_expiry, TS_RFC822, &expiry);
        buf_printf(&restore, "ongoing-request=\"false\", expiry-date=\"%s\"", expiry.data);
        cJSON_AddStringToObject(out, "Restore", restore.data);
        buf_free(&expiry);
        buf_free(&restore);
    }
    int tags = cJSON_GetArraySize(v->tags);
    if (tags > 0)
        cJSON_AddNumberToObject(out, "TagCount", tags);
    if (v->lock_mode[0]) {
        cJSON_AddStringToObject(out, "ObjectLockMode", v->lock_mode);
        cJSON_AddNumberToObject(out, "ObjectLockRetainUntilDate", v->lock_retain_until);
    }
    /* S3 says nothing of a legal hold never placed on the version. */
    if (v->legal_hold_applied)
        cJSON_AddStringToObject(out, "ObjectLockLegalHoldStatus", v->legal_hold ? "ON" : "OFF");
}

int object_lock_check_delete(struct call *c, const struct object_version *v, bool bypass)
{
    if (v->delete_marker)
        return 0;
    bool retained = v->lock_mode[0] && v->lock_retain_until > s3_now() &&
                    !(bypass && strcmp(v->lock_mode, "GOVERNANCE") == 0);
    if (v->legal_hold || retained)
        return call_fail(c, 403, "AccessDenied",
                         "Access Denied because object protected by object lock.");
    return 0;
}

void delete_error_entry(cJSON *errors, const char *key, const char *version_id, const char *code,
                        const char *message)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "Key", key);
    if (version_id)
        cJSON_AddStringToObject(e, "VersionId", version_id);
    cJSON_AddStringToObject(e, "Code", code);
    cJSON_AddStringToObject(e, "Message", message);
    cJSON_AddItemToArray(errors, e);
}
