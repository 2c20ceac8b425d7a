/* Buckets: one namespace shared by every account and region, as in S3. Each bucket owns its
 * keys (sorted), its multipart uploads and its stored configurations. */
#ifndef MOTOC_S3_BUCKET_H
#define MOTOC_S3_BUCKET_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "sorted_map.h"

enum versioning_state { VERSIONING_NEVER, VERSIONING_ENABLED, VERSIONING_SUSPENDED };

/* Configurations stored as sent and returned as stored. */
enum bucket_config {
    CONFIG_TAGGING,
    CONFIG_POLICY,
    CONFIG_CORS,
    CONFIG_LIFECYCLE,
    CONFIG_ENCRYPTION,
    CONFIG_PUBLIC_ACCESS_BLOCK,
    CONFIG_OWNERSHIP_CONTROLS,
    CONFIG_ACL,
    CONFIG_WEBSITE,
    CONFIG_LOGGING,
    CONFIG_NOTIFICATION,
    CONFIG_OBJECT_LOCK,
    CONFIG_ACCELERATE,
    CONFIG_REQUEST_PAYMENT,
    CONFIG_REPLICATION,
    /* Kept by id, several per bucket: {id: configuration} (ops_config_sets.c). */
    CONFIG_INVENTORY,
    CONFIG_ANALYTICS,
    CONFIG_METRICS,
    CONFIG_INTELLIGENT_TIERING,
    CONFIG_COUNT,
};

struct bucket {
    char *name;
    char account[16];
    char region[32];
    double created;
    enum versioning_state versioning;
    bool mfa_delete;
    bool object_lock_enabled;
    /* Default encryption set by PutBucketEncryption rather than the one every bucket starts
     * with: S3 then lets an object be copied onto itself unchanged (the copy re-encrypts it). */
    bool encryption_configured;
    struct sorted_map *objects; /* key → struct object_key */
    struct sorted_map *uploads; /* upload id → struct upload */
    cJSON *config[CONFIG_COUNT];
    /* Multipart uploads completed lately: upload id → the answer given, so that a retried
     * CompleteMultipartUpload gets it again (the oldest dropped past a bound). */
    cJSON *completed_uploads;
};

struct bucket *bucket_find(const char *name);
/* Registers a new bucket (name must be free). */
struct bucket *bucket_create(const char *name, const char *account, const char *region);
void bucket_delete(struct bucket *b);
/* All buckets in name order. */
const struct sorted_map *bucket_registry(void);
void buckets_reset(void);
/* For a load (core/persist.h): moves every bucket aside (none remain); puts a detached set back
 * in place of the buckets there are (which are dropped); destroys a detached set. */
void *buckets_detach(void);
void buckets_attach(void *detached);
void buckets_discard(void *detached);

/* Replaces a stored configuration (ownership of value taken; NULL deletes). */
void bucket_set_config(struct bucket *b, enum bucket_config which, cJSON *value);

/* S3's naming rules for general purpose buckets. */
bool bucket_name_is_valid(const char *name);
/* True when the bucket holds no objects (and no versions or delete markers). */
bool bucket_is_empty(const struct bucket *b);

#endif
