/* PutEvents (each entry becomes an event on its bus, routed to the rules it matches) and
 * TestEventPattern. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "buses.h"
#include "deliver.h"
#include "event_pattern.h"
#include "events.h"
#include "ops.h"
#include "permissions.h"

/* EventBridge's limit on the entries of one PutEvents call, together. */
#define MAX_REQUEST_BYTES (256 * 1024)

/* An entry's size as EventBridge counts it: its strings and resources, 14 bytes of time. */
static size_t entry_size(const cJSON *e)
{
    size_t size = 14;
    static const char *const members[] = {"Source", "DetailType", "Detail"};
    for (size_t i = 0; i < 3; i++) {
        const char *text = param_string(e, members[i]);
        size += text ? strlen(text) : 0;
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(e, "Resources"))
        size += cJSON_IsString(r) ? strlen(r->valuestring) : 0;
    return size;
}

static void add_failure(cJSON *entries, const char *code, const char *message)
{
    cJSON *result = cJSON_CreateObject();
    cJSON_AddStringToObject(result, "ErrorCode", code);
    cJSON_AddStringToObject(result, "ErrorMessage", message);
    cJSON_AddItemToArray(entries, result);
}

static void add_iso_time(cJSON *event, double epoch)
{
    struct buf text = BUF_INIT;
    timestamp_format((double)(long long)epoch, TS_ISO8601, &text);
    cJSON_AddStringToObject(event, "time", text.data);
    buf_free(&text);
}

/* The event EventBridge builds from an entry. */
static cJSON *build_event(const cJSON *e, cJSON *detail, const char *account, const char *region)
{
    char id[37];
    uuid_new(id);
    cJSON *event = cJSON_CreateObject();
    cJSON_AddStringToObject(event, "version", "0");
    cJSON_AddStringToObject(event, "id", id);
    cJSON_AddStringToObject(event, "detail-type", param_string(e, "DetailType"));
    cJSON_AddStringToObject(event, "source", param_string(e, "Source"));
    cJSON_AddStringToObject(event, "account", account);
    add_iso_time(event, param_number(e, "Time", events_now()));
    cJSON_AddStringToObject(event, "region", region);
    const cJSON *resources = cJSON_GetObjectItemCaseSensitive(e, "Resources");
    cJSON_AddItemToObject(event, "resources",
                          resources ? cJSON_Duplicate(resources, 1) : cJSON_CreateArray());
    cJSON_AddItemToObject(event, "detail", detail);
    return event;
}

/* Why EventBridge would refuse the entry, as its result's code and message; NULL when fine. */
static const char *entry_problem(const cJSON *e, cJSON **detail, const char **message)
{
    *detail = NULL;
    static const char *const required[][2] = {
        {"Source", "Parameter Source is not valid. Reason: Source is a required argument."},
        {"DetailType", "Parameter DetailType is not valid. Reason: DetailType is a required "
                       "argument."},
        {"Detail", "Parameter Detail is not valid. Reason: Detail is a required argument."},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *value = param_string(e, required[i][0]);
        if (!value || !value[0]) {
            *message = required[i][1];
            return "InvalidArgument";
        }
    }
    *detail = cJSON_Parse(param_string(e, "Detail"));
    if (!cJSON_IsObject(*detail)) {
        cJSON_Delete(*detail);
        *detail = NULL;
        *message = "Detail is malformed.";
        return "MalformedDetail";
    }
    if (strncmp(param_string(e, "Source"), "aws.", 4) == 0) {
        cJSON_Delete(*detail);
        *detail = NULL;
        *message = "Not authorized for the source.";
        return "NotAuthorizedForSourceException";
    }
    return NULL;
}

/* Fails the call when bus belongs to another account whose policy does not let the caller in. */
static int refuse_other_account(struct call *c, const cJSON *bus)
{
    const char *arn_text = param_string(bus, "Arn");
    struct arn arn;
    if (!arn_parse(arn_text, &arn) || strcmp(arn.account, c->route->account) == 0 ||
        bus_policy_allows_put_events(bus, c->route->account))
        return 0;
    return call_fail(c, 400, "AccessDeniedException",
                     "User: arn:aws:iam::%s:root is not authorized to perform: events:PutEvents "
                     "on resource: %s because no resource-based policy allows the "
                     "events:PutEvents action", c->route->account, arn_text);
}

void events_put_from_service(const char *account, const char *region, const cJSON *event)
{
    struct events_region *r = events_region_get(account, region);
    const cJSON *bus = bus_find(r, "default");
    if (bus)
        events_route(bus, event, 0);
}

cJSON *events_new_event(const char *account, const char *region, const char *source,
                        const char *detail_type, const cJSON *resources, cJSON *detail)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Source", source);
    cJSON_AddStringToObject(entry, "DetailType", detail_type);
    if (resources)
        cJSON_AddItemToObject(entry, "Resources", cJSON_Duplicate(resources, 1));
    cJSON *event = build_event(entry, detail, account, region);
    cJSON_Delete(entry);
    return event;
}

OPERATION(events_put_events)
{
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(in, "Entries");
    size_t total = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, entries)
        total += entry_size(e);
    if (total > MAX_REQUEST_BYTES)
        return call_fail_validation(c, "Total size of the entries in the request is over the "
                                       "limit.");
    struct events_region *r = events_state(c);
    cJSON_ArrayForEach(e, entries) {
        const cJSON *bus = bus_find(r, param_string(e, "EventBusName"));
        if (bus && refuse_other_account(c, bus) != 0)
            return -1;
    }
    cJSON *results = cJSON_CreateArray();
    int failed = 0;
    cJSON_ArrayForEach(e, entries) {
        const char *message;
        cJSON *detail;
        const char *code = entry_problem(e, &detail, &message);
        const cJSON *bus = code ? NULL : bus_find(r, param_string(e, "EventBusName"));
        if (!code && !bus) {
            cJSON_Delete(detail);
            code = "ResourceNotFoundException";
            message = "Event bus does not exist.";
        }
        if (code) {
            add_failure(results, code, message);
            failed++;
            continue;
        }
        cJSON *event = build_event(e, detail, c->route->account, c->route->region);
        cJSON *result = cJSON_CreateObject();
        cJSON_AddStringToObject(result, "EventId", param_string(event, "id"));
        cJSON_AddItemToArray(results, result);
        events_route(bus, event, 0);
        cJSON_Delete(event);
    }
    cJSON_AddNumberToObject(out, "FailedEntryCount", failed);
    cJSON_AddItemToObject(out, "Entries", results);
    return 0;
}

OPERATION(events_test_event_pattern)
{
    char reason[256];
    cJSON *pattern = event_pattern_parse(param_string(in, "EventPattern"), reason, sizeof reason);
    if (!pattern)
        return call_fail(c, 400, "InvalidEventPatternException",
                         "Event pattern is not valid. Reason: %s", reason);
    cJSON *event = cJSON_Parse(param_string(in, "Event"));
    static const char *const required[] = {"id", "account", "source", "time", "region",
                                           "detail-type"};
    const char *missing = NULL;
    for (size_t i = 0; cJSON_IsObject(event) && i < 6 && !missing; i++)
        if (!cJSON_GetObjectItemCaseSensitive(event, required[i]))
            missing = required[i];
    if (!cJSON_IsObject(event) || missing) {
        cJSON_Delete(pattern);
        cJSON_Delete(event);
        return call_fail_validation(c, "Parameter Event is not valid.%s%s",
                                    missing ? " Reason: Provided Event is missing field: " : "",
                                    missing ? missing : "");
    }
    cJSON_AddBoolToObject(out, "Result", event_pattern_matches(pattern, event));
    cJSON_Delete(pattern);
    cJSON_Delete(event);
    return 0;
}
