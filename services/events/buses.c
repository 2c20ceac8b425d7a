/* Event buses: CreateEventBus, DescribeEventBus, UpdateEventBus, ListEventBuses, DeleteEventBus,
 * and the lookups every EventBridge operation uses (buses.h). */
#include "buses.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/json_array.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "event_tags.h"
#include "ops.h"

#define LIST_PAGE_MAX 100

struct events_region *events_state(struct call *c)
{
    return events_region_get(c->route->account, c->route->region);
}

cJSON *bus_add(struct events_region *r, const char *name)
{
    cJSON *bus = cJSON_CreateObject();
    cJSON_AddStringToObject(bus, "Name", name);
    char *arn = arn_build("events", r->region, r->account, "event-bus/%s", name);
    cJSON_AddStringToObject(bus, "Arn", arn);
    free(arn);
    double now = events_now();
    cJSON_AddNumberToObject(bus, "CreationTime", now);
    cJSON_AddNumberToObject(bus, "LastModifiedTime", now);
    cJSON_AddArrayToObject(bus, "_rules");
    cJSON_AddArrayToObject(bus, "_tags");
    json_sorted_insert(r->buses, bus, "Name");
    return bus;
}

static cJSON *bus_named(const struct events_region *r, const char *name)
{
    cJSON *bus;
    cJSON_ArrayForEach(bus, r->buses) {
        if (strcmp(param_string(bus, "Name"), name) == 0)
            return bus;
    }
    return NULL;
}

cJSON *bus_find(struct events_region *r, const char *name_or_arn)
{
    if (!name_or_arn || !name_or_arn[0])
        return bus_named(r, "default");
    struct arn arn;
    if (strncmp(name_or_arn, "arn:", 4) != 0)
        return bus_named(r, name_or_arn);
    if (!arn_parse(name_or_arn, &arn) || strcmp(arn.service, "events") != 0 ||
        strncmp(arn.resource, "event-bus/", 10) != 0)
        return NULL;
    struct events_region *owner = events_region_get(arn.account, arn.region);
    return bus_named(owner, arn.resource + 10);
}

/* The name a request gave for a bus, for messages ("default" when none). */
static const char *bus_name_asked(const char *name_or_arn)
{
    if (!name_or_arn || !name_or_arn[0])
        return "default";
    const char *slash = strncmp(name_or_arn, "arn:", 4) == 0 ? strrchr(name_or_arn, '/') : NULL;
    return slash ? slash + 1 : name_or_arn;
}

cJSON *bus_for_call(struct call *c, const char *name_or_arn)
{
    cJSON *bus = bus_find(events_state(c), name_or_arn);
    if (!bus)
        call_fail_resource_not_found(c, "Event bus %s does not exist.",
                                     bus_name_asked(name_or_arn));
    return bus;
}

cJSON *rule_find(const cJSON *bus, const char *name)
{
    cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(bus, "_rules")) {
        if (strcmp(param_string(rule, "Name"), name) == 0)
            return rule;
    }
    return NULL;
}

cJSON *rule_for_call(struct call *c, const cJSON *in, const char *member)
{
    const cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    if (!bus)
        return NULL;
    const char *name = param_string(in, member);
    cJSON *rule = rule_find(bus, name);
    if (!rule)
        call_fail_resource_not_found(c, "Rule %s does not exist on EventBus %s.", name,
                                     param_string(bus, "Name"));
    return rule;
}

/* Reads Limit and NextToken; -1 after failing the call. */
int events_read_page(struct call *c, const cJSON *in, long *limit, long *start)
{
    if (page_size_read(in, "Limit", 1, LIST_PAGE_MAX, LIST_PAGE_MAX, limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 100", *limit);
    *start = page_token_index(param_string(in, "NextToken"));
    if (*start < 0)
        return call_fail_validation(c, "The NextToken provided is invalid.");
    return 0;
}

/* Adds item to list when it falls in the page; false once the page is full (a NextToken is
 * then added). */
bool events_page_add(cJSON *out, cJSON *list, cJSON *item, long *seen, long start, long limit)
{
    if ((*seen)++ < start) {
        cJSON_Delete(item);
        return true;
    }
    if (*seen > start + limit) {
        cJSON_Delete(item);
        page_token_add_index(out, "NextToken", (size_t)(start + limit));
        return false;
    }
    cJSON_AddItemToArray(list, item);
    return true;
}

/* ---- operations ---- */

OPERATION(events_create_event_bus)
{
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "Name");
    /* "default" always exists */
    if (bus_named(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException", "Event bus %s already exists.",
                         name);
    /* only partner event buses, named after their (partner) event source, hold a '/' */
    bool partner = strncmp(name, "aws.partner/", 12) == 0;
    if (strchr(name, '/') && !partner)
        return call_fail_validation(c, "Event bus name must not contain '/'.");
    const char *source = param_string(in, "EventSourceName");
    if (source || partner) /* motoc has no partner event sources */
        return call_fail_resource_not_found(c, "Event source %s does not exist.",
                                            source ? source : name);
    cJSON *tags = NULL;
    const cJSON *tags_in = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (tags_in && !(tags = event_tags_from_request(c, tags_in, name)))
        return -1;
    cJSON *bus = bus_add(r, name);
    if (tags)
        cJSON_ReplaceItemInObjectCaseSensitive(bus, "_tags", tags);
    static const char *const members[] = {"Description", "KmsKeyIdentifier", "DeadLetterConfig",
                                          "LogConfig"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        cJSON *value = param_copy(in, members[i]);
        if (value) {
            cJSON_AddItemToObject(out, members[i], cJSON_Duplicate(value, 1));
            cJSON_AddItemToObject(bus, members[i], value);
        }
    }
    cJSON_AddStringToObject(out, "EventBusArn", param_string(bus, "Arn"));
    return 0;
}

OPERATION(events_update_event_bus)
{
    cJSON *bus = bus_for_call(c, param_string(in, "Name"));
    if (!bus)
        return -1;
    static const char *const members[] = {"Description", "KmsKeyIdentifier", "DeadLetterConfig",
                                          "LogConfig"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        cJSON *value = param_copy(in, members[i]);
        if (!value)
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(bus, members[i]);
        cJSON_AddItemToObject(bus, members[i], value);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(bus, "LastModifiedTime");
    cJSON_AddNumberToObject(bus, "LastModifiedTime", events_now());
    cJSON_AddStringToObject(out, "Arn", param_string(bus, "Arn"));
    cJSON_AddStringToObject(out, "Name", param_string(bus, "Name"));
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(bus, members[i]);
        if (value)
            cJSON_AddItemToObject(out, members[i], cJSON_Duplicate(value, 1));
    }
    return 0;
}

OPERATION(events_describe_event_bus)
{
    const cJSON *bus = bus_for_call(c, param_string(in, "Name"));
    if (!bus)
        return -1;
    cJSON *copy = json_public_copy(bus);
    cJSON *member;
    cJSON_ArrayForEach(member, copy)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    cJSON_Delete(copy);
    return 0;
}

OPERATION(events_list_event_buses)
{
    struct events_region *r = events_state(c);
    long limit;
    if (page_size_read(in, "Limit", 1, LIST_PAGE_MAX, LIST_PAGE_MAX, &limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 100", limit);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The NextToken provided is invalid.");
    const char *prefix = param_string(in, "NamePrefix");
    cJSON *list = cJSON_AddArrayToObject(out, "EventBuses");
    long seen = 0;
    const cJSON *bus;
    cJSON_ArrayForEach(bus, r->buses) {
        const char *name = param_string(bus, "Name");
        if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) || seen++ < start)
            continue;
        if (seen > start + limit) {
            page_token_add_index(out, "NextToken", (size_t)(start + limit));
            break;
        }
        cJSON_AddItemToArray(list, json_public_copy(bus));
    }
    return 0;
}

OPERATION(events_delete_event_bus)
{
    (void)out;
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "Name");
    if (strcmp(name, "default") == 0)
        return call_fail_validation(c, "Cannot delete event bus default.");
    cJSON *bus = bus_named(r, name);
    if (bus) /* AWS answers success for a bus that is not there */
        cJSON_Delete(cJSON_DetachItemViaPointer(r->buses, bus));
    return 0;
}
