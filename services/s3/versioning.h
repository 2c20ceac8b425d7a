/* How writes and deletes land in a bucket's version chains, per its versioning state: never
 * versioned (one "null" version per key), Enabled (every write a new version, deletes add
 * markers) and Suspended (writes and deletes replace the "null" version). */
#ifndef MOTOC_S3_VERSIONING_H
#define MOTOC_S3_VERSIONING_H

#include <stdbool.h>

#include "bucket.h"
#include "object.h"

/* Makes v (ownership taken) the newest version of key; sets its version id. */
void versioning_put(struct bucket *b, const char *key, struct object_version *v);

/* The newest version of key (possibly a delete marker), or NULL. */
struct object_version *versioning_current(const struct bucket *b, const char *key);
/* The version named by id ("null" included), or NULL. */
struct object_version *versioning_find(const struct bucket *b, const char *key, const char *id);

/* What a delete did, for the response. */
struct delete_outcome {
    bool delete_marker;          /* a marker was created, or the version removed was one */
    char version_id[VERSION_ID_LEN + 1]; /* the marker's or removed version's id, "" if none */
};

/* DELETE without a version id: removes the object (never versioned) or adds a delete marker. */
void versioning_delete_current(struct bucket *b, const char *key, double now, const char *owner,
                               struct delete_outcome *out);
/* Removes one version (which must belong to key). */
void versioning_delete_version(struct bucket *b, const char *key, struct object_version *v,
                               struct delete_outcome *out);

/* True for ids S3 could have issued ("null" or one of ours); others get InvalidArgument. */
bool version_id_is_well_formed(const char *id);

#endif
