/* cloudwatch: alarm state, evaluation as data arrives and the actions of a state change. */
#ifndef MOTOC_CLOUDWATCH_ALARMS_H
#define MOTOC_CLOUDWATCH_ALARMS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "state.h"

/* The metric alarm or composite alarm named name, or NULL. */
cJSON *alarm_find(struct cloudwatch_region *r, const char *name, bool *composite);

/* Sets the alarm's state; on a change records the history item, runs the state's actions (when
 * enabled) and re-evaluates composite alarms. reason_data may be NULL. */
void alarm_set_state(struct cloudwatch_region *r, cJSON *alarm, bool composite, const char *state,
                     const char *reason, const char *reason_data);

/* Evaluates the metric alarms (of namespace; NULL: every one) against the data stored now. */
void alarms_evaluate(struct cloudwatch_region *r, const char *namespace);
/* Evaluates one metric alarm; only_with_data: leaves the state alone when no period has data. */
void alarm_evaluate(struct cloudwatch_region *r, cJSON *alarm, bool only_with_data);

/* Brings every composite alarm's state in line with its rule. */
void composite_alarms_evaluate(struct cloudwatch_region *r);

/* Adds a history item of the alarm. */
void alarm_history_add(struct cloudwatch_region *r, const char *name, bool composite,
                       const char *type, const char *summary, const char *data);

#endif
