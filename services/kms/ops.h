/* The AWS Key Management Service operations: one function each, listed once
 * (kms.c builds the table from the list). */
#ifndef MOTOC_KMS_OPS_H
#define MOTOC_KMS_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(kms_cancel_key_deletion) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define KMS_OPERATIONS(OP)                                                                \
    OP(CancelKeyDeletion, kms_cancel_key_deletion)                                        \
    OP(ConnectCustomKeyStore, operation_not_yet_implemented)                              \
    OP(CreateAlias, kms_create_alias)                                                     \
    OP(CreateCustomKeyStore, operation_not_yet_implemented)                               \
    OP(CreateGrant, kms_create_grant)                                                     \
    OP(CreateKey, kms_create_key)                                                         \
    OP(Decrypt, kms_decrypt)                                                              \
    OP(DeleteAlias, kms_delete_alias)                                                     \
    OP(DeleteCustomKeyStore, operation_not_yet_implemented)                               \
    OP(DeleteImportedKeyMaterial, kms_delete_imported_key_material)                       \
    OP(DeriveSharedSecret, kms_derive_shared_secret)                                      \
    OP(DescribeCustomKeyStores, kms_describe_custom_key_stores)                           \
    OP(DescribeKey, kms_describe_key)                                                     \
    OP(DisableKey, kms_disable_key)                                                       \
    OP(DisableKeyRotation, kms_disable_key_rotation)                                      \
    OP(DisconnectCustomKeyStore, operation_not_yet_implemented)                           \
    OP(EnableKey, kms_enable_key)                                                         \
    OP(EnableKeyRotation, kms_enable_key_rotation)                                        \
    OP(Encrypt, kms_encrypt)                                                              \
    OP(GenerateDataKey, kms_generate_data_key)                                            \
    OP(GenerateDataKeyPair, kms_generate_data_key_pair)                                   \
    OP(GenerateDataKeyPairWithoutPlaintext, kms_generate_data_key_pair_without_plaintext) \
    OP(GenerateDataKeyWithoutPlaintext, kms_generate_data_key_without_plaintext)          \
    OP(GenerateMac, kms_generate_mac)                                                     \
    OP(GenerateRandom, kms_generate_random)                                               \
    OP(GetKeyLastUsage, kms_get_key_last_usage)                                           \
    OP(GetKeyPolicy, kms_get_key_policy)                                                  \
    OP(GetKeyRotationStatus, kms_get_key_rotation_status)                                 \
    OP(GetParametersForImport, kms_get_parameters_for_import)                             \
    OP(GetPublicKey, kms_get_public_key)                                                  \
    OP(ImportKeyMaterial, kms_import_key_material)                                        \
    OP(ListAliases, kms_list_aliases)                                                     \
    OP(ListGrants, kms_list_grants)                                                       \
    OP(ListKeyPolicies, kms_list_key_policies)                                            \
    OP(ListKeyRotations, kms_list_key_rotations)                                          \
    OP(ListKeys, kms_list_keys)                                                           \
    OP(ListResourceTags, kms_list_resource_tags)                                          \
    OP(ListRetirableGrants, kms_list_retirable_grants)                                    \
    OP(PutKeyPolicy, kms_put_key_policy)                                                  \
    OP(ReEncrypt, kms_re_encrypt)                                                         \
    OP(ReplicateKey, kms_replicate_key)                                                   \
    OP(RetireGrant, kms_retire_grant)                                                     \
    OP(RevokeGrant, kms_revoke_grant)                                                     \
    OP(RotateKeyOnDemand, kms_rotate_key_on_demand)                                       \
    OP(ScheduleKeyDeletion, kms_schedule_key_deletion)                                    \
    OP(Sign, kms_sign)                                                                    \
    OP(TagResource, kms_tag_resource)                                                     \
    OP(UntagResource, kms_untag_resource)                                                 \
    OP(UpdateAlias, kms_update_alias)                                                     \
    OP(UpdateCustomKeyStore, operation_not_yet_implemented)                               \
    OP(UpdateKeyDescription, kms_update_key_description)                                  \
    OP(UpdatePrimaryRegion, kms_update_primary_region)                                    \
    OP(Verify, kms_verify)                                                                \
    OP(VerifyMac, kms_verify_mac)
KMS_OPERATIONS(OPERATION_DECLARE)

#endif
