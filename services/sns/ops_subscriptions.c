/* Subscriptions: subscribe, confirm, unsubscribe, list, attributes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "attributes.h"
#include "delivery.h"
#include "errors.h"
#include "ops.h"
#include "paging.h"
#include "state.h"

static bool is_arn_of(const char *text, const char *service)
{
    struct arn arn;
    return text && arn_parse(text, &arn) && strcmp(arn.service, service) == 0;
}

static bool is_phone_number(const char *text)
{
    const char *p = text[0] == '+' ? text + 1 : text;
    size_t n = strlen(p);
    if (n < 2 || n > 15 || p[0] == '0')
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static int check_endpoint(struct call *c, const struct sns_topic *t,
                          enum subscription_protocol protocol, const char *endpoint)
{
    if (!endpoint || !*endpoint)
        return fail_invalid_parameter(c, "Endpoint");
    switch (protocol) {
    case PROTOCOL_SQS:
        if (!is_arn_of(endpoint, "sqs"))
            return fail_invalid_parameter(c, "SQS endpoint ARN");
        if (!t->fifo && strlen(endpoint) > 5 && strcmp(endpoint + strlen(endpoint) - 5, ".fifo") == 0)
            return fail_invalid_parameter(c, "Invalid parameter: Endpoint Reason: FIFO SQS Queues "
                                             "can not be subscribed to standard SNS topics");
        return 0;
    case PROTOCOL_HTTP:
        return strncasecmp(endpoint, "http://", 7) == 0 ? 0 : fail_invalid_parameter(c, "Endpoint");
    case PROTOCOL_HTTPS:
        return strncasecmp(endpoint, "https://", 8) == 0 ? 0 : fail_invalid_parameter(c, "Endpoint");
    case PROTOCOL_EMAIL:
    case PROTOCOL_EMAIL_JSON:
        return strchr(endpoint, '@') ? 0 : fail_invalid_parameter(c, "Email address");
    case PROTOCOL_SMS:
        return is_phone_number(endpoint) ? 0 : fail_invalid_parameter(c, "Invalid SMS endpoint");
    case PROTOCOL_LAMBDA:
        return is_arn_of(endpoint, "lambda") ? 0 : fail_invalid_parameter(c, "Lambda endpoint ARN");
    case PROTOCOL_FIREHOSE:
        return is_arn_of(endpoint, "firehose") ? 0 : fail_invalid_parameter(c, "Firehose endpoint ARN");
    case PROTOCOL_APPLICATION:
        if (!sns_endpoint_by_arn(endpoint))
            return fail_invalid_parameter(c, "Endpoint Reason: Endpoint does not exist for endpoint arn");
        return 0;
    }
    return 0;
}

/* Whether the subscriber must confirm before deliveries start. */
static bool needs_confirmation(const struct call *c, enum subscription_protocol protocol,
                               const char *endpoint)
{
    struct arn arn;
    switch (protocol) {
    case PROTOCOL_HTTP:
    case PROTOCOL_HTTPS:
    case PROTOCOL_EMAIL:
    case PROTOCOL_EMAIL_JSON:
        return true;
    case PROTOCOL_SQS:
        /* A queue of another account confirms through the message SNS sends it. */
        return arn_parse(endpoint, &arn) && strcmp(arn.account, c->route->account) != 0;
    default:
        return false;
    }
}

static struct sns_subscription *existing_subscription(const struct sns_topic *t,
                                                      enum subscription_protocol protocol,
                                                      const char *endpoint)
{
    const struct sns_region *r = t->region;
    for (size_t i = 0; i < r->subscriptions.count; i++) {
        struct sns_subscription *s = r->subscriptions.items[i];
        if (s->topic == t && s->protocol == protocol && strcmp(s->endpoint, endpoint) == 0)
            return s;
    }
    return NULL;
}

/* Subscribe's Attributes, checked against a subscription of that protocol before anything is
 * created. */
static int check_attributes(struct call *c, struct sns_topic *t,
                            enum subscription_protocol protocol, const cJSON *attributes)
{
    struct sns_subscription probe = {.topic = t, .protocol = protocol};
    const char *scope = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(attributes, "FilterPolicyScope"));
    if (scope && strcmp(scope, "MessageBody") == 0)
        probe.filter_scope = FILTER_SCOPE_MESSAGE_BODY;
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        if (subscription_attribute_check(&probe, a->string, cJSON_GetStringValue(a), c->err) != 0)
            return -1;
    }
    return 0;
}

/* Subscribing again is idempotent only when the attributes asked for are those it has. */
static bool same_attributes(const struct sns_subscription *s, const cJSON *attributes)
{
    cJSON *current = subscription_attributes(s);
    bool same = true;
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *have = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(current, a->string));
        const char *want = cJSON_GetStringValue(a);
        if (!want || (have ? strcasecmp(have, want) != 0 : *want != '\0'))
            same = false;
    }
    cJSON_Delete(current);
    return same;
}

static void apply_attributes(struct sns_subscription *s, const cJSON *attributes)
{
    /* The scope first, so that the policy is read in it. */
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(attributes, "FilterPolicyScope");
    if (scope)
        subscription_attribute_set(s, "FilterPolicyScope", cJSON_GetStringValue(scope));
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        if (strcmp(a->string, "FilterPolicyScope") != 0)
            subscription_attribute_set(s, a->string, cJSON_GetStringValue(a));
    }
}

int sns_subscribe(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    const char *protocol_text = param_string(in, "Protocol");
    const char *endpoint = param_string(in, "Endpoint");
    const cJSON *attributes = cJSON_GetObjectItemCaseSensitive(in, "Attributes");
    enum subscription_protocol protocol;
    if (!protocol_text || !protocol_from_name(protocol_text, &protocol))
        return call_fail(c, 400, "InvalidParameter",
                         "Invalid parameter: Amazon SNS does not support this protocol string: %s",
                         protocol_text ? protocol_text : "");
    if (check_endpoint(c, t, protocol, endpoint) != 0 ||
        check_attributes(c, t, protocol, attributes) != 0)
        return -1;
    struct sns_subscription *s = existing_subscription(t, protocol, endpoint);
    if (s && !same_attributes(s, attributes))
        return fail_invalid_parameter(
            c, "Attributes Reason: Subscription already exists with different attributes");
    if (!s) {
        s = sns_subscription_new(t, protocol, endpoint, c->route->account);
        apply_attributes(s, attributes);
        s->pending = needs_confirmation(c, protocol, endpoint);
        s->authenticated = !s->pending;
        if (s->pending && protocol != PROTOCOL_EMAIL && protocol != PROTOCOL_EMAIL_JSON)
            sns_request_confirmation(s);
    }
    bool show_arn = !s->pending || param_bool(in, "ReturnSubscriptionArn", false);
    cJSON_AddStringToObject(out, "SubscriptionArn", show_arn ? s->arn : "pending confirmation");
    return 0;
}

int sns_confirm_subscription(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    const char *token = param_string(in, "Token");
    struct sns_region *r = t->region;
    for (size_t i = 0; token && i < r->subscriptions.count; i++) {
        struct sns_subscription *s = r->subscriptions.items[i];
        if (s->topic != t || !s->token || strcmp(s->token, token) != 0)
            continue;
        s->pending = false;
        const char *authenticate = param_string(in, "AuthenticateOnUnsubscribe");
        s->authenticated = authenticate && strcasecmp(authenticate, "true") == 0;
        cJSON_AddStringToObject(out, "SubscriptionArn", s->arn);
        return 0;
    }
    return fail_invalid_parameter(c, "Token");
}

static struct sns_subscription *subscription_or_fail(struct call *c, const char *arn)
{
    if (!arn || !is_arn_of(arn, "sns")) {
        fail_invalid_parameter(c, "SubscriptionArn");
        return NULL;
    }
    struct sns_subscription *s = sns_subscription_by_arn(arn);
    if (!s)
        fail_not_found(c, "Subscription does not exist");
    return s;
}

int sns_unsubscribe(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_subscription *s = subscription_or_fail(c, param_string(in, "SubscriptionArn"));
    if (!s)
        return -1;
    sns_subscription_delete(s);
    return 0;
}

static cJSON *subscription_entry(const struct sns_subscription *s)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "SubscriptionArn", s->pending ? "PendingConfirmation" : s->arn);
    cJSON_AddStringToObject(e, "Owner", s->owner);
    cJSON_AddStringToObject(e, "Protocol", protocol_name(s->protocol));
    cJSON_AddStringToObject(e, "Endpoint", s->endpoint);
    cJSON_AddStringToObject(e, "TopicArn", s->topic->arn);
    return e;
}

/* One page of the region's subscriptions (of one topic when topic is not NULL). */
static int list_page(struct call *c, const cJSON *in, const struct sns_region *r,
                     const struct sns_topic *topic, cJSON *out)
{
    long start = page_start(c, param_string(in, "NextToken"));
    if (start < 0)
        return -1;
    cJSON *list = cJSON_AddArrayToObject(out, "Subscriptions");
    size_t seen = 0, listed = 0;
    for (size_t i = 0; r && i < r->subscriptions.count; i++) {
        const struct sns_subscription *s = r->subscriptions.items[i];
        if (topic && s->topic != topic)
            continue;
        if (seen++ < (size_t)start)
            continue;
        if (listed == SNS_PAGE_SIZE) {
            page_token_add_index(out, "NextToken", seen - 1);
            break;
        }
        cJSON_AddItemToArray(list, subscription_entry(s));
        listed++;
    }
    return 0;
}

int sns_list_subscriptions(struct call *c, const cJSON *in, cJSON *out)
{
    return list_page(c, in, sns_region_find(c->route->account, c->route->region), NULL, out);
}

int sns_list_subscriptions_by_topic(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, param_string(in, "TopicArn"));
    if (!t)
        return fail_not_found(c, "Topic does not exist");
    return list_page(c, in, t->region, t, out);
}

int sns_get_subscription_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_subscription *s = subscription_or_fail(c, param_string(in, "SubscriptionArn"));
    if (!s)
        return -1;
    cJSON_AddItemToObject(out, "Attributes", subscription_attributes(s));
    return 0;
}

int sns_set_subscription_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_subscription *s = subscription_or_fail(c, param_string(in, "SubscriptionArn"));
    if (!s)
        return -1;
    const char *name = param_string(in, "AttributeName");
    const char *value = param_string(in, "AttributeValue");
    if (!name || subscription_attribute_check(s, name, value, c->err) != 0)
        return name ? -1 : fail_invalid_parameter(c, "AttributeName");
    subscription_attribute_set(s, name, value);
    return 0;
}
