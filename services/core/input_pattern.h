/* The models' input patterns, matched the way AWS's Java services match them: the whole value,
 * in the regular expression dialect of java.util.regex. */
#ifndef MOTOC_INPUT_PATTERN_H
#define MOTOC_INPUT_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

/* Whether text (UTF-8, len bytes) satisfies pattern. A pattern PCRE2 cannot read (Java-only
 * syntax such as \p{Print} or \uXXXX) or a match that runs past its step limit counts as
 * satisfied: motoc refuses only what it knows AWS refuses. pattern must be a string that lives as
 * long as the process (a model's), as compiled patterns are kept by its address. */
bool input_pattern_matches(const char *pattern, const char *text, size_t len);

#endif
