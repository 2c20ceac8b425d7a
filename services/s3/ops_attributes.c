/* An object's own sub-resources: attributes, tags, ACL, retention and legal hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "acl.h"
#include "object_access.h"
#include "ops.h"
#include "s3_call.h"
#include "versioning.h"

/* The version an operation on a sub-resource names; NULL after failing. */
static struct object_version *target_version(struct call *c, const cJSON *in, struct bucket **b,
                                             const char *method)
{
    *b = s3_bucket_for_call(c, in);
    if (!*b)
        return NULL;
    return object_for_read(c, *b, param_string(in, "Key"), param_string(in, "VersionId"), method);
}

static void add_version_id(const struct bucket *b, const struct object_version *v, cJSON *out)
{
    if (b->versioning != VERSIONING_NEVER)
        cJSON_AddStringToObject(out, "VersionId", v->version_id);
}

static bool attribute_requested(const cJSON *in, const char *name)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(in, "ObjectAttributes");
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, name) == 0)
            return true;
    }
    return false;
}

static void add_object_parts(const cJSON *in, const struct object_version *v, cJSON *out)
{
    cJSON *parts = cJSON_AddObjectToObject(out, "ObjectParts");
    int marker = (int)param_number(in, "PartNumberMarker", 0);
    int max = (int)param_number(in, "MaxParts", 1000);
    cJSON_AddNumberToObject(parts, "TotalPartsCount", v->n_parts);
    cJSON_AddNumberToObject(parts, "PartNumberMarker", marker);
    cJSON_AddNumberToObject(parts, "MaxParts", max);
    cJSON *list = cJSON_AddArrayToObject(parts, "Parts");
    int listed = 0, last = marker;
    bool truncated = false;
    for (int i = 0; i < v->n_parts; i++) {
        if (v->parts[i].number <= marker)
            continue;
        if (listed == max) {
            truncated = true;
            break;
        }
        cJSON *p = cJSON_CreateObject();
        cJSON_AddNumberToObject(p, "PartNumber", v->parts[i].number);
        cJSON_AddNumberToObject(p, "Size", (double)v->parts[i].size);
        if (v->parts[i].checksum[0] && v->checksum_algorithm != CHECKSUM_NONE)
            cJSON_AddStringToObject(p, checksum_member(v->checksum_algorithm), v->parts[i].checksum);
        cJSON_AddItemToArray(list, p);
        listed++;
        last = v->parts[i].number;
    }
    cJSON_AddBoolToObject(parts, "IsTruncated", truncated);
    cJSON_AddNumberToObject(parts, "NextPartNumberMarker", last);
}

OPERATION(s3_get_object_attributes)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "GET");
    if (!v)
        return -1;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(in, "ObjectAttributes");
    if (cJSON_GetArraySize(list) == 0)
        return s3_fail_invalid_request(c, "The x-amz-object-attributes header specifying the "
                                          "attributes to be retrieved is either missing or empty");
    static const char *const known[] = {"ETag", "Checksum", "ObjectParts", "StorageClass",
                                        "ObjectSize", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        bool ok = false;
        for (const char *const *k = known; *k && cJSON_IsString(item); k++)
            ok = ok || strcmp(*k, item->valuestring) == 0;
        if (!ok)
            return s3_fail_invalid_argument(c, "Invalid attribute name specified.",
                                            "x-amz-object-attributes",
                                            cJSON_IsString(item) ? item->valuestring : "");
    }
    cJSON_AddNumberToObject(out, "LastModified", v->last_modified);
    add_version_id(b, v, out);
    if (attribute_requested(in, "ETag")) {
        /* Without its quotes here. */
        char bare[72];
        snprintf(bare, sizeof bare, "%.*s", (int)strlen(v->etag) - 2, v->etag + 1);
        cJSON_AddStringToObject(out, "ETag", bare);
    }
    if (attribute_requested(in, "Checksum") && v->checksum_algorithm != CHECKSUM_NONE) {
        cJSON *checksum = cJSON_AddObjectToObject(out, "Checksum");
        object_add_checksum(v, checksum);
        /* A composite checksum comes without its "-<parts>" suffix here: ObjectParts counts
         * the parts. */
        cJSON *value = cJSON_GetObjectItemCaseSensitive(checksum,
                                                        checksum_member(v->checksum_algorithm));
        char *dash = cJSON_IsString(value) ? strchr(value->valuestring, '-') : NULL;
        if (dash)
            *dash = '\0';
    }
    if (attribute_requested(in, "ObjectParts") && v->n_parts > 0)
        add_object_parts(in, v, out);
    if (attribute_requested(in, "StorageClass"))
        cJSON_AddStringToObject(out, "StorageClass", v->storage_class);
    if (attribute_requested(in, "ObjectSize"))
        cJSON_AddNumberToObject(out, "ObjectSize", (double)blob_length(v->body));
    return 0;
}

OPERATION(s3_get_object_tagging)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "GET");
    if (!v)
        return -1;
    add_version_id(b, v, out);
    cJSON_AddItemToObject(out, "TagSet", v->tags ? cJSON_Duplicate(v->tags, true)
                                                 : cJSON_CreateArray());
    return 0;
}

OPERATION(s3_put_object_tagging)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "PUT");
    if (!v)
        return -1;
    const cJSON *tagging = cJSON_GetObjectItemCaseSensitive(in, "Tagging");
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(tagging, "TagSet");
    if (!tagging || (set && !cJSON_IsArray(set)))
        return s3_fail_malformed_xml(c);
    if (set && s3_tags_check(c, set, S3_TAGGED_OBJECT) != 0)
        return -1;
    cJSON_Delete(v->tags);
    v->tags = set ? cJSON_Duplicate(set, true) : NULL;
    add_version_id(b, v, out);
    return 0;
}

OPERATION(s3_delete_object_tagging)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "DELETE");
    if (!v)
        return -1;
    cJSON_Delete(v->tags);
    v->tags = NULL;
    add_version_id(b, v, out);
    return 0;
}

static void add_policy(const cJSON *policy, cJSON *out)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, policy)
    {
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, true));
    }
}

OPERATION(s3_get_object_acl)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "GET");
    if (!v)
        return -1;
    cJSON *policy = v->acl ? cJSON_Duplicate(v->acl, true) : acl_from_request(NULL, v->owner);
    add_policy(policy, out);
    cJSON_Delete(policy);
    return 0;
}

OPERATION(s3_put_object_acl)
{
    (void)out;
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "PUT");
    if (!v)
        return -1;
    const cJSON *document = cJSON_GetObjectItemCaseSensitive(in, "AccessControlPolicy");
    cJSON *policy = document ? cJSON_Duplicate(document, true) : acl_from_request(in, v->owner);
    if (!policy)
        return s3_fail_invalid_argument(c, "", "x-amz-acl", param_string(in, "ACL"));
    cJSON_Delete(v->acl);
    v->acl = policy;
    return 0;
}

static int require_object_lock(struct call *c, const struct bucket *b)
{
    if (b->object_lock_enabled)
        return 0;
    return s3_fail_invalid_request(c, "Bucket is missing Object Lock Configuration");
}

OPERATION(s3_get_object_retention)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "GET");
    if (!v || require_object_lock(c, b) != 0)
        return -1;
    if (!v->lock_mode[0])
        return call_fail(c, 404, "NoSuchObjectLockConfiguration",
                         "The specified object does not have a ObjectLock configuration");
    cJSON *retention = cJSON_AddObjectToObject(out, "Retention");
    cJSON_AddStringToObject(retention, "Mode", v->lock_mode);
    cJSON_AddNumberToObject(retention, "RetainUntilDate", v->lock_retain_until);
    return 0;
}

OPERATION(s3_put_object_retention)
{
    (void)out;
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "PUT");
    if (!v || require_object_lock(c, b) != 0)
        return -1;
    const cJSON *retention = cJSON_GetObjectItemCaseSensitive(in, "Retention");
    const char *mode = param_string(retention, "Mode");
    double until = param_number(retention, "RetainUntilDate", 0);
    if (!mode || (strcmp(mode, "GOVERNANCE") != 0 && strcmp(mode, "COMPLIANCE") != 0) || !until)
        return s3_fail_malformed_xml(c);
    /* Shortening or loosening COMPLIANCE retention is never allowed; GOVERNANCE only with
     * the bypass header. */
    bool weaker = v->lock_mode[0] && v->lock_retain_until > s3_now() &&
                  (until < v->lock_retain_until || strcmp(mode, v->lock_mode) != 0);
    bool bypass = param_true(in, "BypassGovernanceRetention") &&
                  strcmp(v->lock_mode, "GOVERNANCE") == 0;
    if (weaker && !bypass)
        return call_fail(c, 403, "AccessDenied",
                         "Access Denied because object protected by object lock.");
    snprintf(v->lock_mode, sizeof v->lock_mode, "%s", mode);
    v->lock_retain_until = until;
    return 0;
}

OPERATION(s3_get_object_legal_hold)
{
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "GET");
    if (!v || require_object_lock(c, b) != 0)
        return -1;
    cJSON *hold = cJSON_AddObjectToObject(out, "LegalHold");
    cJSON_AddStringToObject(hold, "Status", v->legal_hold ? "ON" : "OFF");
    return 0;
}

OPERATION(s3_put_object_legal_hold)
{
    (void)out;
    struct bucket *b;
    struct object_version *v = target_version(c, in, &b, "PUT");
    if (!v || require_object_lock(c, b) != 0)
        return -1;
    const cJSON *hold = cJSON_GetObjectItemCaseSensitive(in, "LegalHold");
    const char *status = param_string(hold, "Status");
    if (!status || (strcmp(status, "ON") != 0 && strcmp(status, "OFF") != 0))
        return s3_fail_malformed_xml(c);
    v->legal_hold = strcmp(status, "ON") == 0;
    v->legal_hold_applied = true;
    return 0;
}
