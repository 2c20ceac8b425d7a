/* Schedules firing from the event loop's timers: one timer, armed for the schedule due first. */
#ifndef MOTOC_SCHEDULER_FIRING_H
#define MOTOC_SCHEDULER_FIRING_H

#include <cjson/cJSON.h>

/* Sets when schedule (as stored) fires next after now ("_next", -1 for never, and "_offset"
 * within its flexible time window). */
void scheduler_schedule_plan(cJSON *schedule, double now);

/* Re-arms the timer after schedules changed; without an event loop (state loaded at startup,
 * unit tests) once this thread's loop runs. */
void scheduler_firing_refresh(void);

/* Fires every schedule due at now (the timer's work, exposed for tests). */
void scheduler_fire_due(double now);

#endif
