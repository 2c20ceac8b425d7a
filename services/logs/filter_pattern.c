/* Evaluates CloudWatch Logs filter patterns against log messages (filter_pattern.h): the term
 * form here, the JSON and space-delimited forms in their own files. */
#include "filter_pattern.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_pattern_internal.h"

/* The next term of pattern at *at: a "quoted phrase" or a run without white space. Returns
 * its length and sets *start, or 0 at the end. */
static size_t next_term(const char **at, const char **start)
{
    const char *p = *at;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return 0;
    char sign = 0;
    if (*p == '?' || *p == '-')
        sign = *p++;
    (void)sign;
    size_t len;
    if (*p == '"' || *p == '%') {
        const char *end = strchr(p + 1, *p);
        len = end ? (size_t)(end + 1 - p) : strlen(p);
    } else {
        len = strcspn(p, " \t");
    }
    *start = *at;
    while (**start == ' ' || **start == '\t')
        (*start)++;
    *at = p + len;
    return (size_t)(p + len - *start);
}

static bool contains(const char *message, const char *term, size_t len)
{
    if (len >= 2 && term[0] == '%' && term[len - 1] == '%')
        return pattern_regex_search(term + 1, len - 2, message);
    if (len >= 2 && term[0] == '"' && term[len - 1] == '"') {
        term++;
        len -= 2;
    }
    if (len == 0)
        return true;
    for (const char *p = message; *p; p++)
        if (strncmp(p, term, len) == 0)
            return true;
    return false;
}

bool filter_pattern_matches(const char *pattern, const char *message)
{
    if (!pattern)
        return true;
    const char *p = pattern;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return true;
    if (*p == '{')
        return json_pattern_matches(p, message);
    if (*p == '[')
        return space_pattern_matches(p, message);
    bool any_alternative = false, alternative_found = false;
    const char *start;
    size_t len;
    while ((len = next_term(&p, &start)) > 0) {
        if (start[0] == '?') {
            any_alternative = true;
            if (contains(message, start + 1, len - 1))
                alternative_found = true;
        } else if (start[0] == '-') {
            if (contains(message, start + 1, len - 1))
                return false;
        } else if (!contains(message, start, len)) {
            return false;
        }
    }
    return !any_alternative || alternative_found;
}

bool filter_pattern_select(const char *pattern, const char *message, const char *selector,
                           char *out, size_t size)
{
    if (!selector || selector[0] != '$')
        return false;
    if (selector[1] == '.')
        return json_message_field(message, selector, out, size);
    const char *p = pattern;
    while (p && (*p == ' ' || *p == '\t'))
        p++;
    return p && *p == '[' && space_pattern_field(p, message, selector + 1, out, size);
}
