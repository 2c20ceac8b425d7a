/* CloudWatch Logs filter patterns: whether a log event's message matches one. */
#ifndef MOTOC_LOGS_FILTER_PATTERN_H
#define MOTOC_LOGS_FILTER_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

/* Whether message matches pattern (NULL or empty matches everything). Term patterns: every
 * plain term or "quoted phrase" must appear, any ?term of the alternatives, no -term. Patterns
 * in the JSON form ({ $.a = "x" && $.b > 5 }, ||, parentheses, IS NULL/TRUE/FALSE, NOT EXISTS,
 * $.a[0], '*' wildcards in strings) match messages that are JSON; the space-delimited form
 * ([ip, user, ..., status = 4* || status = 5*, bytes > 1000]) splits the message at spaces,
 * "quoted" and [bracketed] runs being one field. %regex% stands for a term or a value in each. */
bool filter_pattern_matches(const char *pattern, const char *message);

/* What a metric transformation's "$.a.b" (a JSON message's member) or "$name" (a field the
 * space-delimited pattern names) selects in message, as text in out; false when nothing. */
bool filter_pattern_select(const char *pattern, const char *message, const char *selector,
                           char *out, size_t size);

/* Whether text contains a match of the regex (POSIX extended, as Logs' regex subset reads);
 * regexes too costly to compile (see filter_pattern_value.c) match nothing. */
bool pattern_regex_search(const char *regex, size_t len, const char *text);

/* Whether a POSIX extended regex is cheap enough to compile: bounded length, group depth and
 * {m,n} counts, and no quantifier applied straight to another (the compiler copies quantified
 * operands, so those multiply its automaton). Every Logs regex passes here first. */
bool pattern_regex_acceptable(const char *regex, size_t len);

#endif
