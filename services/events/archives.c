/* Archives: CreateArchive, DescribeArchive, ListArchives, UpdateArchive, DeleteArchive, and the
 * storing of events. As in AWS, an archive is fed by a rule EventBridge manages on its bus
 * ("Events-Archive-<name>", ManagedBy prod.vhs.events.aws.internal) whose pattern is the
 * archive's plus "replay-name" absent, and whose target turns each event into
 * {"archive-arn", "event", "ingestion-time"} for the archive. */
#include "archives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "buses.h"
#include "event_pattern.h"
#include "ops.h"

#define MANAGED_BY "prod.vhs.events.aws.internal"
#define DAY_SECONDS 86400.0

bool archive_target_arn(const char *arn)
{
    struct arn parsed;
    return arn_parse(arn, &parsed) && strcmp(parsed.service, "events") == 0 &&
           !parsed.account[0] && strcmp(parsed.resource, ":") == 0;
}

static cJSON *archive_named(const struct events_region *r, const char *name)
{
    cJSON *a;
    cJSON_ArrayForEach(a, r->archives) {
        if (strcmp(param_string(a, "ArchiveName"), name) == 0)
            return a;
    }
    return NULL;
}

cJSON *archive_from_arn(const char *arn_text)
{
    struct arn arn;
    if (!arn_parse(arn_text, &arn) || strcmp(arn.service, "events") != 0 ||
        strncmp(arn.resource, "archive/", 8) != 0)
        return NULL;
    struct events_region *r = events_region_find(arn.account, arn.region);
    return r ? archive_named(r, arn.resource + 8) : NULL;
}

static cJSON *archive_for_call(struct call *c, const char *name)
{
    cJSON *a = archive_named(events_state(c), name);
    if (!a)
        call_fail_resource_not_found(c, "Archive %s does not exist.", name);
    return a;
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (n)
        cJSON_SetNumberValue(n, value);
    else
        cJSON_AddNumberToObject(obj, name, value);
}

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, name))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, name, value);
    else
        cJSON_AddItemToObject(obj, name, value);
}

/* Drops the events older than the archive's retention (0 days: kept for ever). */
static void apply_retention(cJSON *archive, double now)
{
    double days = param_number(archive, "RetentionDays", 0);
    cJSON *events = cJSON_GetObjectItemCaseSensitive(archive, "_events");
    if (days <= 0 || !events)
        return;
    double size = param_number(archive, "SizeBytes", 0);
    cJSON *entry = events->child;
    while (entry) {
        cJSON *next = entry->next;
        if (param_number(entry, "ingested", now) < now - days * DAY_SECONDS) {
            size -= param_number(entry, "size", 0);
            cJSON_Delete(cJSON_DetachItemViaPointer(events, entry));
        }
        entry = next;
    }
    set_number(archive, "EventCount", cJSON_GetArraySize(events));
    set_number(archive, "SizeBytes", size > 0 ? size : 0);
}

int archive_receive(const char *input, char *reason, size_t size)
{
    cJSON *doc = cJSON_Parse(input);
    cJSON *archive = archive_from_arn(param_string(doc, "archive-arn"));
    cJSON *event = cJSON_GetObjectItemCaseSensitive(doc, "event");
    if (!archive || !cJSON_IsObject(event)) {
        snprintf(reason, size, "The archive does not exist.");
        cJSON_Delete(doc);
        return -1;
    }
    double now = events_now();
    char *text = cJSON_PrintUnformatted(event);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddNumberToObject(entry, "ingested", now);
    cJSON_AddNumberToObject(entry, "size", (double)strlen(text));
    cJSON_AddItemToObject(entry, "event", cJSON_DetachItemViaPointer(doc, event));
    cJSON *events = cJSON_GetObjectItemCaseSensitive(archive, "_events");
    if (!events)
        events = cJSON_AddArrayToObject(archive, "_events");
    cJSON_AddItemToArray(events, entry);
    set_number(archive, "EventCount", cJSON_GetArraySize(events));
    set_number(archive, "SizeBytes", param_number(archive, "SizeBytes", 0) + (double)strlen(text));
    free(text);
    cJSON_Delete(doc);
    apply_retention(archive, now);
    return 0;
}

/* The pattern of the archive's rule: the archive's own (valid) pattern, or none, with replayed
 * events left out. */
static char *managed_pattern(const char *pattern)
{
    cJSON *doc = pattern ? cJSON_Parse(pattern) : NULL;
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        doc = cJSON_CreateObject();
    }
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "replay-name");
    cJSON *absent = cJSON_CreateObject();
    cJSON_AddBoolToObject(absent, "exists", false);
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list, absent);
    cJSON_AddItemToObject(doc, "replay-name", list);
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

static void managed_rule_name(const char *archive_name, char *out, size_t size)
{
    snprintf(out, size, "Events-Archive-%s", archive_name);
}

/* The bus an archive's EventSourceArn names, or NULL. */
static cJSON *archive_bus(const cJSON *archive)
{
    struct arn arn;
    const char *source = param_string(archive, "EventSourceArn");
    if (!arn_parse(source, &arn))
        return NULL;
    struct events_region *owner = events_region_find(arn.account, arn.region);
    return owner ? bus_find(owner, source) : NULL;
}

static void add_managed_rule(cJSON *bus, const cJSON *archive, const char *account)
{
    char name[128];
    managed_rule_name(param_string(archive, "ArchiveName"), name, sizeof name);
    cJSON *rule = rule_add(bus, name, account);
    char *pattern = managed_pattern(param_string(archive, "EventPattern"));
    cJSON_AddStringToObject(rule, "EventPattern", pattern);
    free(pattern);
    cJSON_AddStringToObject(rule, "State", "ENABLED");
    cJSON_AddStringToObject(rule, "ManagedBy", MANAGED_BY);
    struct arn bus_arn;
    arn_parse(param_string(bus, "Arn"), &bus_arn);
    cJSON *target = cJSON_CreateObject();
    cJSON_AddStringToObject(target, "Id", name);
    char target_arn[128];
    snprintf(target_arn, sizeof target_arn, "arn:%s:events:%s:::", bus_arn.partition,
             bus_arn.region);
    cJSON_AddStringToObject(target, "Arn", target_arn);
    cJSON *transformer = cJSON_AddObjectToObject(target, "InputTransformer");
    cJSON_AddObjectToObject(transformer, "InputPathsMap");
    char template[1400];
    snprintf(template, sizeof template,
             "{\"archive-arn\": \"%s\", \"event\": <aws.events.event.json>, "
             "\"ingestion-time\": <aws.events.event.ingestion-time>}",
             param_string(archive, "ArchiveArn"));
    cJSON_AddStringToObject(transformer, "InputTemplate", template);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(rule, "_targets"), target);
}

static cJSON *managed_rule(const cJSON *archive)
{
    cJSON *bus = archive_bus(archive);
    char name[128];
    managed_rule_name(param_string(archive, "ArchiveName"), name, sizeof name);
    return bus ? rule_find(bus, name) : NULL;
}

/* Fails the call with InvalidEventPatternException when pattern is not valid. */
static int check_pattern(struct call *c, const char *pattern)
{
    if (!pattern)
        return 0;
    char reason[256];
    cJSON *parsed = event_pattern_parse(pattern, reason, sizeof reason);
    if (!parsed)
        return call_fail(c, 400, "InvalidEventPatternException",
                         "Event pattern is not valid. Reason: %s", reason);
    cJSON_Delete(parsed);
    return 0;
}

static const char *present(const char *text)
{
    return text && text[0] ? text : NULL;
}

OPERATION(events_create_archive)
{
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "ArchiveName");
    const char *source = param_string(in, "EventSourceArn");
    struct arn arn;
    if (!arn_parse(source, &arn) || strcmp(arn.service, "events") != 0 ||
        strncmp(arn.resource, "event-bus/", 10) != 0)
        return call_fail_validation(c, "Parameter EventSourceArn is not valid. Reason: Must "
                                       "contain an event bus ARN.");
    struct events_region *owner = events_region_find(arn.account, arn.region);
    cJSON *bus = owner ? bus_find(owner, source) : NULL;
    if (!bus)
        return call_fail_resource_not_found(c, "Event bus %s does not exist.",
                                            arn.resource + 10);
    const char *pattern = present(param_string(in, "EventPattern"));
    if (check_pattern(c, pattern) != 0)
        return -1;
    if (archive_named(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException", "Archive %s already exists.",
                         name);
    cJSON *archive = cJSON_CreateObject();
    char *archive_arn = arn_build("events", r->region, r->account, "archive/%s", name);
    cJSON_AddStringToObject(archive, "ArchiveArn", archive_arn);
    free(archive_arn);
    cJSON_AddStringToObject(archive, "ArchiveName", name);
    cJSON_AddStringToObject(archive, "EventSourceArn", source);
    const char *description = param_string(in, "Description");
    if (description)
        cJSON_AddStringToObject(archive, "Description", description);
    if (pattern)
        cJSON_AddStringToObject(archive, "EventPattern", pattern);
    cJSON_AddStringToObject(archive, "State", "ENABLED");
    cJSON_AddNumberToObject(archive, "RetentionDays", param_number(in, "RetentionDays", 0));
    cJSON_AddNumberToObject(archive, "SizeBytes", 0);
    cJSON_AddNumberToObject(archive, "EventCount", 0);
    cJSON_AddNumberToObject(archive, "CreationTime", events_now());
    const char *key = param_string(in, "KmsKeyIdentifier");
    if (key)
        cJSON_AddStringToObject(archive, "KmsKeyIdentifier", key);
    cJSON_AddArrayToObject(archive, "_events");
    json_sorted_insert(r->archives, archive, "ArchiveName");
    add_managed_rule(bus, archive, c->route->account);
    cJSON_AddStringToObject(out, "ArchiveArn", param_string(archive, "ArchiveArn"));
    cJSON_AddStringToObject(out, "State", "ENABLED");
    result_add_timestamp(out, "CreationTime", param_number(archive, "CreationTime", 0));
    return 0;
}

OPERATION(events_describe_archive)
{
    cJSON *archive = archive_for_call(c, param_string(in, "ArchiveName"));
    if (!archive)
        return -1;
    apply_retention(archive, events_now());
    cJSON *copy = json_public_copy(archive);
    cJSON *member;
    cJSON_ArrayForEach(member, copy)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    cJSON_Delete(copy);
    return 0;
}

/* ListArchives and ListReplays take at most one of their filters. */
int events_one_filter(struct call *c, const cJSON *in, const char *operation)
{
    static const char *const filters[] = {"NamePrefix", "EventSourceArn", "State"};
    int given = 0;
    for (size_t i = 0; i < 3; i++)
        given += param_string(in, filters[i]) != NULL;
    if (given > 1)
        return call_fail_validation(c, "At most one filter is allowed for %s. Use either : "
                                       "State, EventSourceArn, or NamePrefix.", operation);
    return 0;
}

OPERATION(events_list_archives)
{
    long limit, start, seen = 0;
    if (events_one_filter(c, in, "ListArchives") != 0 ||
        events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *prefix = param_string(in, "NamePrefix");
    const char *source = param_string(in, "EventSourceArn");
    const char *state = param_string(in, "State");
    cJSON *list = cJSON_AddArrayToObject(out, "Archives");
    double now = events_now();
    cJSON *archive;
    cJSON_ArrayForEach(archive, events_state(c)->archives) {
        const char *name = param_string(archive, "ArchiveName");
        if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) ||
            (source && strcmp(param_string(archive, "EventSourceArn"), source) != 0) ||
            (state && strcmp(param_string(archive, "State"), state) != 0))
            continue;
        apply_retention(archive, now);
        cJSON *entry = json_public_copy(archive);
        static const char *const detail_only[] = {"ArchiveArn", "Description", "EventPattern",
                                                  "KmsKeyIdentifier"};
        for (size_t i = 0; i < 4; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(entry, detail_only[i]);
        if (!events_page_add(out, list, entry, &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_update_archive)
{
    cJSON *archive = archive_for_call(c, param_string(in, "ArchiveName"));
    if (!archive)
        return -1;
    const char *pattern = present(param_string(in, "EventPattern"));
    if (check_pattern(c, pattern) != 0)
        return -1;
    static const char *const members[] = {"Description", "EventPattern", "RetentionDays",
                                          "KmsKeyIdentifier"};
    for (size_t i = 0; i < 4; i++) {
        cJSON *value = param_copy(in, members[i]);
        if (value)
            set_member(archive, members[i], value);
    }
    cJSON *rule = managed_rule(archive);
    if (rule && pattern) {
        char *text = managed_pattern(pattern);
        cJSON_ReplaceItemInObjectCaseSensitive(rule, "EventPattern", cJSON_CreateString(text));
        free(text);
    }
    apply_retention(archive, events_now());
    cJSON_AddStringToObject(out, "ArchiveArn", param_string(archive, "ArchiveArn"));
    cJSON_AddStringToObject(out, "State", param_string(archive, "State"));
    result_add_timestamp(out, "CreationTime", param_number(archive, "CreationTime", 0));
    return 0;
}

OPERATION(events_delete_archive)
{
    (void)out;
    cJSON *archive = archive_for_call(c, param_string(in, "ArchiveName"));
    if (!archive)
        return -1;
    cJSON *rule = managed_rule(archive);
    cJSON *bus = archive_bus(archive);
    if (rule && bus)
        cJSON_Delete(
            cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(bus, "_rules"), rule));
    cJSON_Delete(cJSON_DetachItemViaPointer(events_state(c)->archives, archive));
    return 0;
}
