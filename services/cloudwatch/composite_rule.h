/* cloudwatch: the rule expressions of composite alarms: ALARM(x), OK(x), INSUFFICIENT_DATA(x),
 * TRUE, FALSE, AND, OR, NOT and parentheses; x an alarm name or ARN, quoted or not. */
#ifndef MOTOC_CLOUDWATCH_COMPOSITE_RULE_H
#define MOTOC_CLOUDWATCH_COMPOSITE_RULE_H

#include <stdbool.h>
#include <stddef.h>

/* The state of the alarm named name (NULL: no such alarm, which is never in any state). */
typedef const char *(*alarm_state_fn)(void *ctx, const char *name);

/* Evaluates rule; 0 with *value set, or -1 when rule is not a valid rule expression. */
int composite_rule_eval(const char *rule, alarm_state_fn state_of, void *ctx, bool *value);

/* Calls each(ctx, name) for every alarm rule names; 0, or -1 for an invalid rule. */
int composite_rule_alarms(const char *rule, void (*each)(void *ctx, const char *name), void *ctx);

#endif
