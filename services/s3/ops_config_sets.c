/* The bucket configurations kept by id, several per bucket: inventory, analytics, metrics and
 * intelligent-tiering. Each has the same put, get, list (paged) and delete; the set is stored as
 * one object {id: configuration} among the bucket's configurations. */
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "ops.h"
#include "s3_call.h"

/* S3 keeps at most this many configurations of a kind per bucket, and lists this many a page. */
#define MAX_CONFIGURATIONS 1000
#define CONFIGURATIONS_PER_PAGE 100

struct config_set {
    enum bucket_config which;
    const char *member;      /* the configuration's member in Put's input and Get's output */
    const char *list_member; /* the list in List's output */
};

static const struct config_set inventory = {CONFIG_INVENTORY, "InventoryConfiguration",
                                            "InventoryConfigurationList"};
static const struct config_set analytics = {CONFIG_ANALYTICS, "AnalyticsConfiguration",
                                            "AnalyticsConfigurationList"};
static const struct config_set metrics = {CONFIG_METRICS, "MetricsConfiguration",
                                          "MetricsConfigurationList"};
static const struct config_set tiering = {CONFIG_INTELLIGENT_TIERING,
                                          "IntelligentTieringConfiguration",
                                          "IntelligentTieringConfigurationList"};

static int fail_no_such_configuration(struct call *c)
{
    return call_fail(c, 404, "NoSuchConfiguration", "The specified configuration does not exist.");
}

static int put_in_set(struct call *c, const cJSON *in, const struct config_set *set)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, set->member);
    if (!cJSON_IsObject(value))
        return s3_fail_malformed_xml(c);
    /* The configuration names itself; the query's id stands in when it does not. */
    const char *id = param_string(value, "Id");
    if (!id)
        id = param_string(in, "Id");
    if (!id || !*id)
        return s3_fail_malformed_xml(c);
    cJSON *stored = b->config[set->which];
    bool replacing = cJSON_GetObjectItemCaseSensitive(stored, id) != NULL;
    if (!replacing && cJSON_GetArraySize(stored) >= MAX_CONFIGURATIONS)
        return call_fail(c, 400, "TooManyConfigurations",
                         "You are attempting to create a new configuration but have already "
                         "reached the %d-configuration limit.",
                         MAX_CONFIGURATIONS);
    cJSON *copy = cJSON_Duplicate(value, true);
    if (!param_string(copy, "Id"))
        cJSON_AddStringToObject(copy, "Id", id);
    if (!stored) {
        stored = cJSON_CreateObject();
        bucket_set_config(b, set->which, stored);
    }
    if (replacing)
        cJSON_ReplaceItemInObjectCaseSensitive(stored, id, copy);
    else
        cJSON_AddItemToObject(stored, id, copy);
    return 0;
}

static int get_from_set(struct call *c, const cJSON *in, cJSON *out, const struct config_set *set)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *value =
        cJSON_GetObjectItemCaseSensitive(b->config[set->which], param_string(in, "Id"));
    if (!value)
        return fail_no_such_configuration(c);
    cJSON_AddItemToObject(out, set->member, cJSON_Duplicate(value, true));
    return 0;
}

static int delete_from_set(struct call *c, const cJSON *in, const struct config_set *set)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    cJSON *stored = b->config[set->which];
    const char *id = param_string(in, "Id");
    if (!id || !cJSON_GetObjectItemCaseSensitive(stored, id))
        return fail_no_such_configuration(c);
    cJSON_DeleteItemFromObjectCaseSensitive(stored, id);
    if (cJSON_GetArraySize(stored) == 0)
        bucket_set_config(b, set->which, NULL);
    return 0;
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* Configurations in id order; the continuation token is the id the page starts at. */
static int list_set(struct call *c, const cJSON *in, cJSON *out, const struct config_set *set)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    const cJSON *stored = b->config[set->which];
    size_t n = (size_t)cJSON_GetArraySize(stored), i = 0;
    const cJSON **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    const cJSON *item;
    cJSON_ArrayForEach(item, stored)
    {
        sorted[i++] = item;
    }
    qsort(sorted, n, sizeof *sorted, compare_ids);
    const char *token = param_string(in, "ContinuationToken");
    size_t first = 0;
    while (token && first < n && strcmp(sorted[first]->string, token) < 0)
        first++;
    size_t end = first + CONFIGURATIONS_PER_PAGE < n ? first + CONFIGURATIONS_PER_PAGE : n;
    if (end > first) {
        cJSON *list = cJSON_AddArrayToObject(out, set->list_member);
        for (i = first; i < end; i++)
            cJSON_AddItemToArray(list, cJSON_Duplicate(sorted[i], true));
    }
    if (token)
        cJSON_AddStringToObject(out, "ContinuationToken", token);
    cJSON_AddBoolToObject(out, "IsTruncated", end < n);
    if (end < n)
        cJSON_AddStringToObject(out, "NextContinuationToken", sorted[end]->string);
    free(sorted);
    return 0;
}

#define CONFIG_SET_OPERATIONS(noun, set)                                                           \
    OPERATION(s3_put_bucket_##noun##_configuration)                                               \
    {                                                                                              \
        (void)out;                                                                                 \
        return put_in_set(c, in, &set);                                                            \
    }                                                                                              \
    OPERATION(s3_get_bucket_##noun##_configuration)                                               \
    {                                                                                              \
        return get_from_set(c, in, out, &set);                                                     \
    }                                                                                              \
    OPERATION(s3_delete_bucket_##noun##_configuration)                                            \
    {                                                                                              \
        (void)out;                                                                                 \
        return delete_from_set(c, in, &set);                                                       \
    }                                                                                              \
    OPERATION(s3_list_bucket_##noun##_configurations)                                             \
    {                                                                                              \
        return list_set(c, in, out, &set);                                                         \
    }

CONFIG_SET_OPERATIONS(inventory, inventory)
CONFIG_SET_OPERATIONS(analytics, analytics)
CONFIG_SET_OPERATIONS(metrics, metrics)
CONFIG_SET_OPERATIONS(intelligent_tiering, tiering)
