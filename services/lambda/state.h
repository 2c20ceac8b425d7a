/* lambda: the state of one account in one region, created on first use. */
#ifndef MOTOC_LAMBDA_STATE_H
#define MOTOC_LAMBDA_STATE_H

#include <cjson/cJSON.h>

#include "../core/persist.h"

/* A function is an object: "FunctionName", "_latest" (the $LATEST FunctionConfiguration),
 * "_versions" (published configurations, oldest first), "_aliases" (AliasConfigurations, sorted
 * by name), "_policy" (its resource policy's statements per qualifier: {"": [...], "prod": [...]}),
 * "_tags", "_next_version", and optionally "_concurrency", "_event_invoke_configs" (per
 * qualifier). Configurations keep their deployment package's file as "_code_file". */
struct lambda_region {
    char account[16];
    char region[32];
    cJSON *functions; /* sorted by FunctionName */
    cJSON *event_source_mappings; /* EventSourceMappingConfigurations */
    cJSON *layers;    /* {"LayerName", "LayerArn", "_versions": [...], "_next_version"} */
    cJSON *code_signing_configs; /* CodeSigningConfigs (code_signing.h), "_tags" */
};

/* The state of account+region, created on first use. */
struct lambda_region *lambda_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct lambda_region *lambda_region_find(const char *account, const char *region);

/* The configuration (any account, region, function, version) whose package download token is
 * token, or NULL. */
const cJSON *lambda_config_by_download_token(const char *token);

/* The event source mapping with that UUID in any account and region (its region in *region when
 * region is not NULL), or NULL. */
cJSON *lambda_event_source_lookup(const char *uuid, struct lambda_region **region);

/* The function URL configuration whose URL id is id, with its account and region; NULL if none. */
const cJSON *lambda_url_config_by_id(const char *id, const char **account, const char **region);

/* Drops every account's and region's state (moto-api reset). */
void lambda_regions_reset(void);
/* The state of every account and region, for /moto-api/data.json. */
cJSON *lambda_regions_json(void);

/* Saves and loads the whole state (persist.h). */
extern const struct service_persistence lambda_persistence;

#endif
