/* Insights regular expressions on POSIX regex: they are written Java-style ((?i), named groups
 * (?<name>…), \d \w \s, lazy quantifiers), so each is rewritten as the extended POSIX
 * expression that matches the same text (lazy quantifiers become greedy). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "filter_pattern.h"
#include "insights_query.h"

/* The bracket contents a class escape stands for, or NULL when c names no class. */
static const char *class_escape(char c)
{
    switch (c) {
    case 'd':
    case 'D':
        return "0-9";
    case 'w':
    case 'W':
        return "A-Za-z0-9_";
    case 's':
    case 'S':
        return "[:space:]";
    default:
        return NULL;
    }
}

static void add_name(char ***names, size_t *count, const char *name, size_t len)
{
    if (!names)
        return;
    *names = xrealloc(*names, (*count + 1) * sizeof **names);
    (*names)[(*count)++] = name ? xstrndup(name, len) : NULL;
}

regex_t *insights_regex_compile(const char *pattern, char ***names, size_t *count)
{
    if (names) {
        *names = NULL;
        *count = 0;
    }
    int flags = REG_EXTENDED;
    const char *p = pattern;
    if (strncmp(p, "(?i)", 4) == 0) {
        flags |= REG_ICASE;
        p += 4;
    }
    struct buf out = BUF_INIT;
    bool in_bracket = false;
    bool ok = true;
    while (*p && ok) {
        char c = *p;
        if (c == '\\') {
            char next = p[1];
            if (!next) {
                ok = false;
                break;
            }
            const char *cls = class_escape(next);
            if (cls && in_bracket) {
                buf_puts(&out, cls);
            } else if (cls) {
                buf_puts(&out, isupper((unsigned char)next) ? "[^" : "[");
                buf_puts(&out, cls);
                buf_puts(&out, "]");
            } else if (next == 't' || next == 'n' || next == 'r') {
                buf_append(&out, &(char){next == 't' ? '\t' : next == 'n' ? '\n' : '\r'}, 1);
            } else if (!in_bracket && (next == 'b' || next == 'B')) {
                buf_append(&out, p, 2); /* word boundaries: glibc knows them */
            } else if (in_bracket || isalnum((unsigned char)next) || next == '/' ||
                       next == '"' || next == '\'') {
                buf_append(&out, &(char){next}, 1);
            } else {
                buf_append(&out, &(char){'\\'}, 1);
                buf_append(&out, &(char){next}, 1);
            }
            p += 2;
            continue;
        }
        if (in_bracket) {
            if (c == ']')
                in_bracket = false;
            buf_append(&out, &(char){c}, 1);
            p++;
            continue;
        }
        if (c == '[') {
            in_bracket = true;
            buf_append(&out, &(char){c}, 1);
            p++;
            if (*p == '^')
                buf_append(&out, &(char){*p++}, 1);
            if (*p == ']')
                buf_append(&out, &(char){*p++}, 1);
            continue;
        }
        if (c == '(' && p[1] == '?') {
            if (p[2] == '<' && p[3] != '=' && p[3] != '!') {
                const char *name = p + 3;
                const char *end = strchr(name, '>');
                if (!end || end == name) {
                    ok = false;
                    break;
                }
                add_name(names, count, name, (size_t)(end - name));
                buf_append(&out, &(char){'('}, 1);
                p = end + 1;
                continue;
            }
            if (p[2] == ':') {
                /* POSIX has no non-capturing group: it captures, under no name. */
                add_name(names, count, NULL, 0);
                buf_append(&out, &(char){'('}, 1);
                p += 3;
                continue;
            }
            ok = false;
            break;
        }
        if (c == '(')
            add_name(names, count, NULL, 0);
        buf_append(&out, &(char){c}, 1);
        p++;
        if ((c == '*' || c == '+' || c == '?' || c == '}') && *p == '?')
            p++; /* lazy: matched greedily */
    }
    regex_t *regex = NULL;
    if (ok && !in_bracket && pattern_regex_acceptable(out.data ? out.data : "", out.len)) {
        regex = xmalloc(sizeof *regex);
        if (regcomp(regex, out.data ? out.data : "", flags) != 0) {
            free(regex);
            regex = NULL;
        }
    }
    buf_free(&out);
    if (!regex && names) {
        for (size_t i = 0; i < *count; i++)
            free((*names)[i]);
        free(*names);
        *names = NULL;
        *count = 0;
    }
    return regex;
}

void insights_regex_free(regex_t *regex)
{
    if (!regex)
        return;
    regfree(regex);
    free(regex);
}
