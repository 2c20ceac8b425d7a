/* Rotation schedules: RotationRules' ScheduleExpression, "rate(N days)", "rate(N hours)" or an
 * EventBridge-style "cron(minutes hours day-of-month month day-of-week year)", and its Duration,
 * "Nh": a rotation window of N hours. */
#ifndef MOTOC_SECRETSMANAGER_SCHEDULE_H
#define MOTOC_SECRETSMANAGER_SCHEDULE_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* 0 when expression is one of the forms above within AWS's limits (a rate of 4 hours to 1000
 * days); -1 with the reason in problem. */
int schedule_check(const char *expression, char *problem, size_t size);

/* 0 when duration is "1h" to "24h"; -1 with the reason in problem. */
int schedule_duration_check(const char *duration, char *problem, size_t size);

/* The first time after from (epoch seconds) that a checked expression schedules, or 0 when it
 * schedules nothing within the next five years. */
double schedule_next(const char *expression, double from);

/* When a secret with RotationRules rules (AutomaticallyAfterDays or ScheduleExpression) next
 * rotates after a rotation at from; 0 when the rules schedule none. */
double schedule_next_rotation(const cJSON *rules, double from);

#endif
