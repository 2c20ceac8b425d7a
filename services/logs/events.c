/* Log events: PutLogEvents with AWS's batch rules, GetLogEvents a stream at a time with forward
 * and backward tokens, FilterLogEvents across a group's streams. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "filter_pattern.h"
#include "groups.h"
#include "log_ingest.h"
#include "metric_filters.h"
#include "subscriptions.h"
#include "ops.h"

#define MAX_BATCH_BYTES 1048576
#define EVENT_OVERHEAD_BYTES 26
#define DAY_MS (24LL * 3600 * 1000)
#define TOO_OLD_MS (14 * DAY_MS)
#define TOO_NEW_MS (2LL * 3600 * 1000)

static double number_member(const cJSON *obj, const char *name)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(n) ? n->valuedouble : 0;
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (n)
        cJSON_SetNumberValue(n, value);
    else
        cJSON_AddNumberToObject(obj, name, value);
}

/* Inserts event into events (ascending by timestamp, after those with the same timestamp). */
static void insert_event(cJSON *events, cJSON *event)
{
    double t = number_member(event, "timestamp");
    int n = cJSON_GetArraySize(events);
    int at = n;
    cJSON *last = n ? cJSON_GetArrayItem(events, n - 1) : NULL;
    if (last && number_member(last, "timestamp") > t) {
        at = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, events) {
            if (number_member(e, "timestamp") > t)
                break;
            at++;
        }
    }
    json_array_insert(events, at, event);
}

/* Adds one log event to stream s and returns it. */
static const cJSON *store_event(struct logs_region *r, cJSON *s, double t, const char *message,
                                int64_t now)
{
    cJSON *event = cJSON_CreateObject();
    cJSON_AddNumberToObject(event, "timestamp", t);
    cJSON_AddStringToObject(event, "message", message ? message : "");
    cJSON_AddNumberToObject(event, "ingestionTime", (double)now);
    char id[64];
    snprintf(id, sizeof id, "%056" PRIu64, r->next_event_id++);
    cJSON_AddStringToObject(event, "_eventId", id);
    insert_event(cJSON_GetObjectItemCaseSensitive(s, "_events"), event);
    if (!cJSON_GetObjectItemCaseSensitive(s, "firstEventTimestamp") ||
        t < number_member(s, "firstEventTimestamp"))
        set_number(s, "firstEventTimestamp", t);
    if (t > number_member(s, "lastEventTimestamp"))
        set_number(s, "lastEventTimestamp", t);
    set_number(s, "lastIngestionTime", (double)now);
    set_number(s, "storedBytes",
               number_member(s, "storedBytes") + (double)strlen(message ? message : ""));
    return event;
}

int logs_put_from_service(const char *group_arn, const char *stream_name, const char *message,
                          struct proto_error *err)
{
    struct arn arn;
    struct logs_region *r = arn_parse(group_arn, &arn) ? logs_region_find(arn.account, arn.region)
                                                       : NULL;
    cJSON *g = r ? group_from_arn(r, group_arn) : NULL;
    if (!g)
        return error_fail(err, 400, "ResourceNotFoundException",
                          "The specified log group does not exist.");
    cJSON *s = stream_find(g, stream_name);
    if (!s)
        s = stream_add(g, stream_name);
    int64_t now = logs_now_ms();
    const cJSON *stored[1] = {store_event(r, s, (double)now, message, now)};
    metric_filters_publish(arn.account, arn.region, g, stored, 1);
    subscriptions_deliver(arn.account, g, stream_name, stored, 1);
    return 0;
}

OPERATION(logs_put_log_events)
{
    struct logs_region *r = logs_state(c);
    cJSON *g = group_for_call(c, r, param_string(in, "logGroupName"));
    if (!g)
        return -1;
    cJSON *s = stream_for_call(c, g, param_string(in, "logStreamName"));
    if (!s)
        return -1;
    const cJSON *batch = cJSON_GetObjectItemCaseSensitive(in, "logEvents");
    int count = cJSON_GetArraySize(batch);
    if (count > 10000)
        return logs_fail_invalid_parameter(c, "The batch of log events in a single PutLogEvents "
                                              "request cannot contain more than 10000 events.");
    size_t bytes = 0;
    double previous = 0, first = 0;
    int index = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, batch) {
        double t = number_member(e, "timestamp");
        const char *message = param_string(e, "message");
        bytes += (message ? strlen(message) : 0) + EVENT_OVERHEAD_BYTES;
        if (index > 0 && t < previous)
            return logs_fail_invalid_parameter(c, "Log events in a single PutLogEvents request "
                                                  "must be in chronological order.");
        if (index == 0)
            first = t;
        previous = t;
        index++;
    }
    if (bytes > MAX_BATCH_BYTES)
        return logs_fail_invalid_parameter(c, "Upload too large: %zu bytes exceeds limit of %d",
                                           bytes, MAX_BATCH_BYTES);
    if (count > 0 && previous - first > (double)DAY_MS)
        return logs_fail_invalid_parameter(c, "The batch of log events in a single PutLogEvents "
                                              "request cannot span more than 24 hours.");
    int64_t now = logs_now_ms();
    double retention = number_member(g, "retentionInDays");
    int too_old_end = 0, expired_end = 0, too_new_start = -1;
    const cJSON **stored = calloc(count > 0 ? (size_t)count : 1, sizeof *stored);
    size_t n_stored = 0;
    index = 0;
    cJSON_ArrayForEach(e, batch) {
        double t = number_member(e, "timestamp");
        if (t < (double)(now - TOO_OLD_MS)) {
            too_old_end = index + 1;
        } else if (retention > 0 && t < (double)now - retention * (double)DAY_MS) {
            expired_end = index + 1;
        } else if (t > (double)(now + TOO_NEW_MS)) {
            if (too_new_start < 0)
                too_new_start = index;
        } else {
            stored[n_stored++] = store_event(r, s, t, param_string(e, "message"), now);
        }
        index++;
    }
    metric_filters_publish(c->route->account, c->route->region, g, stored, n_stored);
    subscriptions_deliver(c->route->account, g, param_string(s, "logStreamName"), stored,
                          n_stored);
    free(stored);
    char token[64];
    snprintf(token, sizeof token, "%056" PRIu64, r->next_event_id);
    cJSON_AddStringToObject(out, "nextSequenceToken", token);
    if (too_old_end || expired_end || too_new_start >= 0) {
        cJSON *info = cJSON_AddObjectToObject(out, "rejectedLogEventsInfo");
        if (too_new_start >= 0)
            cJSON_AddNumberToObject(info, "tooNewLogEventStartIndex", too_new_start);
        if (too_old_end)
            cJSON_AddNumberToObject(info, "tooOldLogEventEndIndex", too_old_end);
        if (expired_end)
            cJSON_AddNumberToObject(info, "expiredLogEventEndIndex", expired_end);
    }
    return 0;
}

static cJSON *answer_event(const cJSON *event)
{
    cJSON *copy = cJSON_CreateObject();
    cJSON_AddNumberToObject(copy, "timestamp", number_member(event, "timestamp"));
    cJSON_AddStringToObject(copy, "message", param_string(event, "message"));
    cJSON_AddNumberToObject(copy, "ingestionTime", number_member(event, "ingestionTime"));
    return copy;
}

static bool in_time_range(const cJSON *event, const cJSON *in)
{
    double t = number_member(event, "timestamp");
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(in, "startTime");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(in, "endTime");
    if (cJSON_IsNumber(start) && t < start->valuedouble)
        return false;
    if (cJSON_IsNumber(end) && t > end->valuedouble)
        return false;
    return true;
}

static void add_token(cJSON *out, const char *member, char direction, size_t position)
{
    char token[64];
    snprintf(token, sizeof token, "%c/%056zu", direction, position);
    cJSON_AddStringToObject(out, member, token);
}

/* Reads "f/N" or "b/N": the direction and position; false when token is not one. */
static bool read_token(const char *token, char *direction, size_t *position)
{
    if (!token || (token[0] != 'f' && token[0] != 'b') || token[1] != '/' || !token[2])
        return false;
    char *end;
    unsigned long long n = strtoull(token + 2, &end, 10);
    if (*end)
        return false;
    *direction = token[0];
    *position = (size_t)n;
    return true;
}

OPERATION(logs_get_log_events)
{
    struct logs_region *r = logs_state(c);
    cJSON *g = group_from_request(c, r, in);
    if (!g)
        return -1;
    cJSON *s = stream_for_call(c, g, param_string(in, "logStreamName"));
    if (!s)
        return -1;
    size_t limit = (size_t)param_int(in, "limit", 10000);
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(s, "_events");
    size_t total = (size_t)cJSON_GetArraySize(events);
    const cJSON **matching = calloc(total ? total : 1, sizeof *matching);
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, events) {
        if (in_time_range(e, in))
            matching[n++] = e;
    }
    size_t begin, end;
    const char *token = param_string(in, "nextToken");
    char direction = param_true(in, "startFromHead") ? 'f' : 'b';
    size_t position = direction == 'f' ? 0 : n;
    if (token && !read_token(token, &direction, &position)) {
        free(matching);
        return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
    }
    if (position > n)
        position = n;
    if (direction == 'f') {
        begin = position;
        end = begin + limit < n ? begin + limit : n;
    } else {
        end = position;
        begin = end > limit ? end - limit : 0;
    }
    cJSON *list = cJSON_AddArrayToObject(out, "events");
    for (size_t i = begin; i < end; i++)
        cJSON_AddItemToArray(list, answer_event(matching[i]));
    if (begin == end && token) {
        /* Nothing more that way: the same token again, as AWS answers the end of a stream. */
        cJSON_AddStringToObject(out, "nextForwardToken", token);
        cJSON_AddStringToObject(out, "nextBackwardToken", token);
    } else {
        add_token(out, "nextForwardToken", 'f', end);
        add_token(out, "nextBackwardToken", 'b', begin);
    }
    free(matching);
    return 0;
}

/* ---- FilterLogEvents ---- */

struct found_event {
    const cJSON *event;
    const char *stream;
};

static int by_time_then_stream(const void *a, const void *b)
{
    const struct found_event *x = a, *y = b;
    double tx = number_member(x->event, "timestamp"), ty = number_member(y->event, "timestamp");
    if (tx != ty)
        return tx < ty ? -1 : 1;
    int names = strcmp(x->stream, y->stream);
    if (names)
        return names;
    return strcmp(param_string(x->event, "_eventId"), param_string(y->event, "_eventId"));
}

static bool stream_selected(const cJSON *stream, const cJSON *in)
{
    const char *name = param_string(stream, "logStreamName");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "logStreamNames");
    const char *prefix = param_string(in, "logStreamNamePrefix");
    if (cJSON_IsArray(names)) {
        const cJSON *n;
        cJSON_ArrayForEach(n, names) {
            if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
                return true;
        }
        return false;
    }
    return !prefix || strncmp(name, prefix, strlen(prefix)) == 0;
}

OPERATION(logs_filter_log_events)
{
    struct logs_region *r = logs_state(c);
    cJSON *g = group_from_request(c, r, in);
    if (!g)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(in, "logStreamNames") &&
        param_string(in, "logStreamNamePrefix"))
        return logs_fail_invalid_parameter(c, "Cannot specify both logStreamNames and "
                                              "logStreamNamePrefix.");
    const char *pattern = param_string(in, "filterPattern");
    size_t limit = (size_t)param_int(in, "limit", 10000);
    const cJSON *streams = cJSON_GetObjectItemCaseSensitive(g, "_streams");
    size_t cap = 16, n = 0;
    struct found_event *found = malloc(cap * sizeof *found);
    cJSON *searched = cJSON_CreateArray();
    const cJSON *s;
    cJSON_ArrayForEach(s, streams) {
        if (!stream_selected(s, in))
            continue;
        cJSON *info = cJSON_CreateObject();
        cJSON_AddStringToObject(info, "logStreamName", param_string(s, "logStreamName"));
        cJSON_AddBoolToObject(info, "searchedCompletely", 1);
        cJSON_AddItemToArray(searched, info);
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(s, "_events")) {
            if (!in_time_range(e, in) ||
                !filter_pattern_matches(pattern, param_string(e, "message")))
                continue;
            if (n == cap)
                found = realloc(found, (cap *= 2) * sizeof *found);
            found[n].event = e;
            found[n].stream = param_string(s, "logStreamName");
            n++;
        }
    }
    qsort(found, n, sizeof *found, by_time_then_stream);
    size_t start = 0;
    const char *token = param_string(in, "nextToken");
    if (token) {
        /* A token names the last event listed: the page resumes after it. */
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            if (strcmp(param_string(found[i].event, "_eventId"), token) == 0) {
                start = i + 1;
                known = true;
            }
        if (!known && strspn(token, "0123456789") != strlen(token)) {
            free(found);
            cJSON_Delete(searched);
            return logs_fail_invalid_parameter(c, "The specified nextToken is invalid.");
        }
        if (!known)
            start = n;
    }
    cJSON *list = cJSON_AddArrayToObject(out, "events");
    size_t end = start + limit < n ? start + limit : n;
    for (size_t i = start; i < end; i++) {
        cJSON *event = cJSON_CreateObject();
        cJSON_AddStringToObject(event, "logStreamName", found[i].stream);
        cJSON_AddNumberToObject(event, "timestamp", number_member(found[i].event, "timestamp"));
        cJSON_AddStringToObject(event, "message", param_string(found[i].event, "message"));
        cJSON_AddNumberToObject(event, "ingestionTime",
                                number_member(found[i].event, "ingestionTime"));
        cJSON_AddStringToObject(event, "eventId", param_string(found[i].event, "_eventId"));
        cJSON_AddItemToArray(list, event);
    }
    cJSON_AddItemToObject(out, "searchedLogStreams", searched);
    if (end < n && end > start)
        cJSON_AddStringToObject(out, "nextToken", param_string(found[end - 1].event, "_eventId"));
    free(found);
    return 0;
}
