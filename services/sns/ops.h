/* The SNS operations, one function each (sns.c lists them in the operation table). */
#ifndef MOTOC_SNS_OPS_H
#define MOTOC_SNS_OPS_H

#include "../core/backend.h"

/* ops_topics.c */
int sns_create_topic(struct call *c, const cJSON *in, cJSON *out);
int sns_delete_topic(struct call *c, const cJSON *in, cJSON *out);
int sns_list_topics(struct call *c, const cJSON *in, cJSON *out);
int sns_get_topic_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_set_topic_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_put_data_protection_policy(struct call *c, const cJSON *in, cJSON *out);
int sns_get_data_protection_policy(struct call *c, const cJSON *in, cJSON *out);

/* ops_topic_access.c */
int sns_tag_resource(struct call *c, const cJSON *in, cJSON *out);
int sns_untag_resource(struct call *c, const cJSON *in, cJSON *out);
int sns_list_tags_for_resource(struct call *c, const cJSON *in, cJSON *out);
int sns_add_permission(struct call *c, const cJSON *in, cJSON *out);
int sns_remove_permission(struct call *c, const cJSON *in, cJSON *out);

/* ops_subscriptions.c */
int sns_subscribe(struct call *c, const cJSON *in, cJSON *out);
int sns_confirm_subscription(struct call *c, const cJSON *in, cJSON *out);
int sns_unsubscribe(struct call *c, const cJSON *in, cJSON *out);
int sns_list_subscriptions(struct call *c, const cJSON *in, cJSON *out);
int sns_list_subscriptions_by_topic(struct call *c, const cJSON *in, cJSON *out);
int sns_get_subscription_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_set_subscription_attributes(struct call *c, const cJSON *in, cJSON *out);

/* ops_publish.c */
int sns_publish(struct call *c, const cJSON *in, cJSON *out);
int sns_publish_batch(struct call *c, const cJSON *in, cJSON *out);

/* ops_platform.c */
int sns_create_platform_application(struct call *c, const cJSON *in, cJSON *out);
int sns_delete_platform_application(struct call *c, const cJSON *in, cJSON *out);
int sns_get_platform_application_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_set_platform_application_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_list_platform_applications(struct call *c, const cJSON *in, cJSON *out);
int sns_create_platform_endpoint(struct call *c, const cJSON *in, cJSON *out);
int sns_delete_endpoint(struct call *c, const cJSON *in, cJSON *out);
int sns_get_endpoint_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_set_endpoint_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_list_endpoints_by_platform_application(struct call *c, const cJSON *in, cJSON *out);

/* ops_sms.c */
int sns_set_sms_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_get_sms_attributes(struct call *c, const cJSON *in, cJSON *out);
int sns_check_if_phone_number_is_opted_out(struct call *c, const cJSON *in, cJSON *out);
int sns_list_phone_numbers_opted_out(struct call *c, const cJSON *in, cJSON *out);
int sns_opt_in_phone_number(struct call *c, const cJSON *in, cJSON *out);
int sns_create_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out);
int sns_delete_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out);
int sns_verify_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out);
int sns_list_sms_sandbox_phone_numbers(struct call *c, const cJSON *in, cJSON *out);
int sns_get_sms_sandbox_account_status(struct call *c, const cJSON *in, cJSON *out);
int sns_list_origination_numbers(struct call *c, const cJSON *in, cJSON *out);

#endif
