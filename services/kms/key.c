/* KMS keys: creation, material versions, the metadata DescribeKey answers and the record a
 * save keeps (key material as base64, so a restart still decrypts old ciphertexts). */
#include "key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../core/tags.h"
#include "../core/persist_record.h"
#include "crypto.h"
#include "state.h"

struct kms_key *key_new(const char *account, const char *region, const char *id,
                        const struct key_spec *spec, enum key_usage usage)
{
    struct kms_key *k = xcalloc(1, sizeof *k);
    snprintf(k->id, sizeof k->id, "%s", id);
    snprintf(k->account, sizeof k->account, "%s", account);
    snprintf(k->region, sizeof k->region, "%s", region);
    k->arn = arn_build("kms", region, account, "key/%s", id);
    k->spec = spec;
    k->usage = usage;
    k->state = KEY_ENABLED;
    k->description = xstrdup("");
    k->rotation_period_days = 365;
    k->replica_regions = cJSON_CreateArray();
    k->rotations = cJSON_CreateArray();
    k->tags = cJSON_CreateArray();
    k->grants = cJSON_CreateArray();
    return k;
}

static void buf_wipe(struct buf *b)
{
    if (b->data)
        OPENSSL_cleanse(b->data, b->len);
    buf_free(b);
}

void key_free(struct kms_key *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n_materials; i++)
        buf_wipe(&k->materials[i].bytes);
    free(k->materials);
    buf_wipe(&k->import_wrapping_key);
    buf_free(&k->import_token);
    free(k->arn);
    free(k->description);
    free(k->policy);
    cJSON_Delete(k->replica_regions);
    cJSON_Delete(k->rotations);
    cJSON_Delete(k->tags);
    cJSON_Delete(k->grants);
    free(k);
}

struct kms_key *key_replica(const struct kms_key *primary, const char *region)
{
    struct kms_key *k = key_new(primary->account, region, primary->id, primary->spec,
                                primary->usage);
    k->external = primary->external;
    k->multi_region = true;
    snprintf(k->primary_region, sizeof k->primary_region, "%s", primary->primary_region);
    k->state = primary->state == KEY_PENDING_IMPORT ? KEY_PENDING_IMPORT : KEY_ENABLED;
    k->valid_to = primary->valid_to;
    for (size_t i = 0; i < primary->n_materials; i++) {
        struct buf copy = BUF_INIT;
        buf_append(&copy, primary->materials[i].bytes.data, primary->materials[i].bytes.len);
        struct key_material *m = key_add_material(k, &copy, primary->materials[i].created);
        memcpy(m->id, primary->materials[i].id, sizeof m->id);
    }
    return k;
}

static void random_hex(char *out, size_t digits)
{
    struct buf raw = BUF_INIT;
    if (!crypto_random((digits + 1) / 2, &raw))
        abort(); /* no randomness: nothing KMS answers could be trusted */
    for (size_t i = 0; i < digits; i++)
        out[i] = "0123456789abcdef"[((unsigned char)raw.data[i / 2] >> (i % 2 ? 0 : 4)) & 15];
    out[digits] = '\0';
    buf_free(&raw);
}

struct key_material *key_add_material(struct kms_key *k, struct buf *bytes, double created)
{
    k->materials = xrealloc(k->materials, (k->n_materials + 1) * sizeof *k->materials);
    struct key_material *m = &k->materials[k->n_materials++];
    memset(m, 0, sizeof *m);
    random_hex(m->id, 64);
    m->bytes = *bytes;
    *bytes = (struct buf)BUF_INIT;
    m->created = created;
    return m;
}

const struct key_material *key_current_material(const struct kms_key *k)
{
    return k->n_materials > 0 ? &k->materials[k->n_materials - 1] : NULL;
}

bool key_rotate(struct kms_key *k, const char *type, double when)
{
    struct buf material = BUF_INIT;
    if (!crypto_generate_material(k->spec, &material))
        return false;
    const struct key_material *m = key_add_material(k, &material, when);
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "KeyId", k->id);
    cJSON_AddStringToObject(record, "KeyMaterialId", m->id);
    result_add_timestamp(record, "RotationDate", when);
    cJSON_AddStringToObject(record, "RotationType", type);
    cJSON_AddItemToArray(k->rotations, record);
    return true;
}

bool key_rotate_if_due(struct kms_key *k, double now)
{
    double period = (double)k->rotation_period_days * 86400.0;
    while (k->rotation_enabled && k->state == KEY_ENABLED && period > 0 && k->next_rotation > 0 &&
           now >= k->next_rotation) {
        if (!key_rotate(k, "AUTOMATIC", k->next_rotation))
            return false;
        k->next_rotation += period;
    }
    return true;
}

void key_id_new(bool multi_region, char out[40])
{
    if (multi_region) {
        memcpy(out, "mrk-", 4);
        random_hex(out + 4, 32);
    } else {
        uuid_new(out);
    }
}

static bool hex_run(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
            return false;
    return true;
}

bool key_id_valid(const char *text)
{
    if (strncmp(text, "mrk-", 4) == 0)
        return strlen(text) == 36 && hex_run(text + 4, 32);
    if (strlen(text) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !hex_run(text + i, 1))
            return false;
    }
    return true;
}

char *key_default_policy(const char *account, const char *region)
{
    struct buf b = BUF_INIT;
    buf_printf(&b,
               "{\n"
               "  \"Version\" : \"2012-10-17\",\n"
               "  \"Id\" : \"key-default-1\",\n"
               "  \"Statement\" : [ {\n"
               "    \"Sid\" : \"Enable IAM User Permissions\",\n"
               "    \"Effect\" : \"Allow\",\n"
               "    \"Principal\" : {\n"
               "      \"AWS\" : \"arn:%s:iam::%s:root\"\n"
               "    },\n"
               "    \"Action\" : \"kms:*\",\n"
               "    \"Resource\" : \"*\"\n"
               "  } ]\n"
               "}",
               partition_for_region(region), account);
    return buf_take(&b);
}

static const char *const state_names[] = {
    [KEY_ENABLED] = "Enabled",
    [KEY_DISABLED] = "Disabled",
    [KEY_PENDING_DELETION] = "PendingDeletion",
    [KEY_PENDING_IMPORT] = "PendingImport",
};

const char *key_state_name(enum key_state state)
{
    return state_names[state];
}

static void add_list(cJSON *out, const char *name, cJSON *list)
{
    if (list)
        cJSON_AddItemToObject(out, name, list);
}

static cJSON *region_key(const char *account, const char *region, const char *id)
{
    cJSON *entry = cJSON_CreateObject();
    char *arn = arn_build("kms", region, account, "key/%s", id);
    cJSON_AddStringToObject(entry, "Arn", arn);
    cJSON_AddStringToObject(entry, "Region", region);
    free(arn);
    return entry;
}

static cJSON *multi_region_configuration(const struct kms_key *k)
{
    cJSON *config = cJSON_CreateObject();
    bool primary = strcmp(k->primary_region, k->region) == 0;
    cJSON_AddStringToObject(config, "MultiRegionKeyType", primary ? "PRIMARY" : "REPLICA");
    cJSON_AddItemToObject(config, "PrimaryKey",
                          region_key(k->account, k->primary_region, k->id));
    const struct kms_key *p = primary ? k : kms_key_find(k->account, k->primary_region, k->id);
    cJSON *replicas = cJSON_AddArrayToObject(config, "ReplicaKeys");
    const cJSON *region;
    cJSON_ArrayForEach(region, (p ? p->replica_regions : NULL))
        cJSON_AddItemToArray(replicas, region_key(k->account, region->valuestring, k->id));
    return config;
}

cJSON *key_metadata(const struct kms_key *k)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "AWSAccountId", k->account);
    cJSON_AddStringToObject(m, "KeyId", k->id);
    cJSON_AddStringToObject(m, "Arn", k->arn);
    result_add_timestamp(m, "CreationDate", k->created);
    cJSON_AddBoolToObject(m, "Enabled", k->state == KEY_ENABLED);
    cJSON_AddStringToObject(m, "Description", k->description);
    cJSON_AddStringToObject(m, "KeyUsage", key_usage_name(k->usage));
    cJSON_AddStringToObject(m, "KeyState", key_state_name(k->state));
    if (k->state == KEY_PENDING_DELETION) {
        result_add_timestamp(m, "DeletionDate", k->deletion_date);
        if (k->pending_window_days > 0)
            cJSON_AddNumberToObject(m, "PendingDeletionWindowInDays", k->pending_window_days);
    }
    cJSON_AddStringToObject(m, "Origin", k->external ? "EXTERNAL" : "AWS_KMS");
    if (k->external && k->state != KEY_PENDING_IMPORT) {
        cJSON_AddStringToObject(m, "ExpirationModel", k->valid_to > 0
                                                         ? "KEY_MATERIAL_EXPIRES"
                                                         : "KEY_MATERIAL_DOES_NOT_EXPIRE");
        if (k->valid_to > 0)
            result_add_timestamp(m, "ValidTo", k->valid_to);
    }
    cJSON_AddStringToObject(m, "KeyManager", k->aws_managed ? "AWS" : "CUSTOMER");
    cJSON_AddStringToObject(m, "CustomerMasterKeySpec", k->spec->name);
    cJSON_AddStringToObject(m, "KeySpec", k->spec->name);
    add_list(m, "EncryptionAlgorithms", key_spec_encryption_algorithms(k->spec, k->usage));
    add_list(m, "SigningAlgorithms", key_spec_signing_algorithms(k->spec, k->usage));
    add_list(m, "MacAlgorithms", key_spec_mac_algorithms(k->spec, k->usage));
    add_list(m, "KeyAgreementAlgorithms", key_spec_key_agreement_algorithms(k->spec, k->usage));
    cJSON_AddBoolToObject(m, "MultiRegion", k->multi_region);
    if (k->multi_region)
        cJSON_AddItemToObject(m, "MultiRegionConfiguration", multi_region_configuration(k));
    const struct key_material *current = key_current_material(k);
    if (current && k->spec->kind == KEY_KIND_SYMMETRIC)
        cJSON_AddStringToObject(m, "CurrentKeyMaterialId", current->id);
    return m;
}

/* ---- persistence ---- */

static void add_base64(cJSON *record, const char *name, const struct buf *bytes)
{
    struct buf text = BUF_INIT;
    base64_encode(bytes->data ? bytes->data : "", bytes->len, &text);
    cJSON_AddStringToObject(record, name, text.data ? text.data : "");
    buf_free(&text);
}

cJSON *key_to_record(const struct kms_key *k)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "type", "key");
    cJSON_AddStringToObject(r, "account", k->account);
    cJSON_AddStringToObject(r, "region", k->region);
    cJSON_AddStringToObject(r, "id", k->id);
    cJSON_AddStringToObject(r, "spec", k->spec->name);
    cJSON_AddStringToObject(r, "usage", key_usage_name(k->usage));
    cJSON_AddBoolToObject(r, "external", k->external);
    cJSON_AddBoolToObject(r, "aws_managed", k->aws_managed);
    cJSON_AddNumberToObject(r, "state", k->state);
    cJSON_AddStringToObject(r, "description", k->description);
    if (k->policy)
        cJSON_AddStringToObject(r, "policy", k->policy);
    cJSON_AddNumberToObject(r, "created", k->created);
    cJSON_AddNumberToObject(r, "deletion_date", k->deletion_date);
    cJSON_AddNumberToObject(r, "pending_window_days", k->pending_window_days);
    cJSON_AddBoolToObject(r, "multi_region", k->multi_region);
    cJSON_AddStringToObject(r, "primary_region", k->primary_region);
    cJSON_AddItemToObject(r, "replica_regions", cJSON_Duplicate(k->replica_regions, 1));
    cJSON_AddBoolToObject(r, "rotation_enabled", k->rotation_enabled);
    cJSON_AddNumberToObject(r, "rotation_period_days", k->rotation_period_days);
    cJSON_AddNumberToObject(r, "next_rotation", k->next_rotation);
    cJSON_AddItemToObject(r, "rotations", cJSON_Duplicate(k->rotations, 1));
    cJSON_AddItemToObject(r, "tags", cJSON_Duplicate(k->tags, 1));
    cJSON_AddItemToObject(r, "grants", cJSON_Duplicate(k->grants, 1));
    cJSON_AddNumberToObject(r, "valid_to", k->valid_to);
    cJSON *materials = cJSON_AddArrayToObject(r, "materials");
    for (size_t i = 0; i < k->n_materials; i++) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "id", k->materials[i].id);
        cJSON_AddNumberToObject(m, "created", k->materials[i].created);
        add_base64(m, "bytes", &k->materials[i].bytes);
        cJSON_AddItemToArray(materials, m);
    }
    if (k->last_used_at > 0) {
        cJSON_AddStringToObject(r, "last_used_operation", k->last_used_operation);
        cJSON_AddStringToObject(r, "last_used_request_id", k->last_used_request_id);
        cJSON_AddNumberToObject(r, "last_used_at", k->last_used_at);
    }
    if (k->import_wrapping_key.len > 0) {
        add_base64(r, "import_wrapping_key", &k->import_wrapping_key);
        add_base64(r, "import_token", &k->import_token);
        cJSON_AddStringToObject(r, "import_algorithm", k->import_algorithm);
        cJSON_AddNumberToObject(r, "import_parameters_valid_to", k->import_parameters_valid_to);
    }
    return r;
}

/* Copies the list r[name] into *slot when every entry passes is_entry (a missing list leaves
 * *slot empty); false when r holds something else there. */
static bool take_list(cJSON **slot, const cJSON *r, const char *name,
                      cJSON_bool (*is_entry)(const cJSON *))
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, name);
    if (!list)
        return true;
    if (!cJSON_IsArray(list))
        return false;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, list)
        if (!is_entry(entry))
            return false;
    cJSON_Delete(*slot);
    *slot = cJSON_Duplicate(list, 1);
    return true;
}

static bool read_base64(const cJSON *r, const char *name, struct buf *out)
{
    const char *text = record_string(r, name);
    return text && base64_decode(text, strlen(text), out);
}

static bool load_materials(struct kms_key *k, const cJSON *list)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, list) {
        struct buf bytes = BUF_INIT;
        const char *id = record_string(m, "id");
        if (!id || strlen(id) != 64 || !read_base64(m, "bytes", &bytes)) {
            buf_free(&bytes);
            return false;
        }
        struct key_material *added = key_add_material(k, &bytes, record_number(m, "created", 0));
        memcpy(added->id, id, 65);
    }
    return true;
}

struct kms_key *key_from_record(const cJSON *r, const char **problem)
{
    const char *account = record_string(r, "account"), *region = record_string(r, "region");
    const char *id = record_string(r, "id");
    const struct key_spec *spec = key_spec_find(record_string(r, "spec"));
    enum key_usage usage = key_usage_from_name(record_string(r, "usage"));
    int state = (int)record_number(r, "state", 0);
    if (!account || !region || !id || !key_id_valid(id) || strlen(account) >= 16 ||
        strlen(region) >= 32) {
        *problem = "a key record needs an account, a region and a key id";
        return NULL;
    }
    if (!spec || !usage || state < KEY_ENABLED || state > KEY_PENDING_IMPORT) {
        *problem = "a key record with an unknown key spec, usage or state";
        return NULL;
    }
    struct kms_key *k = key_new(account, region, id, spec, usage);
    k->external = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "external"));
    k->aws_managed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "aws_managed"));
    k->state = (enum key_state)state;
    const char *description = record_string(r, "description");
    free(k->description);
    k->description = xstrdup(description ? description : "");
    const char *policy = record_string(r, "policy");
    k->policy = policy ? xstrdup(policy) : NULL;
    k->created = record_number(r, "created", 0);
    k->deletion_date = record_number(r, "deletion_date", 0);
    k->pending_window_days = (int)record_number(r, "pending_window_days", 0);
    k->multi_region = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "multi_region"));
    const char *primary = record_string(r, "primary_region");
    snprintf(k->primary_region, sizeof k->primary_region, "%s", primary ? primary : "");
    bool lists_fit = take_list(&k->replica_regions, r, "replica_regions", cJSON_IsString);
    k->rotation_enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "rotation_enabled"));
    k->rotation_period_days = (int)record_number(r, "rotation_period_days", 0);
    k->next_rotation = record_number(r, "next_rotation", 0);
    lists_fit = take_list(&k->rotations, r, "rotations", cJSON_IsObject) && lists_fit;
    lists_fit = take_list(&k->grants, r, "grants", cJSON_IsObject) && lists_fit;
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(r, "tags");
    if (!lists_fit || (tags && !tags_set_valid(tags))) {
        *problem = "a key record whose replica regions, rotations, grants or tags are malformed";
        key_free(k);
        return NULL;
    }
    take_list(&k->tags, r, "tags", cJSON_IsObject);
    k->valid_to = record_number(r, "valid_to", 0);
    if (!load_materials(k, cJSON_GetObjectItemCaseSensitive(r, "materials"))) {
        *problem = "a key record whose key material is not base64";
        key_free(k);
        return NULL;
    }
    const char *operation = record_string(r, "last_used_operation");
    const char *request_id = record_string(r, "last_used_request_id");
    if (operation && request_id) {
        snprintf(k->last_used_operation, sizeof k->last_used_operation, "%s", operation);
        snprintf(k->last_used_request_id, sizeof k->last_used_request_id, "%s", request_id);
        k->last_used_at = record_number(r, "last_used_at", 0);
    }
    if (record_string(r, "import_wrapping_key")) {
        read_base64(r, "import_wrapping_key", &k->import_wrapping_key);
        read_base64(r, "import_token", &k->import_token);
        const char *algorithm = record_string(r, "import_algorithm");
        snprintf(k->import_algorithm, sizeof k->import_algorithm, "%s",
                 algorithm ? algorithm : "");
        k->import_parameters_valid_to = record_number(r, "import_parameters_valid_to", 0);
    }
    return k;
}
