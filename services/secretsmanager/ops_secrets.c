/* The life of a secret: CreateSecret, PutSecretValue, GetSecretValue, DescribeSecret,
 * UpdateSecret, DeleteSecret, RestoreSecret. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "kms_key.h"
#include "lookup.h"
#include "ops.h"
#include "replication.h"
#include "secret_tags.h"

#define DAY_SECONDS 86400.0
#define MOTO_CUSTOM_ID_TAG "_custom_id_"

static bool valid_name(const char *name)
{
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+=.@-", *p))
            return false;
    return name[0] != '\0';
}

static void answer_version(cJSON *out, const struct sm_secret *s, const struct sm_version *v)
{
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    if (v)
        cJSON_AddStringToObject(out, "VersionId", v->id);
}

static bool has_value(const cJSON *in)
{
    return param_string(in, "SecretString") || param_string(in, "SecretBinary");
}

/* CreateSecret again with the token of the secret's version and the same value answers as the
 * first call did. */
static int repeat_create(struct call *c, struct sm_secret *existing, const cJSON *in, cJSON *out)
{
    const char *token = param_string(in, "ClientRequestToken");
    struct sm_version *v = token ? secret_version(existing, token) : NULL;
    if (!v)
        return call_fail(c, 400, "ResourceExistsException",
                         "The operation failed because the secret %s already exists.",
                         existing->name);
    if (!version_same_value(v, in))
        return call_fail(c, 400, "ResourceExistsException",
                         "You can't use ClientRequestToken %s because that value is already in "
                         "use for a version of secret %s.",
                         token, existing->arn);
    answer_version(out, existing, v);
    return 0;
}

OPERATION(secretsmanager_create_secret)
{
    const char *name = param_string(in, "Name");
    const char *token = param_string(in, "ClientRequestToken");
    if (!valid_name(name))
        return sm_invalid_parameter(c, "Invalid name. Must be a valid name containing alphanumeric "
                                       "characters, or any of the following: -/_+=.@!");
    if (sm_check_value(c, in) != 0)
        return -1;
    struct secretsmanager_region *r = sm_region(c);
    struct sm_secret *existing = region_secret_by_name(r, name);
    if (existing && existing->deleted)
        return sm_invalid_request(c, "You can't create this secret because a secret with this "
                                     "name is already scheduled for deletion.");
    if (existing)
        return repeat_create(c, existing, in, out);
    const char *kms_key;
    if (kms_key_use(c->err, c->route->account, c->route->region, param_string(in, "KmsKeyId"),
                    KMS_KEY_ENCRYPT, &kms_key) != 0)
        return -1;
    cJSON *tags = NULL;
    const cJSON *given_tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (given_tags && !(tags = secret_tags_from_request(c, given_tags, name)))
        return -1;
    char suffix[7];
    secret_arn_suffix(suffix);
    /* moto's hook for predictable ids in tests: the "_custom_id_" tag names the ARN's suffix */
    const char *custom = tags ? tags_get(tags, MOTO_CUSTOM_ID_TAG) : NULL;
    char *arn = arn_build("secretsmanager", c->route->region, c->route->account, "secret:%s-%s",
                          name, custom && custom[0] ? custom : suffix);
    struct sm_secret *s = secret_new(name, arn);
    free(arn);
    s->tags = tags;
    const char *description = param_string(in, "Description");
    s->description = description ? xstrdup(description) : NULL;
    s->kms_key_id = kms_key ? xstrdup(kms_key) : NULL;
    const cJSON *replicas = cJSON_GetObjectItemCaseSensitive(in, "AddReplicaRegions");
    if (replicas && replication_check_regions(c, s, replicas) != 0) {
        secret_free(s);
        return -1;
    }
    struct sm_version *v = NULL;
    if (has_value(in))
        v = sm_put_value(c, s, token, in, NULL);
    region_secret_add(r, s);
    answer_version(out, s, v);
    if (replicas) {
        replication_add(c, s, replicas, param_true(in, "ForceOverwriteReplicaSecret"));
        cJSON_AddItemToObject(out, "ReplicationStatus", cJSON_Duplicate(s->replicas, 1));
    }
    return 0;
}

OPERATION(secretsmanager_put_secret_value)
{
    const char *token = param_string(in, "ClientRequestToken");
    if (!has_value(in))
        return sm_invalid_request(c, "You must provide either SecretString or SecretBinary.");
    if (sm_check_value(c, in) != 0)
        return -1;
    struct secretsmanager_region *r = sm_region(c);
    struct sm_secret *s = writable_secret_for_call(c, r, param_string(in, "SecretId"));
    if (!s)
        return -1;
    if (kms_key_use(c->err, c->route->account, c->route->region, s->kms_key_id, KMS_KEY_ENCRYPT,
                    NULL) != 0)
        return -1;
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(in, "VersionStages");
    struct sm_version *v = sm_put_value(c, s, token, in, stages);
    if (!v)
        return -1;
    answer_version(out, s, v);
    cJSON_AddItemToObject(out, "VersionStages", cJSON_Duplicate(v->stages, 1));
    sm_sync_replicas(c, s);
    return 0;
}

/* The version GetSecretValue asks for, or NULL after failing the call. */
static struct sm_version *requested_version(struct call *c, struct sm_secret *s, const cJSON *in)
{
    const char *version_id = param_string(in, "VersionId");
    const char *stage = param_string(in, "VersionStage");
    if (version_id) {
        struct sm_version *v = secret_version(s, version_id);
        if (!v || !version_has_value(v)) {
            sm_not_found(c,
                         "Secrets Manager can't find the specified secret value for VersionId: %s",
                         version_id);
            return NULL;
        }
        if (stage && !version_has_stage(v, stage)) {
            sm_not_found(c, "You provided a VersionStage that is not associated to the provided "
                            "VersionId.");
            return NULL;
        }
        return v;
    }
    if (!stage)
        stage = SM_CURRENT;
    struct sm_version *v = secret_version_with_stage(s, stage);
    if (v && !version_has_value(v))
        v = NULL; /* a rotation's version before its function gave it a value */
    if (!v)
        sm_not_found(c,
                     "Secrets Manager can't find the specified secret value for staging label: %s",
                     stage);
    return v;
}

void secret_value_answer(const struct sm_secret *s, const struct sm_version *v, cJSON *out)
{
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    cJSON_AddStringToObject(out, "VersionId", v->id);
    if (v->string)
        cJSON_AddStringToObject(out, "SecretString", v->string);
    if (v->binary)
        cJSON_AddStringToObject(out, "SecretBinary", v->binary);
    cJSON_AddItemToObject(out, "VersionStages", cJSON_Duplicate(v->stages, 1));
    result_add_timestamp(out, "CreatedDate", v->created);
}

OPERATION(secretsmanager_get_secret_value)
{
    struct secretsmanager_region *r = sm_region(c);
    struct sm_secret *s = live_secret_for_call(c, r, param_string(in, "SecretId"));
    if (!s)
        return -1;
    struct sm_version *v = requested_version(c, s, in);
    if (!v || kms_key_use(c->err, c->route->account, c->route->region, s->kms_key_id,
                          KMS_KEY_DECRYPT, NULL) != 0)
        return -1;
    s->last_accessed = v->last_accessed = sm_now();
    secret_value_answer(s, v, out);
    return 0;
}

OPERATION(secretsmanager_describe_secret)
{
    struct sm_secret *s = secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    secret_describe(s, out, false);
    return 0;
}

OPERATION(secretsmanager_update_secret)
{
    const char *token = param_string(in, "ClientRequestToken");
    if (sm_check_value(c, in) != 0)
        return -1;
    struct secretsmanager_region *r = sm_region(c);
    struct sm_secret *s = writable_secret_for_call(c, r, param_string(in, "SecretId"));
    if (!s)
        return -1;
    const char *kms_key = s->kms_key_id;
    bool new_key = param_string(in, "KmsKeyId") != NULL;
    if ((new_key || has_value(in)) &&
        kms_key_use(c->err, c->route->account, c->route->region,
                    new_key ? param_string(in, "KmsKeyId") : s->kms_key_id, KMS_KEY_ENCRYPT,
                    &kms_key) != 0)
        return -1;
    struct sm_version *v = NULL;
    if (has_value(in) && !(v = sm_put_value(c, s, token, in, NULL)))
        return -1;
    const char *description = param_string(in, "Description");
    if (description) {
        free(s->description);
        s->description = xstrdup(description);
    }
    if (new_key) {
        char *kept = kms_key ? xstrdup(kms_key) : NULL;
        free(s->kms_key_id);
        s->kms_key_id = kept;
    }
    s->last_changed = sm_now();
    answer_version(out, s, v);
    sm_sync_replicas(c, s);
    return 0;
}

OPERATION(secretsmanager_delete_secret)
{
    const char *id = param_string(in, "SecretId");
    const cJSON *window = cJSON_GetObjectItemCaseSensitive(in, "RecoveryWindowInDays");
    bool force = param_true(in, "ForceDeleteWithoutRecovery");
    long long days = param_int(in, "RecoveryWindowInDays", 30);
    if (window && (days < 7 || days > 30))
        return sm_invalid_parameter(c, "The RecoveryWindowInDays value must be between 7 and 30 "
                                       "days (inclusive).");
    if (window && force)
        return sm_invalid_parameter(c, "You can't use ForceDeleteWithoutRecovery in conjunction "
                                       "with RecoveryWindowInDays.");
    struct secretsmanager_region *r = sm_region(c);
    struct sm_secret *s = region_secret_find(r, id);
    double now = sm_now();
    if (!s && force) {
        /* AWS answers a forced delete of an unknown secret as done. */
        cJSON_AddStringToObject(out, "Name", id);
        result_add_timestamp(out, "DeletionDate", now);
        return 0;
    }
    if (!s)
        return sm_not_found(c, SM_NOT_FOUND);
    if (s->primary_region)
        return sm_invalid_request(c, "Operation not permitted on a replica secret. Call must be "
                                     "made in primary secret's region.");
    if (cJSON_GetArraySize(s->replicas) > 0)
        return sm_invalid_request(c, "You can't delete secret %s that still has replica regions.",
                                  s->name);
    if (s->deleted && !force)
        return sm_invalid_request(c, SM_MARKED_FOR_DELETION);
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    if (force) {
        result_add_timestamp(out, "DeletionDate", now);
        region_secret_remove(r, s);
        return 0;
    }
    s->deleted = now;
    s->deletion_date = now + (double)days * DAY_SECONDS;
    result_add_timestamp(out, "DeletionDate", s->deletion_date);
    return 0;
}

OPERATION(secretsmanager_restore_secret)
{
    struct sm_secret *s = secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    s->deleted = s->deletion_date = 0;
    s->last_changed = sm_now();
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    return 0;
}
