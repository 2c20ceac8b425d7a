/* A schedule's run handed to its target: SQS, SNS, EventBridge buses, Kinesis streams and the
 * universal aws-sdk target, which calls any of motoc's services in process. */
#ifndef MOTOC_SCHEDULER_DELIVER_H
#define MOTOC_SCHEDULER_DELIVER_H

#include <cjson/cJSON.h>

/* Delivers the run of schedule (as stored) due at scheduled (epoch seconds) for account in
 * region; a target that refuses it sends it to the schedule's dead-letter queue, if any. */
void scheduler_deliver(const char *account, const char *region, const cJSON *schedule,
                       double scheduled);

/* The input a run sends: Target.Input ("{}" when absent) with Scheduler's context attributes
 * (<aws.scheduler.schedule-arn>, …scheduled-time>, …execution-id>, …attempt-number>)
 * replaced.
 * Owned by the caller. */
char *scheduler_target_input(const cJSON *schedule, const char *execution_id, double scheduled);

#endif
