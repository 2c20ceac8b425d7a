/* kms: the state of one account in one region (its keys and aliases), created on first use. */
#ifndef MOTOC_KMS_STATE_H
#define MOTOC_KMS_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"
#include "key.h"

struct kms_alias {
    char *name;        /* alias/... */
    char key_id[40];
    double created;
    double updated;
};

struct kms_region {
    char account[16];
    char region[32];
    struct kms_key **keys; /* in creation order */
    size_t n_keys, cap_keys;
    struct kms_alias *aliases;
    size_t n_aliases, cap_aliases;
};

/* The state of account+region, created on first use. */
struct kms_region *kms_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct kms_region *kms_region_find(const char *account, const char *region);

/* The key of that id in account+region, or NULL; creates no state. */
struct kms_key *kms_key_find(const char *account, const char *region, const char *id);
/* Adds k (taken) to its account's and region's state. */
void kms_region_add_key(struct kms_key *k);

/* Deletes the keys of account+region whose deletion date has passed by now, with their aliases,
 * as AWS does at the end of the waiting period. Callers run it before they look keys up, so no
 * key they hold goes away under them. */
void kms_region_expire(const char *account, const char *region, double now);

/* The alias of that name (alias/...) in r, or NULL. */
struct kms_alias *kms_alias_find(struct kms_region *r, const char *name);
void kms_alias_add(struct kms_region *r, const char *name, const char *key_id, double now);
void kms_alias_remove(struct kms_region *r, const char *name);

/* Drops every account's and region's state (moto-api reset). */
void kms_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json (never key material). */
cJSON *kms_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence kms_persistence;

#endif
