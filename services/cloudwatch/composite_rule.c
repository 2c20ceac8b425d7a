/* cloudwatch: a recursive-descent parser and evaluator of composite alarm rules. */
#include "composite_rule.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 64
#define NAME_MAX_CHARS 1024

struct rule_parser {
    const char *p;
    alarm_state_fn state_of;
    void (*each)(void *ctx, const char *name);
    void *ctx;
    int depth;
};

static void skip_space(struct rule_parser *rp)
{
    while (isspace((unsigned char)*rp->p))
        rp->p++;
}

/* Accepts the keyword word (case-insensitive) when no identifier character follows it. */
static bool keyword(struct rule_parser *rp, const char *word)
{
    skip_space(rp);
    size_t n = strlen(word);
    if (strncasecmp(rp->p, word, n) != 0)
        return false;
    char next = rp->p[n];
    if (isalnum((unsigned char)next) || next == '_')
        return false;
    rp->p += n;
    return true;
}

static bool accept(struct rule_parser *rp, char ch)
{
    skip_space(rp);
    if (*rp->p != ch)
        return false;
    rp->p++;
    return true;
}

/* An alarm name, quoted or bare, up to the closing parenthesis; an ARN stands for its name. */
static int alarm_name(struct rule_parser *rp, char *out, size_t size)
{
    skip_space(rp);
    const char *start, *end;
    if (*rp->p == '"') {
        start = ++rp->p;
        end = strchr(start, '"');
        if (!end)
            return -1;
        rp->p = end + 1;
    } else {
        start = rp->p;
        end = strchr(start, ')');
        if (!end)
            return -1;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        rp->p = end;
    }
    size_t len = (size_t)(end - start);
    if (len == 0 || len >= size)
        return -1;
    snprintf(out, size, "%.*s", (int)len, start);
    const char *marker = strstr(out, ":alarm:");
    if (strncmp(out, "arn:", 4) == 0 && marker)
        memmove(out, marker + 7, strlen(marker + 7) + 1);
    return 0;
}

static int or_expr(struct rule_parser *rp, bool *value);

static int primary(struct rule_parser *rp, bool *value)
{
    static const char *const states[] = {"ALARM", "OK", "INSUFFICIENT_DATA"};
    if (keyword(rp, "TRUE")) {
        *value = true;
        return 0;
    }
    if (keyword(rp, "FALSE")) {
        *value = false;
        return 0;
    }
    for (size_t i = 0; i < 3; i++) {
        if (!keyword(rp, states[i]))
            continue;
        char name[NAME_MAX_CHARS];
        if (!accept(rp, '(') || alarm_name(rp, name, sizeof name) != 0 || !accept(rp, ')'))
            return -1;
        if (rp->each)
            rp->each(rp->ctx, name);
        const char *state = rp->state_of ? rp->state_of(rp->ctx, name) : NULL;
        *value = state && strcmp(state, states[i]) == 0;
        return 0;
    }
    if (accept(rp, '(')) {
        if (or_expr(rp, value) != 0 || !accept(rp, ')'))
            return -1;
        return 0;
    }
    return -1;
}

static int not_expr(struct rule_parser *rp, bool *value)
{
    if (++rp->depth > MAX_DEPTH)
        return -1;
    int rc;
    if (keyword(rp, "NOT")) {
        rc = not_expr(rp, value);
        if (rc == 0) /* a failed operand leaves *value unset */
            *value = !*value;
    } else {
        rc = primary(rp, value);
    }
    rp->depth--;
    return rc;
}

static int and_expr(struct rule_parser *rp, bool *value)
{
    if (not_expr(rp, value) != 0)
        return -1;
    while (keyword(rp, "AND")) {
        bool rhs;
        if (not_expr(rp, &rhs) != 0)
            return -1;
        *value = *value && rhs;
    }
    return 0;
}

static int or_expr(struct rule_parser *rp, bool *value)
{
    if (++rp->depth > MAX_DEPTH)
        return -1;
    if (and_expr(rp, value) != 0)
        return -1;
    while (keyword(rp, "OR")) {
        bool rhs;
        if (and_expr(rp, &rhs) != 0)
            return -1;
        *value = *value || rhs;
    }
    rp->depth--;
    return 0;
}

static int parse(struct rule_parser *rp, bool *value)
{
    if (or_expr(rp, value) != 0)
        return -1;
    skip_space(rp);
    return *rp->p ? -1 : 0;
}

int composite_rule_eval(const char *rule, alarm_state_fn state_of, void *ctx, bool *value)
{
    struct rule_parser rp = {.p = rule, .state_of = state_of, .ctx = ctx};
    return parse(&rp, value);
}

int composite_rule_alarms(const char *rule, void (*each)(void *ctx, const char *name), void *ctx)
{
    struct rule_parser rp = {.p = rule, .each = each, .ctx = ctx};
    bool value;
    return parse(&rp, &value);
}
