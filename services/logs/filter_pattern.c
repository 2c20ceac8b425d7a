/* Evaluates CloudWatch Logs filter patterns against log messages (filter_pattern.h). */
#include "filter_pattern.h"

#include <stdlib.h>
#include <string.h>

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
    if (*p == '"') {
        const char *end = strchr(p + 1, '"');
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
    if (!*p || *p == '{' || *p == '[')
        return true;
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
