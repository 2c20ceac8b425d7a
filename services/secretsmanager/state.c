/* secretsmanager: the state per account and region, and its persistence.
 * A save is one record per region followed by one record per secret of that region. */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/regional_state.h"
#include "../core/persist_record.h"
#include "rotation_run.h"
#include "secret.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

static void *region_create(const char *account, const char *region)
{
    struct secretsmanager_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    return r;
}

static void region_destroy(void *state)
{
    struct secretsmanager_region *r = state;
    for (size_t i = 0; i < r->n_secrets; i++)
        secret_free(r->secrets[i]);
    free(r->secrets);
    free(r);
}

struct sm_secret *region_secret_find(struct secretsmanager_region *r, const char *id)
{
    for (size_t i = 0; id && i < r->n_secrets; i++)
        if (secret_matches_id(r->secrets[i], id))
            return r->secrets[i];
    return NULL;
}

struct sm_secret *region_secret_by_name(struct secretsmanager_region *r, const char *name)
{
    for (size_t i = 0; i < r->n_secrets; i++)
        if (strcmp(r->secrets[i]->name, name) == 0)
            return r->secrets[i];
    return NULL;
}

void region_secret_add(struct secretsmanager_region *r, struct sm_secret *s)
{
    if (r->n_secrets == r->cap_secrets) {
        r->cap_secrets = r->cap_secrets ? 2 * r->cap_secrets : 8;
        r->secrets = xrealloc(r->secrets, r->cap_secrets * sizeof *r->secrets);
    }
    r->secrets[r->n_secrets++] = s;
}

void region_secret_remove(struct secretsmanager_region *r, struct sm_secret *s)
{
    for (size_t i = 0; i < r->n_secrets; i++) {
        if (r->secrets[i] == s) {
            memmove(&r->secrets[i], &r->secrets[i + 1],
                    (r->n_secrets - i - 1) * sizeof *r->secrets);
            r->n_secrets--;
            break;
        }
    }
    secret_free(s);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct secretsmanager_region *secretsmanager_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct secretsmanager_region *secretsmanager_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

void secretsmanager_regions_reset(void)
{
    rotation_reset();
    regional_states_reset(&regions);
}

cJSON *secretsmanager_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct secretsmanager_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *names = cJSON_AddArrayToObject(item, "secrets");
        for (size_t j = 0; j < r->n_secrets; j++)
            cJSON_AddItemToArray(names, cJSON_CreateString(r->secrets[j]->arn));
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++) {
        const struct secretsmanager_region *r = regions.entries[i].state;
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "region");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0)
            return -1;
        for (size_t j = 0; j < r->n_secrets; j++) {
            cJSON *secret = secret_to_record(r->secrets[j]);
            cJSON_AddStringToObject(secret, "type", "secret");
            cJSON_AddStringToObject(secret, "account", r->account);
            cJSON_AddStringToObject(secret, "region", r->region);
            rc = w->record(w, secret);
            cJSON_Delete(secret);
            if (rc != 0)
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
    struct secretsmanager_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a region record needs an account and a region");
    secretsmanager_region_get(account, region);
    return 0;
}

static int load_secret(struct state_reader *r, const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    struct secretsmanager_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return state_refuse(r, "a secret record needs an account and a region");
    struct sm_secret *secret = secret_from_record(record);
    if (!secret)
        return state_refuse(r, "a secret record without a name, an ARN or well-formed versions");
    struct secretsmanager_region *state = secretsmanager_region_get(account, region);
    if (region_secret_by_name(state, secret->name)) {
        secret_free(secret);
        return state_refuse(r, "a secret saved twice");
    }
    region_secret_add(state, secret);
    return 0;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(r, "a record without a type");
    if (strcmp(type, "region") == 0)
        return load_region(r, record);
    if (strcmp(type, "secret") == 0)
        return load_secret(r, record);
    return state_refuse(r, "unknown record type %s", type);
}

const struct service_persistence secretsmanager_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
