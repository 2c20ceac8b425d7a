/* Topic and subscription attributes: what Get*Attributes reports and what Set*Attributes (and
 * CreateTopic / Subscribe) accept. */
#ifndef MOTOC_SNS_ATTRIBUTES_H
#define MOTOC_SNS_ATTRIBUTES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/protocol.h"
#include "state.h"

/* The attributes a new topic starts with (its default policy, an empty display name). */
void topic_attributes_init(struct sns_topic *t);
/* Checks and sets one attribute; creating admits FifoTopic. -1 with err (InvalidParameter). */
int topic_attribute_set(struct sns_topic *t, const char *name, const char *value, bool creating,
                        struct proto_error *err);
/* Checks a whole map without setting anything. */
int topic_attributes_check(const struct sns_topic *t, const cJSON *attributes, bool creating,
                           struct proto_error *err);
/* Every attribute GetTopicAttributes reports (a new object). */
cJSON *topic_attributes(const struct sns_topic *t);

int subscription_attribute_check(const struct sns_subscription *s, const char *name,
                                 const char *value, struct proto_error *err);
/* Sets an attribute subscription_attribute_check accepted. */
void subscription_attribute_set(struct sns_subscription *s, const char *name, const char *value);
/* Every attribute GetSubscriptionAttributes reports (a new object). */
cJSON *subscription_attributes(const struct sns_subscription *s);

#endif
