/* A secret's versions, staging labels and metadata; its DescribeSecret form and its saved
 * record. */
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "../core/persist_record.h"
#include "kms_key.h"

double sm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void replace_string(char **slot, const char *value)
{
    free(*slot);
    *slot = dup_or_null(value);
}

struct sm_secret *secret_new(const char *name, const char *arn)
{
    struct sm_secret *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    s->arn = xstrdup(arn);
    s->created = s->last_changed = sm_now();
    return s;
}

static void version_clear(struct sm_version *v)
{
    free(v->id);
    free(v->string);
    free(v->binary);
    cJSON_Delete(v->stages);
}

void secret_free(struct sm_secret *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_versions; i++)
        version_clear(&s->versions[i]);
    free(s->versions);
    free(s->name);
    free(s->arn);
    free(s->description);
    free(s->kms_key_id);
    cJSON_Delete(s->tags);
    free(s->policy);
    free(s->owning_service);
    free(s->rotation_lambda_arn);
    cJSON_Delete(s->rotation_rules);
    cJSON_Delete(s->replicas);
    free(s->primary_region);
    free(s);
}

struct sm_secret *secret_copy(const struct sm_secret *s)
{
    cJSON *record = secret_to_record(s);
    struct sm_secret *copy = secret_from_record(record);
    cJSON_Delete(record);
    return copy;
}

struct sm_version *secret_version(struct sm_secret *s, const char *version_id)
{
    for (size_t i = 0; version_id && i < s->n_versions; i++)
        if (strcmp(s->versions[i].id, version_id) == 0)
            return &s->versions[i];
    return NULL;
}

bool version_has_stage(const struct sm_version *v, const char *stage)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, v->stages)
        if (cJSON_IsString(item) && strcmp(item->valuestring, stage) == 0)
            return true;
    return false;
}

struct sm_version *secret_version_with_stage(struct sm_secret *s, const char *stage)
{
    for (size_t i = 0; i < s->n_versions; i++)
        if (version_has_stage(&s->versions[i], stage))
            return &s->versions[i];
    return NULL;
}

void version_remove_stage(struct sm_version *v, const char *stage)
{
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, v->stages) {
        if (cJSON_IsString(item) && strcmp(item->valuestring, stage) == 0) {
            cJSON_DeleteItemFromArray(v->stages, i);
            return;
        }
        i++;
    }
}

void version_add_stage(struct sm_version *v, const char *stage)
{
    if (!version_has_stage(v, stage))
        cJSON_AddItemToArray(v->stages, cJSON_CreateString(stage));
}

void secret_move_stage(struct sm_secret *s, const char *stage, struct sm_version *to)
{
    struct sm_version *from = secret_version_with_stage(s, stage);
    if (from == to)
        return;
    if (from)
        version_remove_stage(from, stage);
    if (!to)
        return;
    /* AWSCURRENT leaving a version leaves AWSPREVIOUS behind it. */
    if (strcmp(stage, SM_CURRENT) == 0 && from) {
        struct sm_version *previous = secret_version_with_stage(s, SM_PREVIOUS);
        if (previous)
            version_remove_stage(previous, SM_PREVIOUS);
        version_add_stage(from, SM_PREVIOUS);
    }
    version_add_stage(to, stage);
}

/* AWS keeps about 100 versions of a secret: beyond that the oldest versions without a label go,
 * so a secret written in a loop does not grow without bound. */
#define MAX_VERSIONS 100

static void drop_oldest_deprecated(struct sm_secret *s)
{
    for (size_t i = 0; s->n_versions > MAX_VERSIONS && i < s->n_versions;) {
        if (cJSON_GetArraySize(s->versions[i].stages) > 0) {
            i++;
            continue;
        }
        version_clear(&s->versions[i]);
        memmove(&s->versions[i], &s->versions[i + 1],
                (s->n_versions - i - 1) * sizeof *s->versions);
        s->n_versions--;
    }
}

struct sm_version *secret_add_version(struct sm_secret *s, const char *version_id, const cJSON *in,
                                      const cJSON *stages)
{
    drop_oldest_deprecated(s);
    bool first = secret_version_with_stage(s, SM_CURRENT) == NULL;
    if (s->n_versions == s->cap_versions) {
        s->cap_versions = s->cap_versions ? 2 * s->cap_versions : 4;
        s->versions = xrealloc(s->versions, s->cap_versions * sizeof *s->versions);
    }
    size_t index = s->n_versions++;
    struct sm_version *v = &s->versions[index];
    memset(v, 0, sizeof *v);
    v->id = xstrdup(version_id);
    v->string = dup_or_null(param_string(in, "SecretString"));
    v->binary = dup_or_null(param_string(in, "SecretBinary"));
    v->stages = cJSON_CreateArray();
    v->created = sm_now();
    const cJSON *stage;
    if (stages && cJSON_GetArraySize(stages) > 0) {
        cJSON_ArrayForEach(stage, stages)
            if (cJSON_IsString(stage))
                secret_move_stage(s, stage->valuestring, &s->versions[index]);
    } else {
        secret_move_stage(s, SM_CURRENT, &s->versions[index]);
    }
    if (first)
        version_add_stage(&s->versions[index], SM_CURRENT);
    s->last_changed = sm_now();
    return &s->versions[index];
}

struct sm_version *secret_add_empty_version(struct sm_secret *s, const char *version_id,
                                            const char *stage)
{
    cJSON *stages = cJSON_CreateArray();
    cJSON_AddItemToArray(stages, cJSON_CreateString(stage));
    bool had_current = secret_version_with_stage(s, SM_CURRENT) != NULL;
    struct sm_version *v = secret_add_version(s, version_id, NULL, stages);
    cJSON_Delete(stages);
    /* A version without a value never becomes a secret's first AWSCURRENT. */
    if (!had_current)
        version_remove_stage(v, SM_CURRENT);
    return v;
}

void secret_remove_version(struct sm_secret *s, struct sm_version *v)
{
    size_t i = (size_t)(v - s->versions);
    if (i >= s->n_versions)
        return;
    version_clear(v);
    memmove(&s->versions[i], &s->versions[i + 1], (s->n_versions - i - 1) * sizeof *s->versions);
    s->n_versions--;
}

bool version_has_value(const struct sm_version *v)
{
    return v->string || v->binary;
}

void version_fill(struct sm_version *v, const cJSON *in)
{
    replace_string(&v->string, param_string(in, "SecretString"));
    replace_string(&v->binary, param_string(in, "SecretBinary"));
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool version_same_value(const struct sm_version *v, const cJSON *in)
{
    return same_text(v->string, param_string(in, "SecretString")) &&
           same_text(v->binary, param_string(in, "SecretBinary"));
}

cJSON *secret_versions_to_stages(const struct sm_secret *s)
{
    cJSON *map = NULL;
    for (size_t i = 0; i < s->n_versions; i++) {
        const struct sm_version *v = &s->versions[i];
        if (cJSON_GetArraySize(v->stages) == 0)
            continue;
        if (!map)
            map = cJSON_CreateObject();
        cJSON_AddItemToObject(map, v->id, cJSON_Duplicate(v->stages, 1));
    }
    return map;
}

/* AWS reports dates at the day for LastAccessedDate. */
static double day_of(double epoch)
{
    return (double)((long long)epoch / 86400 * 86400);
}

void secret_describe(const struct sm_secret *s, cJSON *out, bool for_list)
{
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    if (s->description)
        cJSON_AddStringToObject(out, "Description", s->description);
    if (s->kms_key_id && !kms_key_is_default(s->kms_key_id))
        cJSON_AddStringToObject(out, "KmsKeyId", s->kms_key_id);
    if (s->rotation_enabled || s->rotation_lambda_arn)
        cJSON_AddBoolToObject(out, "RotationEnabled", s->rotation_enabled);
    if (s->rotation_lambda_arn)
        cJSON_AddStringToObject(out, "RotationLambdaARN", s->rotation_lambda_arn);
    if (s->rotation_rules)
        cJSON_AddItemToObject(out, "RotationRules", cJSON_Duplicate(s->rotation_rules, 1));
    if (s->last_rotated)
        result_add_timestamp(out, "LastRotatedDate", s->last_rotated);
    result_add_timestamp(out, "LastChangedDate", s->last_changed);
    if (s->last_accessed)
        result_add_timestamp(out, "LastAccessedDate", day_of(s->last_accessed));
    if (s->deleted)
        result_add_timestamp(out, "DeletedDate", s->deleted);
    if (s->rotation_enabled && s->next_rotation)
        result_add_timestamp(out, "NextRotationDate", s->next_rotation);
    if (s->tags)
        cJSON_AddItemToObject(out, "Tags", tags_to_list(s->tags));
    cJSON *stages = secret_versions_to_stages(s);
    if (stages)
        cJSON_AddItemToObject(out, for_list ? "SecretVersionsToStages" : "VersionIdsToStages",
                              stages);
    if (s->owning_service)
        cJSON_AddStringToObject(out, "OwningService", s->owning_service);
    result_add_timestamp(out, "CreatedDate", s->created);
    if (s->primary_region)
        cJSON_AddStringToObject(out, "PrimaryRegion", s->primary_region);
    if (cJSON_GetArraySize(s->replicas) > 0)
        cJSON_AddItemToObject(out, "ReplicationStatus", cJSON_Duplicate(s->replicas, 1));
}

void secret_arn_suffix(char out[7])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[6];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        memset(bytes, 0, sizeof bytes);
    for (int i = 0; i < 6; i++)
        out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    out[6] = '\0';
}

bool secret_matches_id(const struct sm_secret *s, const char *id)
{
    if (strncmp(id, "arn:", 4) != 0)
        return strcmp(s->name, id) == 0;
    if (strcmp(s->arn, id) == 0)
        return true;
    /* the partial ARN ends with the name, before "-" and the suffix */
    const char *resource = strstr(s->arn, ":secret:");
    if (!resource)
        return false;
    size_t partial = (size_t)(resource - s->arn) + strlen(":secret:") + strlen(s->name);
    return strlen(id) == partial && strncmp(s->arn, id, partial) == 0;
}

/* ---- records ---- */

static void add_string(cJSON *record, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(record, name, value);
}

static void add_number(cJSON *record, const char *name, double value)
{
    if (value)
        cJSON_AddNumberToObject(record, name, value);
}

cJSON *secret_to_record(const struct sm_secret *s)
{
    cJSON *r = cJSON_CreateObject();
    add_string(r, "name", s->name);
    add_string(r, "arn", s->arn);
    add_string(r, "description", s->description);
    add_string(r, "kms_key_id", s->kms_key_id);
    if (s->tags)
        cJSON_AddItemToObject(r, "tags", cJSON_Duplicate(s->tags, 1));
    add_string(r, "policy", s->policy);
    add_string(r, "owning_service", s->owning_service);
    add_number(r, "created", s->created);
    add_number(r, "last_changed", s->last_changed);
    add_number(r, "last_accessed", s->last_accessed);
    add_number(r, "deleted", s->deleted);
    add_number(r, "deletion_date", s->deletion_date);
    if (s->rotation_enabled)
        cJSON_AddTrueToObject(r, "rotation_enabled");
    add_string(r, "rotation_lambda_arn", s->rotation_lambda_arn);
    if (s->rotation_rules)
        cJSON_AddItemToObject(r, "rotation_rules", cJSON_Duplicate(s->rotation_rules, 1));
    add_number(r, "last_rotated", s->last_rotated);
    add_number(r, "next_rotation", s->next_rotation);
    if (s->replicas)
        cJSON_AddItemToObject(r, "replicas", cJSON_Duplicate(s->replicas, 1));
    add_string(r, "primary_region", s->primary_region);
    cJSON *versions = cJSON_AddArrayToObject(r, "versions");
    for (size_t i = 0; i < s->n_versions; i++) {
        const struct sm_version *v = &s->versions[i];
        cJSON *item = cJSON_CreateObject();
        add_string(item, "id", v->id);
        add_string(item, "string", v->string);
        add_string(item, "binary", v->binary);
        cJSON_AddItemToObject(item, "stages", cJSON_Duplicate(v->stages, 1));
        add_number(item, "created", v->created);
        add_number(item, "last_accessed", v->last_accessed);
        cJSON_AddItemToArray(versions, item);
    }
    return r;
}

static cJSON *record_copy(const cJSON *r, const char *name, cJSON_bool (*is)(const cJSON *))
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(r, name);
    return item && is(item) ? cJSON_Duplicate(item, 1) : NULL;
}

static bool strings_only(const cJSON *array)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
        if (!cJSON_IsString(item))
            return false;
    return true;
}

struct sm_secret *secret_from_record(const cJSON *r)
{
    const char *name = record_string(r, "name"), *arn = record_string(r, "arn");
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(r, "versions");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(r, "tags");
    if (!name || !arn || (versions && !cJSON_IsArray(versions)) ||
        (tags && !tags_set_valid(tags)))
        return NULL;
    struct sm_secret *s = secret_new(name, arn);
    replace_string(&s->description, record_string(r, "description"));
    replace_string(&s->kms_key_id, record_string(r, "kms_key_id"));
    s->tags = tags ? cJSON_Duplicate(tags, 1) : NULL;
    replace_string(&s->policy, record_string(r, "policy"));
    replace_string(&s->owning_service, record_string(r, "owning_service"));
    s->created = record_number(r, "created", 0);
    s->last_changed = record_number(r, "last_changed", 0);
    s->last_accessed = record_number(r, "last_accessed", 0);
    s->deleted = record_number(r, "deleted", 0);
    s->deletion_date = record_number(r, "deletion_date", 0);
    s->rotation_enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "rotation_enabled"));
    replace_string(&s->rotation_lambda_arn, record_string(r, "rotation_lambda_arn"));
    s->rotation_rules = record_copy(r, "rotation_rules", cJSON_IsObject);
    s->last_rotated = record_number(r, "last_rotated", 0);
    s->next_rotation = record_number(r, "next_rotation", 0);
    s->replicas = record_copy(r, "replicas", cJSON_IsArray);
    replace_string(&s->primary_region, record_string(r, "primary_region"));
    const cJSON *item;
    cJSON_ArrayForEach(item, versions) {
        const char *id = record_string(item, "id");
        const cJSON *stages = cJSON_GetObjectItemCaseSensitive(item, "stages");
        if (!id || !cJSON_IsArray(stages) || !strings_only(stages)) {
            secret_free(s);
            return NULL;
        }
        if (s->n_versions == s->cap_versions) {
            s->cap_versions = s->cap_versions ? 2 * s->cap_versions : 4;
            s->versions = xrealloc(s->versions, s->cap_versions * sizeof *s->versions);
        }
        struct sm_version *v = &s->versions[s->n_versions++];
        memset(v, 0, sizeof *v);
        v->id = xstrdup(id);
        v->string = dup_or_null(record_string(item, "string"));
        v->binary = dup_or_null(record_string(item, "binary"));
        v->stages = cJSON_Duplicate(stages, 1);
        v->created = record_number(item, "created", 0);
        v->last_accessed = record_number(item, "last_accessed", 0);
    }
    return s;
}
