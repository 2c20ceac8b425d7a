/* The SNS operations: one function each, listed once (sns.c builds the table from the list). */
#ifndef MOTOC_SNS_OPS_H
#define MOTOC_SNS_OPS_H

#include "../core/backend.h"

/* Every SNS operation, sorted by name (backend.h). */
#define SNS_OPERATIONS(OP)                                                             \
    OP(AddPermission, sns_add_permission)                                              \
    OP(CheckIfPhoneNumberIsOptedOut, sns_check_if_phone_number_is_opted_out)           \
    OP(ConfirmSubscription, sns_confirm_subscription)                                  \
    OP(CreatePlatformApplication, sns_create_platform_application)                     \
    OP(CreatePlatformEndpoint, sns_create_platform_endpoint)                           \
    OP(CreateSMSSandboxPhoneNumber, sns_create_sms_sandbox_phone_number)               \
    OP(CreateTopic, sns_create_topic)                                                  \
    OP(DeleteEndpoint, sns_delete_endpoint)                                            \
    OP(DeletePlatformApplication, sns_delete_platform_application)                     \
    OP(DeleteSMSSandboxPhoneNumber, sns_delete_sms_sandbox_phone_number)               \
    OP(DeleteTopic, sns_delete_topic)                                                  \
    OP(GetDataProtectionPolicy, sns_get_data_protection_policy)                        \
    OP(GetEndpointAttributes, sns_get_endpoint_attributes)                             \
    OP(GetPlatformApplicationAttributes, sns_get_platform_application_attributes)      \
    OP(GetSMSAttributes, sns_get_sms_attributes)                                       \
    OP(GetSMSSandboxAccountStatus, sns_get_sms_sandbox_account_status)                 \
    OP(GetSubscriptionAttributes, sns_get_subscription_attributes)                     \
    OP(GetTopicAttributes, sns_get_topic_attributes)                                   \
    OP(ListEndpointsByPlatformApplication, sns_list_endpoints_by_platform_application) \
    OP(ListOriginationNumbers, sns_list_origination_numbers)                           \
    OP(ListPhoneNumbersOptedOut, sns_list_phone_numbers_opted_out)                     \
    OP(ListPlatformApplications, sns_list_platform_applications)                       \
    OP(ListSMSSandboxPhoneNumbers, sns_list_sms_sandbox_phone_numbers)                 \
    OP(ListSubscriptions, sns_list_subscriptions)                                      \
    OP(ListSubscriptionsByTopic, sns_list_subscriptions_by_topic)                      \
    OP(ListTagsForResource, sns_list_tags_for_resource)                                \
    OP(ListTopics, sns_list_topics)                                                    \
    OP(OptInPhoneNumber, sns_opt_in_phone_number)                                      \
    OP(Publish, sns_publish)                                                           \
    OP(PublishBatch, sns_publish_batch)                                                \
    OP(PutDataProtectionPolicy, sns_put_data_protection_policy)                        \
    OP(RemovePermission, sns_remove_permission)                                        \
    OP(SetEndpointAttributes, sns_set_endpoint_attributes)                             \
    OP(SetPlatformApplicationAttributes, sns_set_platform_application_attributes)      \
    OP(SetSMSAttributes, sns_set_sms_attributes)                                       \
    OP(SetSubscriptionAttributes, sns_set_subscription_attributes)                     \
    OP(SetTopicAttributes, sns_set_topic_attributes)                                   \
    OP(Subscribe, sns_subscribe)                                                       \
    OP(TagResource, sns_tag_resource)                                                  \
    OP(Unsubscribe, sns_unsubscribe)                                                   \
    OP(UntagResource, sns_untag_resource)                                              \
    OP(VerifySMSSandboxPhoneNumber, sns_verify_sms_sandbox_phone_number)
SNS_OPERATIONS(OPERATION_DECLARE)

#endif
