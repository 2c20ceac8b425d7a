/* Schedule rules (rate() and cron() expressions) firing from the event loop. */
#ifndef MOTOC_EVENTS_SCHEDULE_H
#define MOTOC_EVENTS_SCHEDULE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* When a schedule fires next after the epoch second after (UTC): for rate(N unit), after plus
 * the period (after being the rule's previous firing, or its creation); for cron(minutes hours
 * day-of-month month day-of-week year), the first whole minute past after that it names. False
 * when it never does or is not an expression rules take. */
bool schedule_next_fire(const char *expression, double after, double *next);

/* A rule's schedule, state or existence changed: its next firing is computed afresh. */
void events_schedule_reset_rule(cJSON *rule);

/* Fires the schedule rules that are due and arms the event loop's timer for the next one (no
 * loop, as in unit tests: nothing fires). Called whenever schedule rules change or are loaded. */
void events_schedules_changed(void);

#endif
