/* Tumbling windows of stream mappings: the state of a shard's unfinished window lives in the
 * mapping (under _Windows, which answers leave out), so it is saved and loaded with it. */
#include "stream_windows.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "../core/params.h"
#include "state.h"

double stream_window_start(double arrival, int seconds)
{
    return seconds > 0 ? floor(arrival / seconds) * seconds : arrival;
}

static cJSON *window_of(const char *uuid, const char *shard_id, bool create)
{
    cJSON *mapping = lambda_event_source_lookup(uuid, NULL);
    if (!mapping)
        return NULL;
    cJSON *all = cJSON_GetObjectItemCaseSensitive(mapping, "_Windows");
    if (!all && create)
        all = cJSON_AddObjectToObject(mapping, "_Windows");
    cJSON *window = cJSON_GetObjectItemCaseSensitive(all, shard_id);
    if (!window && create && all)
        window = cJSON_AddObjectToObject(all, shard_id);
    return window;
}

bool stream_window_open(const char *uuid, const char *shard_id, double *start)
{
    const cJSON *window = window_of(uuid, shard_id, false);
    const cJSON *stamp = cJSON_GetObjectItemCaseSensitive(window, "Start");
    if (!cJSON_IsNumber(stamp))
        return false;
    *start = stamp->valuedouble;
    return true;
}

/* Lambda writes the window's bounds to the second, with a Z. */
static void window_time(double epoch, char out[32])
{
    time_t seconds = (time_t)epoch;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void stream_window_describe(cJSON *event, const char *uuid, const char *shard_id,
                            const char *source_arn, double start, int seconds, bool final)
{
    char stamp[32];
    cJSON *bounds = cJSON_AddObjectToObject(event, "window");
    window_time(start, stamp);
    cJSON_AddStringToObject(bounds, "start", stamp);
    window_time(start + seconds, stamp);
    cJSON_AddStringToObject(bounds, "end", stamp);
    /* A state kept for an earlier window never reaches a later one. */
    double open_start;
    const cJSON *state = NULL;
    if (stream_window_open(uuid, shard_id, &open_start) && open_start == start)
        state = cJSON_GetObjectItemCaseSensitive(window_of(uuid, shard_id, false), "State");
    cJSON_AddItemToObject(event, "state",
                          state ? cJSON_Duplicate(state, true) : cJSON_CreateObject());
    cJSON_AddStringToObject(event, "shardId", shard_id);
    cJSON_AddStringToObject(event, "eventSourceARN", source_arn ? source_arn : "");
    cJSON_AddBoolToObject(event, "isFinalInvokeForWindow", final);
    cJSON_AddBoolToObject(event, "isWindowTerminatedEarly", false);
}

bool stream_window_keep(const char *uuid, const char *shard_id, double start,
                        const char *answer, size_t answer_len)
{
    cJSON *parsed = answer ? cJSON_ParseWithLength(answer, answer_len) : NULL;
    cJSON *state = cJSON_DetachItemFromObjectCaseSensitive(parsed, "state");
    cJSON_Delete(parsed);
    if (!cJSON_IsObject(state)) {
        cJSON_Delete(state);
        return false;
    }
    cJSON *window = window_of(uuid, shard_id, true);
    if (!window) {
        cJSON_Delete(state);
        return true;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(window, "Start");
    cJSON_AddNumberToObject(window, "Start", start);
    cJSON_DeleteItemFromObjectCaseSensitive(window, "State");
    cJSON_AddItemToObject(window, "State", state);
    return true;
}

void stream_window_close(const char *uuid, const char *shard_id)
{
    cJSON *mapping = lambda_event_source_lookup(uuid, NULL);
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(mapping, "_Windows"),
                                            shard_id);
}
