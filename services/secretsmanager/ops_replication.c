/* ReplicateSecretToRegions, RemoveRegionsFromReplication, StopReplicationToReplica, and the
 * replication CreateSecret starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "lookup.h"
#include "ops.h"
#include "replication.h"

static cJSON *replica_entry(cJSON *replicas, const char *region)
{
    cJSON *item;
    cJSON_ArrayForEach(item, replicas) {
        const char *name = param_string(item, "Region");
        if (name && strcmp(name, region) == 0)
            return item;
    }
    return NULL;
}

static bool plausible_region(const char *region)
{
    /* aa-bbbb-N, as every AWS region is named */
    size_t len = strlen(region);
    return len >= 9 && len < 32 && region[2] == '-' && region[len - 2] == '-';
}

int replication_check_regions(struct call *c, const struct sm_secret *primary,
                              const cJSON *regions)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, regions) {
        const char *region = param_string(item, "Region");
        if (!region || !plausible_region(region))
            return sm_invalid_parameter(c, "Invalid replica region.");
        if (strcmp(region, c->route->region) == 0)
            return sm_invalid_parameter(c, "Invalid replica region: the primary region %s can't "
                                           "hold a replica.",
                                        region);
        if (replica_entry(primary->replicas, region))
            return sm_invalid_parameter(c, "The secret is already replicated to region %s.",
                                        region);
    }
    return 0;
}

void replication_add(struct call *c, struct sm_secret *primary, const cJSON *regions, bool force)
{
    const cJSON *item;
    if (!primary->replicas)
        primary->replicas = cJSON_CreateArray();
    cJSON_ArrayForEach(item, regions) {
        const char *region = param_string(item, "Region");
        const char *kms = param_string(item, "KmsKeyId");
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "Region", region);
        if (kms)
            cJSON_AddStringToObject(entry, "KmsKeyId", kms);
        struct secretsmanager_region *there =
            secretsmanager_region_get(c->route->account, region);
        struct sm_secret *clash = region_secret_by_name(there, primary->name);
        if (clash && !clash->primary_region && !force) {
            cJSON_AddStringToObject(entry, "Status", "Failed");
            char message[512];
            snprintf(message, sizeof message,
                     "Replication failed: Secret name %s already exists in region %s.",
                     primary->name, region);
            cJSON_AddStringToObject(entry, "StatusMessage", message);
        } else {
            if (clash)
                region_secret_remove(there, clash);
            cJSON_AddStringToObject(entry, "Status", "InSync");
            cJSON_AddStringToObject(entry, "StatusMessage", "Replication succeeded");
        }
        cJSON_AddItemToArray(primary->replicas, entry);
    }
    sm_sync_replicas(c, primary);
}

static void answer_status(cJSON *out, const struct sm_secret *primary)
{
    cJSON_AddStringToObject(out, "ARN", primary->arn);
    cJSON_AddItemToObject(out, "ReplicationStatus",
                          primary->replicas ? cJSON_Duplicate(primary->replicas, 1)
                                            : cJSON_CreateArray());
}

OPERATION(secretsmanager_replicate_secret_to_regions)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    const cJSON *regions = cJSON_GetObjectItemCaseSensitive(in, "AddReplicaRegions");
    if (replication_check_regions(c, s, regions) != 0)
        return -1;
    replication_add(c, s, regions, param_true(in, "ForceOverwriteReplicaSecret"));
    answer_status(out, s);
    return 0;
}

/* Drops the replica of primary in region, if that region holds it. */
static void drop_replica(struct call *c, const struct sm_secret *primary, const char *region)
{
    struct secretsmanager_region *there = secretsmanager_region_find(c->route->account, region);
    struct sm_secret *replica = there ? region_secret_by_name(there, primary->name) : NULL;
    if (replica && replica->primary_region)
        region_secret_remove(there, replica);
}

OPERATION(secretsmanager_remove_regions_from_replication)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    const cJSON *regions = cJSON_GetObjectItemCaseSensitive(in, "RemoveReplicaRegions");
    const cJSON *item;
    cJSON_ArrayForEach(item, regions) {
        if (!cJSON_IsString(item) || !replica_entry(s->replicas, item->valuestring))
            return sm_invalid_parameter(c, "Invalid replica region: the secret is not replicated "
                                           "to %s.",
                                        cJSON_IsString(item) ? item->valuestring : "");
    }
    cJSON_ArrayForEach(item, regions) {
        cJSON *entry = replica_entry(s->replicas, item->valuestring);
        const char *status = param_string(entry, "Status");
        if (status && strcmp(status, "InSync") == 0)
            drop_replica(c, s, item->valuestring);
        cJSON_DetachItemViaPointer(s->replicas, entry);
        cJSON_Delete(entry);
    }
    answer_status(out, s);
    return 0;
}

OPERATION(secretsmanager_stop_replication_to_replica)
{
    struct sm_secret *s = live_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    if (!s->primary_region)
        return sm_invalid_request(c, "Failed to promote the secret: %s is not a replica secret.",
                                  s->name);
    struct secretsmanager_region *home =
        secretsmanager_region_find(c->route->account, s->primary_region);
    struct sm_secret *primary = home ? region_secret_by_name(home, s->name) : NULL;
    if (primary) {
        cJSON *entry = replica_entry(primary->replicas, c->route->region);
        if (entry) {
            cJSON_DetachItemViaPointer(primary->replicas, entry);
            cJSON_Delete(entry);
        }
    }
    free(s->primary_region);
    s->primary_region = NULL;
    s->last_changed = sm_now();
    cJSON_AddStringToObject(out, "ARN", s->arn);
    return 0;
}
