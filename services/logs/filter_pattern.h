/* CloudWatch Logs filter patterns: whether a log event's message matches one. */
#ifndef MOTOC_LOGS_FILTER_PATTERN_H
#define MOTOC_LOGS_FILTER_PATTERN_H

#include <stdbool.h>

/* Whether message matches pattern (NULL or empty matches everything). Term patterns: every
 * plain term or "quoted phrase" must appear, any ?term of the alternatives, no -term. Patterns
 * in the JSON form ({ $.a = "x" && $.b > 5 }, ||, parentheses, IS NULL/TRUE/FALSE, NOT EXISTS,
 * $.a[0], '*' wildcards in strings) match messages that are JSON; the space-delimited form ([…])
 * is not evaluated yet and matches every event. */
bool filter_pattern_matches(const char *pattern, const char *message);

#endif
