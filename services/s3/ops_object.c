/* Objects: put, get, head, delete one, delete many. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "anonymous_access.h"
#include "event_notification.h"
#include "object_access.h"
#include "object_store.h"
#include "ops.h"
#include "range.h"
#include "s3_call.h"
#include "versioning.h"

#define MAX_DELETE_OBJECTS 1000

static int fail_precondition(struct call *c, const char *condition)
{
    call_fail(c, 412, "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold");
    call_error_field(c, "Condition", condition);
    return -1;
}

/* If-Match "*" or a list of ETags, quoted or not. */
static bool etag_matches(const char *condition, const char *etag)
{
    const char *p = condition;
    size_t bare_len = strlen(etag) - 2;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        bool weak = strncmp(p, "W/", 2) == 0;
        if (weak)
            p += 2;
        size_t len = strcspn(p, ",");
        const char *item = p;
        size_t item_len = len;
        while (item_len > 0 && item[item_len - 1] == ' ')
            item_len--;
        if (item_len >= 2 && item[0] == '"' && item[item_len - 1] == '"') {
            item++;
            item_len -= 2;
        }
        if (item_len == bare_len && memcmp(item, etag + 1, bare_len) == 0)
            return true;
        p += len;
    }
    return false;
}

/* The conditional headers of a GET or HEAD, in the order S3 applies them: 0, or -1 after 412 or
 * 304. */
static int check_read_conditions(struct call *c, const cJSON *in, const struct object_version *v)
{
    const char *if_match = param_string(in, "IfMatch");
    const char *if_none_match = param_string(in, "IfNoneMatch");
    double modified = floor(v->last_modified);
    if (if_match && !etag_matches(if_match, v->etag))
        return fail_precondition(c, "If-Match");
    const cJSON *unmodified_since = cJSON_GetObjectItemCaseSensitive(in, "IfUnmodifiedSince");
    if (!if_match && cJSON_IsNumber(unmodified_since) && modified > unmodified_since->valuedouble)
        return fail_precondition(c, "If-Unmodified-Since");
    if (if_none_match && etag_matches(if_none_match, v->etag)) {
        http_headers_set(&c->resp->headers, "ETag", v->etag);
        return call_fail(c, 304, "NotModified", "Not Modified");
    }
    const cJSON *modified_since = cJSON_GetObjectItemCaseSensitive(in, "IfModifiedSince");
    if (!if_none_match && cJSON_IsNumber(modified_since) &&
        modified <= modified_since->valuedouble && modified_since->valuedouble <= s3_now()) {
        http_headers_set(&c->resp->headers, "ETag", v->etag);
        return call_fail(c, 304, "NotModified", "Not Modified");
    }
    return 0;
}

static void format_number(uint64_t n, char *out, size_t size)
{
    snprintf(out, size, "%llu", (unsigned long long)n);
}

static int fail_invalid_range(struct call *c, const char *requested, uint64_t size)
{
    char actual[32];
    format_number(size, actual, sizeof actual);
    call_fail(c, 416, "InvalidRange", "The requested range is not satisfiable");
    call_error_field(c, "RangeRequested", requested);
    call_error_field(c, "ActualObjectSize", actual);
    return -1;
}

static int fail_part_number(struct call *c, int requested, int parts)
{
    char req_text[32], parts_text[32];
    snprintf(req_text, sizeof req_text, "%d", requested);
    snprintf(parts_text, sizeof parts_text, "%d", parts);
    call_fail(c, 416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
    call_error_field(c, "PartNumberRequested", req_text);
    call_error_field(c, "ActualPartCount", parts_text);
    return -1;
}

/* The byte span a read returns: Range or partNumber; *partial when it is not the whole. */
static int choose_span(struct call *c, const cJSON *in, const struct object_version *v,
                       uint64_t *first, uint64_t *length, bool *partial, cJSON *out)
{
    uint64_t size = blob_length(v->body);
    *first = 0;
    *length = size;
    *partial = false;
    const cJSON *part_number = cJSON_GetObjectItemCaseSensitive(in, "PartNumber");
    const char *range = param_string(in, "Range");
    if (cJSON_IsNumber(part_number)) {
        int n = (int)part_number->valuedouble;
        if (range)
            return s3_fail_invalid_request(c, "Cannot specify both Range header and partNumber "
                                              "query parameter");
        int parts = v->n_parts ? v->n_parts : 1;
        if (n < 1 || n > parts)
            return fail_part_number(c, n, parts);
        /* A part is answered as a range even when it spans the whole object. */
        if (v->n_parts) {
            *first = v->parts[n - 1].offset;
            *length = v->parts[n - 1].size;
            cJSON_AddNumberToObject(out, "PartsCount", v->n_parts);
        }
        *partial = *length > 0;
        return 0;
    }
    uint64_t last;
    switch (range_parse(range, size, first, &last)) {
    case RANGE_NONE:
        *first = 0;
        return 0;
    case RANGE_UNSATISFIABLE:
        return fail_invalid_range(c, range, size);
    case RANGE_OK:
        *length = last - *first + 1;
        *partial = true;
        return 0;
    }
    return 0;
}

static void add_content_range(cJSON *out, uint64_t first, uint64_t length, uint64_t size)
{
    char text[96];
    snprintf(text, sizeof text, "bytes %llu-%llu/%llu", (unsigned long long)first,
             (unsigned long long)(first + length - 1), (unsigned long long)size);
    cJSON_AddStringToObject(out, "ContentRange", text);
}

/* response-content-type & co. replace the stored headers in a successful answer. */
static void apply_response_overrides(const cJSON *in, cJSON *out)
{
    static const struct {
        const char *param, *member;
    } overrides[] = {
        {"ResponseCacheControl", "CacheControl"},
        {"ResponseContentDisposition", "ContentDisposition"},
        {"ResponseContentEncoding", "ContentEncoding"},
        {"ResponseContentLanguage", "ContentLanguage"},
        {"ResponseContentType", "ContentType"},
    };
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        const char *value = param_string(in, overrides[i].param);
        if (value) {
            cJSON_DeleteItemFromObjectCaseSensitive(out, overrides[i].member);
            cJSON_AddStringToObject(out, overrides[i].member, value);
        }
    }
    const cJSON *expires = cJSON_GetObjectItemCaseSensitive(in, "ResponseExpires");
    if (cJSON_IsNumber(expires)) {
        struct buf text = BUF_INIT;
        timestamp_format(expires->valuedouble, TS_RFC822, &text);
        cJSON_DeleteItemFromObjectCaseSensitive(out, "Expires");
        cJSON_AddStringToObject(out, "Expires", text.data);
        buf_free(&text);
    }
}

/* A request without credentials reads only what was written without them or is public. */
static int check_anonymous_read(struct call *c, const struct bucket *b, const char *key,
                                const struct object_version *v)
{
    if (c->route->access_key[0] || v->anonymous_writer || anonymous_may_read(b, key, v))
        return 0;
    return call_fail(c, 403, "AccessDenied", "Access Denied");
}

/* GetObject and HeadObject: everything but whether the bytes are sent. */
static int read_object(struct call *c, const cJSON *in, cJSON *out, bool send_body)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const char *key = param_string(in, "Key");
    struct object_version *v =
        object_for_read(c, b, key, param_string(in, "VersionId"), send_body ? "GET" : "HEAD");
    if (!v || check_anonymous_read(c, b, key, v) != 0 ||
        (send_body && (object_check_readable(c, v, false) != 0 ||
                       object_check_key_readable(c, b, v) != 0)) ||
        check_read_conditions(c, in, v) != 0)
        return -1;
    uint64_t first, length;
    bool partial;
    if (choose_span(c, in, v, &first, &length, &partial, out) != 0)
        return -1;
    object_describe(b, v, out);
    if (partial) {
        add_content_range(out, first, length, blob_length(v->body));
        cJSON_AddNumberToObject(out, "StatusCode", 206);
    } else {
        const char *mode = param_string(in, "ChecksumMode");
        if (mode && strcmp(mode, "ENABLED") == 0)
            object_add_checksum(v, out);
    }
    cJSON_AddNumberToObject(out, "ContentLength", (double)length);
    apply_response_overrides(in, out);
    if (!send_body) {
        c->resp->head_content_length = (long long)length;
        return 0;
    }
    if (!blob_respond(v->body, first, length, c->resp))
        return call_fail(c, 500, "InternalError",
                         "We encountered an internal error. Please try again.");
    return 0;
}

OPERATION(s3_get_object)
{
    return read_object(c, in, out, true);
}

OPERATION(s3_head_object)
{
    return read_object(c, in, out, false);
}

/* If-None-Match / If-Match on a write (conditional PUT). */
static int check_write_conditions(struct call *c, const cJSON *in, const struct bucket *b,
                                  const char *key)
{
    const char *if_none_match = param_string(in, "IfNoneMatch");
    const char *if_match = param_string(in, "IfMatch");
    const struct object_version *current = versioning_current(b, key);
    bool exists = current && !current->delete_marker;
    if (if_none_match && strcmp(if_none_match, "*") != 0)
        return call_fail(c, 501, "NotImplemented",
                         "A header you provided implies functionality that is not implemented");
    if (if_none_match && exists)
        return fail_precondition(c, "If-None-Match");
    if (if_match && !exists)
        return s3_fail_no_such_key(c, key);
    if (if_match && !etag_matches(if_match, current->etag))
        return fail_precondition(c, "If-Match");
    return 0;
}

/* An overwrite of a locked current version is refused in a never-versioned bucket only;
 * versioned buckets keep the old version. */
static int check_overwrite_lock(struct call *c, const struct bucket *b, const char *key)
{
    if (b->versioning == VERSIONING_ENABLED)
        return 0;
    const struct object_version *null_version = versioning_find(b, key, "null");
    return null_version ? object_lock_check_delete(c, null_version, false) : 0;
}

static void add_version_result(const struct bucket *b, const struct object_version *v, cJSON *out)
{
    if (b->versioning == VERSIONING_ENABLED ||
        (b->versioning == VERSIONING_SUSPENDED && strcmp(v->version_id, "null") != 0))
        cJSON_AddStringToObject(out, "VersionId", v->version_id);
}

int s3_store_object(struct call *c, struct bucket *b, const char *key, const cJSON *in,
                    cJSON *tags, uint64_t offset, uint64_t length, cJSON *out)
{
    if (object_settings_check(c, b, in) != 0 || check_write_conditions(c, in, b, key) != 0 ||
        check_overwrite_lock(c, b, key) != 0) {
        cJSON_Delete(tags);
        return -1;
    }
    const char *tagging = param_string(in, "Tagging");
    if (!tags && tagging && !(tags = tags_from_query_text(c, tagging)))
        return -1;
    struct stored_body body;
    if (object_store_take_range(c, in, CHECKSUM_CRC64NVME, offset, length, &body) != 0) {
        cJSON_Delete(tags);
        return -1;
    }
    struct object_version *v = object_version_new();
    v->last_modified = s3_now();
    object_settings_apply(v, b, in, c->route->account);
    v->anonymous_writer = !c->route->access_key[0];
    v->tags = tags;
    v->body = body.blob;
    snprintf(v->etag, sizeof v->etag, "%s", body.etag);
    v->checksum_algorithm = body.algorithm;
    snprintf(v->checksum, sizeof v->checksum, "%s", body.checksum);
    versioning_put(b, key, v);

    cJSON_AddStringToObject(out, "ETag", v->etag);
    object_add_checksum(v, out);
    object_add_encryption(v, out);
    add_version_result(b, v, out);
    return 0;
}

OPERATION(s3_put_object)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const struct http_request *req = c->http;
    uint64_t length = req->body_fd >= 0 ? req->body_length : req->body.len;
    return s3_store_object(c, b, param_string(in, "Key"), in, NULL, 0, length, out);
}

static void add_delete_result(const struct delete_outcome *d, cJSON *out)
{
    if (d->delete_marker)
        cJSON_AddBoolToObject(out, "DeleteMarker", true);
    if (d->version_id[0])
        cJSON_AddStringToObject(out, "VersionId", d->version_id);
}

/* One delete, as DeleteObject and each DeleteObjects entry perform it. 0, or -1 after failing
 * the call. */
static int delete_one(struct call *c, struct bucket *b, const char *key, const char *version_id,
                      bool bypass, struct delete_outcome *outcome)
{
    memset(outcome, 0, sizeof *outcome);
    if (!version_id) {
        if (b->versioning != VERSIONING_ENABLED && check_overwrite_lock(c, b, key) != 0)
            return -1;
        versioning_delete_current(b, key, s3_now(), c->route->account, outcome);
        return 0;
    }
    if (!version_id_is_well_formed(version_id))
        return s3_fail_invalid_argument(c, "Invalid version id specified", "versionId",
                                        version_id);
    struct object_version *v = versioning_find(b, key, version_id);
    if (!v) {
        /* Deleting a version that is not there succeeds and names it. */
        snprintf(outcome->version_id, sizeof outcome->version_id, "%s", version_id);
        return 0;
    }
    if (object_lock_check_delete(c, v, bypass) != 0)
        return -1;
    versioning_delete_version(b, key, v, outcome);
    return 0;
}

OPERATION(s3_delete_object)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    struct delete_outcome outcome;
    if (delete_one(c, b, param_string(in, "Key"), param_string(in, "VersionId"),
                   param_true(in, "BypassGovernanceRetention"), &outcome) != 0)
        return -1;
    add_delete_result(&outcome, out);
    return 0;
}

static bool has_integrity_header(const struct call *c)
{
    if (http_request_header(c->http, "Content-MD5"))
        return true;
    for (int a = 0; a < CHECKSUM_COUNT; a++)
        if (http_request_header(c->http, checksum_header((enum checksum_algorithm)a)))
            return true;
    return false;
}

static void delete_entry(struct call *c, struct bucket *b, const cJSON *object, bool quiet,
                         bool bypass, cJSON *deleted, cJSON *errors)
{
    const char *key = param_string(object, "Key");
    const char *version_id = param_string(object, "VersionId");
    struct delete_outcome outcome;
    if (delete_one(c, b, key, version_id, bypass, &outcome) != 0) {
        delete_error_entry(errors, key, version_id, c->err->code, c->err->message);
        proto_error_clear(c->err);
        return;
    }
    bool marker_created = !version_id && outcome.delete_marker;
    s3_notify_object_event(c, b,
                           marker_created ? "ObjectRemoved:DeleteMarkerCreated"
                                          : "ObjectRemoved:Delete",
                           key, version_id ? version_id : outcome.version_id);
    if (quiet)
        return;
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Key", key);
    if (version_id) {
        cJSON_AddStringToObject(entry, "VersionId", version_id);
        if (outcome.delete_marker) {
            cJSON_AddBoolToObject(entry, "DeleteMarker", true);
            cJSON_AddStringToObject(entry, "DeleteMarkerVersionId", version_id);
        }
    } else if (outcome.delete_marker) {
        cJSON_AddBoolToObject(entry, "DeleteMarker", true);
        cJSON_AddStringToObject(entry, "DeleteMarkerVersionId", outcome.version_id);
    }
    cJSON_AddItemToArray(deleted, entry);
}

OPERATION(s3_delete_objects)
{
    /* S3 reads the list before it looks for the bucket. */
    const cJSON *request = cJSON_GetObjectItemCaseSensitive(in, "Delete");
    const cJSON *objects = cJSON_GetObjectItemCaseSensitive(request, "Objects");
    if (!cJSON_IsArray(objects) || cJSON_GetArraySize(objects) == 0 ||
        cJSON_GetArraySize(objects) > MAX_DELETE_OBJECTS)
        return s3_fail_malformed_xml(c);
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    if (!has_integrity_header(c))
        return s3_fail_invalid_request(c, "Missing required header for this request: Content-MD5");
    const cJSON *object;
    cJSON_ArrayForEach(object, objects)
    {
        if (!param_string(object, "Key"))
            return s3_fail_malformed_xml(c);
    }
    bool quiet = param_true(request, "Quiet");
    bool bypass = param_true(in, "BypassGovernanceRetention");
    cJSON *deleted = cJSON_CreateArray();
    cJSON *errors = cJSON_CreateArray();
    cJSON_ArrayForEach(object, objects)
    {
        delete_entry(c, b, object, quiet, bypass, deleted, errors);
    }
    if (cJSON_GetArraySize(deleted) > 0)
        cJSON_AddItemToObject(out, "Deleted", deleted);
    else
        cJSON_Delete(deleted);
    if (cJSON_GetArraySize(errors) > 0)
        cJSON_AddItemToObject(out, "Errors", errors);
    else
        cJSON_Delete(errors);
    return 0;
}
