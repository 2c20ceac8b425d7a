/* The Amazon EventBridge operations: one function each, listed once
 * (events.c builds the table from the list). */
#ifndef MOTOC_EVENTS_OPS_H
#define MOTOC_EVENTS_OPS_H

#include "../core/backend.h"

/* Every operation of the model, sorted by name (backend.h). One not written yet answers 404
 * NotYetImplemented. Writing one is a function named for it, e.g.
 *     OPERATION(events_activate_event_source) { ... }
 * and that name in its row instead of operation_not_yet_implemented. */
#define EVENTS_OPERATIONS(OP)                                         \
    OP(ActivateEventSource, operation_not_yet_implemented)            \
    OP(CancelReplay, operation_not_yet_implemented)                   \
    OP(CreateApiDestination, operation_not_yet_implemented)           \
    OP(CreateArchive, operation_not_yet_implemented)                  \
    OP(CreateConnection, operation_not_yet_implemented)               \
    OP(CreateEndpoint, operation_not_yet_implemented)                 \
    OP(CreateEventBus, events_create_event_bus)                       \
    OP(CreatePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeactivateEventSource, operation_not_yet_implemented)          \
    OP(DeauthorizeConnection, operation_not_yet_implemented)          \
    OP(DeleteApiDestination, operation_not_yet_implemented)           \
    OP(DeleteArchive, operation_not_yet_implemented)                  \
    OP(DeleteConnection, operation_not_yet_implemented)               \
    OP(DeleteEndpoint, operation_not_yet_implemented)                 \
    OP(DeleteEventBus, events_delete_event_bus)                       \
    OP(DeletePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeleteRule, events_delete_rule)                                \
    OP(DescribeApiDestination, operation_not_yet_implemented)         \
    OP(DescribeArchive, operation_not_yet_implemented)                \
    OP(DescribeConnection, operation_not_yet_implemented)             \
    OP(DescribeEndpoint, operation_not_yet_implemented)               \
    OP(DescribeEventBus, events_describe_event_bus)                   \
    OP(DescribeEventSource, operation_not_yet_implemented)            \
    OP(DescribePartnerEventSource, operation_not_yet_implemented)     \
    OP(DescribeReplay, operation_not_yet_implemented)                 \
    OP(DescribeRule, events_describe_rule)                            \
    OP(DisableRule, events_disable_rule)                              \
    OP(EnableRule, events_enable_rule)                                \
    OP(ListApiDestinations, operation_not_yet_implemented)            \
    OP(ListArchives, operation_not_yet_implemented)                   \
    OP(ListConnections, operation_not_yet_implemented)                \
    OP(ListEndpoints, operation_not_yet_implemented)                  \
    OP(ListEventBuses, events_list_event_buses)                       \
    OP(ListEventSources, operation_not_yet_implemented)               \
    OP(ListPartnerEventSourceAccounts, operation_not_yet_implemented) \
    OP(ListPartnerEventSources, operation_not_yet_implemented)        \
    OP(ListReplays, operation_not_yet_implemented)                    \
    OP(ListRuleNamesByTarget, events_list_rule_names_by_target)       \
    OP(ListRules, events_list_rules)                                  \
    OP(ListTagsForResource, events_list_tags_for_resource)            \
    OP(ListTargetsByRule, events_list_targets_by_rule)                \
    OP(PutEvents, events_put_events)                                  \
    OP(PutPartnerEvents, operation_not_yet_implemented)               \
    OP(PutPermission, operation_not_yet_implemented)                  \
    OP(PutRule, events_put_rule)                                      \
    OP(PutTargets, events_put_targets)                                \
    OP(RemovePermission, operation_not_yet_implemented)               \
    OP(RemoveTargets, events_remove_targets)                          \
    OP(StartReplay, operation_not_yet_implemented)                    \
    OP(TagResource, events_tag_resource)                              \
    OP(TestEventPattern, events_test_event_pattern)                   \
    OP(UntagResource, events_untag_resource)                          \
    OP(UpdateApiDestination, operation_not_yet_implemented)           \
    OP(UpdateArchive, operation_not_yet_implemented)                  \
    OP(UpdateConnection, operation_not_yet_implemented)               \
    OP(UpdateEndpoint, operation_not_yet_implemented)                 \
    OP(UpdateEventBus, operation_not_yet_implemented)
EVENTS_OPERATIONS(OPERATION_DECLARE)

#endif
