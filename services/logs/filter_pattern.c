/* Evaluates CloudWatch Logs filter patterns against log messages (filter_pattern.h). */
#include "filter_pattern.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* ---- JSON patterns: { $.a = "x" && ($.b > 5 || $.c IS NULL) } ----
 * Recursive descent straight over the pattern text, evaluated against the parsed message. */

struct json_scan {
    const char *at;
    const cJSON *doc;
    int depth;   /* of parentheses, bounded so a hostile pattern cannot exhaust the stack */
    bool failed; /* the pattern is malformed: it matches nothing */
};

static void skip_space(struct json_scan *s)
{
    while (*s->at && isspace((unsigned char)*s->at))
        s->at++;
}

static bool take(struct json_scan *s, const char *word)
{
    skip_space(s);
    size_t n = strlen(word);
    if (strncmp(s->at, word, n) != 0)
        return false;
    s->at += n;
    return true;
}

/* Follows the selector at s->at ($.a.b[0]) in the document; NULL when it names nothing. */
static const cJSON *json_select(struct json_scan *s)
{
    skip_space(s);
    if (*s->at != '$') {
        s->failed = true;
        return NULL;
    }
    s->at++;
    const cJSON *node = s->doc;
    for (;;) {
        if (*s->at == '.') {
            s->at++;
            const char *start = s->at;
            while (*s->at && (isalnum((unsigned char)*s->at) || *s->at == '_' || *s->at == '-' ||
                              *s->at == '@' || *s->at == '*'))
                s->at++;
            char name[256];
            size_t len = (size_t)(s->at - start);
            if (len == 0 || len >= sizeof name) {
                s->failed = true;
                return NULL;
            }
            memcpy(name, start, len);
            name[len] = '\0';
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, name) : NULL;
        } else if (*s->at == '[') {
            char *end;
            long index = strtol(s->at + 1, &end, 10);
            if (*end != ']' || end == s->at + 1) {
                s->failed = true;
                return NULL;
            }
            s->at = end + 1;
            node = cJSON_IsArray(node) && index >= 0 ? cJSON_GetArrayItem(node, (int)index) : NULL;
        } else {
            return node;
        }
    }
}

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

/* A comparison's right side: a "quoted" or bare string, or a number. */
struct operand {
    const char *text;
    size_t len;
    bool is_number;
    double number;
};

static bool read_operand(struct json_scan *s, struct operand *o)
{
    skip_space(s);
    if (*s->at == '"') {
        const char *end = strchr(s->at + 1, '"');
        if (!end)
            return false;
        o->text = s->at + 1;
        o->len = (size_t)(end - o->text);
        o->is_number = false;
        s->at = end + 1;
        return true;
    }
    const char *start = s->at;
    while (*s->at && !isspace((unsigned char)*s->at) && *s->at != ')' && *s->at != '}' &&
           *s->at != '&' && *s->at != '|')
        s->at++;
    if (s->at == start)
        return false;
    o->text = start;
    o->len = (size_t)(s->at - start);
    char *end;
    o->number = strtod(start, &end);
    o->is_number = end == s->at;
    return true;
}

static bool compare(const cJSON *node, const char *op, const struct operand *o)
{
    bool equality = strcmp(op, "=") == 0 || strcmp(op, "!=") == 0;
    bool negate = strcmp(op, "!=") == 0;
    if (equality && !o->is_number) {
        if (!node)
            return negate;
        char buffer[64];
        const char *text = NULL;
        if (cJSON_IsString(node))
            text = node->valuestring;
        else if (cJSON_IsTrue(node))
            text = "true";
        else if (cJSON_IsFalse(node))
            text = "false";
        else if (cJSON_IsNumber(node)) {
            snprintf(buffer, sizeof buffer, "%.17g", node->valuedouble);
            text = buffer;
        }
        bool same = text && glob_matches(o->text, o->len, text);
        return negate ? !same : same;
    }
    if (!o->is_number || !cJSON_IsNumber(node))
        return negate && node != NULL;
    double v = node->valuedouble, n = o->number;
    if (strcmp(op, "=") == 0)
        return v == n;
    if (strcmp(op, "!=") == 0)
        return v != n;
    if (strcmp(op, "<=") == 0)
        return v <= n;
    if (strcmp(op, ">=") == 0)
        return v >= n;
    if (strcmp(op, "<") == 0)
        return v < n;
    return v > n;
}

static bool json_or(struct json_scan *s);

static bool json_primary(struct json_scan *s)
{
    if (take(s, "(")) {
        if (++s->depth > 64) {
            s->failed = true;
            return false;
        }
        bool value = json_or(s);
        s->depth--;
        if (!take(s, ")"))
            s->failed = true;
        return value;
    }
    const cJSON *node = json_select(s);
    if (s->failed)
        return false;
    if (take(s, "IS NULL"))
        return cJSON_IsNull(node);
    if (take(s, "IS TRUE"))
        return cJSON_IsTrue(node);
    if (take(s, "IS FALSE"))
        return cJSON_IsFalse(node);
    if (take(s, "NOT EXISTS"))
        return node == NULL;
    static const char *const ops[] = {"!=", "<=", ">=", "=", "<", ">"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (take(s, ops[i])) {
            struct operand o;
            if (!read_operand(s, &o)) {
                s->failed = true;
                return false;
            }
            return compare(node, ops[i], &o);
        }
    }
    s->failed = true;
    return false;
}

static bool json_and(struct json_scan *s)
{
    bool value = json_primary(s);
    while (!s->failed && take(s, "&&"))
        value = json_primary(s) && value;
    return value;
}

static bool json_or(struct json_scan *s)
{
    bool value = json_and(s);
    while (!s->failed && take(s, "||"))
        value = json_and(s) || value;
    return value;
}

static bool json_pattern_matches(const char *pattern, const char *message)
{
    cJSON *doc = cJSON_Parse(message);
    if (!doc)
        return false;
    struct json_scan s = {.at = pattern + 1, .doc = doc};
    bool value = json_or(&s);
    if (!take(&s, "}"))
        s.failed = true;
    skip_space(&s);
    if (*s.at)
        s.failed = true;
    cJSON_Delete(doc);
    return value && !s.failed;
}

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
    if (!*p)
        return true;
    if (*p == '{')
        return json_pattern_matches(p, message);
    if (*p == '[')
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
