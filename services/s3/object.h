/* An object key's versions, newest first: bodies with their metadata, and delete markers. A
 * bucket that never had versioning holds one "null" version per key. */
#ifndef MOTOC_S3_OBJECT_H
#define MOTOC_S3_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "blob.h"
#include "checksum.h"

#define VERSION_ID_LEN 32
/* "\"" + 32 hex digits + "-10000" (a multipart upload's most parts) + "\"" */
#define ETAG_MAX 48

/* A part of a completed multipart object, kept for GetObject?partNumber and
 * GetObjectAttributes. */
struct object_part {
    int number;
    uint64_t offset, size;
    char checksum[CHECKSUM_MAX_BYTES * 2]; /* base64, "" if none */
};

/* Ordered by size: a bucket may hold millions of these. */
struct object_version {
    struct object_version *older;
    double last_modified; /* seconds since the epoch, millisecond precision */
    double restore_expiry; /* an archived object's restored copy expires then; 0 if none */
    struct blob *body;    /* NULL for delete markers */
    /* Standard headers as params members (ContentType, CacheControl, ContentDisposition,
     * ContentEncoding, ContentLanguage, Expires, WebsiteRedirectLocation, ServerSideEncryption,
     * SSEKMSKeyId, BucketKeyEnabled), byte-exact strings; only those that differ from S3's
     * defaults (object_header), NULL when none do: most objects carry none, and a million
     * objects should not each hold a copy of "binary/octet-stream". */
    cJSON *headers;
    cJSON *metadata;      /* x-amz-meta-* map, keys lowercased */
    cJSON *tags;          /* TagSet: [{"Key","Value"}] */
    cJSON *acl;           /* AccessControlPolicy members, NULL: private to the owner */
    const char *storage_class; /* a static name (object_storage_class) */
    struct object_part *parts; /* multipart objects only */
    int n_parts;
    enum checksum_algorithm checksum_algorithm; /* CHECKSUM_NONE if none stored */

    /* object lock */
    double lock_retain_until;  /* 0 if none */
    char lock_mode[12];        /* "", "GOVERNANCE", "COMPLIANCE" */
    bool legal_hold;
    bool legal_hold_applied;   /* a legal hold was ever set on the version, ON or OFF */

    bool delete_marker;
    /* Written without credentials: such objects stay readable without them, as moto_server
     * lets them be; others need an ACL grant or bucket policy that makes them public. */
    bool anonymous_writer;
    bool checksum_composite;                    /* multipart COMPOSITE type, else FULL_OBJECT */
    char version_id[VERSION_ID_LEN + 1]; /* "null" for the null version */
    char owner[13];       /* account: 12 digits */
    char etag[ETAG_MAX];  /* quoted */
    char checksum[CHECKSUM_MAX_BYTES * 2];      /* base64 (+ "-N" for composite) */
};

/* The value kept per key in a bucket's sorted map. */
struct object_key {
    struct object_version *newest;
};

struct object_version *object_version_new(void);
void object_version_free(struct object_version *v);
/* Frees a key and all its versions (sorted_map_free's value callback). */
void object_key_free(void *key);

/* A fresh version id: 32 characters of [A-Za-z0-9._] like S3's. */
void object_version_id_new(char out[VERSION_ID_LEN + 1]);

/* The version with that id, or NULL. */
struct object_version *object_key_find(const struct object_key *k, const char *version_id);
/* Unlinks v from the chain (does not free it). */
void object_key_unlink(struct object_key *k, struct object_version *v);
/* Counts the versions. */
int object_key_versions(const struct object_key *k);

/* The static copy of a storage class name S3 knows, or NULL. */
const char *object_storage_class(const char *name);

/* Whether objects of that storage class must be restored before they can be read. */
bool object_storage_class_is_archive(const char *storage_class);
/* Whether v's bytes can be read now: not archived, or restored and not yet expired. */
bool object_is_readable(const struct object_version *v, double now);

/* ETag of bytes: "\"<hex md5>\"". */
void object_etag_from_md5(const unsigned char md5[16], char *out, size_t size);

#endif
