/* lambda: the state per account and region, and its persistence.
 * A save is one record per region; the records of a region's resources will follow it. */
#include "state.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/link_or_copy.h"
#include "../core/persist_record.h"
#include "../core/regional_state.h"
#include "async_invoke.h"
#include "event_source_state.h"
#include "event_sources.h"
#include "executor.h"
#include "functions.h"
#include "stream_sources.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

static void *region_create(const char *account, const char *region)
{
    struct lambda_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->functions = cJSON_CreateArray();
    r->layers = cJSON_CreateArray();
    r->event_source_mappings = cJSON_CreateArray();
    r->code_signing_configs = cJSON_CreateArray();
    return r;
}

static void region_destroy(void *state)
{
    struct lambda_region *r = state;
    const cJSON *f;
    cJSON_ArrayForEach(f, r->functions)
        lambda_function_forget_code(f);
    cJSON_Delete(r->functions);
    const cJSON *layer;
    cJSON_ArrayForEach(layer, r->layers) {
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(layer, "_versions")) {
            const char *path = param_string(v, "_code_file");
            if (path)
                unlink(path);
        }
    }
    cJSON_Delete(r->layers);
    cJSON_Delete(r->event_source_mappings);
    cJSON_Delete(r->code_signing_configs);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct lambda_region *lambda_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct lambda_region *lambda_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

static bool has_token(const cJSON *config, const char *token)
{
    const char *own = param_string(config, "_download_token");
    return own && strcmp(own, token) == 0;
}

const cJSON *lambda_config_by_download_token(const char *token)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct lambda_region *r = regions.entries[i].state;
        const cJSON *f;
        cJSON_ArrayForEach(f, r->functions) {
            const cJSON *latest = cJSON_GetObjectItemCaseSensitive(f, "_latest");
            if (has_token(latest, token))
                return latest;
            const cJSON *v;
            cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(f, "_versions"))
                if (has_token(v, token))
                    return v;
        }
        const cJSON *layer;
        cJSON_ArrayForEach(layer, r->layers) {
            const cJSON *v;
            cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(layer, "_versions"))
                if (has_token(v, token))
                    return v;
        }
    }
    return NULL;
}

const cJSON *lambda_url_config_by_id(const char *id, const char **account, const char **region)
{
    for (size_t i = 0; id && i < regions.count; i++) {
        const struct lambda_region *r = regions.entries[i].state;
        const cJSON *f;
        cJSON_ArrayForEach(f, r->functions) {
            const cJSON *config;
            cJSON_ArrayForEach(config, cJSON_GetObjectItemCaseSensitive(f, "_url_configs")) {
                const char *own = param_string(config, "_url_id");
                if (own && strcmp(own, id) == 0) {
                    *account = r->account;
                    *region = r->region;
                    return config;
                }
            }
        }
    }
    return NULL;
}

cJSON *lambda_event_source_lookup(const char *uuid, struct lambda_region **region)
{
    for (size_t i = 0; uuid && i < regions.count; i++) {
        struct lambda_region *r = regions.entries[i].state;
        cJSON *m;
        cJSON_ArrayForEach(m, r->event_source_mappings) {
            if (strcmp(param_string(m, "UUID"), uuid) == 0) {
                if (region)
                    *region = r;
                return m;
            }
        }
    }
    return NULL;
}

void lambda_event_sources_resume(void)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct lambda_region *r = regions.entries[i].state;
        const cJSON *m;
        cJSON_ArrayForEach(m, r->event_source_mappings) {
            lambda_event_source_watch(param_string(m, "UUID"), r->account, r->region);
        }
    }
}

void lambda_regions_reset(void)
{
    async_invoke_reset();
    lambda_executor_reset();
    lambda_event_sources_reset();
    lambda_stream_sources_reset();
    regional_states_reset(&regions);
}

cJSON *lambda_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct lambda_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *names = cJSON_AddArrayToObject(item, "functions");
        const cJSON *f;
        cJSON_ArrayForEach(f, r->functions)
            cJSON_AddItemToArray(names, cJSON_CreateString(cJSON_GetStringValue(
                                            cJSON_GetObjectItemCaseSensitive(f, "FunctionName"))));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ----
 * A region record, then a record per function; each configuration's package is a file of the
 * save, named in the record in place of its path. */

static unsigned long saved_files;

/* Replaces config's package path by the name of the file saved for it. */
static int save_code(struct state_writer *w, cJSON *config)
{
    const char *path = param_string(config, "_code_file");
    if (!path)
        return 0;
    char name[64];
    snprintf(name, sizeof name, "code-%lu.zip", ++saved_files);
    if (w->file(w, path, name) != 0)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(config, "_code_file");
    cJSON_AddStringToObject(config, "_code_saved", name);
    return 0;
}

static int save_function(struct state_writer *w, const struct lambda_region *r, const cJSON *f)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", "function");
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    cJSON *copy = cJSON_Duplicate(f, true);
    cJSON_AddItemToObject(record, "function", copy);
    int rc = save_code(w, cJSON_GetObjectItemCaseSensitive(copy, "_latest"));
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(copy, "_versions"))
        rc = rc ? rc : save_code(w, v);
    rc = rc ? rc : w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

static int save_layer(struct state_writer *w, const struct lambda_region *r, const cJSON *layer)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", "layer");
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    cJSON *copy = cJSON_Duplicate(layer, true);
    cJSON_AddItemToObject(record, "layer", copy);
    int rc = 0;
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(copy, "_versions"))
        rc = rc ? rc : save_code(w, v);
    rc = rc ? rc : w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

static int save(struct state_writer *w)
{
    saved_files = 0;
    for (size_t i = 0; i < regions.count; i++) {
        const struct lambda_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddItemToObject(record, "event_source_mappings",
                              cJSON_Duplicate(r->event_source_mappings, true));
        cJSON_AddItemToObject(record, "code_signing_configs",
                              cJSON_Duplicate(r->code_signing_configs, true));
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0)
            return -1;
        const cJSON *f;
        cJSON_ArrayForEach(f, r->functions) {
            if (save_function(w, r, f) != 0)
                return -1;
        }
        const cJSON *layer;
        cJSON_ArrayForEach(layer, r->layers) {
            if (save_layer(w, r, layer) != 0)
                return -1;
        }
    }
    return 0;
}

static bool fits(const char *text, size_t size)
{
    return text && text[0] && strlen(text) < size;
}

static int load_region(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    struct lambda_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    struct lambda_region *lr = lambda_region_get(account, region);
    const cJSON *mappings = cJSON_GetObjectItemCaseSensitive(record, "event_source_mappings");
    const cJSON *m;
    cJSON_ArrayForEach(m, mappings) {
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m, "UUID")))
            return state_refuse(r, "an event source mapping without a UUID");
        cJSON_AddItemToArray(lr->event_source_mappings, cJSON_Duplicate(m, true));
    }
    if (cJSON_GetArraySize(mappings) > 0)
        loop_call_when_running(lambda_event_sources_resume);
    const cJSON *config;
    cJSON_ArrayForEach(config, cJSON_GetObjectItemCaseSensitive(record, "code_signing_configs")) {
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(config, "CodeSigningConfigArn")))
            return state_refuse(r, "a code signing configuration without an ARN");
        cJSON_AddItemToArray(lr->code_signing_configs, cJSON_Duplicate(config, true));
    }
    return 0;
}

/* Takes the package file named in config back as a file of this motoc's. */
static int load_code(struct state_reader *r, cJSON *config)
{
    if (!cJSON_IsObject(config))
        return state_refuse(r, "a function configuration that is not an object");
    const char *name = param_string(config, "_code_saved");
    if (!name)
        return 0;
    const char *saved = r->file_path(r, name);
    char path[PATH_MAX];
    if (!saved || lambda_code_share(saved, path, sizeof path) != 0)
        return state_refuse(r, "the deployment package %s cannot be read back", name);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "_code_saved");
    cJSON_AddStringToObject(config, "_code_file", path);
    return 0;
}

static int load_function(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(record, "function");
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "FunctionName"));
    struct lambda_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region) || !name ||
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(f, "_latest")))
        return state_refuse(r, "a function record needs an account, a region, a name and its "
                               "configuration");
    struct lambda_region *lr = lambda_region_get(account, region);
    if (lambda_function_find(lr, name))
        return state_refuse(r, "function %s is saved twice", name);
    cJSON *copy = cJSON_Duplicate(f, true);
    int rc = load_code(r, cJSON_GetObjectItemCaseSensitive(copy, "_latest"));
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(copy, "_versions"))
        rc = rc ? rc : load_code(r, v);
    json_sorted_insert(lr->functions, copy, "FunctionName");
    return rc;
}

static int load_layer(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    const cJSON *layer = cJSON_GetObjectItemCaseSensitive(record, "layer");
    struct lambda_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region) ||
        !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(layer, "LayerName")) ||
        !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(layer, "_versions")))
        return state_refuse(r, "a layer record needs an account, a region, a name and versions");
    cJSON *copy = cJSON_Duplicate(layer, true);
    cJSON_AddItemToArray(lambda_region_get(account, region)->layers, copy);
    int rc = 0;
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(copy, "_versions"))
        rc = rc ? rc : load_code(r, v);
    return rc;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(r, "a record without a type");
    if (strcmp(type, "region") == 0)
        return load_region(r, record);
    if (strcmp(type, "function") == 0)
        return load_function(r, record);
    if (strcmp(type, "layer") == 0)
        return load_layer(r, record);
    return state_refuse(r, "unknown record type %s", type);
}

const struct service_persistence lambda_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
