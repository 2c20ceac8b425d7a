/* Topics: create, delete, list, attributes, data protection policy. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "attributes.h"
#include "errors.h"
#include "ops.h"
#include "paging.h"
#include "state.h"
#include "tags.h"

#define MAX_TOPIC_NAME 256

static bool valid_topic_name(const char *name, bool fifo)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_TOPIC_NAME)
        return false;
    if (fifo) {
        if (len <= 5 || strcmp(name + len - 5, ".fifo") != 0)
            return false;
        len -= 5;
    }
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
            return false;
    return true;
}

static bool fifo_requested(const cJSON *attributes)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attributes, "FifoTopic"));
    return v && strcasecmp(v, "true") == 0;
}

static bool is_json_object(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    bool ok = cJSON_IsObject(doc);
    cJSON_Delete(doc);
    return ok;
}

/* CreateTopic of an existing name answers that topic when what it asks for matches. */
static int check_existing(struct call *c, const struct sns_topic *t, const cJSON *attributes,
                          const cJSON *tags)
{
    if (tags && cJSON_GetArraySize(tags) > 0 && !tags_equal(tags, t->tags))
        return fail_invalid_parameter(c, "Tags Reason: Topic already exists with different tags");
    cJSON *current = topic_attributes(t);
    const cJSON *a;
    int rc = 0;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *have = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(current, a->string));
        const char *want = cJSON_GetStringValue(a);
        if (strcmp(a->string, "FifoTopic") == 0)
            have = t->fifo ? "true" : "false";
        if (!have || !want || strcasecmp(have, want) != 0) {
            rc = fail_invalid_parameter(
                c, "Attributes Reason: Topic already exists with different attributes");
            break;
        }
    }
    cJSON_Delete(current);
    return rc;
}

int sns_create_topic(struct call *c, const cJSON *in, cJSON *out)
{
    const char *name = param_string(in, "Name");
    const cJSON *attributes = cJSON_GetObjectItemCaseSensitive(in, "Attributes");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    const char *protection = param_string(in, "DataProtectionPolicy");
    bool fifo = fifo_requested(attributes);
    if (!name || !valid_topic_name(name, fifo)) {
        if (fifo || (name && strlen(name) > 5 && strcmp(name + strlen(name) - 5, ".fifo") == 0))
            return fail_invalid_parameter(
                c, "Fifo Topic names must end with .fifo and must be made up of only uppercase "
                   "and lowercase ASCII letters, numbers, underscores, and hyphens, and must be "
                   "between 1 and 256 characters long.");
        return fail_invalid_parameter(c, "Topic Name");
    }
    struct sns_region *r = sns_region_get(c->route->account, c->route->region);
    struct sns_topic probe = {.region = r, .fifo = fifo};
    if (topic_attributes_check(&probe, attributes, true, c->err) != 0)
        return -1;
    if (protection && *protection && !is_json_object(protection))
        return fail_invalid_parameter(c, "DataProtectionPolicy");

    for (size_t i = 0; i < r->topics.count; i++) {
        struct sns_topic *t = r->topics.items[i];
        if (strcmp(t->name, name) == 0) {
            if (check_existing(c, t, attributes, tags) != 0)
                return -1;
            cJSON_AddStringToObject(out, "TopicArn", t->arn);
            return 0;
        }
    }
    cJSON *checked_tags = cJSON_CreateArray();
    if (sns_tags_add(checked_tags, tags, c->err) != 0) {
        cJSON_Delete(checked_tags);
        return -1;
    }
    struct sns_topic *t = sns_topic_new(r, name, fifo);
    topic_attributes_init(t);
    cJSON_Delete(t->tags);
    t->tags = checked_tags;
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        topic_attribute_set(t, a->string, cJSON_GetStringValue(a), true, c->err);
    }
    if (protection && *protection)
        t->data_protection_policy = xstrdup(protection);
    cJSON_AddStringToObject(out, "TopicArn", t->arn);
    return 0;
}

/* The topic TopicArn names, or NULL after failing the call with NotFound. */
static struct sns_topic *topic_or_fail(struct call *c, const char *arn)
{
    struct sns_topic *t = sns_topic_seen_from(c->route->region, arn);
    if (!t)
        fail_not_found(c, "Topic does not exist");
    return t;
}

int sns_delete_topic(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)out;
    const char *arn = param_string(in, "TopicArn");
    struct sns_topic *t = sns_topic_seen_from(c->route->region, arn);
    if (t)
        sns_topic_delete(t);
    return 0;
}

int sns_list_topics(struct call *c, const cJSON *in, cJSON *out)
{
    long start = page_start(c, param_string(in, "NextToken"));
    if (start < 0)
        return -1;
    struct sns_region *r = sns_region_find(c->route->account, c->route->region);
    cJSON *topics = cJSON_AddArrayToObject(out, "Topics");
    size_t count = r ? r->topics.count : 0;
    size_t end = (size_t)start + SNS_PAGE_SIZE;
    for (size_t i = (size_t)start; i < count && i < end; i++) {
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "TopicArn", ((struct sns_topic *)r->topics.items[i])->arn);
        cJSON_AddItemToArray(topics, item);
    }
    if (end < count)
        page_token_add_index(out, "NextToken", end);
    return 0;
}

int sns_get_topic_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = topic_or_fail(c, param_string(in, "TopicArn"));
    if (!t)
        return -1;
    cJSON_AddItemToObject(out, "Attributes", topic_attributes(t));
    return 0;
}

int sns_set_topic_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = topic_or_fail(c, param_string(in, "TopicArn"));
    if (!t)
        return -1;
    return topic_attribute_set(t, param_string(in, "AttributeName"),
                               param_string(in, "AttributeValue"), false, c->err);
}

int sns_put_data_protection_policy(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_topic *t = topic_or_fail(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    const char *policy = param_string(in, "DataProtectionPolicy");
    if (!policy || (*policy && !is_json_object(policy)))
        return fail_invalid_parameter(c, "DataProtectionPolicy");
    free(t->data_protection_policy);
    t->data_protection_policy = *policy ? xstrdup(policy) : NULL;
    return 0;
}

int sns_get_data_protection_policy(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_topic *t = topic_or_fail(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    if (t->data_protection_policy)
        cJSON_AddStringToObject(out, "DataProtectionPolicy", t->data_protection_policy);
    return 0;
}
