/* Schedule groups and schedules as operations find them, with Scheduler's errors when missing. */
#ifndef MOTOC_SCHEDULER_GROUPS_H
#define MOTOC_SCHEDULER_GROUPS_H

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

struct scheduler_region *scheduler_state(struct call *c);

/* The group named name (NULL = default) in r, or NULL. */
cJSON *schedule_group_find(const struct scheduler_region *r, const char *name);
/* The same, failing the call with ResourceNotFoundException when it is missing. */
cJSON *schedule_group_for_call(struct call *c, const char *name);

/* The schedule named name in group, or NULL. */
cJSON *scheduler_schedule_find(const cJSON *group, const char *name);

#endif
