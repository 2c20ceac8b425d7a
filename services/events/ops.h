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
    OP(CreateEventBus, operation_not_yet_implemented)                 \
    OP(CreatePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeactivateEventSource, operation_not_yet_implemented)          \
    OP(DeauthorizeConnection, operation_not_yet_implemented)          \
    OP(DeleteApiDestination, operation_not_yet_implemented)           \
    OP(DeleteArchive, operation_not_yet_implemented)                  \
    OP(DeleteConnection, operation_not_yet_implemented)               \
    OP(DeleteEndpoint, operation_not_yet_implemented)                 \
    OP(DeleteEventBus, operation_not_yet_implemented)                 \
    OP(DeletePartnerEventSource, operation_not_yet_implemented)       \
    OP(DeleteRule, operation_not_yet_implemented)                     \
    OP(DescribeApiDestination, operation_not_yet_implemented)         \
    OP(DescribeArchive, operation_not_yet_implemented)                \
    OP(DescribeConnection, operation_not_yet_implemented)             \
    OP(DescribeEndpoint, operation_not_yet_implemented)               \
    OP(DescribeEventBus, operation_not_yet_implemented)               \
    OP(DescribeEventSource, operation_not_yet_implemented)            \
    OP(DescribePartnerEventSource, operation_not_yet_implemented)     \
    OP(DescribeReplay, operation_not_yet_implemented)                 \
    OP(DescribeRule, operation_not_yet_implemented)                   \
    OP(DisableRule, operation_not_yet_implemented)                    \
    OP(EnableRule, operation_not_yet_implemented)                     \
    OP(ListApiDestinations, operation_not_yet_implemented)            \
    OP(ListArchives, operation_not_yet_implemented)                   \
    OP(ListConnections, operation_not_yet_implemented)                \
    OP(ListEndpoints, operation_not_yet_implemented)                  \
    OP(ListEventBuses, operation_not_yet_implemented)                 \
    OP(ListEventSources, operation_not_yet_implemented)               \
    OP(ListPartnerEventSourceAccounts, operation_not_yet_implemented) \
    OP(ListPartnerEventSources, operation_not_yet_implemented)        \
    OP(ListReplays, operation_not_yet_implemented)                    \
    OP(ListRuleNamesByTarget, operation_not_yet_implemented)          \
    OP(ListRules, operation_not_yet_implemented)                      \
    OP(ListTagsForResource, operation_not_yet_implemented)            \
    OP(ListTargetsByRule, operation_not_yet_implemented)              \
    OP(PutEvents, operation_not_yet_implemented)                      \
    OP(PutPartnerEvents, operation_not_yet_implemented)               \
    OP(PutPermission, operation_not_yet_implemented)                  \
    OP(PutRule, operation_not_yet_implemented)                        \
    OP(PutTargets, operation_not_yet_implemented)                     \
    OP(RemovePermission, operation_not_yet_implemented)               \
    OP(RemoveTargets, operation_not_yet_implemented)                  \
    OP(StartReplay, operation_not_yet_implemented)                    \
    OP(TagResource, operation_not_yet_implemented)                    \
    OP(TestEventPattern, operation_not_yet_implemented)               \
    OP(UntagResource, operation_not_yet_implemented)                  \
    OP(UpdateApiDestination, operation_not_yet_implemented)           \
    OP(UpdateArchive, operation_not_yet_implemented)                  \
    OP(UpdateConnection, operation_not_yet_implemented)               \
    OP(UpdateEndpoint, operation_not_yet_implemented)                 \
    OP(UpdateEventBus, operation_not_yet_implemented)
EVENTS_OPERATIONS(OPERATION_DECLARE)

#endif
