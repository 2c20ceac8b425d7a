/* Server-side copies: CopyObject and UploadPartCopy. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "copy_source.h"
#include "multipart.h"
#include "object_access.h"
#include "object_store.h"
#include "ops.h"
#include "range.h"
#include "s3_call.h"
#include "versioning.h"

static int fail_copy_condition(struct call *c, const char *condition)
{
    call_fail(c, 412, "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold");
    call_error_field(c, "Condition", condition);
    return -1;
}

static bool etag_listed(const char *condition, const char *etag)
{
    if (strcmp(condition, "*") == 0)
        return true;
    size_t len = strlen(condition);
    if (len >= 2 && condition[0] == '"')
        return strcmp(condition, etag) == 0;
    return strlen(etag) == len + 2 && strncmp(etag + 1, condition, len) == 0;
}

static int check_copy_conditions(struct call *c, const cJSON *in, const struct object_version *v)
{
    const char *if_match = param_string(in, "CopySourceIfMatch");
    const char *if_none_match = param_string(in, "CopySourceIfNoneMatch");
    double modified = floor(v->last_modified);
    if (if_match && !etag_listed(if_match, v->etag))
        return fail_copy_condition(c, "x-amz-copy-source-If-Match");
    const cJSON *unmodified = cJSON_GetObjectItemCaseSensitive(in, "CopySourceIfUnmodifiedSince");
    if (!if_match && cJSON_IsNumber(unmodified) && modified > unmodified->valuedouble)
        return fail_copy_condition(c, "x-amz-copy-source-If-Unmodified-Since");
    if (if_none_match && etag_listed(if_none_match, v->etag))
        return fail_copy_condition(c, "x-amz-copy-source-If-None-Match");
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(in, "CopySourceIfModifiedSince");
    if (!if_none_match && cJSON_IsNumber(since) && modified <= since->valuedouble)
        return fail_copy_condition(c, "x-amz-copy-source-If-Modified-Since");
    return 0;
}

/* The source version a copy names; NULL after failing. */
static struct object_version *copy_source_version(struct call *c, const cJSON *in,
                                                  struct copy_source *src,
                                                  struct bucket **src_bucket)
{
    const char *header = param_string(in, "CopySource");
    if (!copy_source_parse(header, src)) {
        s3_fail_invalid_argument(c, "Invalid copy source object key", "x-amz-copy-source",
                                 header ? header : "");
        return NULL;
    }
    *src_bucket = bucket_find(src->bucket);
    if (!*src_bucket) {
        s3_fail_no_such_bucket(c, src->bucket);
        return NULL;
    }
    struct object_version *v = object_for_read(c, *src_bucket, src->key, src->version_id, "GET");
    if (!v) {
        /* A delete marker as copy source is a 400 in S3, not 405. */
        if (c->err->status == 405) {
            proto_error_clear(c->err);
            s3_fail_invalid_request(c, "The source of a copy request may not specifically refer "
                                       "to a delete marker by version id.");
        }
        return NULL;
    }
    if (object_check_readable(c, v, true) != 0 || check_copy_conditions(c, in, v) != 0)
        return NULL;
    return v;
}

static bool is_replace(const cJSON *in, const char *member)
{
    const char *directive = param_string(in, member);
    return directive && strcmp(directive, "REPLACE") == 0;
}

static int check_directives(struct call *c, const cJSON *in)
{
    static const char *const members[] = {"MetadataDirective", "TaggingDirective"};
    static const char *const headers[] = {"x-amz-metadata-directive", "x-amz-tagging-directive"};
    for (int i = 0; i < 2; i++) {
        const char *d = param_string(in, members[i]);
        if (d && strcmp(d, "COPY") != 0 && strcmp(d, "REPLACE") != 0)
            return s3_fail_invalid_argument(c, "Unknown metadata directive.", headers[i], d);
    }
    return 0;
}

/* A copy onto itself must change something. */
static bool copy_changes_nothing(const cJSON *in, const struct copy_source *src,
                                 const struct bucket *b, const char *key)
{
    return strcmp(src->bucket, b->name) == 0 && strcmp(src->key, key) == 0 &&
           !b->encryption_configured && !src->version_id &&
           !is_replace(in, "MetadataDirective") &&
           !param_string(in, "StorageClass") && !param_string(in, "WebsiteRedirectLocation") &&
           !param_string(in, "ServerSideEncryption") && !param_string(in, "SSEKMSKeyId");
}

/* The new version: bytes shared with the source, settings copied or replaced. */
static struct object_version *copied_version(struct call *c, const cJSON *in,
                                             const struct bucket *b,
                                             const struct object_version *source)
{
    struct object_version *v = object_version_new();
    v->last_modified = s3_now();
    object_settings_apply(v, b, in, c->route->account);
    v->anonymous_writer = !c->route->access_key[0];
    if (!is_replace(in, "MetadataDirective")) {
        /* The source's content headers and metadata carry over; its redirect and encryption
         * do not: those come from the request (or the bucket's default encryption). */
        cJSON_Delete(v->headers);
        v->headers = cJSON_Duplicate(source->headers, true);
        const char *redirect = param_string(in, "WebsiteRedirectLocation");
        cJSON_DeleteItemFromObjectCaseSensitive(v->headers, "WebsiteRedirectLocation");
        /* A copy is a new object: it is no replica, and its own replication is yet to come. */
        cJSON_DeleteItemFromObjectCaseSensitive(v->headers, "ReplicationStatus");
        if (redirect) {
            if (!v->headers)
                v->headers = cJSON_CreateObject();
            cJSON_AddStringToObject(v->headers, "WebsiteRedirectLocation", redirect);
        }
        object_apply_encryption(v, b, in);
        cJSON_Delete(v->metadata);
        v->metadata = source->metadata ? cJSON_Duplicate(source->metadata, true) : NULL;
    }
    v->tags = is_replace(in, "TaggingDirective") || !source->tags
                  ? NULL
                  : cJSON_Duplicate(source->tags, true);
    v->body = blob_ref(source->body);
    snprintf(v->etag, sizeof v->etag, "%s", source->etag);
    /* A copy is one object: a multipart source's ETag and composite checksum do not carry. */
    if (source->n_parts > 0 || source->checksum_composite) {
        v->checksum_algorithm = CHECKSUM_NONE;
    } else {
        v->checksum_algorithm = source->checksum_algorithm;
        snprintf(v->checksum, sizeof v->checksum, "%s", source->checksum);
    }
    return v;
}

struct digest_feed {
    struct body_digest *d;
};

static bool feed_digest(void *ctx, const void *data, size_t len)
{
    body_digest_update(((struct digest_feed *)ctx)->d, data, len);
    return true;
}

/* Digest of bytes [offset, offset+len) of a blob. */
static bool digest_blob(const struct blob *b, uint64_t offset, uint64_t len, unsigned want,
                        struct digest_result *out)
{
    struct body_digest d;
    body_digest_init(&d, want);
    struct digest_feed feed = {&d};
    bool ok = len == 0 || blob_each_slice(b, offset, len, feed_digest, &feed);
    body_digest_final(&d, out);
    return ok;
}

static int fix_copy_digests(struct call *c, const cJSON *in, struct object_version *v)
{
    const char *name = param_string(in, "ChecksumAlgorithm");
    enum checksum_algorithm wanted = name ? checksum_from_name(name) : CHECKSUM_NONE;
    if (name && wanted == CHECKSUM_NONE)
        return s3_fail_invalid_request(c, "Checksum algorithm provided is unsupported. Please try "
                                          "again with any of the valid types: [CRC32, CRC32C, "
                                          "CRC64NVME, SHA1, SHA256]");
    bool keep = strchr(v->etag, '-') == NULL && v->checksum_algorithm != CHECKSUM_NONE &&
                (wanted == CHECKSUM_NONE || wanted == v->checksum_algorithm);
    if (keep)
        return 0;
    enum checksum_algorithm a = wanted != CHECKSUM_NONE ? wanted : CHECKSUM_CRC64NVME;
    struct digest_result r;
    if (!digest_blob(v->body, 0, blob_length(v->body), 1u << a, &r))
        return call_fail(c, 500, "InternalError",
                         "We encountered an internal error. Please try again.");
    object_etag_from_md5(r.md5, v->etag, sizeof v->etag);
    v->checksum_algorithm = a;
    v->checksum_composite = false;
    checksum_to_base64(a, r.value[a], v->checksum, sizeof v->checksum);
    return 0;
}

OPERATION(s3_copy_object)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b || object_settings_check(c, b, in) != 0 || check_directives(c, in) != 0)
        return -1;
    const char *key = param_string(in, "Key");
    struct copy_source src;
    struct bucket *src_bucket = NULL;
    struct object_version *source = copy_source_version(c, in, &src, &src_bucket);
    if (!source) {
        copy_source_free(&src);
        return -1;
    }
    if (copy_changes_nothing(in, &src, b, key)) {
        copy_source_free(&src);
        return s3_fail_invalid_request(
            c, "This copy request is illegal because it is trying to copy an object to itself "
               "without changing the object's metadata, storage class, website redirect location "
               "or encryption attributes.");
    }
    cJSON *tags = NULL;
    const char *tagging = param_string(in, "Tagging");
    if (is_replace(in, "TaggingDirective") && tagging && !(tags = tags_from_query_text(c, tagging))) {
        copy_source_free(&src);
        return -1;
    }
    struct object_version *v = copied_version(c, in, b, source);
    if (tags)
        v->tags = tags;
    if (fix_copy_digests(c, in, v) != 0) {
        object_version_free(v);
        copy_source_free(&src);
        return -1;
    }
    if (src_bucket->versioning != VERSIONING_NEVER)
        cJSON_AddStringToObject(out, "CopySourceVersionId", source->version_id);
    versioning_put(b, key, v);
    cJSON *result = cJSON_AddObjectToObject(out, "CopyObjectResult");
    cJSON_AddStringToObject(result, "ETag", v->etag);
    cJSON_AddNumberToObject(result, "LastModified", v->last_modified);
    object_add_checksum(v, result);
    if (b->versioning == VERSIONING_ENABLED)
        cJSON_AddStringToObject(out, "VersionId", v->version_id);
    object_add_encryption(v, out);
    copy_source_free(&src);
    return 0;
}

static int fail_bad_copy_range(struct call *c, const char *range)
{
    return s3_fail_invalid_argument(
        c, "The x-amz-copy-source-range value must be of the form bytes=first-last where first "
           "and last are the zero-based offsets of the first and last bytes to copy",
        "x-amz-copy-source-range", range);
}

static int fail_range_outside(struct call *c, uint64_t size, const char *range)
{
    char message[128];
    snprintf(message, sizeof message, "Range specified is not valid for source object of size: %llu",
             (unsigned long long)size);
    return s3_fail_invalid_argument(c, message, "x-amz-copy-source-range", range);
}

OPERATION(s3_upload_part_copy)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const char *id = param_string(in, "UploadId");
    struct upload *u = id ? sorted_map_get(b->uploads, id) : NULL;
    if (!u || strcmp(u->key, param_string(in, "Key")) != 0) {
        call_fail(c, 404, "NoSuchUpload",
                  "The specified upload does not exist. The upload ID may be invalid, or the "
                  "upload may have been aborted or completed.");
        call_error_field(c, "UploadId", id ? id : "");
        return -1;
    }
    double number = param_number(in, "PartNumber", 0);
    if (number < 1 || number > MAX_PART_NUMBER || number != (double)(int)number) {
        char text[32];
        snprintf(text, sizeof text, "%.0f", number);
        return s3_fail_invalid_argument(c, "Part number must be an integer between 1 and 10000, "
                                           "inclusive",
                                        "partNumber", text);
    }
    struct copy_source src;
    struct bucket *src_bucket = NULL;
    struct object_version *source = copy_source_version(c, in, &src, &src_bucket);
    copy_source_free(&src);
    if (!source)
        return -1;
    uint64_t size = blob_length(source->body), first = 0, last = size ? size - 1 : 0;
    uint64_t length = size;
    const char *range = param_string(in, "CopySourceRange");
    if (range) {
        if (!copy_range_parse(range, &first, &last))
            return fail_bad_copy_range(c, range);
        if (last >= size)
            return fail_range_outside(c, size, range);
        length = last - first + 1;
    }
    enum checksum_algorithm a = u->checksum_algorithm;
    struct digest_result r;
    struct blob_builder *w = blob_builder_new();
    bool ok = digest_blob(source->body, first, length, a != CHECKSUM_NONE ? 1u << a : 0, &r) &&
              blob_builder_append(w, source->body, first, length);
    struct blob *body = ok ? blob_builder_finish(w) : NULL;
    if (!ok)
        blob_builder_abandon(w);
    if (!body)
        return call_fail(c, 500, "InternalError",
                         "We encountered an internal error. Please try again.");
    struct part *p = upload_put_part(u, (int)number, body, r.md5, s3_now());
    if (a != CHECKSUM_NONE) {
        checksum_to_base64(a, r.value[a], p->checksum, sizeof p->checksum);
        if (checksum_is_crc(a))
            p->crc = checksum_crc_from_bytes(a, r.value[a]);
    }
    if (src_bucket->versioning != VERSIONING_NEVER)
        cJSON_AddStringToObject(out, "CopySourceVersionId", source->version_id);
    cJSON *result = cJSON_AddObjectToObject(out, "CopyPartResult");
    cJSON_AddStringToObject(result, "ETag", p->etag);
    cJSON_AddNumberToObject(result, "LastModified", p->last_modified);
    object_add_write_encryption(b, u->settings, out);
    return 0;
}
