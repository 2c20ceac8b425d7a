/* kms: the state per account and region, and its persistence. A save is one record per region,
 * then one per key (with its key material) and one per alias of that region. */
#include "state.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/regional_state.h"
#include "../core/persist_record.h"

/* The version of the records save() writes (persist.h); raised when their meaning changes. */
#define RECORD_FORMAT_VERSION 1

static void *region_create(const char *account, const char *region)
{
    struct kms_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    return r;
}

static void region_destroy(void *state)
{
    struct kms_region *r = state;
    for (size_t i = 0; i < r->n_keys; i++)
        key_free(r->keys[i]);
    free(r->keys);
    for (size_t i = 0; i < r->n_aliases; i++)
        free(r->aliases[i].name);
    free(r->aliases);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct kms_region *kms_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct kms_region *kms_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

struct kms_key *kms_key_find(const char *account, const char *region, const char *id)
{
    struct kms_region *r = kms_region_find(account, region);
    for (size_t i = 0; r && i < r->n_keys; i++)
        if (strcmp(r->keys[i]->id, id) == 0)
            return r->keys[i];
    return NULL;
}

void kms_region_add_key(struct kms_key *k)
{
    struct kms_region *r = kms_region_get(k->account, k->region);
    if (r->n_keys == r->cap_keys) {
        r->cap_keys = r->cap_keys ? 2 * r->cap_keys : 16;
        r->keys = xrealloc(r->keys, r->cap_keys * sizeof *r->keys);
    }
    r->keys[r->n_keys++] = k;
}

static void forget_replica(const struct kms_key *replica)
{
    struct kms_key *primary = kms_key_find(replica->account, replica->primary_region, replica->id);
    if (!primary || primary == replica)
        return;
    int i = 0;
    const cJSON *region;
    cJSON_ArrayForEach(region, primary->replica_regions) {
        if (strcmp(region->valuestring, replica->region) == 0) {
            cJSON_DeleteItemFromArray(primary->replica_regions, i);
            return;
        }
        i++;
    }
}

void kms_region_expire(const char *account, const char *region, double now)
{
    struct kms_region *r = kms_region_find(account, region);
    size_t kept = 0;
    for (size_t i = 0; r && i < r->n_keys; i++) {
        struct kms_key *k = r->keys[i];
        if (k->state != KEY_PENDING_DELETION || now < k->deletion_date) {
            r->keys[kept++] = k;
            continue;
        }
        for (size_t a = r->n_aliases; a-- > 0;)
            if (strcmp(r->aliases[a].key_id, k->id) == 0)
                kms_alias_remove(r, r->aliases[a].name);
        if (k->multi_region)
            forget_replica(k);
        key_free(k);
    }
    if (r)
        r->n_keys = kept;
}

struct kms_alias *kms_alias_find(struct kms_region *r, const char *name)
{
    for (size_t i = 0; r && i < r->n_aliases; i++)
        if (strcmp(r->aliases[i].name, name) == 0)
            return &r->aliases[i];
    return NULL;
}

void kms_alias_add(struct kms_region *r, const char *name, const char *key_id, double now)
{
    if (r->n_aliases == r->cap_aliases) {
        r->cap_aliases = r->cap_aliases ? 2 * r->cap_aliases : 16;
        r->aliases = xrealloc(r->aliases, r->cap_aliases * sizeof *r->aliases);
    }
    struct kms_alias *a = &r->aliases[r->n_aliases++];
    a->name = xstrdup(name);
    snprintf(a->key_id, sizeof a->key_id, "%s", key_id);
    a->created = a->updated = now;
}

void kms_alias_remove(struct kms_region *r, const char *name)
{
    struct kms_alias *a = kms_alias_find(r, name);
    if (!a)
        return;
    free(a->name);
    size_t at = (size_t)(a - r->aliases);
    memmove(a, a + 1, (r->n_aliases - at - 1) * sizeof *a);
    r->n_aliases--;
}

void kms_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *kms_regions_json(void)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        const struct kms_region *r = regions.entries[i].state;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "account_id", r->account);
        cJSON_AddStringToObject(item, "region", r->region);
        cJSON *keys = cJSON_AddArrayToObject(item, "keys");
        for (size_t k = 0; k < r->n_keys; k++)
            cJSON_AddItemToArray(keys, key_metadata(r->keys[k]));
        cJSON *aliases = cJSON_AddArrayToObject(item, "aliases");
        for (size_t a = 0; a < r->n_aliases; a++) {
            cJSON *alias = cJSON_CreateObject();
            cJSON_AddStringToObject(alias, "AliasName", r->aliases[a].name);
            cJSON_AddStringToObject(alias, "TargetKeyId", r->aliases[a].key_id);
            cJSON_AddItemToArray(aliases, alias);
        }
        cJSON_AddItemToArray(list, item);
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "regions", list);
    return out;
}

/* ---- persistence ---- */

static int write_record(struct state_writer *w, cJSON *record)
{
    int rc = w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

static int save_region(struct state_writer *w, const struct kms_region *r)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "type", "region");
    cJSON_AddStringToObject(record, "account", r->account);
    cJSON_AddStringToObject(record, "region", r->region);
    if (write_record(w, record) != 0)
        return -1;
    for (size_t i = 0; i < r->n_keys; i++)
        if (write_record(w, key_to_record(r->keys[i])) != 0)
            return -1;
    for (size_t i = 0; i < r->n_aliases; i++) {
        record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "type", "alias");
        cJSON_AddStringToObject(record, "account", r->account);
        cJSON_AddStringToObject(record, "region", r->region);
        cJSON_AddStringToObject(record, "name", r->aliases[i].name);
        cJSON_AddStringToObject(record, "key_id", r->aliases[i].key_id);
        cJSON_AddNumberToObject(record, "created", r->aliases[i].created);
        cJSON_AddNumberToObject(record, "updated", r->aliases[i].updated);
        if (write_record(w, record) != 0)
            return -1;
    }
    return 0;
}

static int save(struct state_writer *w)
{
    for (size_t i = 0; i < regions.count; i++)
        if (save_region(w, regions.entries[i].state) != 0)
            return -1;
    return 0;
}

static bool fits(const char *text, size_t size)
{
    return text && text[0] && strlen(text) < size;
}

static struct kms_region *record_region(const cJSON *record)
{
    const char *account = record_string(record, "account");
    const char *region = record_string(record, "region");
    struct kms_region probe;
    if (!fits(account, sizeof probe.account) || !fits(region, sizeof probe.region))
        return NULL;
    return kms_region_get(account, region);
}

static int load_key(struct state_reader *r, const cJSON *record)
{
    const char *problem = NULL;
    struct kms_key *k = key_from_record(record, &problem);
    if (!k)
        return state_refuse(r, "%s", problem);
    if (kms_key_find(k->account, k->region, k->id)) {
        key_free(k);
        return state_refuse(r, "a key saved twice");
    }
    kms_region_add_key(k);
    return 0;
}

static int load_alias(struct state_reader *r, const cJSON *record)
{
    struct kms_region *region = record_region(record);
    const char *name = record_string(record, "name");
    const char *key_id = record_string(record, "key_id");
    if (!region || !name || strncmp(name, "alias/", 6) != 0 || !key_id || !key_id_valid(key_id))
        return state_refuse(r, "an alias record needs an account, a region, a name and a key");
    if (kms_alias_find(region, name))
        return state_refuse(r, "an alias saved twice");
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(record, "created");
    const cJSON *updated = cJSON_GetObjectItemCaseSensitive(record, "updated");
    kms_alias_add(region, name, key_id, cJSON_IsNumber(created) ? created->valuedouble : 0);
    region->aliases[region->n_aliases - 1].updated =
        cJSON_IsNumber(updated) ? updated->valuedouble : 0;
    return 0;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version; /* only version 1 exists */
    const char *type = record_string(record, "type");
    if (!type)
        return state_refuse(r, "a record without a type");
    if (strcmp(type, "region") == 0)
        return record_region(record)
                   ? 0
                   : state_refuse(r, "a region record needs an account and a region");
    if (strcmp(type, "key") == 0)
        return load_key(r, record);
    if (strcmp(type, "alias") == 0)
        return load_alias(r, record);
    return state_refuse(r, "unknown record type %s", type);
}

const struct service_persistence kms_persistence = {
    .format_version = RECORD_FORMAT_VERSION,
    .save = save,
    .load = load,
    .regional_states = &regions,
};
