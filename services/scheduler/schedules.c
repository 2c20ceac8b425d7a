/* Schedules: CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule and ListSchedules,
 * with Scheduler's checks of expressions, time zones, dates and flexible time windows. */
#include "ops.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/idempotency.h"
#include "../core/json_array.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/schedule_expression.h"
#include "firing.h"
#include "groups.h"
#include "../core/time_zone.h"

/* How far in the past a StartDate or EndDate may lie. */
#define DATE_GRACE_SECONDS 300
#define DEFAULT_MAX_EVENT_AGE 86400
#define DEFAULT_MAX_RETRY_ATTEMPTS 185

static bool json_string_is(const cJSON *obj, const char *name, const char *value)
{
    const char *text = param_string(obj, name);
    return text && strcmp(text, value) == 0;
}

static void copy_member(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(from, name);
    if (value)
        cJSON_AddItemToObject(to, name, cJSON_Duplicate(value, 1));
}

#define ROLE_ARN_PATTERN "^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$"

/* Whether text fits ROLE_ARN_PATTERN. */
static bool is_role_arn(const char *text)
{
    if (strncmp(text, "arn:aws", 7) != 0)
        return false;
    const char *p = text + 7;
    if (*p == '-') {
        const char *letters = ++p;
        while (*p >= 'a' && *p <= 'z')
            p++;
        if (p == letters)
            return false;
    }
    if (strncmp(p, ":iam::", 6) != 0)
        return false;
    p += 6;
    for (int i = 0; i < 12; i++, p++)
        if (!isdigit((unsigned char)*p))
            return false;
    if (strncmp(p, ":role/", 6) != 0 || !p[6])
        return false;
    for (p += 6; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_+=,.@/-", *p))
            return false;
    return true;
}

/* The checks CreateSchedule and UpdateSchedule share: the model's pattern of the role first, as
 * AWS checks constraints before meanings, then dates; 0 or -1 after failing the call. */
static int check_schedule(struct call *c, const cJSON *in, double now)
{
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(in, "Target");
    const char *role_arn = param_string(target, "RoleArn");
    if (!is_role_arn(role_arn))
        return call_fail_validation(c, "1 validation error detected: Value '%s' at "
                                       "'target.roleArn' failed to satisfy constraint: Member must "
                                       "satisfy regular expression pattern: %s",
                                    role_arn, ROLE_ARN_PATTERN);
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(in, "StartDate");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(in, "EndDate");
    if (start && start->valuedouble < now - DATE_GRACE_SECONDS)
        return call_fail_validation(c, "The StartDate you specify cannot be earlier than 5 "
                                       "minutes ago.");
    if (end && end->valuedouble < now)
        return call_fail_validation(c, "The EndDate you specify cannot be earlier than the "
                                       "current time.");
    if (start && end && start->valuedouble >= end->valuedouble)
        return call_fail_validation(c, "The StartDate must come before the EndDate.");
    const char *expression = param_string(in, "ScheduleExpression");
    struct schedule_expression parsed;
    if (!schedule_expression_parse(expression, &parsed))
        return call_fail_validation(c, "Invalid Schedule Expression %s.", expression);
    const char *zone = param_string(in, "ScheduleExpressionTimezone");
    if (zone && !zone_known(zone))
        return call_fail_validation(c, "Invalid ScheduleExpressionTimezone %s.", zone);
    const cJSON *window = cJSON_GetObjectItemCaseSensitive(in, "FlexibleTimeWindow");
    const char *mode = param_string(window, "Mode");
    bool has_maximum = cJSON_GetObjectItemCaseSensitive(window, "MaximumWindowInMinutes") != NULL;
    if (mode && strcmp(mode, "FLEXIBLE") == 0 && !has_maximum)
        return call_fail_validation(c, "MaximumWindowInMinutes must be provided when Mode is "
                                       "FLEXIBLE.");
    const char *target_arn = param_string(target, "Arn");
    if (strncmp(target_arn, "arn:aws:scheduler:::aws-sdk:", 28) == 0) {
        const char *action = strchr(target_arn + 28, ':');
        if (!action || action == target_arn + 28 || !action[1])
            return call_fail_validation(c, "Invalid Target Arn %s.", target_arn);
    }
    return 0;
}

/* The target as stored: the request's, with the retry policy AWS fills in. */
static cJSON *stored_target(const cJSON *in)
{
    cJSON *target = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(in, "Target"), 1);
    cJSON *retry = cJSON_GetObjectItemCaseSensitive(target, "RetryPolicy");
    if (!retry)
        retry = cJSON_AddObjectToObject(target, "RetryPolicy");
    if (!cJSON_GetObjectItemCaseSensitive(retry, "MaximumEventAgeInSeconds"))
        cJSON_AddNumberToObject(retry, "MaximumEventAgeInSeconds", DEFAULT_MAX_EVENT_AGE);
    if (!cJSON_GetObjectItemCaseSensitive(retry, "MaximumRetryAttempts"))
        cJSON_AddNumberToObject(retry, "MaximumRetryAttempts", DEFAULT_MAX_RETRY_ATTEMPTS);
    return target;
}

/* Fills schedule (keeping its identity and CreationDate) from the request. */
static void configure(cJSON *schedule, const cJSON *in, double now)
{
    static const char *const kept[] = {"Arn", "Name", "GroupName", "CreationDate"};
    cJSON *identity = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        copy_member(identity, schedule, kept[i]);
    while (schedule->child)
        cJSON_Delete(cJSON_DetachItemViaPointer(schedule, schedule->child));
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        copy_member(schedule, identity, kept[i]);
    cJSON_Delete(identity);
    static const char *const optional[] = {"Description", "EndDate", "KmsKeyArn",
                                           "ScheduleExpressionTimezone", "StartDate"};
    copy_member(schedule, in, "ScheduleExpression");
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        copy_member(schedule, in, optional[i]);
    copy_member(schedule, in, "FlexibleTimeWindow");
    cJSON_AddItemToObject(schedule, "Target", stored_target(in));
    const char *state = param_string(in, "State");
    cJSON_AddStringToObject(schedule, "State", state ? state : "ENABLED");
    const char *after_completion = param_string(in, "ActionAfterCompletion");
    cJSON_AddStringToObject(schedule, "ActionAfterCompletion",
                            after_completion ? after_completion : "NONE");
    cJSON_AddNumberToObject(schedule, "LastModificationDate", now);
    /* rate() counts its periods from the StartDate, else from this configuration. */
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(in, "StartDate");
    cJSON_AddNumberToObject(schedule, "_base", start ? start->valuedouble : now);
    scheduler_schedule_plan(schedule, now);
}

OPERATION(scheduler_create_schedule)
{
    struct scheduler_region *r = scheduler_state(c);
    const char *name = param_string(in, "Name");
    const char *group_name = param_string(in, "GroupName");
    const char *token = param_string(in, "ClientToken");
    double now = scheduler_now();
    if (check_schedule(c, in, now) != 0)
        return -1;
    cJSON *group = schedule_group_for_call(c, group_name);
    if (!group)
        return -1;
    int answered = idempotency_call(c, r->tokens, token, in, out, "ConflictException",
                                    "The ClientToken was already used for a different request.");
    if (answered != 0)
        return answered < 0 ? -1 : 0;
    if (scheduler_schedule_find(group, name)) {
        if (token)
            idempotency_forget(r->tokens, token);
        return call_fail(c, 409, "ConflictException", "Schedule %s already exists.", name);
    }
    group_name = param_string(group, "Name");
    cJSON *schedule = cJSON_CreateObject();
    char *arn = arn_build("scheduler", r->region, r->account, "schedule/%s/%s", group_name, name);
    cJSON_AddStringToObject(schedule, "Arn", arn);
    free(arn);
    cJSON_AddStringToObject(schedule, "Name", name);
    cJSON_AddStringToObject(schedule, "GroupName", group_name);
    cJSON_AddNumberToObject(schedule, "CreationDate", now);
    configure(schedule, in, now);
    json_sorted_insert(cJSON_GetObjectItemCaseSensitive(group, "_schedules"), schedule, "Name");
    cJSON_AddStringToObject(out, "ScheduleArn", param_string(schedule, "Arn"));
    if (token)
        idempotency_finish(r->tokens, token, out);
    scheduler_firing_refresh();
    return 0;
}

/* The schedule the request names by Name and GroupName, failing the call when missing. */
static cJSON *schedule_for_call(struct call *c, const cJSON *in, cJSON **group_out)
{
    const char *name = param_string(in, "Name");
    cJSON *group = schedule_group_for_call(c, param_string(in, "GroupName"));
    if (!group)
        return NULL;
    cJSON *schedule = scheduler_schedule_find(group, name);
    if (!schedule)
        call_fail(c, 404, "ResourceNotFoundException", "Schedule %s does not exist.", name);
    if (group_out)
        *group_out = group;
    return schedule;
}

OPERATION(scheduler_get_schedule)
{
    const cJSON *schedule = schedule_for_call(c, in, NULL);
    if (!schedule)
        return -1;
    const cJSON *member;
    cJSON_ArrayForEach(member, schedule)
        if (member->string[0] != '_')
            cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    return 0;
}

OPERATION(scheduler_update_schedule)
{
    double now = scheduler_now();
    if (check_schedule(c, in, now) != 0)
        return -1;
    cJSON *schedule = schedule_for_call(c, in, NULL);
    if (!schedule)
        return -1;
    configure(schedule, in, now);
    cJSON_AddStringToObject(out, "ScheduleArn", param_string(schedule, "Arn"));
    scheduler_firing_refresh();
    return 0;
}

OPERATION(scheduler_delete_schedule)
{
    (void)out;
    struct scheduler_region *r = scheduler_state(c);
    const char *token = param_string(in, "ClientToken");
    int answered = idempotency_call(c, r->tokens, token, in, out, "ConflictException",
                                    "The ClientToken was already used for a different request.");
    if (answered != 0)
        return answered < 0 ? -1 : 0;
    cJSON *group;
    cJSON *schedule = schedule_for_call(c, in, &group);
    if (!schedule) {
        if (token)
            idempotency_forget(r->tokens, token);
        return -1;
    }
    cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(group, "_schedules"),
                                            schedule));
    if (token)
        idempotency_finish(r->tokens, token, out);
    scheduler_firing_refresh();
    return 0;
}

static cJSON *schedule_summary(const cJSON *schedule)
{
    static const char *const members[] = {"Arn", "CreationDate", "GroupName",
                                          "LastModificationDate", "Name", "State"};
    cJSON *summary = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        copy_member(summary, schedule, members[i]);
    cJSON *target = cJSON_AddObjectToObject(summary, "Target");
    copy_member(target, cJSON_GetObjectItemCaseSensitive(schedule, "Target"), "Arn");
    return summary;
}

OPERATION(scheduler_list_schedules)
{
    struct scheduler_region *r = scheduler_state(c);
    long size;
    if (page_size_read(in, "MaxResults", 1, 100, 100, &size) != 0)
        return call_fail_validation(c, "MaxResults must be between 1 and 100.");
    const char *group_name = param_string(in, "GroupName");
    if (group_name && !schedule_group_for_call(c, group_name))
        return -1;
    long skip = page_token_index(param_string(in, "NextToken"));
    if (skip < 0)
        return call_fail_validation(c, "The NextToken is not valid.");
    const char *prefix = param_string(in, "NamePrefix");
    const char *state = param_string(in, "State");
    cJSON *list = cJSON_AddArrayToObject(out, "Schedules");
    long position = 0, listed = 0;
    const cJSON *group;
    cJSON_ArrayForEach(group, r->groups) {
        if (group_name && strcmp(param_string(group, "Name"), group_name) != 0)
            continue;
        const cJSON *schedule;
        cJSON_ArrayForEach(schedule, cJSON_GetObjectItemCaseSensitive(group, "_schedules")) {
            const char *name = param_string(schedule, "Name");
            if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) ||
                (state && !json_string_is(schedule, "State", state)))
                continue;
            if (position++ < skip)
                continue;
            if (listed == size) {
                page_token_add_index(out, "NextToken", (size_t)(position - 1));
                return 0;
            }
            cJSON_AddItemToArray(list, schedule_summary(schedule));
            listed++;
        }
    }
    return 0;
}
