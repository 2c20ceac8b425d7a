/* The AWS Secrets Manager operations: one function each, listed once
 * (secretsmanager.c builds the table from the list). */
#ifndef MOTOC_SECRETSMANAGER_OPS_H
#define MOTOC_SECRETSMANAGER_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(secretsmanager_batch_get_secret_value) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define SECRETSMANAGER_OPERATIONS(OP)                                                \
    OP(BatchGetSecretValue, secretsmanager_batch_get_secret_value)                   \
    OP(CancelRotateSecret, secretsmanager_cancel_rotate_secret)                      \
    OP(CreateSecret, secretsmanager_create_secret)                                   \
    OP(DeleteResourcePolicy, secretsmanager_delete_resource_policy)                  \
    OP(DeleteSecret, secretsmanager_delete_secret)                                   \
    OP(DescribeSecret, secretsmanager_describe_secret)                               \
    OP(GetRandomPassword, secretsmanager_get_random_password)                        \
    OP(GetResourcePolicy, secretsmanager_get_resource_policy)                        \
    OP(GetSecretValue, secretsmanager_get_secret_value)                              \
    OP(ListSecretVersionIds, secretsmanager_list_secret_version_ids)                 \
    OP(ListSecrets, secretsmanager_list_secrets)                                     \
    OP(PutResourcePolicy, secretsmanager_put_resource_policy)                        \
    OP(PutSecretValue, secretsmanager_put_secret_value)                              \
    OP(RemoveRegionsFromReplication, secretsmanager_remove_regions_from_replication) \
    OP(ReplicateSecretToRegions, secretsmanager_replicate_secret_to_regions)         \
    OP(RestoreSecret, secretsmanager_restore_secret)                                 \
    OP(RotateSecret, secretsmanager_rotate_secret)                                   \
    OP(StopReplicationToReplica, secretsmanager_stop_replication_to_replica)         \
    OP(TagResource, secretsmanager_tag_resource)                                     \
    OP(UntagResource, secretsmanager_untag_resource)                                 \
    OP(UpdateSecret, secretsmanager_update_secret)                                   \
    OP(UpdateSecretVersionStage, secretsmanager_update_secret_version_stage)         \
    OP(ValidateResourcePolicy, secretsmanager_validate_resource_policy)
SECRETSMANAGER_OPERATIONS(OPERATION_DECLARE)

#endif
