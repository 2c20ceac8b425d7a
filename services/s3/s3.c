/* The S3 backend: its operation table, reset and state. */
#include <stdlib.h>
#include <string.h>

#include "../core/backend.h"
#include "blob.h"
#include "bucket.h"
#include "ops.h"
#include "persist.h"

static const struct operation_entry s3_operations[] = {
    {"AbortMultipartUpload", s3_abort_multipart_upload},
    {"CompleteMultipartUpload", s3_complete_multipart_upload},
    {"CopyObject", s3_copy_object},
    {"CreateBucket", s3_create_bucket},
    {"CreateMultipartUpload", s3_create_multipart_upload},
    {"DeleteBucket", s3_delete_bucket},
    {"DeleteBucketCors", s3_delete_bucket_cors},
    {"DeleteBucketEncryption", s3_delete_bucket_encryption},
    {"DeleteBucketLifecycle", s3_delete_bucket_lifecycle},
    {"DeleteBucketOwnershipControls", s3_delete_bucket_ownership_controls},
    {"DeleteBucketPolicy", s3_delete_bucket_policy},
    {"DeleteBucketTagging", s3_delete_bucket_tagging},
    {"DeleteBucketWebsite", s3_delete_bucket_website},
    {"DeleteObject", s3_delete_object},
    {"DeleteObjectTagging", s3_delete_object_tagging},
    {"DeleteObjects", s3_delete_objects},
    {"DeletePublicAccessBlock", s3_delete_public_access_block},
    {"GetBucketAccelerateConfiguration", s3_get_bucket_accelerate_configuration},
    {"GetBucketAcl", s3_get_bucket_acl},
    {"GetBucketCors", s3_get_bucket_cors},
    {"GetBucketEncryption", s3_get_bucket_encryption},
    {"GetBucketLifecycleConfiguration", s3_get_bucket_lifecycle_configuration},
    {"GetBucketLocation", s3_get_bucket_location},
    {"GetBucketLogging", s3_get_bucket_logging},
    {"GetBucketNotificationConfiguration", s3_get_bucket_notification_configuration},
    {"GetBucketOwnershipControls", s3_get_bucket_ownership_controls},
    {"GetBucketPolicy", s3_get_bucket_policy},
    {"GetBucketPolicyStatus", s3_get_bucket_policy_status},
    {"GetBucketRequestPayment", s3_get_bucket_request_payment},
    {"GetBucketTagging", s3_get_bucket_tagging},
    {"GetBucketVersioning", s3_get_bucket_versioning},
    {"GetBucketWebsite", s3_get_bucket_website},
    {"GetObject", s3_get_object},
    {"GetObjectAcl", s3_get_object_acl},
    {"GetObjectAttributes", s3_get_object_attributes},
    {"GetObjectLegalHold", s3_get_object_legal_hold},
    {"GetObjectLockConfiguration", s3_get_object_lock_configuration},
    {"GetObjectRetention", s3_get_object_retention},
    {"GetObjectTagging", s3_get_object_tagging},
    {"GetPublicAccessBlock", s3_get_public_access_block},
    {"HeadBucket", s3_head_bucket},
    {"HeadObject", s3_head_object},
    {"ListBuckets", s3_list_buckets},
    {"ListMultipartUploads", s3_list_multipart_uploads},
    {"ListObjectVersions", s3_list_object_versions},
    {"ListObjects", s3_list_objects},
    {"ListObjectsV2", s3_list_objects_v2},
    {"ListParts", s3_list_parts},
    {"PutBucketAccelerateConfiguration", s3_put_bucket_accelerate_configuration},
    {"PutBucketAcl", s3_put_bucket_acl},
    {"PutBucketCors", s3_put_bucket_cors},
    {"PutBucketEncryption", s3_put_bucket_encryption},
    {"PutBucketLifecycleConfiguration", s3_put_bucket_lifecycle_configuration},
    {"PutBucketLogging", s3_put_bucket_logging},
    {"PutBucketNotificationConfiguration", s3_put_bucket_notification_configuration},
    {"PutBucketOwnershipControls", s3_put_bucket_ownership_controls},
    {"PutBucketPolicy", s3_put_bucket_policy},
    {"PutBucketRequestPayment", s3_put_bucket_request_payment},
    {"PutBucketTagging", s3_put_bucket_tagging},
    {"PutBucketVersioning", s3_put_bucket_versioning},
    {"PutBucketWebsite", s3_put_bucket_website},
    {"PutObject", s3_put_object},
    {"PutObjectAcl", s3_put_object_acl},
    {"PutObjectLegalHold", s3_put_object_legal_hold},
    {"PutObjectLockConfiguration", s3_put_object_lock_configuration},
    {"PutObjectRetention", s3_put_object_retention},
    {"PutObjectTagging", s3_put_object_tagging},
    {"PutPublicAccessBlock", s3_put_public_access_block},
    {"UploadPart", s3_upload_part},
    {"UploadPartCopy", s3_upload_part_copy},
    {NULL, NULL},
};

static const struct unmodeled_operation preflight = {"PreflightRequest", s3_preflight};
static const struct unmodeled_operation post_object = {"PostObject", s3_post_object};

/* What browsers send: CORS preflights to any bucket or object, and HTML form uploads, which
 * are posted to the bucket itself. */
static const struct unmodeled_operation *s3_unmodeled_operation(const struct http_request *req)
{
    if (strcmp(req->method, "OPTIONS") == 0)
        return &preflight;
    bool names_bucket = req->path[0] == '/' && req->path[1] && req->path[1] != '/';
    const char *after_bucket = names_bucket ? strchr(req->path + 1, '/') : NULL;
    if (strcmp(req->method, "POST") == 0 && names_bucket && (!after_bucket || !after_bucket[1]))
        return &post_object;
    return NULL;
}

static void s3_reset(void)
{
    buckets_reset();
}

static cJSON *s3_state_json(void)
{
    cJSON *state = cJSON_CreateObject();
    cJSON *buckets = cJSON_AddArrayToObject(state, "buckets");
    for (const struct sorted_node *n = sorted_map_seek(bucket_registry(), NULL, false); n;
         n = sorted_map_next(n)) {
        const struct bucket *b = sorted_node_value(n);
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "name", b->name);
        cJSON_AddStringToObject(entry, "account", b->account);
        cJSON_AddStringToObject(entry, "region", b->region);
        cJSON_AddNumberToObject(entry, "keys", (double)sorted_map_count(b->objects));
        cJSON_AddItemToArray(buckets, entry);
    }
    return state;
}

const struct service_backend s3_backend = {
    .service = "s3",
    /* S3 answers each bad input with its own code (InvalidStorageClass, MalformedXML …), never
     * a generic "validation error detected". */
    .validation = VALIDATE_IN_SERVICE,
    .operations = s3_operations,
    .reset = s3_reset,
    .state_json = s3_state_json,
    .unmodeled_operation = s3_unmodeled_operation,
    .persistence = &s3_persistence,
};
