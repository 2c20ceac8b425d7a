/* The S3 operations, one function each (the table is in s3.c). */
#ifndef MOTOC_S3_OPS_H
#define MOTOC_S3_OPS_H

#include <stdint.h>

#include "../core/backend.h"
#include "bucket.h"

#define S3_OP(name) int s3_##name(struct call *c, const cJSON *in, cJSON *out)

/* ops_bucket.c */
S3_OP(create_bucket);
S3_OP(delete_bucket);
S3_OP(head_bucket);
S3_OP(list_buckets);
S3_OP(get_bucket_location);
S3_OP(put_bucket_versioning);
S3_OP(get_bucket_versioning);

/* ops_object.c */
S3_OP(put_object);
S3_OP(get_object);
S3_OP(head_object);
S3_OP(delete_object);
S3_OP(delete_objects);

/* ops_copy.c */
S3_OP(copy_object);
S3_OP(upload_part_copy);

/* ops_attributes.c */
S3_OP(get_object_attributes);
S3_OP(get_object_tagging);
S3_OP(put_object_tagging);
S3_OP(delete_object_tagging);
S3_OP(get_object_acl);
S3_OP(put_object_acl);
S3_OP(get_object_retention);
S3_OP(put_object_retention);
S3_OP(get_object_legal_hold);
S3_OP(put_object_legal_hold);

/* ops_list.c */
S3_OP(list_objects);
S3_OP(list_objects_v2);
S3_OP(list_object_versions);

/* ops_multipart.c */
S3_OP(create_multipart_upload);
S3_OP(upload_part);
S3_OP(complete_multipart_upload);
S3_OP(abort_multipart_upload);
S3_OP(list_parts);
S3_OP(list_multipart_uploads);

/* ops_config.c */
S3_OP(put_bucket_tagging);
S3_OP(get_bucket_tagging);
S3_OP(delete_bucket_tagging);
S3_OP(put_bucket_policy);
S3_OP(get_bucket_policy);
S3_OP(delete_bucket_policy);
S3_OP(get_bucket_policy_status);
S3_OP(put_bucket_cors);
S3_OP(get_bucket_cors);
S3_OP(delete_bucket_cors);
S3_OP(put_bucket_lifecycle_configuration);
S3_OP(get_bucket_lifecycle_configuration);
S3_OP(delete_bucket_lifecycle);
S3_OP(put_bucket_encryption);
S3_OP(get_bucket_encryption);
S3_OP(delete_bucket_encryption);
S3_OP(put_public_access_block);
S3_OP(get_public_access_block);
S3_OP(delete_public_access_block);
S3_OP(put_bucket_ownership_controls);
S3_OP(get_bucket_ownership_controls);
S3_OP(delete_bucket_ownership_controls);
S3_OP(put_bucket_acl);
S3_OP(get_bucket_acl);
S3_OP(put_bucket_website);
S3_OP(get_bucket_website);
S3_OP(delete_bucket_website);
S3_OP(put_bucket_logging);
S3_OP(get_bucket_logging);
S3_OP(put_bucket_notification_configuration);
S3_OP(get_bucket_notification_configuration);
S3_OP(put_object_lock_configuration);
S3_OP(get_object_lock_configuration);
S3_OP(put_bucket_accelerate_configuration);
S3_OP(get_bucket_accelerate_configuration);
S3_OP(put_bucket_request_payment);
S3_OP(get_bucket_request_payment);

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
