/* Multipart uploads: create, upload parts, complete, abort, list parts and uploads. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "listing.h"
#include "multipart.h"
#include "object_access.h"
#include "object_store.h"
#include "ops.h"
#include "s3_call.h"
#include "versioning.h"

#define DEFAULT_MAX_PARTS 1000
#define DEFAULT_MAX_UPLOADS 1000

static int fail_no_such_upload(struct call *c, const char *id)
{
    call_fail(c, 404, "NoSuchUpload",
              "The specified upload does not exist. The upload ID may be invalid, or the upload "
              "may have been aborted or completed.");
    call_error_field(c, "UploadId", id ? id : "");
    return -1;
}

/* The upload the params name, which must be for their key; NULL after NoSuchUpload. */
static struct upload *upload_for_call(struct call *c, struct bucket *b, const cJSON *in)
{
    const char *id = param_string(in, "UploadId");
    struct upload *u = id ? sorted_map_get(b->uploads, id) : NULL;
    if (!u || strcmp(u->key, param_string(in, "Key")) != 0) {
        fail_no_such_upload(c, id);
        return NULL;
    }
    return u;
}

static const char *checksum_type_name(const struct upload *u)
{
    return u->checksum_full_object ? "FULL_OBJECT" : "COMPOSITE";
}

/* The checksum settings of a new upload; -1 after failing the call. */
static int choose_upload_checksum(struct call *c, const cJSON *in, struct upload *u)
{
    const char *name = param_string(in, "ChecksumAlgorithm");
    const char *type = param_string(in, "ChecksumType");
    if (type && strcmp(type, "COMPOSITE") != 0 && strcmp(type, "FULL_OBJECT") != 0)
        return s3_fail_invalid_request(c, "Value for x-amz-checksum-type header is invalid.");
    if (!name) {
        if (type)
            return s3_fail_invalid_request(c, "The x-amz-checksum-type header can only be used "
                                              "with the x-amz-checksum-algorithm header.");
        /* Uploads that ask for nothing get a full-object CRC64NVME, as S3 does today. */
        u->checksum_algorithm = CHECKSUM_CRC64NVME;
        u->checksum_full_object = true;
        return 0;
    }
    u->checksum_algorithm = checksum_from_name(name);
    if (u->checksum_algorithm == CHECKSUM_NONE)
        return s3_fail_invalid_request(c, "Checksum algorithm provided is unsupported. Please try "
                                          "again with any of the valid types: [CRC32, CRC32C, "
                                          "CRC64NVME, SHA1, SHA256]");
    bool crc = checksum_is_crc(u->checksum_algorithm);
    u->checksum_full_object = type ? strcmp(type, "FULL_OBJECT") == 0
                                   : u->checksum_algorithm == CHECKSUM_CRC64NVME;
    if ((u->checksum_full_object && !crc) ||
        (!u->checksum_full_object && u->checksum_algorithm == CHECKSUM_CRC64NVME)) {
        char message[160];
        snprintf(message, sizeof message,
                 "The %s checksum type cannot be used with the %s checksum algorithm.",
                 u->checksum_full_object ? "FULL_OBJECT" : "COMPOSITE", name);
        return s3_fail_invalid_request(c, message);
    }
    return 0;
}

OPERATION(s3_create_multipart_upload)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b || object_settings_check(c, b, in) != 0)
        return -1;
    const char *tagging = param_string(in, "Tagging");
    cJSON *tags = NULL;
    if (tagging && !(tags = tags_from_query_text(c, tagging)))
        return -1;
    cJSON *settings = cJSON_Duplicate(in, true);
    if (tags)
        cJSON_AddItemToObject(settings, "TagSet", tags);
    struct upload *u = upload_new(param_string(in, "Key"), c->route->account, settings);
    u->initiated = s3_now();
    if (choose_upload_checksum(c, in, u) != 0) {
        upload_free(u);
        return -1;
    }
    sorted_map_put(b->uploads, u->id, u);
    cJSON_AddStringToObject(out, "Bucket", b->name);
    cJSON_AddStringToObject(out, "Key", u->key);
    cJSON_AddStringToObject(out, "UploadId", u->id);
    if (param_string(in, "ChecksumAlgorithm")) {
        cJSON_AddStringToObject(out, "ChecksumAlgorithm", checksum_name(u->checksum_algorithm));
        cJSON_AddStringToObject(out, "ChecksumType", checksum_type_name(u));
    }
    object_add_write_encryption(b, in, out);
    return 0;
}

static int check_part_number(struct call *c, const cJSON *in, int *number)
{
    double n = param_number(in, "PartNumber", 0);
    if (n < 1 || n > MAX_PART_NUMBER || n != (double)(int)n) {
        char text[32];
        snprintf(text, sizeof text, "%.0f", n);
        return s3_fail_invalid_argument(c, "Part number must be an integer between 1 and 10000, "
                                           "inclusive",
                                        "partNumber", text);
    }
    *number = (int)n;
    return 0;
}

static void add_part_checksum(const struct upload *u, const struct part *p, cJSON *out)
{
    if (p->checksum[0] && u->checksum_algorithm != CHECKSUM_NONE)
        cJSON_AddStringToObject(out, checksum_member(u->checksum_algorithm), p->checksum);
}

/* An upload created for a checksum algorithm takes parts checksummed with that one only. */
static int check_part_checksum_type(struct call *c, const struct upload *u, const cJSON *in)
{
    enum checksum_algorithm sent;
    if (object_store_requested_checksum(c, in, &sent) != 0)
        return -1;
    if (!param_string(u->settings, "ChecksumAlgorithm") || sent == CHECKSUM_NONE ||
        sent == u->checksum_algorithm)
        return 0;
    char expected[16], actual[16];
    snprintf(expected, sizeof expected, "%s", checksum_name(u->checksum_algorithm));
    snprintf(actual, sizeof actual, "%s", checksum_name(sent));
    for (char *p = expected; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = actual; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char message[160];
    snprintf(message, sizeof message,
             "Checksum Type mismatch occurred, expected checksum Type: %s, actual checksum "
             "Type: %s",
             expected, actual);
    return s3_fail_invalid_request(c, message);
}

OPERATION(s3_upload_part)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    struct upload *u = upload_for_call(c, b, in);
    int number = 0;
    if (!u || check_part_number(c, in, &number) != 0)
        return -1;
    if (check_part_checksum_type(c, u, in) != 0)
        return -1;
    struct stored_body body;
    if (object_store_take_body(c, in, u->checksum_algorithm, &body) != 0)
        return -1;
    struct part *p = upload_put_part(u, number, body.blob, body.md5, s3_now());
    if (body.algorithm == u->checksum_algorithm) {
        snprintf(p->checksum, sizeof p->checksum, "%s", body.checksum);
        p->crc = body.crc;
    }
    cJSON_AddStringToObject(out, "ETag", p->etag);
    enum checksum_algorithm requested;
    if (object_store_requested_checksum(c, in, &requested) == 0 && requested != CHECKSUM_NONE)
        add_part_checksum(u, p, out);
    object_add_write_encryption(b, u->settings, out);
    return 0;
}

/* ---- completion ---- */

static bool same_etag(const char *given, const char *stored)
{
    size_t len = strlen(given);
    if (len >= 2 && given[0] == '"' && given[len - 1] == '"')
        return strlen(stored) == len && strcmp(given, stored) == 0;
    return strlen(stored) == len + 2 && strncmp(stored + 1, given, len) == 0;
}

static int fail_invalid_part(struct call *c, const struct upload *u, int number, const char *etag)
{
    char text[16];
    snprintf(text, sizeof text, "%d", number);
    call_fail(c, 400, "InvalidPart",
              "One or more of the specified parts could not be found.  The part may not have been "
              "uploaded, or the specified entity tag may not match the part's entity tag.");
    call_error_field(c, "UploadId", u->id);
    call_error_field(c, "PartNumber", text);
    call_error_field(c, "ETag", etag ? etag : "");
    return -1;
}

static int fail_too_small(struct call *c, const struct part *p)
{
    char size[32], number[16], minimum[32];
    snprintf(size, sizeof size, "%llu", (unsigned long long)blob_length(p->body));
    snprintf(number, sizeof number, "%d", p->number);
    snprintf(minimum, sizeof minimum, "%llu", (unsigned long long)MIN_PART_SIZE);
    call_fail(c, 400, "EntityTooSmall",
              "Your proposed upload is smaller than the minimum allowed object size.");
    call_error_field(c, "ProposedSize", size);
    call_error_field(c, "MinSizeAllowed", minimum);
    call_error_field(c, "PartNumber", number);
    call_error_field(c, "ETag", p->etag);
    return -1;
}

/* The parts the request lists, checked: in order, uploaded, ETags matching, sizes allowed.
 * Fills chosen (n entries); -1 after failing. */
static int check_completed_parts(struct call *c, struct upload *u, const cJSON *list,
                                 struct part **chosen, int *n)
{
    int count = cJSON_GetArraySize(list);
    if (count == 0)
        return s3_fail_malformed_xml(c);
    int previous = 0, i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        int number = (int)param_number(item, "PartNumber", 0);
        const char *etag = param_string(item, "ETag");
        if (number <= previous)
            return call_fail(c, 400, "InvalidPartOrder",
                             "The list of parts was not in ascending order. Parts must be ordered "
                             "by part number.");
        struct part *p = upload_part(u, number);
        if (!p || !etag || !same_etag(etag, p->etag))
            return fail_invalid_part(c, u, number, etag);
        chosen[i++] = p;
        previous = number;
    }
    for (int k = 0; k + 1 < i; k++)
        if (blob_length(chosen[k]->body) < MIN_PART_SIZE)
            return fail_too_small(c, chosen[k]);
    *n = i;
    return 0;
}

/* "<md5 of the parts' md5s>-N" */
static void multipart_etag(struct part **parts, int n, char *out, size_t size)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
    for (int i = 0; i < n; i++)
        EVP_DigestUpdate(ctx, parts[i]->md5, 16);
    unsigned char md5[16];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md5, &len);
    EVP_MD_CTX_free(ctx);
    char hex[33];
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", md5[i]);
    snprintf(out, size, "\"%s-%d\"", hex, n);
}

/* The object's checksum from its parts': COMPOSITE hashes the parts' raw checksums, FULL_OBJECT
 * combines their CRCs. false when a part has none. */
static bool multipart_checksum(const struct upload *u, struct part **parts, int n, char *out,
                               size_t size)
{
    enum checksum_algorithm a = u->checksum_algorithm;
    for (int i = 0; i < n; i++)
        if (!parts[i]->checksum[0])
            return false;
    unsigned char raw[CHECKSUM_MAX_BYTES];
    if (u->checksum_full_object) {
        uint64_t crc = parts[0]->crc;
        for (int i = 1; i < n; i++)
            crc = crc_combine(a, crc, parts[i]->crc, blob_length(parts[i]->body));
        checksum_crc_bytes(a, crc, raw);
        checksum_to_base64(a, raw, out, size);
        return true;
    }
    struct body_digest d;
    body_digest_init(&d, 1u << a);
    for (int i = 0; i < n; i++) {
        struct buf bytes = BUF_INIT;
        base64_decode(parts[i]->checksum, strlen(parts[i]->checksum), &bytes);
        body_digest_update(&d, bytes.data, bytes.len);
        buf_free(&bytes);
    }
    struct digest_result r;
    body_digest_final(&d, &r);
    char b64[48];
    checksum_to_base64(a, r.value[a], b64, sizeof b64);
    snprintf(out, size, "%s-%d", b64, n);
    return true;
}

static struct object_version *assemble(struct call *c, const struct bucket *b, struct upload *u,
                                       struct part **parts, int n)
{
    struct blob_builder *w = blob_builder_new();
    struct object_version *v = object_version_new();
    v->parts = xcalloc((size_t)n, sizeof *v->parts);
    v->n_parts = n;
    uint64_t offset = 0;
    for (int i = 0; i < n; i++) {
        uint64_t len = blob_length(parts[i]->body);
        if (!blob_builder_append(w, parts[i]->body, 0, len)) {
            blob_builder_abandon(w);
            object_version_free(v);
            call_fail(c, 500, "InternalError",
                      "We encountered an internal error. Please try again.");
            return NULL;
        }
        v->parts[i] = (struct object_part){parts[i]->number, offset, len, ""};
        snprintf(v->parts[i].checksum, sizeof v->parts[i].checksum, "%s", parts[i]->checksum);
        offset += len;
    }
    v->body = blob_builder_finish(w);
    if (!v->body) {
        object_version_free(v);
        call_fail(c, 500, "InternalError", "We encountered an internal error. Please try again.");
        return NULL;
    }
    v->last_modified = s3_now();
    object_settings_apply(v, b, u->settings, u->account);
    v->anonymous_writer = !c->route->access_key[0];
    v->tags = param_copy(u->settings, "TagSet");
    multipart_etag(parts, n, v->etag, sizeof v->etag);
    if (multipart_checksum(u, parts, n, v->checksum, sizeof v->checksum)) {
        v->checksum_algorithm = u->checksum_algorithm;
        v->checksum_composite = !u->checksum_full_object;
    }
    return v;
}

/* Completed uploads remembered per bucket for retries: enough for any client's retry window. */
#define COMPLETED_UPLOADS_KEPT 100

static void remember_completion(struct bucket *b, const char *id, const cJSON *result)
{
    if (!b->completed_uploads)
        b->completed_uploads = cJSON_CreateObject();
    if (cJSON_GetArraySize(b->completed_uploads) >= COMPLETED_UPLOADS_KEPT)
        cJSON_Delete(cJSON_DetachItemViaPointer(b->completed_uploads,
                                                b->completed_uploads->child));
    cJSON_AddItemToObject(b->completed_uploads, id, cJSON_Duplicate(result, true));
}

/* A retried completion answers what the first one did, while the object it made is still
 * there; false when the upload was not completed here (or its object is gone). */
static bool answer_completed_again(const struct bucket *b, const cJSON *in, cJSON *out)
{
    const cJSON *result =
        cJSON_GetObjectItemCaseSensitive(b->completed_uploads, param_string(in, "UploadId"));
    const char *key = param_string(result, "Key");
    if (!key || strcmp(key, param_string(in, "Key")) != 0)
        return false;
    const char *version_id = param_string(result, "VersionId");
    const struct object_version *v = versioning_find(b, key, version_id ? version_id : "null");
    const char *etag = param_string(result, "ETag");
    if (!v || v->delete_marker || !etag || strcmp(v->etag, etag) != 0)
        return false;
    const cJSON *member;
    cJSON_ArrayForEach(member, result)
    {
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, true));
    }
    return true;
}

OPERATION(s3_complete_multipart_upload)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const char *id = param_string(in, "UploadId");
    if (id && !sorted_map_get(b->uploads, id) && answer_completed_again(b, in, out))
        return 0;
    struct upload *u = upload_for_call(c, b, in);
    if (!u)
        return -1;
    const cJSON *upload = cJSON_GetObjectItemCaseSensitive(in, "MultipartUpload");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(upload, "Parts");
    int count = cJSON_GetArraySize(list);
    struct part **chosen = xcalloc(count ? (size_t)count : 1, sizeof *chosen);
    int n = 0;
    struct object_version *v = NULL;
    if (check_completed_parts(c, u, list, chosen, &n) == 0)
        v = assemble(c, b, u, chosen, n);
    free(chosen);
    if (!v)
        return -1;
    const char *key = u->key;
    versioning_put(b, key, v);
    struct buf location = BUF_INIT;
    buf_printf(&location, "https://%s.s3.amazonaws.com/", b->name);
    percent_encode(key, strlen(key), true, &location);
    cJSON_AddStringToObject(out, "Location", location.data);
    buf_free(&location);
    cJSON_AddStringToObject(out, "Bucket", b->name);
    cJSON_AddStringToObject(out, "Key", key);
    cJSON_AddStringToObject(out, "ETag", v->etag);
    object_add_checksum(v, out);
    object_add_encryption(v, out);
    if (b->versioning == VERSIONING_ENABLED)
        cJSON_AddStringToObject(out, "VersionId", v->version_id);
    remember_completion(b, u->id, out);
    upload_free(sorted_map_remove(b->uploads, u->id));
    return 0;
}

OPERATION(s3_abort_multipart_upload)
{
    (void)out;
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    struct upload *u = upload_for_call(c, b, in);
    if (!u)
        return -1;
    upload_free(sorted_map_remove(b->uploads, u->id));
    return 0;
}

/* ListParts' paging arguments are counts and part numbers: never negative. */
static int check_list_argument(struct call *c, const char *name, double value)
{
    if (value >= 0)
        return 0;
    char message[96], text[32];
    snprintf(message, sizeof message, "Argument %s must be an integer between 0 and 2147483647",
             name);
    snprintf(text, sizeof text, "%.0f", value);
    return s3_fail_invalid_argument(c, message, name, text);
}

OPERATION(s3_list_parts)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    struct upload *u = upload_for_call(c, b, in);
    if (!u)
        return -1;
    double max_asked = param_number(in, "MaxParts", DEFAULT_MAX_PARTS);
    double marker_asked = param_number(in, "PartNumberMarker", 0);
    if (check_list_argument(c, "max-parts", max_asked) != 0 ||
        check_list_argument(c, "part-number-marker", marker_asked) != 0)
        return -1;
    int marker = marker_asked > MAX_PART_NUMBER ? MAX_PART_NUMBER : (int)marker_asked;
    int max = max_asked > DEFAULT_MAX_PARTS ? DEFAULT_MAX_PARTS : (int)max_asked;
    cJSON_AddStringToObject(out, "Bucket", b->name);
    cJSON_AddStringToObject(out, "Key", u->key);
    cJSON_AddStringToObject(out, "UploadId", u->id);
    cJSON_AddNumberToObject(out, "PartNumberMarker", marker);
    cJSON_AddNumberToObject(out, "MaxParts", max);
    cJSON *parts = cJSON_CreateArray();
    int listed = 0, last = 0;
    bool truncated = false;
    for (int i = 0; i < u->n_parts; i++) {
        const struct part *p = &u->parts[i];
        if (p->number <= marker)
            continue;
        if (listed == max) {
            truncated = true;
            break;
        }
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddNumberToObject(entry, "PartNumber", p->number);
        cJSON_AddNumberToObject(entry, "LastModified", p->last_modified);
        cJSON_AddStringToObject(entry, "ETag", p->etag);
        cJSON_AddNumberToObject(entry, "Size", (double)blob_length(p->body));
        if (param_string(u->settings, "ChecksumAlgorithm"))
            add_part_checksum(u, p, entry);
        cJSON_AddItemToArray(parts, entry);
        listed++;
        last = p->number;
    }
    /* S3 always names where the next page starts: the last part listed, 0 when none was. */
    cJSON_AddNumberToObject(out, "NextPartNumberMarker", last);
    cJSON_AddBoolToObject(out, "IsTruncated", truncated);
    cJSON_AddItemToObject(out, "Parts", parts);
    s3_add_owner(out, "Initiator", u->account);
    s3_add_owner(out, "Owner", u->account);
    const char *storage_class = param_string(u->settings, "StorageClass");
    cJSON_AddStringToObject(out, "StorageClass", storage_class ? storage_class : "STANDARD");
    if (param_string(u->settings, "ChecksumAlgorithm")) {
        cJSON_AddStringToObject(out, "ChecksumAlgorithm", checksum_name(u->checksum_algorithm));
        cJSON_AddStringToObject(out, "ChecksumType", checksum_type_name(u));
    }
    return 0;
}

static int compare_uploads(const void *a, const void *b)
{
    const struct upload *x = *(struct upload *const *)a, *y = *(struct upload *const *)b;
    int cmp = strcmp(x->key, y->key);
    if (cmp)
        return cmp;
    return x->initiated < y->initiated ? -1 : x->initiated > y->initiated;
}

/* Whether u comes after the (key, upload id) markers. */
static bool after_markers(const struct upload *u, const char *key_marker, const char *id_marker,
                          struct upload **sorted, size_t n)
{
    if (!key_marker || !*key_marker)
        return true;
    int cmp = strcmp(u->key, key_marker);
    if (cmp != 0 || !id_marker || !*id_marker)
        return cmp > 0;
    /* Same key: only uploads initiated after the marker's. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(sorted[i]->id, id_marker) == 0)
            return compare_uploads(&u, &sorted[i]) > 0;
    return true;
}

static cJSON *upload_entry(const struct upload *u)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "UploadId", u->id);
    cJSON_AddStringToObject(entry, "Key", u->key);
    cJSON_AddNumberToObject(entry, "Initiated", u->initiated);
    const char *storage_class = param_string(u->settings, "StorageClass");
    cJSON_AddStringToObject(entry, "StorageClass", storage_class ? storage_class : "STANDARD");
    s3_add_owner(entry, "Owner", u->account);
    s3_add_owner(entry, "Initiator", u->account);
    if (param_string(u->settings, "ChecksumAlgorithm")) {
        cJSON_AddStringToObject(entry, "ChecksumAlgorithm", checksum_name(u->checksum_algorithm));
        cJSON_AddStringToObject(entry, "ChecksumType", checksum_type_name(u));
    }
    return entry;
}

OPERATION(s3_list_multipart_uploads)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    size_t n = sorted_map_count(b->uploads);
    struct upload **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    size_t i = 0;
    for (const struct sorted_node *node = sorted_map_seek(b->uploads, NULL, false); node;
         node = sorted_map_next(node))
        sorted[i++] = sorted_node_value(node);
    qsort(sorted, n, sizeof *sorted, compare_uploads);

    const char *prefix = param_string(in, "Prefix");
    const char *delimiter = param_string(in, "Delimiter");
    const char *key_marker = param_string(in, "KeyMarker");
    const char *id_marker = param_string(in, "UploadIdMarker");
    int max = (int)param_number(in, "MaxUploads", DEFAULT_MAX_UPLOADS);
    if (max > DEFAULT_MAX_UPLOADS || max < 0)
        max = DEFAULT_MAX_UPLOADS;
    cJSON *uploads = cJSON_CreateArray(), *prefixes = cJSON_CreateArray();
    int listed = 0;
    bool truncated = false;
    const struct upload *last = NULL;
    char *last_prefix = NULL;
    for (i = 0; i < n; i++) {
        const struct upload *u = sorted[i];
        if (prefix && strncmp(u->key, prefix, strlen(prefix)) != 0)
            continue;
        if (!after_markers(u, key_marker, id_marker, sorted, n))
            continue;
        char *common = listing_common_prefix(u->key, prefix, delimiter);
        if (common && last_prefix && strcmp(common, last_prefix) == 0) {
            free(common);
            continue;
        }
        if (listed == max) {
            truncated = true;
            free(common);
            break;
        }
        listed++;
        if (common) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "Prefix", common);
            cJSON_AddItemToArray(prefixes, p);
            free(last_prefix);
            last_prefix = common;
        } else {
            cJSON_AddItemToArray(uploads, upload_entry(u));
        }
        last = u;
    }
    cJSON_AddStringToObject(out, "Bucket", b->name);
    cJSON_AddStringToObject(out, "KeyMarker", key_marker ? key_marker : "");
    cJSON_AddStringToObject(out, "UploadIdMarker", id_marker ? id_marker : "");
    if (truncated && last) {
        cJSON_AddStringToObject(out, "NextKeyMarker", last->key);
        cJSON_AddStringToObject(out, "NextUploadIdMarker", last->id);
    }
    cJSON_AddNumberToObject(out, "MaxUploads", max);
    cJSON_AddBoolToObject(out, "IsTruncated", truncated);
    cJSON_AddItemToObject(out, "Uploads", uploads);
    cJSON_AddItemToObject(out, "CommonPrefixes", prefixes);
    if (prefix)
        cJSON_AddStringToObject(out, "Prefix", prefix);
    if (delimiter)
        cJSON_AddStringToObject(out, "Delimiter", delimiter);
    free(last_prefix);
    free(sorted);
    return 0;
}
