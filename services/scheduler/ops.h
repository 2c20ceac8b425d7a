/* The Amazon EventBridge Scheduler operations: one function each, listed once
 * (scheduler.c builds the table from the list). */
#ifndef MOTOC_SCHEDULER_OPS_H
#define MOTOC_SCHEDULER_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(scheduler_create_schedule) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define SCHEDULER_OPERATIONS(OP)                              \
    OP(CreateSchedule, scheduler_create_schedule)             \
    OP(CreateScheduleGroup, scheduler_create_schedule_group)  \
    OP(DeleteSchedule, scheduler_delete_schedule)             \
    OP(DeleteScheduleGroup, scheduler_delete_schedule_group)  \
    OP(GetSchedule, scheduler_get_schedule)                   \
    OP(GetScheduleGroup, scheduler_get_schedule_group)        \
    OP(ListScheduleGroups, scheduler_list_schedule_groups)    \
    OP(ListSchedules, scheduler_list_schedules)               \
    OP(ListTagsForResource, scheduler_list_tags_for_resource) \
    OP(TagResource, scheduler_tag_resource)                   \
    OP(UntagResource, scheduler_untag_resource)               \
    OP(UpdateSchedule, scheduler_update_schedule)
SCHEDULER_OPERATIONS(OPERATION_DECLARE)

#endif
