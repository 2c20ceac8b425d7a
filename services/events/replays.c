/* Replays: StartReplay, DescribeReplay, ListReplays, CancelReplay. A replay starts STARTING and
 * runs from the event loop a moment later (at once when there is no loop), leaving a client the
 * time to cancel it as AWS's slower start does: RUNNING while the archive's events of
 * [EventStartTime, EventEndTime] go, each with a new id and "replay-name", to the destination
 * bus's rules (those FilterArns names, or all), then COMPLETED. Archive rules never take replayed
 * events back, their pattern leaves them out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "archives.h"
#include "buses.h"
#include "deliver.h"
#include "ops.h"

/* How long a replay stays STARTING. */
#define REPLAY_STARTUP_MS 1000u

/* A replay waiting for the event loop. It finds its replay again by name and run id, so a reset,
 * a deletion or a new replay of the same name meanwhile leaves it nothing to do. */
struct pending_replay {
    struct loop_timer timer;
    char account[16];
    char region[32];
    char name[128];
    char run[37];
};

static cJSON *replay_named(const struct events_region *r, const char *name)
{
    cJSON *replay;
    cJSON_ArrayForEach(replay, r->replays) {
        if (strcmp(param_string(replay, "ReplayName"), name) == 0)
            return replay;
    }
    return NULL;
}

static cJSON *replay_for_call(struct call *c, const char *name)
{
    cJSON *replay = replay_named(events_state(c), name);
    if (!replay)
        call_fail_resource_not_found(c, "Replay %s does not exist.", name);
    return replay;
}

static void set_string(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddStringToObject(obj, name, value);
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddNumberToObject(obj, name, value);
}

static bool in_window(const cJSON *event, double start, double end)
{
    double at;
    const char *time = param_string(event, "time");
    return time && timestamp_parse(time, TS_ISO8601, &at) && at >= start && at <= end;
}

/* Sends the replay's events; leaves it COMPLETED (or FAILED when its archive or bus is gone). */
static void replay_run(cJSON *replay)
{
    set_string(replay, "State", "RUNNING");
    const cJSON *archive = archive_from_arn(param_string(replay, "EventSourceArn"));
    const cJSON *destination = cJSON_GetObjectItemCaseSensitive(replay, "Destination");
    const char *bus_arn = param_string(destination, "Arn");
    struct arn arn;
    struct events_region *owner = arn_parse(bus_arn, &arn)
                                      ? events_region_find(arn.account, arn.region)
                                      : NULL;
    const cJSON *bus = owner ? bus_find(owner, bus_arn) : NULL;
    if (!archive || !bus) {
        set_string(replay, "State", "FAILED");
        set_string(replay, "StateReason", archive ? "The destination event bus does not exist."
                                                  : "The archive does not exist.");
        set_number(replay, "ReplayEndTime", events_now());
        return;
    }
    double start = param_number(replay, "EventStartTime", 0);
    double end = param_number(replay, "EventEndTime", 0);
    const cJSON *filter = cJSON_GetObjectItemCaseSensitive(destination, "FilterArns");
    const cJSON *entry;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(archive, "_events")) {
        const cJSON *original = cJSON_GetObjectItemCaseSensitive(entry, "event");
        if (!cJSON_IsObject(original) || !in_window(original, start, end))
            continue;
        cJSON *event = cJSON_Duplicate(original, 1);
        char id[37];
        uuid_new(id);
        set_string(event, "id", id);
        set_string(event, "replay-name", param_string(replay, "ReplayName"));
        events_route_to_rules(bus, event, 0, filter);
        cJSON_Delete(event);
        set_number(replay, "EventLastReplayedTime", events_now());
    }
    set_string(replay, "State", "COMPLETED");
    set_number(replay, "ReplayEndTime", events_now());
}

/* Ends a replay cancelled before it ran. */
static void replay_cancelled(cJSON *replay)
{
    set_string(replay, "State", "CANCELLED");
    set_number(replay, "ReplayEndTime", events_now());
}

static void replay_step(cJSON *replay)
{
    const char *state = param_string(replay, "State");
    if (strcmp(state, "STARTING") == 0)
        replay_run(replay);
    else if (strcmp(state, "CANCELLING") == 0)
        replay_cancelled(replay);
}

static void pending_fire(struct loop_timer *timer)
{
    struct pending_replay *p = (struct pending_replay *)timer;
    struct events_region *r = events_region_find(p->account, p->region);
    cJSON *replay = r ? replay_named(r, p->name) : NULL;
    const char *run = param_string(replay, "_RunId");
    if (replay && run && strcmp(run, p->run) == 0)
        replay_step(replay);
    free(p);
}

/* Moves the replay on from the event loop after delay_ms, or now when there is none. */
static void replay_schedule(struct events_region *r, cJSON *replay, uint64_t delay_ms)
{
    struct event_loop *loop = loop_current();
    if (!loop) {
        replay_step(replay);
        return;
    }
    struct pending_replay *p = xcalloc(1, sizeof *p);
    snprintf(p->account, sizeof p->account, "%s", r->account);
    snprintf(p->region, sizeof p->region, "%s", r->region);
    snprintf(p->name, sizeof p->name, "%s", param_string(replay, "ReplayName"));
    const char *run = param_string(replay, "_RunId");
    snprintf(p->run, sizeof p->run, "%s", run ? run : "");
    loop_timer_start(loop, &p->timer, delay_ms, pending_fire);
}

static void resume_region(struct events_region *r, void *arg)
{
    (void)arg;
    cJSON *replay;
    cJSON_ArrayForEach(replay, r->replays) {
        const char *state = param_string(replay, "State");
        if (strcmp(state, "RUNNING") == 0)
            set_string(replay, "State", "STARTING"); /* a restart runs it again from the start */
        if (strcmp(state, "RUNNING") == 0 || strcmp(state, "STARTING") == 0 ||
            strcmp(state, "CANCELLING") == 0)
            replay_schedule(r, replay, 0);
    }
}

void events_replays_resume(void)
{
    events_regions_each(resume_region, NULL);
}

/* The bus a destination ARN names, failing the call as StartReplay does. */
static const cJSON *destination_bus(struct call *c, const char *bus_arn)
{
    struct arn arn;
    if (!bus_arn || !arn_parse(bus_arn, &arn) || strcmp(arn.service, "events") != 0 ||
        strncmp(arn.resource, "event-bus/", 10) != 0) {
        call_fail_validation(c, "Parameter Destination.Arn is not valid. Reason: Must contain an "
                                "event bus ARN.");
        return NULL;
    }
    struct events_region *owner = events_region_find(arn.account, arn.region);
    const cJSON *bus = owner ? bus_find(owner, bus_arn) : NULL;
    if (!bus)
        call_fail_resource_not_found(c, "Event bus %s does not exist.", arn.resource + 10);
    return bus;
}

OPERATION(events_start_replay)
{
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "ReplayName");
    const char *source = param_string(in, "EventSourceArn");
    const cJSON *destination = cJSON_GetObjectItemCaseSensitive(in, "Destination");
    const cJSON *bus = destination_bus(c, param_string(destination, "Arn"));
    if (!bus)
        return -1;
    const cJSON *archive = archive_from_arn(source);
    if (!archive) {
        const char *slash = source ? strrchr(source, '/') : NULL;
        return call_fail_validation(c, "Parameter EventSourceArn is not valid. Reason: Archive "
                                       "%s does not exist.", slash ? slash + 1 : "");
    }
    if (strcmp(param_string(archive, "EventSourceArn"), param_string(bus, "Arn")) != 0)
        return call_fail_validation(c, "Parameter Destination.Arn is not valid. Reason: Cross "
                                       "event bus replay is not permitted.");
    double start = param_number(in, "EventStartTime", 0);
    double end = param_number(in, "EventEndTime", 0);
    if (start >= end)
        return call_fail_validation(c, "Parameter EventEndTime is not valid. Reason: "
                                       "EventStartTime must be before EventEndTime.");
    if (replay_named(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException", "Replay %s already exists.",
                         name);
    cJSON *replay = cJSON_CreateObject();
    cJSON_AddStringToObject(replay, "ReplayName", name);
    char *arn = arn_build("events", r->region, r->account, "replay/%s", name);
    cJSON_AddStringToObject(replay, "ReplayArn", arn);
    free(arn);
    const char *description = param_string(in, "Description");
    if (description)
        cJSON_AddStringToObject(replay, "Description", description);
    cJSON_AddStringToObject(replay, "State", "STARTING");
    char run[37];
    uuid_new(run);
    cJSON_AddStringToObject(replay, "_RunId", run);
    cJSON_AddStringToObject(replay, "EventSourceArn", source);
    cJSON_AddItemToObject(replay, "Destination", cJSON_Duplicate(destination, 1));
    cJSON_AddNumberToObject(replay, "EventStartTime", start);
    cJSON_AddNumberToObject(replay, "EventEndTime", end);
    double now = events_now();
    cJSON_AddNumberToObject(replay, "ReplayStartTime", now);
    json_sorted_insert(r->replays, replay, "ReplayName");
    cJSON_AddStringToObject(out, "ReplayArn", param_string(replay, "ReplayArn"));
    cJSON_AddStringToObject(out, "State", "STARTING");
    result_add_timestamp(out, "ReplayStartTime", now);
    replay_schedule(r, replay, REPLAY_STARTUP_MS);
    return 0;
}

OPERATION(events_describe_replay)
{
    const cJSON *replay = replay_for_call(c, param_string(in, "ReplayName"));
    if (!replay)
        return -1;
    cJSON *answer = json_public_copy(replay);
    while (answer && answer->child) {
        cJSON *member = cJSON_DetachItemViaPointer(answer, answer->child);
        cJSON_AddItemToObject(out, member->string, member);
    }
    cJSON_Delete(answer);
    return 0;
}

OPERATION(events_list_replays)
{
    long limit, start, seen = 0;
    if (events_one_filter(c, in, "ListReplays") != 0 ||
        events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *prefix = param_string(in, "NamePrefix");
    const char *source = param_string(in, "EventSourceArn");
    const char *state = param_string(in, "State");
    cJSON *list = cJSON_AddArrayToObject(out, "Replays");
    const cJSON *replay;
    cJSON_ArrayForEach(replay, events_state(c)->replays) {
        const char *name = param_string(replay, "ReplayName");
        if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) ||
            (source && strcmp(param_string(replay, "EventSourceArn"), source) != 0) ||
            (state && strcmp(param_string(replay, "State"), state) != 0))
            continue;
        cJSON *entry = json_public_copy(replay);
        static const char *const detail_only[] = {"ReplayArn", "Description", "Destination"};
        for (size_t i = 0; i < 3; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(entry, detail_only[i]);
        if (!events_page_add(out, list, entry, &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_cancel_replay)
{
    struct events_region *r = events_state(c);
    cJSON *replay = replay_for_call(c, param_string(in, "ReplayName"));
    if (!replay)
        return -1;
    const char *state = param_string(replay, "State");
    if (strcmp(state, "STARTING") != 0 && strcmp(state, "RUNNING") != 0)
        return call_fail(c, 400, "IllegalStatusException",
                         "Replay %s is not in a valid state for this operation.",
                         param_string(replay, "ReplayName"));
    set_string(replay, "State", "CANCELLING");
    cJSON_AddStringToObject(out, "ReplayArn", param_string(replay, "ReplayArn"));
    cJSON_AddStringToObject(out, "State", "CANCELLING");
    replay_schedule(r, replay, 0);
    return 0;
}
