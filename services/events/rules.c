/* Rules and their targets: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule,
 * DisableRule, PutTargets, ListTargetsByRule, RemoveTargets, ListRuleNamesByTarget. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "buses.h"
#include "event_pattern.h"
#include "event_tags.h"
#include "ops.h"
#include "schedule.h"

#define LIST_PAGE_MAX 100
#define TARGETS_PER_RULE 5

/* rate(N unit) with a positive N and a unit agreeing with it, or cron() of six fields where
 * one of day-of-month and day-of-week is '?'. */
static bool schedule_valid(const char *expression)
{
    size_t len = strlen(expression);
    if (len < 7 || expression[len - 1] != ')')
        return false;
    if (strncmp(expression, "rate(", 5) == 0) {
        char *end;
        long n = strtol(expression + 5, &end, 10);
        if (n <= 0 || *end != ' ')
            return false;
        const char *unit = end + 1;
        size_t unit_len = len - 1 - (size_t)(unit - expression);
        static const char *const units[] = {"minute", "hour", "day"};
        for (size_t i = 0; i < 3; i++) {
            size_t base = strlen(units[i]);
            if (strncmp(unit, units[i], base) == 0 &&
                unit_len == base + (n == 1 ? 0 : 1) && (n == 1 || unit[base] == 's'))
                return true;
        }
        return false;
    }
    if (strncmp(expression, "cron(", 5) != 0)
        return false;
    char fields[6][64];
    int count = 0;
    const char *p = expression + 5, *end = expression + len - 1;
    while (p < end && count < 7) {
        while (p < end && *p == ' ')
            p++;
        if (p >= end)
            break;
        const char *start = p;
        while (p < end && *p != ' ')
            p++;
        if (count == 6 || (size_t)(p - start) >= sizeof fields[0])
            return false;
        memcpy(fields[count], start, (size_t)(p - start));
        fields[count++][p - start] = '\0';
    }
    return count == 6 && ((strcmp(fields[2], "?") == 0) != (strcmp(fields[4], "?") == 0));
}

cJSON *rule_add(cJSON *bus, const char *name, const char *created_by)
{
    const char *bus_name = param_string(bus, "Name");
    cJSON *rule = cJSON_CreateObject();
    cJSON_AddStringToObject(rule, "Name", name);
    struct arn bus_arn;
    arn_parse(param_string(bus, "Arn"), &bus_arn);
    char *arn = strcmp(bus_name, "default") == 0
                    ? arn_build("events", bus_arn.region, bus_arn.account, "rule/%s", name)
                    : arn_build("events", bus_arn.region, bus_arn.account, "rule/%s/%s",
                                bus_name, name);
    cJSON_AddStringToObject(rule, "Arn", arn);
    free(arn);
    cJSON_AddStringToObject(rule, "EventBusName", bus_name);
    cJSON_AddStringToObject(rule, "CreatedBy", created_by);
    cJSON_AddArrayToObject(rule, "_targets");
    cJSON_AddArrayToObject(rule, "_tags");
    json_sorted_insert(cJSON_GetObjectItemCaseSensitive(bus, "_rules"), rule, "Name");
    return rule;
}

static void set_string(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (value)
        cJSON_AddStringToObject(obj, name, value);
}

OPERATION(events_put_rule)
{
    cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    if (!bus)
        return -1;
    const char *name = param_string(in, "Name");
    /* SDKs may send empty strings for members left out: they count as absent. */
    const char *pattern = param_string(in, "EventPattern");
    const char *schedule = param_string(in, "ScheduleExpression");
    pattern = pattern && pattern[0] ? pattern : NULL;
    schedule = schedule && schedule[0] ? schedule : NULL;
    const char *bus_name = param_string(bus, "Name");
    if (!pattern && !schedule)
        return call_fail_validation(c, "Parameter(s) EventPattern or ScheduleExpression must be "
                                       "specified.");
    if (pattern) {
        char reason[256];
        cJSON *parsed = event_pattern_parse(pattern, reason, sizeof reason);
        if (!parsed)
            return call_fail(c, 400, "InvalidEventPatternException",
                             "Event pattern is not valid. Reason: %s", reason);
        cJSON_Delete(parsed);
    }
    if (schedule && strcmp(bus_name, "default") != 0)
        return call_fail_validation(c, "ScheduleExpression is supported only on the default "
                                       "event bus.");
    if (schedule && !schedule_valid(schedule))
        return call_fail_validation(c, "Parameter ScheduleExpression is not valid.");
    cJSON *rule = rule_find(bus, name);
    if (!rule) {
        cJSON *tags = NULL;
        const cJSON *tags_in = cJSON_GetObjectItemCaseSensitive(in, "Tags");
        if (tags_in && !(tags = event_tags_from_request(c, tags_in, name)))
            return -1;
        rule = rule_add(bus, name, c->route->account);
        if (tags)
            cJSON_ReplaceItemInObjectCaseSensitive(rule, "_tags", tags);
    }
    set_string(rule, "EventPattern", pattern);
    set_string(rule, "ScheduleExpression", schedule);
    set_string(rule, "State", param_string(in, "State") ? param_string(in, "State") : "ENABLED");
    set_string(rule, "Description", param_string(in, "Description"));
    set_string(rule, "RoleArn", param_string(in, "RoleArn"));
    events_schedule_reset_rule(rule);
    if (schedule)
        events_schedules_changed();
    cJSON_AddStringToObject(out, "RuleArn", param_string(rule, "Arn"));
    return 0;
}

OPERATION(events_describe_rule)
{
    const cJSON *rule = rule_for_call(c, in, "Name");
    if (!rule)
        return -1;
    cJSON *copy = json_public_copy(rule);
    cJSON *member;
    cJSON_ArrayForEach(member, copy)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    cJSON_Delete(copy);
    return 0;
}

static int set_state(struct call *c, const cJSON *in, const char *state)
{
    cJSON *rule = rule_for_call(c, in, "Name");
    if (!rule)
        return -1;
    set_string(rule, "State", state);
    events_schedule_reset_rule(rule);
    if (param_string(rule, "ScheduleExpression"))
        events_schedules_changed();
    return 0;
}

OPERATION(events_enable_rule)
{
    (void)out;
    return set_state(c, in, "ENABLED");
}

OPERATION(events_disable_rule)
{
    (void)out;
    return set_state(c, in, "DISABLED");
}

OPERATION(events_list_rules)
{
    const cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    long limit, start, seen = 0;
    if (!bus || events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *prefix = param_string(in, "NamePrefix");
    cJSON *list = cJSON_AddArrayToObject(out, "Rules");
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(bus, "_rules")) {
        const char *name = param_string(rule, "Name");
        if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
            continue;
        cJSON *copy = json_public_copy(rule);
        cJSON_DeleteItemFromObjectCaseSensitive(copy, "CreatedBy");
        if (!events_page_add(out, list, copy, &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_delete_rule)
{
    (void)out;
    cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    if (!bus)
        return -1;
    cJSON *rule = rule_find(bus, param_string(in, "Name"));
    if (!rule) /* AWS answers success for a rule that is not there */
        return 0;
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rule, "_targets")) > 0)
        return call_fail_validation(c, "Rule can't be deleted since it has targets.");
    cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(bus, "_rules"), rule));
    return 0;
}

static cJSON *target_find(const cJSON *targets, const char *id)
{
    cJSON *t;
    cJSON_ArrayForEach(t, targets) {
        if (strcmp(param_string(t, "Id"), id) == 0)
            return t;
    }
    return NULL;
}

static void add_failed(cJSON *failed, const char *id, const char *code, const char *message)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "TargetId", id);
    cJSON_AddStringToObject(entry, "ErrorCode", code);
    cJSON_AddStringToObject(entry, "ErrorMessage", message);
    cJSON_AddItemToArray(failed, entry);
}

/* Fails the call as EventBridge refuses target t; 0 when it is fine. */
static int refuse_target(struct call *c, const cJSON *t)
{
    const char *arn_text = param_string(t, "Arn");
    const char *id = param_string(t, "Id");
    struct arn arn;
    if (!arn_parse(arn_text, &arn))
        return call_fail_validation(c, "Parameter %s is not valid. Reason: Provided Arn is not in "
                                       "correct format.", arn_text);
    bool fifo_queue = strcmp(arn.service, "sqs") == 0 && strlen(arn.resource) > 5 &&
                      strcmp(arn.resource + strlen(arn.resource) - 5, ".fifo") == 0;
    const cJSON *sqs = cJSON_GetObjectItemCaseSensitive(t, "SqsParameters");
    if (fifo_queue && !param_string(sqs, "MessageGroupId"))
        return call_fail_validation(c, "Parameter(s) SqsParameters must be specified for "
                                       "target: %s.", id);
    if (sqs && !fifo_queue)
        return call_fail_validation(c, "Parameter(s) SqsParameters not valid for target: %s.",
                                    id);
    int inputs = (param_string(t, "Input") != NULL) + (param_string(t, "InputPath") != NULL) +
                 (cJSON_GetObjectItemCaseSensitive(t, "InputTransformer") != NULL);
    if (inputs > 1)
        return call_fail_validation(c, "Only one of Input, InputPath, or InputTransformer must "
                                       "be provided for target %s.", id);
    return 0;
}

OPERATION(events_put_targets)
{
    /* EventBridge checks the targets before it looks for the rule. */
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(in, "Targets")) {
        if (refuse_target(c, t) != 0)
            return -1;
    }
    cJSON *rule = rule_for_call(c, in, "Rule");
    if (!rule)
        return -1;
    cJSON *targets = cJSON_GetObjectItemCaseSensitive(rule, "_targets");
    int added = 0;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(in, "Targets"))
        added += !target_find(targets, param_string(t, "Id"));
    if (cJSON_GetArraySize(targets) + added > TARGETS_PER_RULE)
        return call_fail(c, 400, "LimitExceededException",
                         "The requested resource exceeds the maximum number allowed.");
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(in, "Targets")) {
        cJSON *old = target_find(targets, param_string(t, "Id"));
        if (old)
            cJSON_ReplaceItemViaPointer(targets, old, cJSON_Duplicate(t, 1));
        else
            cJSON_AddItemToArray(targets, cJSON_Duplicate(t, 1));
    }
    cJSON_AddNumberToObject(out, "FailedEntryCount", 0);
    cJSON_AddArrayToObject(out, "FailedEntries");
    return 0;
}

OPERATION(events_list_targets_by_rule)
{
    const cJSON *rule = rule_for_call(c, in, "Rule");
    long limit, start, seen = 0;
    if (!rule || events_read_page(c, in, &limit, &start) != 0)
        return -1;
    cJSON *list = cJSON_AddArrayToObject(out, "Targets");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rule, "_targets")) {
        if (!events_page_add(out, list, cJSON_Duplicate(t, 1), &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_remove_targets)
{
    cJSON *rule = rule_for_call(c, in, "Rule");
    if (!rule)
        return -1;
    cJSON *targets = cJSON_GetObjectItemCaseSensitive(rule, "_targets");
    cJSON *failed = cJSON_CreateArray();
    const cJSON *id;
    cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(in, "Ids")) {
        cJSON *t = target_find(targets, id->valuestring);
        if (t)
            cJSON_Delete(cJSON_DetachItemViaPointer(targets, t));
        else
            add_failed(failed, id->valuestring, "ResourceNotFoundException",
                       "The target does not exist.");
    }
    cJSON_AddNumberToObject(out, "FailedEntryCount", cJSON_GetArraySize(failed));
    cJSON_AddItemToObject(out, "FailedEntries", failed);
    return 0;
}

OPERATION(events_list_rule_names_by_target)
{
    const cJSON *bus = bus_for_call(c, param_string(in, "EventBusName"));
    long limit, start, seen = 0;
    if (!bus || events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *target = param_string(in, "TargetArn");
    cJSON *list = cJSON_AddArrayToObject(out, "RuleNames");
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(bus, "_rules")) {
        const cJSON *t;
        bool targeted = false;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rule, "_targets"))
            targeted = targeted || strcmp(param_string(t, "Arn"), target) == 0;
        if (targeted &&
            !events_page_add(out, list, cJSON_CreateString(param_string(rule, "Name")), &seen, start,
                      limit))
            break;
    }
    return 0;
}
