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
    OP(CancelReplay, events_cancel_replay)                        \
    OP(CreateApiDestination, events_create_api_destination)       \
    OP(CreateArchive, events_create_archive)                      \
    OP(CreateConnection, events_create_connection)                \
    OP(CreateEndpoint, operation_not_yet_implemented)                 \
    OP(CreateEventBus, events_create_event_bus)                       \
    OP(CreatePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeactivateEventSource, operation_not_yet_implemented)          \
    OP(DeauthorizeConnection, events_deauthorize_connection)      \
    OP(DeleteApiDestination, events_delete_api_destination)       \
    OP(DeleteArchive, events_delete_archive)                      \
    OP(DeleteConnection, events_delete_connection)                \
    OP(DeleteEndpoint, operation_not_yet_implemented)                 \
    OP(DeleteEventBus, events_delete_event_bus)                       \
    OP(DeletePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeleteRule, events_delete_rule)                                \
    OP(DescribeApiDestination, events_describe_api_destination)   \
    OP(DescribeArchive, events_describe_archive)                  \
    OP(DescribeConnection, events_describe_connection)            \
    OP(DescribeEndpoint, operation_not_yet_implemented)               \
    OP(DescribeEventBus, events_describe_event_bus)                   \
    OP(DescribeEventSource, operation_not_yet_implemented)            \
    OP(DescribePartnerEventSource, operation_not_yet_implemented)     \
    OP(DescribeReplay, events_describe_replay)                    \
    OP(DescribeRule, events_describe_rule)                            \
    OP(DisableRule, events_disable_rule)                              \
    OP(EnableRule, events_enable_rule)                                \
    OP(ListApiDestinations, events_list_api_destinations)         \
    OP(ListArchives, events_list_archives)                        \
    OP(ListConnections, events_list_connections)                  \
    OP(ListEndpoints, operation_not_yet_implemented)                  \
    OP(ListEventBuses, events_list_event_buses)                       \
    OP(ListEventSources, operation_not_yet_implemented)               \
    OP(ListPartnerEventSourceAccounts, operation_not_yet_implemented) \
    OP(ListPartnerEventSources, operation_not_yet_implemented)        \
    OP(ListReplays, events_list_replays)                          \
    OP(ListRuleNamesByTarget, events_list_rule_names_by_target)       \
    OP(ListRules, events_list_rules)                                  \
    OP(ListTagsForResource, events_list_tags_for_resource)            \
    OP(ListTargetsByRule, events_list_targets_by_rule)                \
    OP(PutEvents, events_put_events)                                  \
    OP(PutPartnerEvents, operation_not_yet_implemented)               \
    OP(PutPermission, events_put_permission)                      \
    OP(PutRule, events_put_rule)                                      \
    OP(PutTargets, events_put_targets)                                \
    OP(RemovePermission, events_remove_permission)                \
    OP(RemoveTargets, events_remove_targets)                          \
    OP(StartReplay, events_start_replay)                          \
    OP(TagResource, events_tag_resource)                              \
    OP(TestEventPattern, events_test_event_pattern)                   \
    OP(UntagResource, events_untag_resource)                          \
    OP(UpdateApiDestination, events_update_api_destination)       \
    OP(UpdateArchive, events_update_archive)                      \
    OP(UpdateConnection, events_update_connection)                \
    OP(UpdateEndpoint, operation_not_yet_implemented)                 \
    OP(UpdateEventBus, events_update_event_bus)
EVENTS_OPERATIONS(OPERATION_DECLARE)

#endif
