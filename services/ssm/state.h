/* ssm: the state of one account in one region, created on first use.
 *
 * Resources are kept as JSON objects shaped like the wire's (the codec writes only the members
 * an answer's shape names), so an answer copies them and a save writes them as they are. */
#ifndef MOTOC_SSM_STATE_H
#define MOTOC_SSM_STATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/persist.h"
#include "../core/strmap.h"

struct ssm_region {
    char account[16];
    char region[32];
    /* Parameters in creation order: {"Name", "Versions": [oldest … newest], "Tags": [...]};
     * each version is a ParameterHistory object (Value holds a SecureString's ciphertext). */
    cJSON *parameters;
    struct strmap parameters_by_name; /* name → its object in parameters */
    /* Documents in creation order: {"Name", "Versions": [...], "DefaultVersion", "Tags",
     * "AccountIds", ...}. */
    cJSON *documents;
    cJSON *commands;            /* Command objects, oldest first, with their invocations */
    cJSON *maintenance_windows; /* {"WindowId", ..., "Targets", "Tasks", "Tags"} */
};

/* The state of account+region, created on first use. */
struct ssm_region *ssm_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct ssm_region *ssm_region_find(const char *account, const char *region);

/* The parameter named name, or NULL. */
cJSON *ssm_parameter_find(struct ssm_region *r, const char *name);
/* Adds a new parameter object (taken) under its Name. */
void ssm_parameter_insert(struct ssm_region *r, cJSON *parameter);
/* Removes and frees the parameter named name; false when there is none. */
bool ssm_parameter_delete(struct ssm_region *r, const char *name);

/* Drops every account's and region's state (moto-api reset). */
void ssm_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *ssm_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence ssm_persistence;

/* The member of an object as a string, or NULL. */
const char *member_string(const cJSON *object, const char *name);

/* Wall-clock now, as epoch seconds with milliseconds. */
double ssm_now(void);

#endif
