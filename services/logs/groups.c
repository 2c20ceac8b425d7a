/* Log groups and log streams: their lookups, and the operations that create, list and delete
 * them and set a group's retention. */
#include "groups.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/arn.h"
#include "../core/json_array.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "filter_pattern.h"
#include "group_tags.h"
#include "ops.h"

struct logs_region *logs_state(struct call *c)
{
    return logs_region_get(c->route->account, c->route->region);
}

int logs_fail_invalid_parameter(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "InvalidParameterException", fmt, ap);
    va_end(ap);
    return -1;
}

cJSON *entry_named(const cJSON *array, const char *key, const char *name)
{
    if (!name)
        return NULL;
    cJSON *item;
    cJSON_ArrayForEach(item, array) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(item, key);
        if (cJSON_IsString(k) && strcmp(k->valuestring, name) == 0)
            return item;
    }
    return NULL;
}

bool sorted_remove(cJSON *array, const char *key, const char *name)
{
    cJSON *item = entry_named(array, key, name);
    if (!item)
        return false;
    cJSON_Delete(cJSON_DetachItemViaPointer(array, item));
    return true;
}

cJSON *group_find(const struct logs_region *r, const char *name)
{
    return entry_named(r->groups, "logGroupName", name);
}

cJSON *group_for_call(struct call *c, const struct logs_region *r, const char *name)
{
    cJSON *g = group_find(r, name);
    if (!g)
        call_fail_resource_not_found(c, "The specified log group does not exist.");
    return g;
}

cJSON *group_from_arn(const struct logs_region *r, const char *text)
{
    struct arn arn;
    if (!arn_parse(text, &arn) || strcmp(arn.service, "logs") != 0 ||
        strncmp(arn.resource, "log-group:", 10) != 0)
        return NULL;
    char *name = arn.resource + 10;
    size_t len = strlen(name);
    if (len >= 2 && strcmp(name + len - 2, ":*") == 0)
        name[len - 2] = '\0';
    return group_find(r, name);
}

cJSON *group_from_request(struct call *c, const struct logs_region *r, const cJSON *in)
{
    const char *name = param_string(in, "logGroupName");
    const char *identifier = param_string(in, "logGroupIdentifier");
    if (name && identifier) {
        logs_fail_invalid_parameter(c, "LogGroup name and LogGroup ARN are mutually exclusive "
                                       "parameters.");
        return NULL;
    }
    if (!name && !identifier) {
        logs_fail_invalid_parameter(c, "Should provide either name or ARN of the log group.");
        return NULL;
    }
    if (identifier && strncmp(identifier, "arn:", 4) == 0) {
        cJSON *g = group_from_arn(r, identifier);
        if (!g)
            call_fail_resource_not_found(c, "The specified log group does not exist.");
        return g;
    }
    return group_for_call(c, r, name ? name : identifier);
}

cJSON *stream_find(const cJSON *group, const char *name)
{
    return entry_named(cJSON_GetObjectItemCaseSensitive(group, "_streams"), "logStreamName", name);
}

cJSON *stream_for_call(struct call *c, const cJSON *group, const char *name)
{
    cJSON *s = stream_find(group, name);
    if (!s)
        call_fail_resource_not_found(c, "The specified log stream does not exist.");
    return s;
}

/* ---- log groups ---- */

static const int retention_days[] = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150, 180,
                                     365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

static bool retention_allowed(long long days)
{
    for (size_t i = 0; i < sizeof retention_days / sizeof retention_days[0]; i++)
        if (retention_days[i] == days)
            return true;
    return false;
}

static int fail_retention(struct call *c, long long days)
{
    char allowed[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < sizeof retention_days / sizeof retention_days[0]; i++)
        used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%d", i ? ", " : "",
                                 retention_days[i]);
    return logs_fail_invalid_parameter(c,
                                "1 validation error detected: Value '%lld' at 'retentionInDays' "
                                "failed to satisfy constraint: Member must satisfy enum value "
                                "set: [%s]",
                                days, allowed);
}

static char *group_arn(struct call *c, const char *name)
{
    return arn_build("logs", c->route->region, c->route->account, "log-group:%s", name);
}

OPERATION(logs_create_log_group)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "logGroupName");
    if (group_find(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException",
                         "The specified log group already exists");
    const char *class = param_string(in, "logGroupClass");
    cJSON *tags = NULL;
    const cJSON *tags_in = cJSON_GetObjectItemCaseSensitive(in, "tags");
    if (tags_in) {
        tags = log_group_tags_from_request(c, tags_in, name);
        if (!tags)
            return -1;
    }
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "logGroupName", name);
    cJSON_AddNumberToObject(g, "creationTime", (double)logs_now_ms());
    cJSON_AddNumberToObject(g, "metricFilterCount", 0);
    char *arn = group_arn(c, name);
    size_t len = strlen(arn) + 3;
    char *star = malloc(len);
    snprintf(star, len, "%s:*", arn);
    cJSON_AddStringToObject(g, "arn", star);
    cJSON_AddStringToObject(g, "logGroupArn", arn);
    free(star);
    free(arn);
    cJSON_AddNumberToObject(g, "storedBytes", 0);
    const char *kms = param_string(in, "kmsKeyId");
    if (kms)
        cJSON_AddStringToObject(g, "kmsKeyId", kms);
    cJSON_AddStringToObject(g, "logGroupClass", class ? class : "STANDARD");
    if (cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(in, "deletionProtectionEnabled")))
        cJSON_AddBoolToObject(g, "deletionProtectionEnabled",
                              param_true(in, "deletionProtectionEnabled"));
    cJSON_AddItemToObject(g, "_tags", tags ? tags : cJSON_CreateArray());
    cJSON_AddItemToObject(g, "_streams", cJSON_CreateArray());
    cJSON_AddItemToObject(g, "_metricFilters", cJSON_CreateArray());
    cJSON_AddItemToObject(g, "_subscriptionFilters", cJSON_CreateArray());
    json_sorted_insert(r->groups, g, "logGroupName");
    return 0;
}

OPERATION(logs_delete_log_group)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "logGroupName");
    const cJSON *g = group_for_call(c, r, name);
    if (!g)
        return -1;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g, "deletionProtectionEnabled")))
        return call_fail(c, 400, "ValidationException",
                         "Log group %s has deletion protection enabled. Disable it before "
                         "deleting the log group.", name);
    sorted_remove(r->groups, "logGroupName", name);
    return 0;
}

static bool contains_ignoring_case(const char *text, const char *part)
{
    size_t n = strlen(part);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, part, n) == 0)
            return true;
    return n == 0;
}

static const char *group_name_at(const void *array, size_t i)
{
    return ((const char *const *)array)[i];
}

int logs_list_page(struct call *c, const cJSON *in, const cJSON *array, const char *key,
                   bool (*keep)(const cJSON *entry, const cJSON *in),
                   cJSON *(*present)(const cJSON *entry), cJSON *list, cJSON *out, long max_limit)
{
    long limit;
    if (page_size_read(in, "limit", 1, max_limit, max_limit, &limit) != 0)
        return logs_fail_invalid_parameter(c,
                                    "1 validation error detected: Value '%ld' at 'limit' failed "
                                    "to satisfy constraint: Member must have value less than or "
                                    "equal to %ld",
                                    limit, max_limit);
    char *after = NULL;
    const char *token = param_string(in, "nextToken");
    if (token && !(after = page_token_name(token)))
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    size_t count = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, array) count++;
    const char **names = calloc(count ? count : 1, sizeof *names);
    const cJSON **kept = calloc(count ? count : 1, sizeof *kept);
    size_t n = 0;
    cJSON_ArrayForEach(entry, array) {
        if (!keep || keep(entry, in)) {
            names[n] = cJSON_GetObjectItemCaseSensitive(entry, key)->valuestring;
            kept[n++] = entry;
        }
    }
    struct page_range page = page_after_name(names, n, group_name_at, after, (size_t)limit);
    for (size_t i = page.begin; i < page.end; i++)
        cJSON_AddItemToArray(list, (present ? present : json_public_copy)(kept[i]));
    if (page.more && page.end > page.begin)
        page_token_add_name(out, "nextToken", names[page.end - 1]);
    free(names);
    free(kept);
    free(after);
    return 0;
}

static bool keep_group(const cJSON *g, const cJSON *in)
{
    const char *name = cJSON_GetObjectItemCaseSensitive(g, "logGroupName")->valuestring;
    const char *prefix = param_string(in, "logGroupNamePrefix");
    const char *pattern = param_string(in, "logGroupNamePattern");
    const char *class = param_string(in, "logGroupClass");
    if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
        return false;
    if (pattern && !contains_ignoring_case(name, pattern))
        return false;
    if (class) {
        const cJSON *own = cJSON_GetObjectItemCaseSensitive(g, "logGroupClass");
        if (!cJSON_IsString(own) || strcmp(own->valuestring, class) != 0)
            return false;
    }
    const cJSON *identifiers = cJSON_GetObjectItemCaseSensitive(in, "logGroupIdentifiers");
    if (cJSON_IsArray(identifiers)) {
        const char *arn = cJSON_GetObjectItemCaseSensitive(g, "logGroupArn")->valuestring;
        const cJSON *id;
        cJSON_ArrayForEach(id, identifiers) {
            if (cJSON_IsString(id) &&
                (strcmp(id->valuestring, name) == 0 || strcmp(id->valuestring, arn) == 0))
                return true;
        }
        return false;
    }
    return true;
}

OPERATION(logs_describe_log_groups)
{
    struct logs_region *r = logs_state(c);
    if (param_string(in, "logGroupNamePrefix") && param_string(in, "logGroupNamePattern"))
        return logs_fail_invalid_parameter(c, "LogGroup name prefix and LogGroup name pattern "
                                              "are mutually exclusive parameters.");
    cJSON *list = cJSON_AddArrayToObject(out, "logGroups");
    return logs_list_page(c, in, r->groups, "logGroupName", keep_group, NULL, list, out, 50);
}

/* ListLogGroups' filters: a case-sensitive regex on the name, and the class. */
static bool keep_listed_group(const cJSON *g, const cJSON *in)
{
    const char *name = param_string(g, "logGroupName");
    const char *pattern = param_string(in, "logGroupNamePattern");
    const char *class = param_string(in, "logGroupClass");
    if (pattern && !pattern_regex_search(pattern, strlen(pattern), name))
        return false;
    const char *own = param_string(g, "logGroupClass");
    return !class || (own && strcmp(own, class) == 0);
}

static cJSON *group_summary(const cJSON *g)
{
    cJSON *summary = cJSON_CreateObject();
    static const char *const members[] = {"logGroupName", "logGroupArn", "logGroupClass"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        cJSON_AddStringToObject(summary, members[i], param_string(g, members[i]));
    return summary;
}

OPERATION(logs_list_log_groups)
{
    cJSON *list = cJSON_AddArrayToObject(out, "logGroups");
    return logs_list_page(c, in, logs_state(c)->groups, "logGroupName", keep_listed_group,
                          group_summary, list, out, 1000);
}

OPERATION(logs_put_retention_policy)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    long long days = param_int(in, "retentionInDays", 0);
    if (!retention_allowed(days))
        return fail_retention(c, days);
    cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(g, "retentionInDays");
    cJSON_AddNumberToObject(g, "retentionInDays", (double)days);
    return 0;
}

OPERATION(logs_delete_retention_policy)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(g, "retentionInDays");
    return 0;
}

OPERATION(logs_associate_kms_key)
{
    (void)out;
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(g, "kmsKeyId");
    cJSON_AddStringToObject(g, "kmsKeyId", param_string(in, "kmsKeyId"));
    return 0;
}

OPERATION(logs_disassociate_kms_key)
{
    (void)out;
    cJSON *g = group_for_call(c, logs_state(c), param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(g, "kmsKeyId");
    return 0;
}

/* ---- log streams ---- */

cJSON *stream_add(cJSON *g, const char *name)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "logStreamName", name);
    cJSON_AddNumberToObject(s, "creationTime", (double)logs_now_ms());
    const char *group_arn_text = cJSON_GetObjectItemCaseSensitive(g, "logGroupArn")->valuestring;
    size_t len = strlen(group_arn_text) + strlen(name) + 16;
    char *arn = malloc(len);
    snprintf(arn, len, "%s:log-stream:%s", group_arn_text, name);
    cJSON_AddStringToObject(s, "arn", arn);
    free(arn);
    cJSON_AddNumberToObject(s, "storedBytes", 0);
    cJSON_AddItemToObject(s, "_events", cJSON_CreateArray());
    json_sorted_insert(cJSON_GetObjectItemCaseSensitive(g, "_streams"), s, "logStreamName");
    return s;
}

OPERATION(logs_create_log_stream)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    const char *name = param_string(in, "logStreamName");
    if (stream_find(g, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException",
                         "The specified log stream already exists");
    stream_add(g, name);
    return 0;
}

OPERATION(logs_delete_log_stream)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    const char *name = param_string(in, "logStreamName");
    if (!stream_for_call(c, g, name))
        return -1;
    sorted_remove(cJSON_GetObjectItemCaseSensitive(g, "_streams"), "logStreamName", name);
    return 0;
}

static bool keep_stream(const cJSON *s, const cJSON *in)
{
    const char *prefix = param_string(in, "logStreamNamePrefix");
    const char *name = cJSON_GetObjectItemCaseSensitive(s, "logStreamName")->valuestring;
    return !prefix || strncmp(name, prefix, strlen(prefix)) == 0;
}

static double last_event_time(const cJSON *s)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(s, "lastEventTimestamp");
    return cJSON_IsNumber(t) ? t->valuedouble : 0;
}

static int by_last_event_time(const void *a, const void *b)
{
    double x = last_event_time(*(const cJSON *const *)a);
    double y = last_event_time(*(const cJSON *const *)b);
    return x < y ? -1 : x > y;
}

OPERATION(logs_describe_log_streams)
{
    struct logs_region *r = logs_state(c);
    cJSON *g = group_from_request(c, r, in);
    if (!g)
        return -1;
    const char *order = param_string(in, "orderBy");
    bool by_time = order && strcmp(order, "LastEventTime") == 0;
    if (by_time && param_string(in, "logStreamNamePrefix"))
        return logs_fail_invalid_parameter(c, "Cannot order by LastEventTime with a "
                                              "logStreamNamePrefix.");
    bool descending = param_true(in, "descending");
    const cJSON *streams = cJSON_GetObjectItemCaseSensitive(g, "_streams");
    /* Order the streams as asked, then page by position in that order. */
    size_t count = (size_t)cJSON_GetArraySize(streams);
    const cJSON **sorted = calloc(count ? count : 1, sizeof *sorted);
    size_t n = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, streams) {
        if (keep_stream(s, in))
            sorted[n++] = s;
    }
    if (by_time)
        qsort(sorted, n, sizeof *sorted, by_last_event_time);
    if (descending)
        for (size_t i = 0; i < n / 2; i++) {
            const cJSON *t = sorted[i];
            sorted[i] = sorted[n - 1 - i];
            sorted[n - 1 - i] = t;
        }
    long limit;
    if (page_size_read(in, "limit", 1, 50, 50, &limit) != 0) {
        free(sorted);
        return logs_fail_invalid_parameter(c,
                                    "1 validation error detected: Value '%ld' at 'limit' failed "
                                    "to satisfy constraint: Member must have value less than or "
                                    "equal to 50",
                                    limit);
    }
    long start = page_token_index(param_string(in, "nextToken"));
    if (start < 0) {
        free(sorted);
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    }
    cJSON *list = cJSON_AddArrayToObject(out, "logStreams");
    size_t end = (size_t)start + (size_t)limit;
    for (size_t i = (size_t)start; i < n && i < end; i++)
        cJSON_AddItemToArray(list, json_public_copy(sorted[i]));
    if (end < n)
        page_token_add_index(out, "nextToken", end);
    free(sorted);
    return 0;
}
