/* The S3 operations: one function each, listed once (s3.c builds the table from the list). */
#ifndef MOTOC_S3_OPS_H
#define MOTOC_S3_OPS_H

#include <stdint.h>

#include "../core/backend.h"
#include "bucket.h"

/* Every S3 operation, sorted by name (backend.h). */
#define S3_OPERATIONS(OP)                                                            \
    OP(AbortMultipartUpload, s3_abort_multipart_upload)                              \
    OP(CompleteMultipartUpload, s3_complete_multipart_upload)                        \
    OP(CopyObject, s3_copy_object)                                                   \
    OP(CreateBucket, s3_create_bucket)                                               \
    OP(CreateMultipartUpload, s3_create_multipart_upload)                            \
    OP(DeleteBucket, s3_delete_bucket)                                               \
    OP(DeleteBucketAnalyticsConfiguration, s3_delete_bucket_analytics_configuration) \
    OP(DeleteBucketCors, s3_delete_bucket_cors)                                      \
    OP(DeleteBucketEncryption, s3_delete_bucket_encryption)                          \
    OP(DeleteBucketIntelligentTieringConfiguration, s3_delete_bucket_intelligent_tiering_configuration) \
    OP(DeleteBucketInventoryConfiguration, s3_delete_bucket_inventory_configuration) \
    OP(DeleteBucketLifecycle, s3_delete_bucket_lifecycle)                            \
    OP(DeleteBucketMetricsConfiguration, s3_delete_bucket_metrics_configuration)     \
    OP(DeleteBucketOwnershipControls, s3_delete_bucket_ownership_controls)           \
    OP(DeleteBucketPolicy, s3_delete_bucket_policy)                                  \
    OP(DeleteBucketReplication, s3_delete_bucket_replication)                        \
    OP(DeleteBucketTagging, s3_delete_bucket_tagging)                                \
    OP(DeleteBucketWebsite, s3_delete_bucket_website)                                \
    OP(DeleteObject, s3_delete_object)                                               \
    OP(DeleteObjectTagging, s3_delete_object_tagging)                                \
    OP(DeleteObjects, s3_delete_objects)                                             \
    OP(DeletePublicAccessBlock, s3_delete_public_access_block)                       \
    OP(GetBucketAccelerateConfiguration, s3_get_bucket_accelerate_configuration)     \
    OP(GetBucketAcl, s3_get_bucket_acl)                                              \
    OP(GetBucketAnalyticsConfiguration, s3_get_bucket_analytics_configuration)       \
    OP(GetBucketCors, s3_get_bucket_cors)                                            \
    OP(GetBucketEncryption, s3_get_bucket_encryption)                                \
    OP(GetBucketIntelligentTieringConfiguration, s3_get_bucket_intelligent_tiering_configuration) \
    OP(GetBucketInventoryConfiguration, s3_get_bucket_inventory_configuration)       \
    OP(GetBucketLifecycleConfiguration, s3_get_bucket_lifecycle_configuration)       \
    OP(GetBucketLocation, s3_get_bucket_location)                                    \
    OP(GetBucketLogging, s3_get_bucket_logging)                                      \
    OP(GetBucketMetricsConfiguration, s3_get_bucket_metrics_configuration)           \
    OP(GetBucketNotificationConfiguration, s3_get_bucket_notification_configuration) \
    OP(GetBucketOwnershipControls, s3_get_bucket_ownership_controls)                 \
    OP(GetBucketPolicy, s3_get_bucket_policy)                                        \
    OP(GetBucketPolicyStatus, s3_get_bucket_policy_status)                           \
    OP(GetBucketReplication, s3_get_bucket_replication)                              \
    OP(GetBucketRequestPayment, s3_get_bucket_request_payment)                       \
    OP(GetBucketTagging, s3_get_bucket_tagging)                                      \
    OP(GetBucketVersioning, s3_get_bucket_versioning)                                \
    OP(GetBucketWebsite, s3_get_bucket_website)                                      \
    OP(GetObject, s3_get_object)                                                     \
    OP(GetObjectAcl, s3_get_object_acl)                                              \
    OP(GetObjectAttributes, s3_get_object_attributes)                                \
    OP(GetObjectLegalHold, s3_get_object_legal_hold)                                 \
    OP(GetObjectLockConfiguration, s3_get_object_lock_configuration)                 \
    OP(GetObjectRetention, s3_get_object_retention)                                  \
    OP(GetObjectTagging, s3_get_object_tagging)                                      \
    OP(GetPublicAccessBlock, s3_get_public_access_block)                             \
    OP(HeadBucket, s3_head_bucket)                                                   \
    OP(HeadObject, s3_head_object)                                                   \
    OP(ListBucketAnalyticsConfigurations, s3_list_bucket_analytics_configurations)   \
    OP(ListBucketIntelligentTieringConfigurations, s3_list_bucket_intelligent_tiering_configurations) \
    OP(ListBucketInventoryConfigurations, s3_list_bucket_inventory_configurations)   \
    OP(ListBucketMetricsConfigurations, s3_list_bucket_metrics_configurations)       \
    OP(ListBuckets, s3_list_buckets)                                                 \
    OP(ListMultipartUploads, s3_list_multipart_uploads)                              \
    OP(ListObjectVersions, s3_list_object_versions)                                  \
    OP(ListObjects, s3_list_objects)                                                 \
    OP(ListObjectsV2, s3_list_objects_v2)                                            \
    OP(ListParts, s3_list_parts)                                                     \
    OP(PutBucketAccelerateConfiguration, s3_put_bucket_accelerate_configuration)     \
    OP(PutBucketAcl, s3_put_bucket_acl)                                              \
    OP(PutBucketAnalyticsConfiguration, s3_put_bucket_analytics_configuration)       \
    OP(PutBucketCors, s3_put_bucket_cors)                                            \
    OP(PutBucketEncryption, s3_put_bucket_encryption)                                \
    OP(PutBucketIntelligentTieringConfiguration, s3_put_bucket_intelligent_tiering_configuration) \
    OP(PutBucketInventoryConfiguration, s3_put_bucket_inventory_configuration)       \
    OP(PutBucketLifecycleConfiguration, s3_put_bucket_lifecycle_configuration)       \
    OP(PutBucketLogging, s3_put_bucket_logging)                                      \
    OP(PutBucketMetricsConfiguration, s3_put_bucket_metrics_configuration)           \
    OP(PutBucketNotificationConfiguration, s3_put_bucket_notification_configuration) \
    OP(PutBucketOwnershipControls, s3_put_bucket_ownership_controls)                 \
    OP(PutBucketPolicy, s3_put_bucket_policy)                                        \
    OP(PutBucketReplication, s3_put_bucket_replication)                              \
    OP(PutBucketRequestPayment, s3_put_bucket_request_payment)                       \
    OP(PutBucketTagging, s3_put_bucket_tagging)                                      \
    OP(PutBucketVersioning, s3_put_bucket_versioning)                                \
    OP(PutBucketWebsite, s3_put_bucket_website)                                      \
    OP(PutObject, s3_put_object)                                                     \
    OP(PutObjectAcl, s3_put_object_acl)                                              \
    OP(PutObjectLegalHold, s3_put_object_legal_hold)                                 \
    OP(PutObjectLockConfiguration, s3_put_object_lock_configuration)                 \
    OP(PutObjectRetention, s3_put_object_retention)                                  \
    OP(PutObjectTagging, s3_put_object_tagging)                                      \
    OP(PutPublicAccessBlock, s3_put_public_access_block)                             \
    OP(RestoreObject, s3_restore_object)                                             \
    OP(UploadPart, s3_upload_part)                                                   \
    OP(UploadPartCopy, s3_upload_part_copy)
S3_OPERATIONS(OPERATION_DECLARE)

/* A new version of key from the bytes [offset, offset + length) of the request body, with the
 * settings PutObject's members in give it and tags (taken; NULL: in's Tagging text, if any):
 * what PutObject and form uploads share. Fills out as PutObject's result. */
int s3_store_object(struct call *c, struct bucket *b, const char *key, const cJSON *in,
                    cJSON *tags, uint64_t offset, uint64_t length, cJSON *out);

/* Requests the model describes no operation for (struct unmodeled_operation). */
/* ops_preflight.c */
int s3_preflight(struct call *c);
/* ops_post_object.c */
int s3_post_object(struct call *c);

#endif
