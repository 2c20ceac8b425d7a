/* A KMS key: its metadata, its key material versions (rotations add one; the last is current)
 * and what hangs off it (tags, grants, rotation records). */
#ifndef MOTOC_KMS_KEY_H
#define MOTOC_KMS_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "key_spec.h"

enum key_state {
    KEY_ENABLED,
    KEY_DISABLED,
    KEY_PENDING_DELETION,
    KEY_PENDING_IMPORT,
};

struct key_material {
    char id[65];       /* KeyMaterialId: 64 hex digits */
    struct buf bytes;  /* AES or HMAC key, or DER PKCS#8 private key; never logged */
    double created;
};

struct kms_key {
    char id[40];       /* a UUID, or mrk- and 32 hex digits for multi-region keys */
    char *arn;
    char account[16];
    char region[32];
    const struct key_spec *spec;
    enum key_usage usage;
    bool external;     /* Origin EXTERNAL: material comes from ImportKeyMaterial */
    bool aws_managed;  /* KeyManager AWS: the alias/aws/<service> keys */
    enum key_state state;
    char *description;
    char *policy;
    double created;
    double deletion_date;        /* PendingDeletion only */
    int pending_window_days;
    bool multi_region;
    char primary_region[32];     /* multi-region keys: where the primary is */
    cJSON *replica_regions;      /* primary only: the regions it was replicated to */
    bool rotation_enabled;
    int rotation_period_days;
    double next_rotation;
    cJSON *rotations;            /* [{KeyMaterialId, RotationDate, RotationType}] */
    struct key_material *materials;
    size_t n_materials;
    cJSON *tags;
    cJSON *grants;               /* GrantListEntry objects plus their GrantToken */
    /* imported material */
    double valid_to;             /* 0 = does not expire */
    struct buf import_wrapping_key; /* DER PKCS#8 of GetParametersForImport's RSA key */
    struct buf import_token;
    char import_algorithm[32];
    double import_parameters_valid_to;
    /* the last successful cryptographic operation (GetKeyLastUsage) */
    char last_used_operation[48];
    char last_used_request_id[64];
    double last_used_at;
};

/* A new key with no material yet (key_add_material gives it some). */
struct kms_key *key_new(const char *account, const char *region, const char *id,
                        const struct key_spec *spec, enum key_usage usage);
void key_free(struct kms_key *k);
/* A copy of the key's metadata and material for another region (ReplicateKey); tags, grants and
 * policy are the caller's to set. */
struct kms_key *key_replica(const struct kms_key *primary, const char *region);

/* Appends a material version (bytes taken: left empty); it becomes the current one. */
struct key_material *key_add_material(struct kms_key *k, struct buf *bytes, double created);
/* The current material, or NULL when the key has none (EXTERNAL before an import). */
const struct key_material *key_current_material(const struct kms_key *k);

/* Adds a new material version of k's spec, recorded as a rotation of type (AUTOMATIC or
 * ON_DEMAND) at when. False when no material could be made. */
bool key_rotate(struct kms_key *k, const char *type, double when);
/* Makes the automatic rotations whose dates have passed by now. */
bool key_rotate_if_due(struct kms_key *k, double now);

/* A fresh key id: a UUID, or mrk-<32 hex> for a multi-region key. */
void key_id_new(bool multi_region, char out[40]);
/* Whether text looks like a key id (either form). */
bool key_id_valid(const char *text);

/* The policy AWS writes on a key created without one. Owned by the caller. */
char *key_default_policy(const char *account, const char *region);

const char *key_state_name(enum key_state state);

/* The KeyMetadata of k. */
cJSON *key_metadata(const struct kms_key *k);

/* The key as a persistence record, and back (NULL with *problem set when the record is not
 * one). */
cJSON *key_to_record(const struct kms_key *k);
struct kms_key *key_from_record(const cJSON *record, const char **problem);

#endif
