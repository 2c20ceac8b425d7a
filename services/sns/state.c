/* SNS's per-region state: topics, subscriptions, platform applications and endpoints, SMS
 * settings, with their lookups and lifetimes. */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/regional_state.h"
#include "../core/request_id.h"

static const char *const protocol_names[] = {
    [PROTOCOL_HTTP] = "http",         [PROTOCOL_HTTPS] = "https",
    [PROTOCOL_EMAIL] = "email",       [PROTOCOL_EMAIL_JSON] = "email-json",
    [PROTOCOL_SMS] = "sms",           [PROTOCOL_SQS] = "sqs",
    [PROTOCOL_APPLICATION] = "application", [PROTOCOL_LAMBDA] = "lambda",
    [PROTOCOL_FIREHOSE] = "firehose",
};

const char *protocol_name(enum subscription_protocol p)
{
    return protocol_names[p];
}

bool protocol_from_name(const char *name, enum subscription_protocol *out)
{
    for (size_t i = 0; i < sizeof protocol_names / sizeof protocol_names[0]; i++) {
        if (strcmp(protocol_names[i], name) == 0) {
            *out = (enum subscription_protocol)i;
            return true;
        }
    }
    return false;
}

void sns_list_add(struct sns_list *l, void *item)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = item;
}

void sns_list_remove(struct sns_list *l, void *item)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->items[i] == item) {
            memmove(&l->items[i], &l->items[i + 1], (l->count - i - 1) * sizeof *l->items);
            l->count--;
            return;
        }
    }
}

/* ---- regions ---- */

static void *region_create(const char *account, const char *region)
{
    struct sns_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    r->sms_attributes = cJSON_CreateObject();
    r->opted_out = cJSON_CreateArray();
    r->sandbox_numbers = cJSON_CreateArray();
    r->sms_messages = cJSON_CreateArray();
    return r;
}

static void free_subscription(struct sns_subscription *s)
{
    free(s->arn);
    free(s->owner);
    free(s->endpoint);
    free(s->token);
    cJSON_Delete(s->filter_policy);
    free(s->filter_policy_text);
    cJSON_Delete(s->attributes);
    free(s);
}

static void free_topic(struct sns_topic *t)
{
    void *expiry;
    for (size_t i = 0; strmap_next(&t->deduplication, &i, NULL, &expiry);)
        free(expiry);
    strmap_clear(&t->deduplication);
    free(t->name);
    free(t->arn);
    cJSON_Delete(t->attributes);
    cJSON_Delete(t->tags);
    free(t->data_protection_policy);
    free(t);
}

static void free_endpoint(struct sns_endpoint *e)
{
    free(e->arn);
    cJSON_Delete(e->attributes);
    cJSON_Delete(e->messages);
    free(e);
}

static void free_application(struct sns_platform_application *a)
{
    free(a->name);
    free(a->platform);
    free(a->arn);
    cJSON_Delete(a->attributes);
    free(a);
}

static void region_destroy(void *state)
{
    struct sns_region *r = state;
    for (size_t i = 0; i < r->subscriptions.count; i++)
        free_subscription(r->subscriptions.items[i]);
    for (size_t i = 0; i < r->topics.count; i++)
        free_topic(r->topics.items[i]);
    for (size_t i = 0; i < r->endpoints.count; i++)
        free_endpoint(r->endpoints.items[i]);
    for (size_t i = 0; i < r->applications.count; i++)
        free_application(r->applications.items[i]);
    free(r->subscriptions.items);
    free(r->topics.items);
    free(r->endpoints.items);
    free(r->applications.items);
    strmap_clear(&r->topics_by_arn);
    strmap_clear(&r->subscriptions_by_arn);
    strmap_clear(&r->applications_by_arn);
    strmap_clear(&r->endpoints_by_arn);
    cJSON_Delete(r->sms_attributes);
    cJSON_Delete(r->opted_out);
    cJSON_Delete(r->sandbox_numbers);
    cJSON_Delete(r->sms_messages);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct sns_region *sns_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct sns_region *sns_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

struct sns_region *sns_region_next(size_t *pos)
{
    return *pos < regions.count ? regions.entries[(*pos)++].state : NULL;
}

void *sns_regions_detach(void)
{
    return regional_states_detach(&regions);
}

void sns_regions_attach(void *detached)
{
    regional_states_attach(&regions, detached);
}

void sns_regions_discard(void *detached)
{
    regional_states_discard(detached);
}

void sns_regions_reset(void)
{
    regional_states_reset(&regions);
}

struct sns_region *sns_region_of_arn(const char *text)
{
    struct arn arn;
    if (!text || !arn_parse(text, &arn) || strcmp(arn.service, "sns") != 0)
        return NULL;
    return sns_region_find(arn.account, arn.region);
}

struct sns_topic *sns_topic_by_arn(const char *arn)
{
    struct sns_region *r = sns_region_of_arn(arn);
    return r ? strmap_get(&r->topics_by_arn, arn) : NULL;
}

struct sns_topic *sns_topic_seen_from(const char *region, const char *arn)
{
    struct sns_topic *t = arn ? sns_topic_by_arn(arn) : NULL;
    return t && strcmp(t->region->region, region) == 0 ? t : NULL;
}

struct sns_subscription *sns_subscription_by_arn(const char *arn)
{
    struct sns_region *r = sns_region_of_arn(arn);
    return r ? strmap_get(&r->subscriptions_by_arn, arn) : NULL;
}

struct sns_platform_application *sns_application_by_arn(const char *arn)
{
    struct sns_region *r = sns_region_of_arn(arn);
    return r ? strmap_get(&r->applications_by_arn, arn) : NULL;
}

struct sns_endpoint *sns_endpoint_by_arn(const char *arn)
{
    struct sns_region *r = sns_region_of_arn(arn);
    return r ? strmap_get(&r->endpoints_by_arn, arn) : NULL;
}

/* ---- topics and subscriptions ---- */

static char *resource_arn(const struct sns_region *r, const char *resource)
{
    return arn_build("sns", r->region, r->account, "%s", resource);
}

struct sns_topic *sns_topic_new(struct sns_region *r, const char *name, bool fifo)
{
    struct sns_topic *t = xcalloc(1, sizeof *t);
    t->region = r;
    t->name = xstrdup(name);
    t->arn = resource_arn(r, name);
    t->fifo = fifo;
    t->attributes = cJSON_CreateObject();
    t->tags = cJSON_CreateArray();
    t->next_sequence_number = 10000000000000000000ull;
    sns_list_add(&r->topics, t);
    strmap_put(&r->topics_by_arn, t->arn, t);
    return t;
}

void sns_topic_delete(struct sns_topic *t)
{
    struct sns_region *r = t->region;
    for (size_t i = r->subscriptions.count; i-- > 0;) {
        struct sns_subscription *s = r->subscriptions.items[i];
        if (s->topic == t)
            sns_subscription_delete(s);
    }
    sns_list_remove(&r->topics, t);
    strmap_remove(&r->topics_by_arn, t->arn);
    free_topic(t);
}

struct sns_subscription *sns_subscription_new(struct sns_topic *t,
                                              enum subscription_protocol protocol,
                                              const char *endpoint, const char *owner)
{
    struct sns_subscription *s = xcalloc(1, sizeof *s);
    char id[37];
    uuid_new(id);
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s:%s", t->arn, id);
    s->arn = buf_take(&arn);
    s->topic = t;
    s->owner = xstrdup(owner);
    s->protocol = protocol;
    s->endpoint = xstrdup(endpoint ? endpoint : "");
    s->attributes = cJSON_CreateObject();
    sns_list_add(&t->region->subscriptions, s);
    strmap_put(&t->region->subscriptions_by_arn, s->arn, s);
    return s;
}

void sns_subscription_delete(struct sns_subscription *s)
{
    struct sns_region *r = s->topic->region;
    s->topic->subscriptions_deleted++;
    sns_list_remove(&r->subscriptions, s);
    strmap_remove(&r->subscriptions_by_arn, s->arn);
    free_subscription(s);
}

/* ---- platform applications and endpoints ---- */

struct sns_platform_application *sns_application_new(struct sns_region *r, const char *name,
                                                     const char *platform)
{
    struct sns_platform_application *a = xcalloc(1, sizeof *a);
    a->name = xstrdup(name);
    a->platform = xstrdup(platform);
    struct buf resource = BUF_INIT;
    buf_printf(&resource, "app/%s/%s", platform, name);
    a->arn = resource_arn(r, resource.data);
    buf_free(&resource);
    a->attributes = cJSON_CreateObject();
    sns_list_add(&r->applications, a);
    strmap_put(&r->applications_by_arn, a->arn, a);
    return a;
}

void sns_application_delete(struct sns_region *r, struct sns_platform_application *a)
{
    for (size_t i = r->endpoints.count; i-- > 0;) {
        struct sns_endpoint *e = r->endpoints.items[i];
        if (e->application == a)
            sns_endpoint_delete(r, e);
    }
    sns_list_remove(&r->applications, a);
    strmap_remove(&r->applications_by_arn, a->arn);
    free_application(a);
}

struct sns_endpoint *sns_endpoint_new(struct sns_region *r, struct sns_platform_application *a)
{
    struct sns_endpoint *e = xcalloc(1, sizeof *e);
    e->application = a;
    char id[37];
    uuid_new(id);
    struct buf resource = BUF_INIT;
    buf_printf(&resource, "endpoint/%s/%s/%s", a->platform, a->name, id);
    e->arn = resource_arn(r, resource.data);
    buf_free(&resource);
    e->attributes = cJSON_CreateObject();
    e->messages = cJSON_CreateArray();
    sns_list_add(&r->endpoints, e);
    strmap_put(&r->endpoints_by_arn, e->arn, e);
    return e;
}

void sns_endpoint_delete(struct sns_region *r, struct sns_endpoint *e)
{
    sns_list_remove(&r->endpoints, e);
    strmap_remove(&r->endpoints_by_arn, e->arn);
    free_endpoint(e);
}

cJSON *sns_regions_json(void)
{
    cJSON *topics = cJSON_CreateArray();
    cJSON *subscriptions = cJSON_CreateArray();
    cJSON *sms = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        struct sns_region *r = regions.entries[i].state;
        for (size_t j = 0; j < r->topics.count; j++) {
            const struct sns_topic *t = r->topics.items[j];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "account_id", r->account);
            cJSON_AddStringToObject(item, "region", r->region);
            cJSON_AddStringToObject(item, "arn", t->arn);
            cJSON_AddStringToObject(item, "name", t->name);
            cJSON_AddItemToArray(topics, item);
        }
        for (size_t j = 0; j < r->subscriptions.count; j++) {
            const struct sns_subscription *s = r->subscriptions.items[j];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "arn", s->arn);
            cJSON_AddStringToObject(item, "topic_arn", s->topic->arn);
            cJSON_AddStringToObject(item, "protocol", protocol_name(s->protocol));
            cJSON_AddStringToObject(item, "endpoint", s->endpoint);
            cJSON_AddBoolToObject(item, "pending_confirmation", s->pending);
            cJSON_AddItemToArray(subscriptions, item);
        }
        const cJSON *m;
        cJSON_ArrayForEach(m, r->sms_messages) cJSON_AddItemToArray(sms, cJSON_Duplicate(m, true));
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "Topic", topics);
    cJSON_AddItemToObject(out, "Subscription", subscriptions);
    cJSON_AddItemToObject(out, "SMS", sms);
    return out;
}
