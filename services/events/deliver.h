/* Events on their way: matching a bus's rules and handing each target its input. */
#ifndef MOTOC_EVENTS_DELIVER_H
#define MOTOC_EVENTS_DELIVER_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Sends event to the targets of every enabled rule of bus whose pattern it matches. hops
 * counts buses already crossed (a bus target forwards), bounding loops. */
void events_route(const cJSON *bus, const cJSON *event, int hops);
/* The same, only to the rules whose ARNs rule_arns lists (all when NULL or empty): replays. */
void events_route_to_rules(const cJSON *bus, const cJSON *event, int hops, const cJSON *rule_arns);
/* Sends event to every target of rule, whatever its pattern (schedules). */
void events_deliver_to_targets(const cJSON *rule, const cJSON *event, int hops);

/* A service that receives EventBridge targets (Kinesis, Lambda, Firehose): puts input into the
 * resource target->Arn names; 0, or -1 with a reason when it cannot. */
typedef int (*events_target_sink)(const cJSON *target, const cJSON *event, const char *input,
                                  char *reason, size_t size);

/* Lets the service named by service (the ARN's service part) receive targets. */
void events_target_register(const char *service, events_target_sink sink);

#endif
