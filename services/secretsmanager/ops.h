/* The AWS Secrets Manager operations: one function each, listed once
 * (secretsmanager.c builds the table from the list). */
#ifndef MOTOC_SECRETSMANAGER_OPS_H
#define MOTOC_SECRETSMANAGER_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(secretsmanager_batch_get_secret_value) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define SECRETSMANAGER_OPERATIONS(OP)                               \
    OP(BatchGetSecretValue, operation_not_yet_implemented)          \
    OP(CancelRotateSecret, operation_not_yet_implemented)           \
    OP(CreateSecret, operation_not_yet_implemented)                 \
    OP(DeleteResourcePolicy, operation_not_yet_implemented)         \
    OP(DeleteSecret, operation_not_yet_implemented)                 \
    OP(DescribeSecret, operation_not_yet_implemented)               \
    OP(GetRandomPassword, operation_not_yet_implemented)            \
    OP(GetResourcePolicy, operation_not_yet_implemented)            \
    OP(GetSecretValue, operation_not_yet_implemented)               \
    OP(ListSecretVersionIds, operation_not_yet_implemented)         \
    OP(ListSecrets, operation_not_yet_implemented)                  \
    OP(PutResourcePolicy, operation_not_yet_implemented)            \
    OP(PutSecretValue, operation_not_yet_implemented)               \
    OP(RemoveRegionsFromReplication, operation_not_yet_implemented) \
    OP(ReplicateSecretToRegions, operation_not_yet_implemented)     \
    OP(RestoreSecret, operation_not_yet_implemented)                \
    OP(RotateSecret, operation_not_yet_implemented)                 \
    OP(StopReplicationToReplica, operation_not_yet_implemented)     \
    OP(TagResource, operation_not_yet_implemented)                  \
    OP(UntagResource, operation_not_yet_implemented)                \
    OP(UpdateSecret, operation_not_yet_implemented)                 \
    OP(UpdateSecretVersionStage, operation_not_yet_implemented)     \
    OP(ValidateResourcePolicy, operation_not_yet_implemented)
SECRETSMANAGER_OPERATIONS(OPERATION_DECLARE)

#endif
