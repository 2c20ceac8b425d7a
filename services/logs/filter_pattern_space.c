/* The space-delimited form of filter patterns: [ip, user, ..., status = 4*, bytes > 1000].
 * A message splits into fields at spaces, a "quoted string" or a [bracketed run] being one
 * field; the pattern names the fields in order, "..." standing for any number of them, and
 * may put conditions on each (joined with && and ||). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_pattern_internal.h"

/* Bounds that keep a hostile pattern or message cheap. */
#define MAX_FIELDS 256
#define MAX_NAME 128

struct message_fields {
    char *copy; /* the message with each field NUL-terminated in place */
    const char *field[MAX_FIELDS];
    size_t count;
};

/* Splits message into fields; false when it has more than MAX_FIELDS. */
static bool split_message(const char *message, struct message_fields *m)
{
    m->copy = strdup(message);
    m->count = 0;
    char *p = m->copy;
    while (p && *p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (m->count == MAX_FIELDS)
            return false;
        char close = *p == '"' ? '"' : *p == '[' ? ']' : 0;
        char *end = close ? strchr(p + 1, close) : NULL;
        if (end) {
            /* The field is what the quotes or brackets enclose. */
            m->field[m->count++] = p + 1;
            *end = '\0';
            p = end + 1;
        } else {
            m->field[m->count++] = p;
            p += strcspn(p, " \t");
            if (*p)
                *p++ = '\0';
        }
    }
    return true;
}

/* One named field of the pattern: its name and where its conditions start in the pattern. */
struct pattern_field {
    char name[MAX_NAME];
    const char *conditions; /* NULL when the field has none */
    bool ellipsis;
};

struct pattern_fields {
    struct pattern_field field[MAX_FIELDS];
    size_t count;
    size_t ellipsis_at; /* index of the "..." field, or count when there is none */
};

static const char *skip_blank(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* The end of the conditions of a field starting at p: the next ',' or ']' outside quotes and
 * regexes, or NULL when the pattern ends first. */
static const char *conditions_end(const char *p)
{
    while (*p && *p != ',' && *p != ']') {
        if (*p == '"' || *p == '%') {
            const char *close = strchr(p + 1, *p);
            if (!close)
                return NULL;
            p = close;
        }
        p++;
    }
    return *p ? p : NULL;
}

/* Reads the field list; false when the pattern is malformed (it then matches nothing). */
static bool parse_pattern(const char *pattern, struct pattern_fields *f)
{
    const char *p = skip_blank(pattern);
    if (*p++ != '[')
        return false;
    f->count = 0;
    f->ellipsis_at = (size_t)-1;
    for (;;) {
        p = skip_blank(p);
        if (*p == ']' && f->count == 0) {
            p++;
            break;
        }
        if (f->count == MAX_FIELDS)
            return false;
        struct pattern_field *field = &f->field[f->count];
        memset(field, 0, sizeof *field);
        if (strncmp(p, "...", 3) == 0) {
            if (f->ellipsis_at != (size_t)-1)
                return false;
            field->ellipsis = true;
            f->ellipsis_at = f->count;
            p += 3;
        } else {
            size_t len = 0;
            while (name_char(p[len]))
                len++;
            if (len == 0 || len >= MAX_NAME)
                return false;
            memcpy(field->name, p, len);
            p += len;
        }
        const char *end = conditions_end(p);
        if (!end)
            return false;
        if (skip_blank(p) != end) {
            if (field->ellipsis)
                return false;
            field->conditions = p;
        }
        f->count++;
        p = end + 1;
        if (*end == ']')
            break;
    }
    if (*skip_blank(p))
        return false;
    if (f->ellipsis_at == (size_t)-1)
        f->ellipsis_at = f->count;
    return true;
}

/* Evaluates "[name] op value" terms joined by && and || (&& binding tighter) on text, up to
 * the field's end; false when they are malformed. */
static bool conditions_hold(const char *p, const char *name, const char *text, bool *holds)
{
    bool any = false, all = true;
    for (;;) {
        p = skip_blank(p);
        size_t len = strlen(name);
        if (strncmp(p, name, len) == 0 && !name_char(p[len]))
            p += len; /* the field named again before a further condition */
        char op[3];
        struct pattern_value v;
        if (!pattern_read_operator(&p, op) || !pattern_read_value(&p, ",]&|", &v))
            return false;
        all = pattern_compare(text, op, &v) && all;
        p = skip_blank(p);
        if (strncmp(p, "&&", 2) == 0) {
            p += 2;
        } else if (strncmp(p, "||", 2) == 0) {
            any = any || all;
            all = true;
            p += 2;
        } else {
            *holds = any || all;
            return *p == ',' || *p == ']';
        }
    }
}

/* The message field that pattern field i stands for, or -1 when it falls on the ellipsis. */
static long field_index(const struct pattern_fields *f, const struct message_fields *m, size_t i)
{
    if (i < f->ellipsis_at)
        return (long)i;
    if (i == f->ellipsis_at)
        return -1;
    return (long)(m->count - (f->count - i));
}

/* Whether message has the pattern's shape and satisfies its conditions. */
static bool fits(const struct pattern_fields *f, const struct message_fields *m)
{
    bool has_ellipsis = f->ellipsis_at < f->count;
    size_t named = has_ellipsis ? f->count - 1 : f->count;
    if (has_ellipsis ? m->count < named : m->count != named)
        return false;
    for (size_t i = 0; i < f->count; i++) {
        long at = field_index(f, m, i);
        if (at < 0 || !f->field[i].conditions)
            continue;
        bool holds;
        if (!conditions_hold(f->field[i].conditions, f->field[i].name, m->field[at], &holds) ||
            !holds)
            return false;
    }
    return true;
}

bool space_pattern_matches(const char *pattern, const char *message)
{
    struct pattern_fields *f = malloc(sizeof *f);
    struct message_fields m = {0};
    bool matches = f && parse_pattern(pattern, f) && split_message(message, &m) && fits(f, &m);
    free(m.copy);
    free(f);
    return matches;
}

bool space_pattern_field(const char *pattern, const char *message, const char *name, char *out,
                         size_t size)
{
    struct pattern_fields *f = malloc(sizeof *f);
    struct message_fields m = {0};
    bool found = false;
    if (f && parse_pattern(pattern, f) && split_message(message, &m) && fits(f, &m)) {
        for (size_t i = 0; i < f->count && !found; i++) {
            long at = field_index(f, &m, i);
            if (at >= 0 && strcmp(f->field[i].name, name) == 0) {
                snprintf(out, size, "%s", m.field[at]);
                found = true;
            }
        }
    }
    free(m.copy);
    free(f);
    return found;
}
