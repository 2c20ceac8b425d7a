/* What the object operations share: finding the version a request names (with S3's errors),
 * applying the settings a write carries (headers, metadata, storage class, ACL, tags, lock) and
 * describing a version in a result. */
#ifndef MOTOC_S3_OBJECT_ACCESS_H
#define MOTOC_S3_OBJECT_ACCESS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "bucket.h"
#include "object.h"

/* The version a read names (the current one when version_id is NULL); NULL after failing the
 * call with NoSuchKey, NoSuchVersion, InvalidArgument or (for a delete marker) 405/404 with the
 * x-amz-delete-marker header. method is "GET", "HEAD" … for MethodNotAllowed. */
struct object_version *object_for_read(struct call *c, const struct bucket *b, const char *key,
                                       const char *version_id, const char *method);

/* Fails the call with 403 InvalidObjectState naming v's storage class: -1. */
int object_fail_storage_class(struct call *c, const struct object_version *v,
                              const char *message);
/* Whether v's bytes can be read now (an archived object must be restored first): 0, or -1
 * after InvalidObjectState. as_copy_source words the message for a copy's source. */
int object_check_readable(struct call *c, const struct object_version *v, bool as_copy_source);

/* Checks the settings of a write (storage class, canned ACL and grants, tagging, lock): 0, or
 * -1 after failing the call. */
int object_settings_check(struct call *c, const struct bucket *b, const cJSON *in);
/* Applies them to v (headers, metadata, storage class, ACL, tags, lock, owner). */
void object_settings_apply(struct object_version *v, const struct bucket *b, const cJSON *in,
                           const char *account);
/* Checks that the KMS key a write would be encrypted with (named, the bucket's default, or the
 * AWS managed key) is usable: 0, or -1 after failing the call with S3's KMS.* error. */
int object_check_encryption_key(struct call *c, const struct bucket *b, const cJSON *in);
/* Checks that the KMS key of an SSE-KMS object is still usable, as reading it needs. */
int object_check_key_readable(struct call *c, const struct bucket *b,
                              const struct object_version *v);
/* Sets v's encryption from the request's SSE members, else the bucket's default encryption;
 * SSE-KMS names its key by ARN. */
void object_apply_encryption(struct object_version *v, const struct bucket *b, const cJSON *in);
/* Adds the encryption members of a write's or read's result (ServerSideEncryption, the KMS key,
 * BucketKeyEnabled). */
void object_add_encryption(const struct object_version *v, cJSON *out);
/* The same for a write not stored yet (a multipart upload's), from its request members. */
void object_add_write_encryption(const struct bucket *b, const cJSON *in, cJSON *out);
/* Copies the header members (ContentType …) of in into v->headers. */
void object_headers_from_params(struct object_version *v, const cJSON *in);
/* A header member of v ("ContentType" …): the stored value, else S3's default for it, else
 * NULL. */
const char *object_header(const struct object_version *v, const char *member);

/* Parses x-amz-tagging ("k1=v1&k2=v2", URL-encoded) into a TagSet; NULL after failing. */
cJSON *tags_from_query_text(struct call *c, const char *text);
#define S3_MAX_OBJECT_TAGS 10
/* What is tagged, and whether the tags came in an x-amz-tagging header. */
enum s3_tagged { S3_TAGGED_OBJECT, S3_TAGGED_OBJECT_HEADER, S3_TAGGED_BUCKET };
/* Validates a TagSet for an object or a bucket (count, lengths, the reserved prefix, repeated
 * keys): 0, or -1 after failing (InvalidTag, BadRequest). */
int s3_tags_check(struct call *c, const cJSON *tag_set, enum s3_tagged tagged);

/* Adds the members GetObject and HeadObject share for v (headers, metadata, ETag, …). */
void object_describe(const struct bucket *b, const struct object_version *v, cJSON *out);
/* Adds the checksum members of v (ChecksumCRC32 …, ChecksumType). */
void object_add_checksum(const struct object_version *v, cJSON *out);

/* Whether object lock forbids removing or overwriting v: 0, or -1 after AccessDenied. */
int object_lock_check_delete(struct call *c, const struct object_version *v, bool bypass);

/* A failure that names the key in its result (DeleteObjects entries). */
void delete_error_entry(cJSON *errors, const char *key, const char *version_id, const char *code,
                        const char *message);

#endif
