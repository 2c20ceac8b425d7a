/* secretsmanager: the state of one account in one region, created on first use. */
#ifndef MOTOC_SECRETSMANAGER_STATE_H
#define MOTOC_SECRETSMANAGER_STATE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct sm_secret;

struct secretsmanager_region {
    char account[16];
    char region[32];
    struct sm_secret **secrets; /* in creation order */
    size_t n_secrets, cap_secrets;
};

/* The secret id names (secret_matches_id), deleted or not, or NULL. */
struct sm_secret *region_secret_find(struct secretsmanager_region *r, const char *id);
/* The secret named name exactly, or NULL. */
struct sm_secret *region_secret_by_name(struct secretsmanager_region *r, const char *name);
/* Adds s (ownership taken). */
void region_secret_add(struct secretsmanager_region *r, struct sm_secret *s);
/* Removes and frees s. */
void region_secret_remove(struct secretsmanager_region *r, struct sm_secret *s);

/* The state of account+region, created on first use. */
struct secretsmanager_region *secretsmanager_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct secretsmanager_region *secretsmanager_region_find(const char *account, const char *region);

/* Drops every account's and region's state (moto-api reset). */
void secretsmanager_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *secretsmanager_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence secretsmanager_persistence;

#endif
