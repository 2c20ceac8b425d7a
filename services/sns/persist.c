/* SNS's side of the persistence contract: topics with their attributes, tags, data protection
 * policies and FIFO state; subscriptions with their attributes and confirmation state; platform
 * applications and endpoints with what was published to them; SMS settings, opt-outs, sandbox
 * numbers and the SMS messages sent. */
#include "persist.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/persist_record.h"
#include "../core/tags.h"
#include "state.h"

/* Records, per account and region: one "region" (SMS settings) and its "sms_message"s, then
 * "topic"s each followed by its "topic_deduplication"s, "subscription"s, "application"s,
 * "endpoint"s each followed by its "endpoint_message"s. Records below a region name their parent
 * by ARN; deduplication expiries are epoch milliseconds. */
#define SNS_RECORD_VERSION 1

/* ---- saving ---- */

static cJSON *new_record(const char *kind)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", kind);
    return o;
}

static int save_region_settings(struct state_writer *w, const struct sns_region *r)
{
    cJSON *o = new_record("region");
    cJSON_AddStringToObject(o, "account", r->account);
    cJSON_AddStringToObject(o, "region", r->region);
    record_add_json(o, "sms_attributes", r->sms_attributes);
    record_add_json(o, "opted_out", r->opted_out);
    record_add_json(o, "sandbox_numbers", r->sandbox_numbers);
    if (record_write(w, o) != 0)
        return -1;
    const cJSON *m;
    cJSON_ArrayForEach(m, r->sms_messages)
    {
        o = new_record("sms_message");
        cJSON_AddStringToObject(o, "account", r->account);
        cJSON_AddStringToObject(o, "region", r->region);
        record_add_json(o, "message", m);
        if (record_write(w, o) != 0)
            return -1;
    }
    return 0;
}

static int save_topic(struct state_writer *w, const struct sns_topic *t)
{
    cJSON *o = new_record("topic");
    cJSON_AddStringToObject(o, "account", t->region->account);
    cJSON_AddStringToObject(o, "region", t->region->region);
    cJSON_AddStringToObject(o, "name", t->name);
    cJSON_AddStringToObject(o, "arn", t->arn);
    cJSON_AddBoolToObject(o, "fifo", t->fifo);
    cJSON_AddBoolToObject(o, "content_based_deduplication", t->content_based_deduplication);
    record_add_json(o, "attributes", t->attributes);
    record_add_json(o, "tags", t->tags);
    record_add_string(o, "data_protection_policy", t->data_protection_policy);
    record_add_u64(o, "next_sequence_number", t->next_sequence_number);
    record_add_u64(o, "subscriptions_deleted", t->subscriptions_deleted);
    if (record_write(w, o) != 0)
        return -1;
    const char *key;
    void *value;
    for (size_t i = 0; strmap_next(&t->deduplication, &i, &key, &value);) {
        const struct topic_deduplication *d = value;
        o = new_record("topic_deduplication");
        cJSON_AddStringToObject(o, "topic", t->arn);
        cJSON_AddStringToObject(o, "key", key);
        record_add_u64(o, "expires_ms", record_wall_from_monotonic(d->expires_ms));
        cJSON_AddStringToObject(o, "message_id", d->message_id);
        cJSON_AddStringToObject(o, "sequence_number", d->sequence_number);
        if (record_write(w, o) != 0)
            return -1;
    }
    return 0;
}

static int save_subscription(struct state_writer *w, const struct sns_subscription *s)
{
    cJSON *o = new_record("subscription");
    cJSON_AddStringToObject(o, "arn", s->arn);
    cJSON_AddStringToObject(o, "topic", s->topic->arn);
    cJSON_AddStringToObject(o, "owner", s->owner);
    cJSON_AddStringToObject(o, "protocol", protocol_name(s->protocol));
    cJSON_AddStringToObject(o, "endpoint", s->endpoint);
    cJSON_AddBoolToObject(o, "pending", s->pending);
    cJSON_AddBoolToObject(o, "authenticated", s->authenticated);
    record_add_string(o, "token", s->token);
    cJSON_AddBoolToObject(o, "raw_message_delivery", s->raw_message_delivery);
    record_add_string(o, "filter_policy", s->filter_policy_text);
    cJSON_AddStringToObject(o, "filter_scope", s->filter_scope == FILTER_SCOPE_MESSAGE_BODY
                                                   ? "MessageBody"
                                                   : "MessageAttributes");
    cJSON_AddBoolToObject(o, "filter_scope_set", s->filter_scope_set);
    record_add_json(o, "attributes", s->attributes);
    return record_write(w, o);
}

static int save_application(struct state_writer *w, const struct sns_region *r,
                            const struct sns_platform_application *a)
{
    cJSON *o = new_record("application");
    cJSON_AddStringToObject(o, "account", r->account);
    cJSON_AddStringToObject(o, "region", r->region);
    cJSON_AddStringToObject(o, "name", a->name);
    cJSON_AddStringToObject(o, "platform", a->platform);
    cJSON_AddStringToObject(o, "arn", a->arn);
    record_add_json(o, "attributes", a->attributes);
    return record_write(w, o);
}

static int save_endpoint(struct state_writer *w, const struct sns_endpoint *e)
{
    cJSON *o = new_record("endpoint");
    cJSON_AddStringToObject(o, "arn", e->arn);
    cJSON_AddStringToObject(o, "application", e->application->arn);
    record_add_json(o, "attributes", e->attributes);
    if (record_write(w, o) != 0)
        return -1;
    const cJSON *m;
    cJSON_ArrayForEach(m, e->messages)
    {
        o = new_record("endpoint_message");
        cJSON_AddStringToObject(o, "endpoint", e->arn);
        record_add_json(o, "message", m);
        if (record_write(w, o) != 0)
            return -1;
    }
    return 0;
}

static int save_region(struct state_writer *w, const struct sns_region *r)
{
    if (save_region_settings(w, r) != 0)
        return -1;
    for (size_t i = 0; i < r->topics.count; i++)
        if (save_topic(w, r->topics.items[i]) != 0)
            return -1;
    for (size_t i = 0; i < r->subscriptions.count; i++)
        if (save_subscription(w, r->subscriptions.items[i]) != 0)
            return -1;
    for (size_t i = 0; i < r->applications.count; i++)
        if (save_application(w, r, r->applications.items[i]) != 0)
            return -1;
    for (size_t i = 0; i < r->endpoints.count; i++)
        if (save_endpoint(w, r->endpoints.items[i]) != 0)
            return -1;
    return 0;
}

static int save(struct state_writer *w)
{
    struct sns_region *r;
    for (size_t i = 0; (r = sns_region_next(&i));)
        if (save_region(w, r) != 0)
            return -1;
    return 0;
}

/* ---- loading ---- */

static struct sns_region *region_of_record(struct state_reader *r, const cJSON *o)
{
    const char *account, *region;
    return record_account_region(r, o, &account, &region) ? sns_region_get(account, region)
                                                          : NULL;
}

/* Replaces *field with a copy of the record's member when it has the type wanted. */
static void take_json(const cJSON *o, const char *name, cJSON_bool (*is)(const cJSON *),
                      cJSON **field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (v && is(v)) {
        cJSON_Delete(*field);
        *field = cJSON_Duplicate(v, true);
    }
}

/* Gives an object made by the state's constructors the ARN it was saved with. */
static void rename_arn(struct strmap *by_arn, char **arn, const char *saved, void *item)
{
    if (!saved || strcmp(*arn, saved) == 0)
        return;
    strmap_remove(by_arn, *arn);
    free(*arn);
    *arn = xstrdup(saved);
    strmap_put(by_arn, *arn, item);
}

static int load_region(struct state_reader *r, const cJSON *o)
{
    struct sns_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    take_json(o, "sms_attributes", cJSON_IsObject, &region->sms_attributes);
    take_json(o, "opted_out", cJSON_IsArray, &region->opted_out);
    take_json(o, "sandbox_numbers", cJSON_IsArray, &region->sandbox_numbers);
    return 0;
}

static int load_sms_message(struct state_reader *r, const cJSON *o)
{
    struct sns_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "message");
    if (!m)
        return state_refuse(r, "an SMS message record without its message");
    cJSON_AddItemToArray(region->sms_messages, cJSON_Duplicate(m, true));
    return 0;
}

static int load_topic(struct state_reader *r, const cJSON *o)
{
    struct sns_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    const char *name = record_string(o, "name");
    const char *arn = record_string(o, "arn");
    if (!name || !*name)
        return state_refuse(r, "a topic without a name");
    struct sns_topic *t = sns_topic_new(region, name, record_bool(o, "fifo", false));
    rename_arn(&region->topics_by_arn, &t->arn, arn, t);
    if (region->topics_by_arn.count != region->topics.count)
        return state_refuse(r, "topic %s is saved twice", t->arn);
    t->content_based_deduplication = record_bool(o, "content_based_deduplication", false);
    take_json(o, "attributes", cJSON_IsObject, &t->attributes);
    take_json(o, "tags", tags_set_valid, &t->tags);
    t->data_protection_policy = record_strdup(o, "data_protection_policy");
    record_u64(o, "next_sequence_number", &t->next_sequence_number);
    uint64_t deleted = 0;
    record_u64(o, "subscriptions_deleted", &deleted);
    t->subscriptions_deleted = deleted > 1000000000u ? 1000000000u : (unsigned)deleted;
    return 0;
}

static struct sns_topic *topic_of_record(struct state_reader *r, const cJSON *o)
{
    const char *arn = record_string(o, "topic");
    struct sns_topic *t = arn ? sns_topic_by_arn(arn) : NULL;
    if (!t)
        state_refuse(r, "a %s record of topic %s, which the save does not hold",
                     record_string(o, "kind"), arn ? arn : "(none)");
    return t;
}

static int load_topic_deduplication(struct state_reader *r, const cJSON *o)
{
    struct sns_topic *t = topic_of_record(r, o);
    if (!t)
        return -1;
    const char *key = record_string(o, "key");
    uint64_t expires_ms;
    struct topic_deduplication *d = xcalloc(1, sizeof *d);
    if (!key || !record_u64(o, "expires_ms", &expires_ms) ||
        !record_text(o, "message_id", d->message_id, sizeof d->message_id) ||
        !record_text(o, "sequence_number", d->sequence_number, sizeof d->sequence_number)) {
        free(d);
        return state_refuse(r, "an incomplete deduplication record of %s", t->arn);
    }
    d->expires_ms = record_monotonic_from_wall(expires_ms);
    free(strmap_put(&t->deduplication, key, d));
    return 0;
}

static void load_filter_policy(struct sns_subscription *s, const cJSON *o)
{
    const char *scope = record_string(o, "filter_scope");
    s->filter_scope = scope && strcmp(scope, "MessageBody") == 0 ? FILTER_SCOPE_MESSAGE_BODY
                                                                 : FILTER_SCOPE_MESSAGE_ATTRIBUTES;
    s->filter_scope_set = record_bool(o, "filter_scope_set", false);
    const char *text = record_string(o, "filter_policy");
    if (!text || !*text)
        return;
    s->filter_policy_text = xstrdup(text);
    /* A policy SNS accepted once parses again; one that does not matches nothing, as before. */
    struct proto_error ignored = {0};
    s->filter_policy = filter_policy_parse(text, s->filter_scope, &ignored);
    proto_error_clear(&ignored);
}

static int load_subscription(struct state_reader *r, const cJSON *o)
{
    struct sns_topic *t = topic_of_record(r, o);
    if (!t)
        return -1;
    const char *arn = record_string(o, "arn");
    enum subscription_protocol protocol;
    const char *protocol_text = record_string(o, "protocol");
    if (!arn || !protocol_text || !protocol_from_name(protocol_text, &protocol))
        return state_refuse(r, "a subscription of %s without an ARN and a known protocol",
                            t->arn);
    if (sns_subscription_by_arn(arn))
        return state_refuse(r, "subscription %s is saved twice", arn);
    const char *owner = record_string(o, "owner");
    struct sns_subscription *s = sns_subscription_new(t, protocol, record_string(o, "endpoint"),
                                                      owner ? owner : t->region->account);
    rename_arn(&t->region->subscriptions_by_arn, &s->arn, arn, s);
    s->pending = record_bool(o, "pending", false);
    s->authenticated = record_bool(o, "authenticated", false);
    s->token = record_strdup(o, "token");
    s->raw_message_delivery = record_bool(o, "raw_message_delivery", false);
    load_filter_policy(s, o);
    take_json(o, "attributes", cJSON_IsObject, &s->attributes);
    return 0;
}

static int load_application(struct state_reader *r, const cJSON *o)
{
    struct sns_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    const char *name = record_string(o, "name");
    const char *platform = record_string(o, "platform");
    const char *arn = record_string(o, "arn");
    if (!name || !platform)
        return state_refuse(r, "a platform application without a name and a platform");
    if (arn && sns_application_by_arn(arn))
        return state_refuse(r, "platform application %s is saved twice", arn);
    struct sns_platform_application *a = sns_application_new(region, name, platform);
    rename_arn(&region->applications_by_arn, &a->arn, arn, a);
    take_json(o, "attributes", cJSON_IsObject, &a->attributes);
    return 0;
}

static int load_endpoint(struct state_reader *r, const cJSON *o)
{
    const char *application_arn = record_string(o, "application");
    struct sns_platform_application *a =
        application_arn ? sns_application_by_arn(application_arn) : NULL;
    struct sns_region *region = application_arn ? sns_region_of_arn(application_arn) : NULL;
    const char *arn = record_string(o, "arn");
    if (!a || !region)
        return state_refuse(r, "an endpoint of platform application %s, which the save does "
                               "not hold", application_arn ? application_arn : "(none)");
    if (!arn || sns_endpoint_by_arn(arn))
        return state_refuse(r, "an endpoint without an ARN, or saved twice");
    struct sns_endpoint *e = sns_endpoint_new(region, a);
    rename_arn(&region->endpoints_by_arn, &e->arn, arn, e);
    take_json(o, "attributes", cJSON_IsObject, &e->attributes);
    return 0;
}

static int load_endpoint_message(struct state_reader *r, const cJSON *o)
{
    const char *arn = record_string(o, "endpoint");
    struct sns_endpoint *e = arn ? sns_endpoint_by_arn(arn) : NULL;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "message");
    if (!e || !m)
        return state_refuse(r, "a message of endpoint %s, which the save does not hold",
                            arn ? arn : "(none)");
    cJSON_AddItemToArray(e->messages, cJSON_Duplicate(m, true));
    return 0;
}

static const struct {
    const char *kind;
    int (*load)(struct state_reader *r, const cJSON *o);
} loaders[] = {
    {"region", load_region},
    {"sms_message", load_sms_message},
    {"topic", load_topic},
    {"topic_deduplication", load_topic_deduplication},
    {"subscription", load_subscription},
    {"application", load_application},
    {"endpoint", load_endpoint},
    {"endpoint_message", load_endpoint_message},
};

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    const char *kind = record_string(record, "kind");
    if (!kind)
        return state_refuse(r, "a record without a kind");
    for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
        if (strcmp(kind, loaders[i].kind) == 0)
            return loaders[i].load(r, record);
    /* A kind a later motoc added: what this one does not know it cannot hold either. */
    return 0;
}

const struct service_persistence sns_persistence = {
    .format_version = SNS_RECORD_VERSION,
    .save = save,
    .load = load,
    .detach = sns_regions_detach,
    .attach = sns_regions_attach,
    .discard = sns_regions_discard,
};
