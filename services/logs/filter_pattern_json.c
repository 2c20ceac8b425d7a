/* The JSON form of filter patterns: { $.a = "x" && ($.b > 5 || $.c IS NULL) }, evaluated by
 * recursive descent straight over the pattern text against the parsed message. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "filter_pattern_internal.h"

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

static bool compare(const cJSON *node, const char *op, const struct pattern_value *v)
{
    bool negate = strcmp(op, "!=") == 0;
    bool equality = negate || strcmp(op, "=") == 0;
    char number[64];
    if (equality && !v->is_number) {
        const char *text = NULL;
        if (cJSON_IsString(node))
            text = node->valuestring;
        else if (cJSON_IsTrue(node))
            text = "true";
        else if (cJSON_IsFalse(node))
            text = "false";
        else if (cJSON_IsNumber(node)) {
            snprintf(number, sizeof number, "%.17g", node->valuedouble);
            text = number;
        }
        return text ? pattern_compare(text, op, v) : negate;
    }
    /* Numbers compare only with numbers; a field of another type differs from any of them. */
    if (!v->is_number || !cJSON_IsNumber(node))
        return negate && node != NULL;
    snprintf(number, sizeof number, "%.17g", node->valuedouble);
    return pattern_compare(number, op, v);
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
    char op[3];
    struct pattern_value v;
    if (!pattern_read_operator(&s->at, op) || !pattern_read_value(&s->at, ")}&|", &v)) {
        s->failed = true;
        return false;
    }
    return compare(node, op, &v);
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

bool json_pattern_matches(const char *pattern, const char *message)
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


bool json_message_field(const char *message, const char *selector, char *out, size_t size)
{
    cJSON *doc = cJSON_Parse(message);
    if (!doc)
        return false;
    struct json_scan s = {.at = selector, .doc = doc};
    const cJSON *node = json_select(&s);
    bool found = !s.failed && *s.at == '\0';
    if (found && cJSON_IsString(node))
        snprintf(out, size, "%s", node->valuestring);
    else if (found && cJSON_IsNumber(node))
        snprintf(out, size, "%.17g", node->valuedouble);
    else if (found && cJSON_IsBool(node))
        snprintf(out, size, "%s", cJSON_IsTrue(node) ? "true" : "false");
    else
        found = false;
    cJSON_Delete(doc);
    return found;
}
