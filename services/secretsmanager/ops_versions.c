/* ListSecretVersionIds and UpdateSecretVersionStage: a secret's versions and their labels. */
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "kms_key.h"
#include "lookup.h"
#include "ops.h"

OPERATION(secretsmanager_list_secret_version_ids)
{
    struct sm_secret *s = secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    long size;
    if (page_size_read(in, "MaxResults", 1, 100, 100, &size) != 0)
        return sm_invalid_parameter(c, "MaxResults must be between 1 and 100.");
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return sm_invalid_parameter(c, "Invalid NextToken.");
    bool deprecated = param_true(in, "IncludeDeprecated");
    cJSON *list = cJSON_AddArrayToObject(out, "Versions");
    size_t listed = 0, end = (size_t)start + (size_t)size;
    for (size_t i = 0; i < s->n_versions; i++) {
        const struct sm_version *v = &s->versions[i];
        if (!deprecated && cJSON_GetArraySize(v->stages) == 0)
            continue;
        size_t position = listed++;
        if (position < (size_t)start || position >= end)
            continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "VersionId", v->id);
        cJSON_AddItemToObject(entry, "VersionStages", cJSON_Duplicate(v->stages, 1));
        if (v->last_accessed)
            result_add_timestamp(entry, "LastAccessedDate",
                                 (double)((long long)v->last_accessed / 86400 * 86400));
        result_add_timestamp(entry, "CreatedDate", v->created);
        cJSON *keys = cJSON_AddArrayToObject(entry, "KmsKeyIds");
        bool own_key = s->kms_key_id && !kms_key_is_default(s->kms_key_id);
        cJSON_AddItemToArray(keys,
                             cJSON_CreateString(own_key ? s->kms_key_id : "DefaultEncryptionKey"));
        cJSON_AddItemToArray(list, entry);
    }
    if (end < listed)
        page_token_add_index(out, "NextToken", end);
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    return 0;
}

OPERATION(secretsmanager_update_secret_version_stage)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    const char *stage = param_string(in, "VersionStage");
    const char *move_to_id = param_string(in, "MoveToVersionId");
    const char *remove_from_id = param_string(in, "RemoveFromVersionId");
    struct sm_version *move_to = secret_version(s, move_to_id);
    struct sm_version *remove_from = secret_version(s, remove_from_id);
    if (move_to_id && !move_to)
        return sm_invalid_parameter(c, "The parameter MoveToVersionId is not valid: version %s "
                                       "doesn't exist.",
                                    move_to_id);
    if (remove_from_id && !remove_from)
        return sm_invalid_parameter(c, "The parameter RemoveFromVersionId is not valid: version %s "
                                       "doesn't exist.",
                                    remove_from_id);
    struct sm_version *holder = secret_version_with_stage(s, stage);
    if (remove_from && remove_from != holder)
        return sm_invalid_parameter(c, "The parameter RemoveFromVersionId is not valid: staging "
                                       "label %s is not attached to version %s.",
                                    stage, remove_from_id);
    if (move_to && holder && holder != move_to && !remove_from)
        return sm_invalid_parameter(c, "The parameter RemoveFromVersionId can't be empty. Staging "
                                       "label %s is currently attached to version %s, so you must "
                                       "explicitly reference that version in RemoveFromVersionId.",
                                    stage, holder->id);
    if (!move_to && remove_from && strcmp(stage, SM_CURRENT) == 0)
        return sm_invalid_parameter(c, "You can only move staging label AWSCURRENT to a different "
                                       "secret version. It can't be completely removed.");
    secret_move_stage(s, stage, move_to);
    s->last_changed = sm_now();
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    sm_sync_replicas(c, s);
    return 0;
}
