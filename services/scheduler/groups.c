/* Schedule groups: CreateScheduleGroup, GetScheduleGroup, ListScheduleGroups and
 * DeleteScheduleGroup (which takes the group's schedules with it), and group lookups. */
#include "groups.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/idempotency.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "firing.h"
#include "ops.h"
#include "scheduler_tags.h"

#define DEFAULT_GROUP "default"

struct scheduler_region *scheduler_state(struct call *c)
{
    return scheduler_region_get(c->route->account, c->route->region);
}

cJSON *schedule_group_find(const struct scheduler_region *r, const char *name)
{
    if (!name)
        name = DEFAULT_GROUP;
    cJSON *group;
    cJSON_ArrayForEach(group, r->groups) {
        const char *n = param_string(group, "Name");
        if (n && strcmp(n, name) == 0)
            return group;
    }
    return NULL;
}

cJSON *schedule_group_for_call(struct call *c, const char *name)
{
    cJSON *group = schedule_group_find(scheduler_state(c), name);
    if (!group)
        call_fail(c, 404, "ResourceNotFoundException", "Schedule group %s does not exist.",
                  name ? name : DEFAULT_GROUP);
    return group;
}

cJSON *scheduler_schedule_find(const cJSON *group, const char *name)
{
    cJSON *schedule;
    cJSON_ArrayForEach(schedule, cJSON_GetObjectItemCaseSensitive(group, "_schedules")) {
        const char *n = param_string(schedule, "Name");
        if (n && strcmp(n, name) == 0)
            return schedule;
    }
    return NULL;
}

static void add_group_summary(cJSON *out, const cJSON *group)
{
    static const char *const members[] = {"Arn", "CreationDate", "LastModificationDate", "Name",
                                          "State"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(group, members[i]);
        if (value)
            cJSON_AddItemToObject(out, members[i], cJSON_Duplicate(value, 1));
    }
}

OPERATION(scheduler_create_schedule_group)
{
    struct scheduler_region *r = scheduler_state(c);
    const char *name = param_string(in, "Name");
    const char *token = param_string(in, "ClientToken");
    int answered = idempotency_call(c, r->tokens, token, in, out, "ConflictException",
                                    "The ClientToken was already used for a different request.");
    if (answered != 0)
        return answered < 0 ? -1 : 0;
    if (schedule_group_find(r, name)) {
        if (token)
            idempotency_forget(r->tokens, token);
        return call_fail(c, 409, "ConflictException", "Schedule group %s already exists.", name);
    }
    cJSON *tags = scheduler_tags_from_request(c, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
    if (!tags) {
        if (token)
            idempotency_forget(r->tokens, token);
        return -1;
    }
    cJSON *group = scheduler_group_add(r, name, scheduler_now());
    cJSON_ReplaceItemInObjectCaseSensitive(group, "_tags", tags);
    cJSON_AddStringToObject(out, "ScheduleGroupArn", param_string(group, "Arn"));
    if (token)
        idempotency_finish(r->tokens, token, out);
    return 0;
}

OPERATION(scheduler_get_schedule_group)
{
    const cJSON *group = schedule_group_for_call(c, param_string(in, "Name"));
    if (!group)
        return -1;
    add_group_summary(out, group);
    return 0;
}

static const char *group_name_at(const void *array, size_t i)
{
    return param_string(((cJSON *const *)array)[i], "Name");
}

OPERATION(scheduler_list_schedule_groups)
{
    struct scheduler_region *r = scheduler_state(c);
    long size;
    if (page_size_read(in, "MaxResults", 1, 100, 100, &size) != 0)
        return call_fail_validation(c, "MaxResults must be between 1 and 100.");
    const char *prefix = param_string(in, "NamePrefix");
    const char *token = param_string(in, "NextToken");
    char *after = NULL;
    if (token && !(after = page_token_name(token)))
        return call_fail_validation(c, "The NextToken is not valid.");
    size_t count = 0;
    int total = cJSON_GetArraySize(r->groups);
    const cJSON **matching = xcalloc((size_t)total + 1, sizeof *matching);
    const cJSON *group;
    cJSON_ArrayForEach(group, r->groups) {
        const char *name = param_string(group, "Name");
        if (!prefix || strncmp(name, prefix, strlen(prefix)) == 0)
            matching[count++] = group;
    }
    struct page_range page = page_after_name(matching, count, group_name_at, after, (size_t)size);
    cJSON *list = cJSON_AddArrayToObject(out, "ScheduleGroups");
    for (size_t i = page.begin; i < page.end; i++) {
        cJSON *summary = cJSON_CreateObject();
        add_group_summary(summary, matching[i]);
        cJSON_AddItemToArray(list, summary);
    }
    if (page.more)
        page_token_add_name(out, "NextToken", group_name_at(matching, page.end - 1));
    free(matching);
    free(after);
    return 0;
}

OPERATION(scheduler_delete_schedule_group)
{
    (void)out;
    struct scheduler_region *r = scheduler_state(c);
    const char *name = param_string(in, "Name");
    if (strcmp(name, DEFAULT_GROUP) == 0)
        return call_fail_validation(c, "Deleting the default schedule group is not allowed.");
    cJSON *group = schedule_group_for_call(c, name);
    if (!group)
        return -1;
    /* AWS reports the group DELETING while it removes the schedules; motoc removes them at
     * once, so the group is gone when the call returns. */
    cJSON_DetachItemViaPointer(r->groups, group);
    cJSON_Delete(group);
    scheduler_firing_refresh();
    return 0;
}
