/* The SNS backend: its operation table and its state's lifecycle. */
#include "sns.h"

#include <stddef.h>

#include "http_notify.h"
#include "ops.h"
#include "persist.h"
#include "state.h"

/* Sorted by name. */
static const struct operation_entry sns_operations[] = {
    {"AddPermission", sns_add_permission},
    {"CheckIfPhoneNumberIsOptedOut", sns_check_if_phone_number_is_opted_out},
    {"ConfirmSubscription", sns_confirm_subscription},
    {"CreatePlatformApplication", sns_create_platform_application},
    {"CreatePlatformEndpoint", sns_create_platform_endpoint},
    {"CreateSMSSandboxPhoneNumber", sns_create_sms_sandbox_phone_number},
    {"CreateTopic", sns_create_topic},
    {"DeleteEndpoint", sns_delete_endpoint},
    {"DeletePlatformApplication", sns_delete_platform_application},
    {"DeleteSMSSandboxPhoneNumber", sns_delete_sms_sandbox_phone_number},
    {"DeleteTopic", sns_delete_topic},
    {"GetDataProtectionPolicy", sns_get_data_protection_policy},
    {"GetEndpointAttributes", sns_get_endpoint_attributes},
    {"GetPlatformApplicationAttributes", sns_get_platform_application_attributes},
    {"GetSMSAttributes", sns_get_sms_attributes},
    {"GetSMSSandboxAccountStatus", sns_get_sms_sandbox_account_status},
    {"GetSubscriptionAttributes", sns_get_subscription_attributes},
    {"GetTopicAttributes", sns_get_topic_attributes},
    {"ListEndpointsByPlatformApplication", sns_list_endpoints_by_platform_application},
    {"ListOriginationNumbers", sns_list_origination_numbers},
    {"ListPhoneNumbersOptedOut", sns_list_phone_numbers_opted_out},
    {"ListPlatformApplications", sns_list_platform_applications},
    {"ListSMSSandboxPhoneNumbers", sns_list_sms_sandbox_phone_numbers},
    {"ListSubscriptions", sns_list_subscriptions},
    {"ListSubscriptionsByTopic", sns_list_subscriptions_by_topic},
    {"ListTagsForResource", sns_list_tags_for_resource},
    {"ListTopics", sns_list_topics},
    {"OptInPhoneNumber", sns_opt_in_phone_number},
    {"Publish", sns_publish},
    {"PublishBatch", sns_publish_batch},
    {"PutDataProtectionPolicy", sns_put_data_protection_policy},
    {"RemovePermission", sns_remove_permission},
    {"SetEndpointAttributes", sns_set_endpoint_attributes},
    {"SetPlatformApplicationAttributes", sns_set_platform_application_attributes},
    {"SetSMSAttributes", sns_set_sms_attributes},
    {"SetSubscriptionAttributes", sns_set_subscription_attributes},
    {"SetTopicAttributes", sns_set_topic_attributes},
    {"Subscribe", sns_subscribe},
    {"TagResource", sns_tag_resource},
    {"Unsubscribe", sns_unsubscribe},
    {"UntagResource", sns_untag_resource},
    {"VerifySMSSandboxPhoneNumber", sns_verify_sms_sandbox_phone_number},
    {NULL, NULL},
};

static void sns_reset(void)
{
    http_notify_abort_all();
    sns_regions_reset();
}

const struct service_backend sns_backend = {
    .service = "sns",
    .operations = sns_operations,
    .reset = sns_reset,
    .state_json = sns_regions_json,
    .persistence = &sns_persistence,
};
