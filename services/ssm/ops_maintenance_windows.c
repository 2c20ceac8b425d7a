/* Maintenance windows, kept as configured (nothing runs in them): Create, Get, Describe,
 * Update and Delete, and the targets and tasks registered with them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "ops.h"
#include "parameter_tags.h"
#include "parameters.h"

static cJSON *window_find(struct ssm_region *r, const char *id)
{
    cJSON *window;
    cJSON_ArrayForEach(window, r->maintenance_windows)
        if (id && strcmp(member_string(window, "WindowId"), id) == 0)
            return window;
    return NULL;
}

/* The window a call names, or NULL after failing it. */
static cJSON *named_window(struct call *c, const cJSON *in)
{
    const char *id = param_string(in, "WindowId");
    cJSON *window = window_find(ssm_call_region(c), id);
    if (!window)
        call_fail(c, 400, "DoesNotExistException", "Maintenance window %s does not exist", id);
    return window;
}

static void copy_member(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(from, name);
    if (item)
        cJSON_AddItemToObject(to, name, cJSON_Duplicate(item, true));
}

static const char *const SETTINGS[] = {"Name", "Description", "StartDate", "EndDate", "Schedule",
                                       "ScheduleTimezone", "ScheduleOffset", "Duration",
                                       "Cutoff", "AllowUnassociatedTargets", "Enabled", NULL};

OPERATION(ssm_create_maintenance_window)
{
    struct ssm_region *r = ssm_call_region(c);
    cJSON *tags;
    if (parameter_tags_from_request(c, in, &tags) != 0)
        return -1;
    /* "mw-" and 17 hex digits, as AWS's windows are named. */
    char uuid[37], id[24] = "mw-";
    uuid_new(uuid);
    size_t n = 3;
    for (const char *d = uuid; *d && n < 20; d++)
        if (*d != '-')
            id[n++] = *d;
    id[n] = '\0';
    cJSON *window = cJSON_CreateObject();
    cJSON_AddStringToObject(window, "WindowId", id);
    for (const char *const *m = SETTINGS; *m; m++)
        copy_member(window, in, *m);
    if (!cJSON_GetObjectItemCaseSensitive(window, "Enabled"))
        cJSON_AddTrueToObject(window, "Enabled");
    double now = ssm_now();
    cJSON_AddNumberToObject(window, "CreatedDate", now);
    cJSON_AddNumberToObject(window, "ModifiedDate", now);
    cJSON_AddItemToObject(window, "Tags", tags);
    cJSON_AddArrayToObject(window, "WindowTargets");
    cJSON_AddArrayToObject(window, "WindowTasks");
    cJSON_AddItemToArray(r->maintenance_windows, window);
    cJSON_AddStringToObject(out, "WindowId", id);
    return 0;
}

static void copy_settings(cJSON *to, const cJSON *window)
{
    copy_member(to, window, "WindowId");
    for (const char *const *m = SETTINGS; *m; m++)
        copy_member(to, window, *m);
}

OPERATION(ssm_get_maintenance_window)
{
    const cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    copy_settings(out, window);
    copy_member(out, window, "CreatedDate");
    copy_member(out, window, "ModifiedDate");
    return 0;
}

static bool window_matches(const cJSON *window, const cJSON *filters)
{
    const cJSON *filter;
    cJSON_ArrayForEach(filter, filters) {
        const char *key = member_string(filter, "Key");
        const cJSON *item = key ? cJSON_GetObjectItemCaseSensitive(window, key) : NULL;
        char text[16];
        const char *value = cJSON_IsString(item) ? item->valuestring : NULL;
        if (cJSON_IsBool(item)) {
            snprintf(text, sizeof text, "%s", cJSON_IsTrue(item) ? "true" : "false");
            value = text;
        }
        bool any = false;
        const cJSON *wanted;
        cJSON_ArrayForEach(wanted, cJSON_GetObjectItemCaseSensitive(filter, "Values"))
            any = any || (value && cJSON_IsString(wanted) &&
                          strcmp(wanted->valuestring, value) == 0);
        if (!any)
            return false;
    }
    return true;
}

/* Adds the page of items that starts at NextToken; -1 after failing the call. */
static int add_page(struct call *c, const cJSON *in, const cJSON *items, cJSON *out,
                    const char *member)
{
    long size;
    page_size_read(in, "MaxResults", 1, 100, 50, &size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The specified next token is not valid.");
    long count = cJSON_GetArraySize(items);
    cJSON *list = cJSON_AddArrayToObject(out, member);
    for (long i = start; i < count && i < start + size; i++)
        cJSON_AddItemToArray(list, cJSON_Duplicate(cJSON_GetArrayItem(items, (int)i), true));
    if (start + size < count)
        page_token_add_index(out, "NextToken", (size_t)(start + size));
    return 0;
}

OPERATION(ssm_describe_maintenance_windows)
{
    struct ssm_region *r = ssm_call_region(c);
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(in, "Filters");
    cJSON *selected = cJSON_CreateArray();
    const cJSON *window;
    cJSON_ArrayForEach(window, r->maintenance_windows) {
        if (!window_matches(window, filters))
            continue;
        cJSON *identity = cJSON_CreateObject();
        copy_settings(identity, window);
        cJSON_AddItemToArray(selected, identity);
    }
    int rc = add_page(c, in, selected, out, "WindowIdentities");
    cJSON_Delete(selected);
    return rc;
}

OPERATION(ssm_update_maintenance_window)
{
    cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    if (param_true(in, "Replace"))
        for (const char *const *m = SETTINGS; *m; m++)
            cJSON_DeleteItemFromObjectCaseSensitive(window, *m);
    for (const char *const *m = SETTINGS; *m; m++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(in, *m);
        if (!item)
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(window, *m);
        cJSON_AddItemToObject(window, *m, cJSON_Duplicate(item, true));
    }
    if (!cJSON_GetObjectItemCaseSensitive(window, "Enabled"))
        cJSON_AddTrueToObject(window, "Enabled");
    cJSON_ReplaceItemInObjectCaseSensitive(window, "ModifiedDate", cJSON_CreateNumber(ssm_now()));
    copy_settings(out, window);
    return 0;
}

OPERATION(ssm_delete_maintenance_window)
{
    cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    cJSON_AddStringToObject(out, "WindowId", member_string(window, "WindowId"));
    cJSON_Delete(cJSON_DetachItemViaPointer(ssm_call_region(c)->maintenance_windows, window));
    return 0;
}

/* ---- targets and tasks ---- */

/* Registers the request as a new entry of the window's list; its id goes under id_member. */
static int register_entry(struct call *c, const cJSON *in, cJSON *out, const char *list_member,
                          const char *id_member, const char *const *members)
{
    cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    char id[37];
    uuid_new(id);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "WindowId", member_string(window, "WindowId"));
    cJSON_AddStringToObject(entry, id_member, id);
    for (const char *const *m = members; *m; m++)
        copy_member(entry, in, *m);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(window, list_member), entry);
    cJSON_AddStringToObject(out, id_member, id);
    return 0;
}

static int deregister_entry(struct call *c, const cJSON *in, cJSON *out, const char *list_member,
                            const char *id_member)
{
    cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    const char *id = param_string(in, id_member);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(window, list_member);
    cJSON *entry;
    cJSON_ArrayForEach(entry, list)
        if (strcmp(member_string(entry, id_member), id) == 0)
            break;
    if (!entry)
        return call_fail(c, 400, "DoesNotExistException",
                         "Maintenance window %s does not have %s %s", member_string(window,
                                                                                    "WindowId"),
                         strcmp(id_member, "WindowTaskId") == 0 ? "task" : "target", id);
    cJSON_AddStringToObject(out, "WindowId", member_string(window, "WindowId"));
    cJSON_AddStringToObject(out, id_member, id);
    cJSON_Delete(cJSON_DetachItemViaPointer(list, entry));
    return 0;
}

static int describe_entries(struct call *c, const cJSON *in, cJSON *out, const char *list_member,
                            const char *answer_member)
{
    const cJSON *window = named_window(c, in);
    if (!window)
        return -1;
    return add_page(c, in, cJSON_GetObjectItemCaseSensitive(window, list_member), out,
                    answer_member);
}

OPERATION(ssm_register_target_with_maintenance_window)
{
    static const char *const members[] = {"ResourceType", "Targets", "OwnerInformation", "Name",
                                          "Description", NULL};
    return register_entry(c, in, out, "WindowTargets", "WindowTargetId", members);
}

OPERATION(ssm_deregister_target_from_maintenance_window)
{
    return deregister_entry(c, in, out, "WindowTargets", "WindowTargetId");
}

OPERATION(ssm_describe_maintenance_window_targets)
{
    return describe_entries(c, in, out, "WindowTargets", "Targets");
}

OPERATION(ssm_register_task_with_maintenance_window)
{
    static const char *const members[] = {
        "Targets", "TaskArn", "ServiceRoleArn", "TaskType", "TaskParameters",
        "TaskInvocationParameters", "Priority", "MaxConcurrency", "MaxErrors",
        "LoggingInfo", "Name", "Description", "CutoffBehavior", "AlarmConfiguration", NULL};
    return register_entry(c, in, out, "WindowTasks", "WindowTaskId", members);
}

OPERATION(ssm_deregister_task_from_maintenance_window)
{
    return deregister_entry(c, in, out, "WindowTasks", "WindowTaskId");
}

OPERATION(ssm_describe_maintenance_window_tasks)
{
    return describe_entries(c, in, out, "WindowTasks", "Tasks");
}
