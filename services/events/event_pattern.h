/* EventBridge event patterns: whether a pattern is valid, and whether an event matches it.
 *
 * A pattern is a JSON object whose members name event fields: an object nests into the field,
 * a list offers matchers, any of which may match the field's value (or, for a list value, any
 * of its elements). Matchers are literals (strings, numbers compared as numbers, booleans,
 * null) and objects: prefix, suffix (each optionally {"equals-ignore-case": …}),
 * equals-ignore-case, wildcard ('*' for any run, "\*" a literal star), anything-but (a value, a
 * list, or prefix/suffix/wildcard/equals-ignore-case), numeric (up to two comparisons),
 * exists, and cidr (IPv4 or IPv6). "$or" holds alternatives of the members around it. */
#ifndef MOTOC_EVENT_PATTERN_H
#define MOTOC_EVENT_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* The pattern parsed, or NULL with the reason (as EventBridge words it after "Event pattern is
 * not valid. Reason: ") in reason. */
cJSON *event_pattern_parse(const char *text, char *reason, size_t size);

/* Whether event (a JSON object) matches pattern, which event_pattern_parse accepted. */
bool event_pattern_matches(const cJSON *pattern, const cJSON *event);

#endif
