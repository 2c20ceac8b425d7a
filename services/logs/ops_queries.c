/* Logs Insights queries: StartQuery runs the query over the log groups' events at once and
 * keeps its results, which GetQueryResults answers and DescribeQueries lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "groups.h"
#include "insights_eval.h"
#include "insights_query.h"
#include "ops.h"

/* Queries kept per account and region; the oldest go first, as AWS lets results expire. */
#define MAX_KEPT_QUERIES 200
#define DEFAULT_RESULT_LIMIT 10000
#define MAX_LOG_GROUPS 50

static int fail_malformed(struct call *c, const struct insights_error *err)
{
    call_fail(c, 400, "MalformedQueryException", "%s", err->message);
    cJSON *compile = cJSON_CreateObject();
    cJSON *location = cJSON_AddObjectToObject(compile, "location");
    cJSON_AddNumberToObject(location, "startCharOffset", err->start);
    cJSON_AddNumberToObject(location, "endCharOffset", err->end);
    cJSON_AddStringToObject(compile, "message", err->message);
    call_error_member(c, "queryCompileError", compile);
    return -1;
}

/* The groups a StartQuery names (exactly one of its three members), in order. */
static int query_groups(struct call *c, const struct logs_region *r, const cJSON *in,
                        const cJSON **groups, size_t *count)
{
    const char *name = param_string(in, "logGroupName");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "logGroupNames");
    const cJSON *identifiers = cJSON_GetObjectItemCaseSensitive(in, "logGroupIdentifiers");
    int given = (name != NULL) + (names != NULL) + (identifiers != NULL);
    if (given != 1)
        return logs_fail_invalid_parameter(c, "Exactly one of logGroupName, logGroupNames or "
                                              "logGroupIdentifiers must be specified.");
    *count = 0;
    if (name) {
        groups[0] = group_for_call(c, r, name);
        *count = 1;
        return groups[0] ? 0 : -1;
    }
    const cJSON *list = names ? names : identifiers;
    if (cJSON_GetArraySize(list) == 0 || cJSON_GetArraySize(list) > MAX_LOG_GROUPS)
        return logs_fail_invalid_parameter(c, "A query must name between 1 and %d log groups.",
                                           MAX_LOG_GROUPS);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        const char *id = cJSON_GetStringValue(item);
        const cJSON *g = id && strncmp(id, "arn:", 4) == 0 ? group_from_arn(r, id)
                                                            : group_find(r, id);
        if (!g)
            return call_fail_resource_not_found(c, "The specified log group does not exist.");
        groups[(*count)++] = g;
    }
    return 0;
}

/* The events of groups from start to end (inclusive, milliseconds), with the strings they
 * point at kept in texts until the query has run. */
struct event_set {
    struct insights_event *events;
    size_t count, cap;
    char **texts;
    size_t text_count;
};

static const char *keep_text(struct event_set *set, char *text)
{
    set->texts = xrealloc(set->texts, (set->text_count + 1) * sizeof *set->texts);
    set->texts[set->text_count++] = text;
    return text;
}

static void collect_events(struct call *c, struct event_set *set, const cJSON *group,
                           double start, double end)
{
    const char *group_name = cJSON_GetStringValue(cJSON_GetObjectItem(group, "logGroupName"));
    struct buf text = BUF_INIT;
    buf_printf(&text, "%s:%s", c->route->account, group_name);
    const char *log = keep_text(set, buf_take(&text));
    const cJSON *stream;
    cJSON_ArrayForEach(stream, cJSON_GetObjectItemCaseSensitive(group, "_streams")) {
        const char *stream_name =
            cJSON_GetStringValue(cJSON_GetObjectItem(stream, "logStreamName"));
        const cJSON *event;
        cJSON_ArrayForEach(event, cJSON_GetObjectItemCaseSensitive(stream, "_events")) {
            double t = param_number(event, "timestamp", 0);
            if (t < start || t > end)
                continue;
            if (set->count == set->cap) {
                set->cap = set->cap ? set->cap * 2 : 64;
                set->events = xrealloc(set->events, set->cap * sizeof *set->events);
            }
            /* @ptr names the record: its group, stream and event id, opaque to clients */
            struct buf ptr = BUF_INIT, raw = BUF_INIT;
            const char *id = param_string(event, "_eventId");
            buf_printf(&raw, "%s\n%s\n%s", log, stream_name, id ? id : "");
            base64_encode(raw.data, raw.len, &ptr);
            buf_free(&raw);
            const char *message = param_string(event, "message");
            set->events[set->count++] = (struct insights_event){
                log, stream_name, message ? message : "", t, keep_text(set, buf_take(&ptr)),
                param_number(event, "ingestionTime", 0)};
        }
    }
}

static void event_set_free(struct event_set *set)
{
    for (size_t i = 0; i < set->text_count; i++)
        free(set->texts[i]);
    free(set->texts);
    free(set->events);
}

static void forget_oldest_queries(struct logs_region *r)
{
    while (cJSON_GetArraySize(r->queries) > MAX_KEPT_QUERIES)
        cJSON_DeleteItemFromArray(r->queries, 0);
}

OPERATION(logs_start_query)
{
    struct logs_region *r = logs_state(c);
    const char *language = param_string(in, "queryLanguage");
    if (language && strcmp(language, "CWLI") != 0)
        return logs_fail_invalid_parameter(c, "Query language %s is not supported.", language);
    const cJSON *groups[MAX_LOG_GROUPS];
    size_t group_count = 0;
    if (query_groups(c, r, in, groups, &group_count) != 0)
        return -1;
    long long start = param_int(in, "startTime", 0);
    long long end = param_int(in, "endTime", 0);
    if (end < start)
        return logs_fail_invalid_parameter(c, "The end time of the query must not be before its "
                                              "start time.");
    const char *text = param_string(in, "queryString");
    struct insights_error err;
    struct insights_query *query = insights_query_parse(text ? text : "", &err);
    if (!query)
        return fail_malformed(c, &err);
    long limit = (long)param_int(in, "limit", DEFAULT_RESULT_LIMIT);

    struct event_set set = {0};
    for (size_t i = 0; i < group_count; i++)
        collect_events(c, &set, groups[i], (double)start * 1000, (double)end * 1000 + 999);
    struct insights_statistics stats;
    cJSON *results = insights_query_run(query, set.events, set.count, limit, &stats);
    insights_query_free(query);
    event_set_free(&set);

    char id[37];
    uuid_new(id);
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "queryLanguage", "CWLI");
    cJSON_AddStringToObject(q, "queryId", id);
    cJSON_AddStringToObject(q, "queryString", text ? text : "");
    cJSON_AddStringToObject(q, "status", "Complete");
    cJSON_AddNumberToObject(q, "createTime", (double)logs_now_ms());
    cJSON_AddStringToObject(q, "logGroupName",
                            cJSON_GetStringValue(cJSON_GetObjectItem(groups[0], "logGroupName")));
    cJSON *names = cJSON_AddArrayToObject(q, "_logGroupNames");
    for (size_t i = 0; i < group_count; i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(cJSON_GetStringValue(
                                        cJSON_GetObjectItem(groups[i], "logGroupName"))));
    cJSON_AddItemToObject(q, "_results", results);
    cJSON *statistics = cJSON_AddObjectToObject(q, "_statistics");
    cJSON_AddNumberToObject(statistics, "recordsMatched", stats.records_matched);
    cJSON_AddNumberToObject(statistics, "recordsScanned", stats.records_scanned);
    cJSON_AddNumberToObject(statistics, "bytesScanned", stats.bytes_scanned);
    cJSON_AddNumberToObject(statistics, "logGroupsScanned", (double)group_count);
    cJSON_AddItemToArray(r->queries, q);
    forget_oldest_queries(r);
    cJSON_AddStringToObject(out, "queryId", id);
    return 0;
}

static cJSON *query_for_call(struct call *c, const struct logs_region *r, const char *id)
{
    cJSON *q = entry_named(r->queries, "queryId", id);
    if (!q)
        call_fail_resource_not_found(c, "Query does not exist.");
    return q;
}

OPERATION(logs_get_query_results)
{
    struct logs_region *r = logs_state(c);
    const cJSON *q = query_for_call(c, r, param_string(in, "queryId"));
    if (!q)
        return -1;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(q, "_results");
    size_t total = (size_t)cJSON_GetArraySize(results);
    long from = page_token_index(param_string(in, "nextToken"));
    if (from < 0)
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    long long max_items = param_int(in, "maxItems", 0);
    size_t page = max_items > 0 ? (size_t)max_items : total;
    cJSON *list = cJSON_AddArrayToObject(out, "results");
    size_t i = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, results) {
        if (i >= (size_t)from && i < (size_t)from + page)
            cJSON_AddItemToArray(list, cJSON_Duplicate(row, 1));
        i++;
    }
    if ((size_t)from + page < total)
        page_token_add_index(out, "nextToken", (size_t)from + page);
    cJSON_AddStringToObject(out, "queryLanguage", param_string(q, "queryLanguage"));
    cJSON_AddItemToObject(out, "statistics",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(q, "_statistics"), 1));
    cJSON_AddStringToObject(out, "status", param_string(q, "status"));
    return 0;
}

OPERATION(logs_stop_query)
{
    struct logs_region *r = logs_state(c);
    cJSON *q = query_for_call(c, r, param_string(in, "queryId"));
    if (!q)
        return -1;
    const char *status = param_string(q, "status");
    if (strcmp(status, "Scheduled") != 0 && strcmp(status, "Running") != 0)
        return logs_fail_invalid_parameter(c, "Query %s is not running. Its status is %s.",
                                           param_string(q, "queryId"), status);
    cJSON_ReplaceItemInObjectCaseSensitive(q, "status", cJSON_CreateString("Cancelled"));
    cJSON_AddBoolToObject(out, "success", true);
    return 0;
}

static bool query_on_group(const cJSON *q, const char *group)
{
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(q, "_logGroupNames")) {
        if (cJSON_IsString(name) && strcmp(name->valuestring, group) == 0)
            return true;
    }
    return false;
}

OPERATION(logs_describe_queries)
{
    struct logs_region *r = logs_state(c);
    const char *group = param_string(in, "logGroupName");
    const char *status = param_string(in, "status");
    const char *language = param_string(in, "queryLanguage");
    if (group && !group_for_call(c, r, group))
        return -1;
    long size;
    if (page_size_read(in, "maxResults", 1, 1000, 1000, &size) != 0)
        return logs_fail_invalid_parameter(c, "maxResults must be between 1 and 1000.");
    long from = page_token_index(param_string(in, "nextToken"));
    if (from < 0)
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    cJSON *list = cJSON_AddArrayToObject(out, "queries");
    size_t count = (size_t)cJSON_GetArraySize(r->queries);
    const cJSON **started = xcalloc(count ? count : 1, sizeof *started);
    size_t n = 0;
    const cJSON *q;
    cJSON_ArrayForEach(q, r->queries) started[n++] = q;
    long matched = 0;
    for (size_t i = count; i-- > 0;) { /* newest first */
        q = started[i];
        if (group && !query_on_group(q, group))
            continue;
        if (status && strcmp(param_string(q, "status"), status) != 0)
            continue;
        if (language && strcmp(param_string(q, "queryLanguage"), language) != 0)
            continue;
        if (matched >= from + size) {
            page_token_add_index(out, "nextToken", (size_t)(from + size));
            break;
        }
        if (matched >= from)
            cJSON_AddItemToArray(list, json_public_copy(q));
        matched++;
    }
    free(started);
    return 0;
}
