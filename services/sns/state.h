/* SNS state of one account in one region: topics, subscriptions, platform applications and
 * endpoints, SMS settings. */
#ifndef MOTOC_SNS_STATE_H
#define MOTOC_SNS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../core/strmap.h"
#include "filter_policy.h"

struct sns_region;

struct sns_topic {
    struct sns_region *region;
    char *name;
    char *arn;
    bool fifo;
    bool content_based_deduplication;
    cJSON *attributes;   /* the settable attributes as strings (DisplayName, Policy, …) */
    cJSON *tags;         /* array of {"Key", "Value"} in the order they were added */
    char *data_protection_policy;
    uint64_t next_sequence_number;
    struct strmap deduplication; /* FIFO: deduplication id → struct topic_deduplication */
    unsigned subscriptions_deleted;
};

/* A FIFO publish already accepted within the deduplication interval. */
struct topic_deduplication {
    uint64_t expires_ms; /* loop_now_ms() clock */
    char message_id[37];
    char sequence_number[24];
};

enum subscription_protocol {
    PROTOCOL_HTTP,
    PROTOCOL_HTTPS,
    PROTOCOL_EMAIL,
    PROTOCOL_EMAIL_JSON,
    PROTOCOL_SMS,
    PROTOCOL_SQS,
    PROTOCOL_APPLICATION,
    PROTOCOL_LAMBDA,
    PROTOCOL_FIREHOSE,
};

struct sns_subscription {
    struct sns_topic *topic;
    char *arn;
    char *owner;
    enum subscription_protocol protocol;
    char *endpoint;
    bool pending;           /* PendingConfirmation */
    bool authenticated;     /* ConfirmationWasAuthenticated */
    char *token;            /* confirmation token while pending */
    bool raw_message_delivery;
    cJSON *filter_policy;   /* parsed, NULL without one */
    char *filter_policy_text;
    enum filter_scope filter_scope;
    bool filter_scope_set;
    cJSON *attributes;      /* other settable attributes as strings (RedrivePolicy, …) */
};

struct sns_platform_application {
    char *name;
    char *platform;
    char *arn;
    cJSON *attributes;
};

struct sns_endpoint {
    struct sns_platform_application *application;
    char *arn;
    cJSON *attributes; /* Token, CustomUserData, Enabled, … */
    cJSON *messages;   /* what was published to it, newest last */
};

/* A list kept in creation order (the order the List operations page through). */
struct sns_list {
    void **items;
    size_t count, cap;
};

struct sns_region {
    char account[16];
    char region[32];
    struct sns_list topics;
    struct strmap topics_by_arn;
    struct sns_list subscriptions;
    struct strmap subscriptions_by_arn;
    struct sns_list applications;
    struct strmap applications_by_arn;
    struct sns_list endpoints;
    struct strmap endpoints_by_arn;
    cJSON *sms_attributes;
    cJSON *opted_out;         /* array of phone numbers */
    cJSON *sandbox_numbers;   /* array of {PhoneNumber, Status} */
    cJSON *sms_messages;      /* what was published to phone numbers */
};

const char *protocol_name(enum subscription_protocol p);
/* false for a protocol SNS does not know. */
bool protocol_from_name(const char *name, enum subscription_protocol *out);

struct sns_region *sns_region_get(const char *account, const char *region);
struct sns_region *sns_region_find(const char *account, const char *region);

/* The state an SNS ARN's account and region have, NULL if none yet. */
struct sns_region *sns_region_of_arn(const char *arn);

/* Lookups by ARN in any account and region (NULL if none). */
struct sns_topic *sns_topic_by_arn(const char *arn);
/* A topic as an endpoint in region sees it: topics are regional, so another region's ARN names
 * none (any account's, for the topics other accounts share). */
struct sns_topic *sns_topic_seen_from(const char *region, const char *arn);
struct sns_subscription *sns_subscription_by_arn(const char *arn);
struct sns_platform_application *sns_application_by_arn(const char *arn);
struct sns_endpoint *sns_endpoint_by_arn(const char *arn);

struct sns_topic *sns_topic_new(struct sns_region *r, const char *name, bool fifo);
void sns_topic_delete(struct sns_topic *t);

struct sns_subscription *sns_subscription_new(struct sns_topic *t,
                                              enum subscription_protocol protocol,
                                              const char *endpoint, const char *owner);
void sns_subscription_delete(struct sns_subscription *s);

struct sns_platform_application *sns_application_new(struct sns_region *r, const char *name,
                                                     const char *platform);
void sns_application_delete(struct sns_region *r, struct sns_platform_application *a);
struct sns_endpoint *sns_endpoint_new(struct sns_region *r, struct sns_platform_application *a);
void sns_endpoint_delete(struct sns_region *r, struct sns_endpoint *e);

void sns_list_add(struct sns_list *l, void *item);
void sns_list_remove(struct sns_list *l, void *item);

/* For persistence: the regions one by one (for (size_t i = 0; (r = sns_region_next(&i));)),
 * and the whole state moved aside during a load (persist.h). */
struct sns_region *sns_region_next(size_t *pos);
void *sns_regions_detach(void);
void sns_regions_attach(void *detached);
void sns_regions_discard(void *detached);

void sns_regions_reset(void);
cJSON *sns_regions_json(void);

#endif
