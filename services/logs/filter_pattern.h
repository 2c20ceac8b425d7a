/* CloudWatch Logs filter patterns: whether a log event's message matches one. */
#ifndef MOTOC_LOGS_FILTER_PATTERN_H
#define MOTOC_LOGS_FILTER_PATTERN_H

#include <stdbool.h>

/* Whether message matches pattern (NULL or empty matches everything). Term patterns: every
 * plain term or "quoted phrase" must appear, any ?term of the alternatives, no -term. Patterns
 * in the JSON ({…}) and space-delimited ([…]) forms are not evaluated yet and match every event. */
bool filter_pattern_matches(const char *pattern, const char *message);

#endif
