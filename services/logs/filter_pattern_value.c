/* Values and comparisons every form of filter pattern uses (filter_pattern_internal.h). */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "filter_pattern_internal.h"

/* Whether text matches glob, where '*' stands for any run of characters. Greedy with one
 * backtrack point, so time stays linear in glob times text whatever the stars. */
static bool glob_matches(const char *glob, size_t glob_len, const char *text)
{
    size_t g = 0, star = (size_t)-1;
    const char *resume = NULL;
    while (*text) {
        if (g < glob_len && glob[g] == '*') {
            star = g++;
            resume = text;
        } else if (g < glob_len && glob[g] == *text) {
            g++;
            text++;
        } else if (star != (size_t)-1) {
            g = star + 1;
            text = ++resume;
        } else {
            return false;
        }
    }
    while (g < glob_len && glob[g] == '*')
        g++;
    return g == glob_len;
}

/* Bounds on a regex so a hostile pattern cannot make compiling it explode (the compiler copies
 * a quantified operand, so stacked or deeply nested quantifiers multiply the automaton): its
 * length, the group depth, the number and size of {m,n} repetitions, and no quantifier applied
 * straight to another. */
#define REGEX_MAX_LEN 256
#define REGEX_MAX_DEPTH 5
#define REGEX_MAX_REPETITIONS 2
#define REGEX_MAX_COUNT 100

static bool is_quantifier(char c)
{
    return c == '*' || c == '+' || c == '?' || c == '{';
}

bool pattern_regex_acceptable(const char *regex, size_t len)
{
    if (len > REGEX_MAX_LEN)
        return false;
    int repetitions = 0, depth = 0;
    bool after_quantifier = false;
    for (size_t i = 0; i < len; i++) {
        char c = regex[i];
        if (c == '\\') {
            i++;
            after_quantifier = false;
            continue;
        }
        if (is_quantifier(c) && after_quantifier)
            return false;
        if (c == '(' && ++depth > REGEX_MAX_DEPTH)
            return false;
        if (c == ')')
            depth--;
        if (c == '{') {
            if (++repetitions > REGEX_MAX_REPETITIONS)
                return false;
            for (; i < len && regex[i] != '}'; i++)
                if (isdigit((unsigned char)regex[i]) &&
                    strtol(regex + i, NULL, 10) > REGEX_MAX_COUNT)
                    return false;
        }
        after_quantifier = is_quantifier(c);
    }
    return true;
}

bool pattern_regex_search(const char *regex, size_t len, const char *text)
{
    if (!pattern_regex_acceptable(regex, len))
        return false;
    char *source = strndup(regex, len);
    regex_t compiled;
    bool found = false;
    if (source && regcomp(&compiled, source, REG_EXTENDED | REG_NOSUB) == 0) {
        found = regexec(&compiled, text, 0, NULL, 0) == 0;
        regfree(&compiled);
    }
    free(source);
    return found;
}

bool pattern_read_value(const char **at, const char *stops, struct pattern_value *v)
{
    const char *p = *at;
    while (isspace((unsigned char)*p))
        p++;
    memset(v, 0, sizeof *v);
    if (*p == '"' || *p == '%') {
        const char *end = strchr(p + 1, *p);
        if (!end)
            return false;
        v->is_regex = *p == '%';
        v->text = p + 1;
        v->len = (size_t)(end - v->text);
        *at = end + 1;
        return true;
    }
    const char *start = p;
    while (*p && !isspace((unsigned char)*p) && !strchr(stops, *p))
        p++;
    if (p == start)
        return false;
    v->text = start;
    v->len = (size_t)(p - start);
    char *end;
    v->number = strtod(start, &end);
    v->is_number = end == p;
    *at = p;
    return true;
}

bool pattern_read_operator(const char **at, char op[3])
{
    const char *p = *at;
    while (isspace((unsigned char)*p))
        p++;
    static const char *const ops[] = {"!=", "<=", ">=", "=", "<", ">"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i]);
        if (strncmp(p, ops[i], n) == 0) {
            memcpy(op, ops[i], n + 1);
            *at = p + n;
            return true;
        }
    }
    return false;
}

static bool text_number(const char *text, double *number)
{
    char *end;
    *number = strtod(text, &end);
    return end != text && *end == '\0';
}

bool pattern_compare(const char *text, const char *op, const struct pattern_value *v)
{
    bool negate = strcmp(op, "!=") == 0;
    bool equality = negate || strcmp(op, "=") == 0;
    if (!text)
        return false;
    double number;
    if (v->is_number && text_number(text, &number)) {
        double n = v->number;
        if (equality)
            return (number == n) != negate;
        if (strcmp(op, "<=") == 0)
            return number <= n;
        if (strcmp(op, ">=") == 0)
            return number >= n;
        if (strcmp(op, "<") == 0)
            return number < n;
        return number > n;
    }
    if (!equality)
        return false;
    bool same = v->is_regex ? pattern_regex_search(v->text, v->len, text)
                            : glob_matches(v->text, v->len, text);
    return same != negate;
}
