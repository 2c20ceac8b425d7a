/* The Logs Insights query language: a lexer and a recursive-descent parser from a query string
 * to the commands and expression trees of insights_query.h, with errors placed as AWS's
 * MalformedQueryException places them ("unexpected symbol found X at line L and position P"). */
#include "insights_query.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"

/* Deep enough for any query a person writes, shallow enough for the stack. */
#define MAX_DEPTH 64

enum token_kind { T_END, T_IDENT, T_STRING, T_NUMBER, T_DURATION, T_REGEX, T_PUNCT, T_BAD };

struct token {
    enum token_kind kind;
    int start, end; /* offsets in the query string */
    double number;  /* T_NUMBER; T_DURATION in milliseconds */
};

struct parser {
    const char *text;
    int pos; /* where the next token's search starts */
    int last_end;
    int depth;
    bool failed;
    struct insights_error *err;
};

/* ---- errors ---- */

static void fail_at(struct parser *p, int start, int end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_at(struct parser *p, int start, int end, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->err->start = start;
    p->err->end = end;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void fail_unexpected(struct parser *p, struct token t)
{
    int line = 1, column = 0;
    for (int i = 0; i < t.start; i++) {
        if (p->text[i] == '\n') {
            line++;
            column = 0;
        } else {
            column++;
        }
    }
    if (t.kind == T_END) {
        fail_at(p, t.start, t.start, "unexpected symbol found <EOF> at line %d and position %d",
                line, column);
        return;
    }
    int len = t.end - t.start;
    if (len > 64)
        len = 64;
    fail_at(p, t.start, t.end > t.start ? t.end - 1 : t.start,
            "unexpected symbol found %.*s at line %d and position %d", len, p->text + t.start,
            line, column);
}

/* ---- lexer ---- */

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || c == '@' || c == '$';
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '@' || c == '.' || c == '$';
}

static int skip_space(const char *text, int pos)
{
    for (;;) {
        while (isspace((unsigned char)text[pos]))
            pos++;
        if (text[pos] != '#')
            return pos;
        while (text[pos] && text[pos] != '\n')
            pos++;
    }
}

/* Milliseconds per unit of a duration literal, 0 for no unit. */
static double duration_unit(const char *unit, int len)
{
    static const struct {
        const char *name;
        double ms;
    } units[] = {{"ms", 1},       {"s", 1e3},      {"sec", 1e3},       {"m", 60e3},
                 {"min", 60e3},   {"h", 3600e3},   {"hr", 3600e3},     {"d", 86400e3},
                 {"w", 604800e3}, {"mo", 2592e6},  {"q", 7776e6},      {"y", 31536e6}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if ((int)strlen(units[i].name) == len && strncasecmp(units[i].name, unit, len) == 0)
            return units[i].ms;
    return 0;
}

/* The token at pos. A '/' opens a regular expression where an operand is expected. */
static struct token lex_at(const char *text, int pos, bool operand)
{
    pos = skip_space(text, pos);
    struct token t = {T_END, pos, pos, 0};
    char c = text[pos];
    if (!c)
        return t;
    if (ident_start(c)) {
        while (ident_char(text[pos]))
            pos++;
        t.kind = T_IDENT;
    } else if (c == '`') {
        pos++;
        while (text[pos] && text[pos] != '`')
            pos++;
        t.kind = text[pos] ? T_IDENT : T_BAD;
        if (text[pos])
            pos++;
    } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)text[pos + 1]))) {
        char *end;
        errno = 0;
        t.number = strtod(text + pos, &end);
        pos = (int)(end - text);
        t.kind = T_NUMBER;
        int unit = pos;
        while (isalpha((unsigned char)text[pos]))
            pos++;
        if (pos > unit) {
            double ms = duration_unit(text + unit, pos - unit);
            t.kind = ms > 0 ? T_DURATION : T_BAD;
            t.number *= ms;
        }
    } else if (c == '"' || c == '\'' || (c == '/' && operand)) {
        pos++;
        while (text[pos] && text[pos] != c) {
            if (text[pos] == '\\' && text[pos + 1])
                pos++;
            pos++;
        }
        t.kind = text[pos] ? (c == '/' ? T_REGEX : T_STRING) : T_BAD;
        if (text[pos])
            pos++;
    } else {
        static const char *const two[] = {"!=", "<=", ">=", "==", "=~", "&&", "||"};
        t.kind = strchr("|,()[]=!<>+-*/%^", c) ? T_PUNCT : T_BAD;
        pos++;
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
            if (c == two[i][0] && text[pos] == two[i][1]) {
                pos++;
                t.kind = T_PUNCT;
                break;
            }
    }
    t.end = pos;
    return t;
}

static struct token peek(struct parser *p, bool operand)
{
    return lex_at(p->text, p->pos, operand);
}

static void take(struct parser *p, struct token t)
{
    p->pos = t.end;
    p->last_end = t.end;
}

static bool is_punct(const struct parser *p, struct token t, const char *punct)
{
    return t.kind == T_PUNCT && (int)strlen(punct) == t.end - t.start &&
           strncmp(p->text + t.start, punct, strlen(punct)) == 0;
}

static bool is_word(const struct parser *p, struct token t, const char *word)
{
    return t.kind == T_IDENT && (int)strlen(word) == t.end - t.start &&
           strncasecmp(p->text + t.start, word, strlen(word)) == 0;
}

static bool accept_punct(struct parser *p, const char *punct)
{
    struct token t = peek(p, false);
    if (!is_punct(p, t, punct))
        return false;
    take(p, t);
    return true;
}

static bool accept_word(struct parser *p, const char *word)
{
    struct token t = peek(p, false);
    if (!is_word(p, t, word))
        return false;
    take(p, t);
    return true;
}

static bool expect_punct(struct parser *p, const char *punct)
{
    if (accept_punct(p, punct))
        return true;
    fail_unexpected(p, peek(p, false));
    return false;
}

/* The text of a quoted string or regex token without its quotes; escapes of the quote and of
 * the backslash are resolved in strings, kept in regexes (the regex compiler reads them). */
static char *token_body(const struct parser *p, struct token t)
{
    const char *s = p->text + t.start + 1;
    const char *end = p->text + t.end - 1;
    char quote = p->text[t.start];
    struct buf b = BUF_INIT;
    while (s < end) {
        if (*s == '\\' && s + 1 < end) {
            char next = s[1];
            if (quote == '/') {
                if (next == '/')
                    buf_append(&b, "/", 1);
                else
                    buf_append(&b, s, 2);
            } else {
                char out = next == 'n' ? '\n' : next == 't' ? '\t' : next;
                buf_append(&b, &out, 1);
            }
            s += 2;
            continue;
        }
        buf_append(&b, s++, 1);
    }
    return b.data ? buf_take(&b) : xstrdup("");
}

static char *ident_text(const struct parser *p, struct token t)
{
    if (p->text[t.start] == '`')
        return xstrndup(p->text + t.start + 1, (size_t)(t.end - t.start - 2));
    return xstrndup(p->text + t.start, (size_t)(t.end - t.start));
}

/* ---- expressions ---- */

static struct insights_node *node_new(enum insights_node_kind kind)
{
    struct insights_node *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    return n;
}

static void node_add_arg(struct insights_node *n, struct insights_node *arg)
{
    n->args = xrealloc(n->args, (n->arg_count + 1) * sizeof *n->args);
    n->args[n->arg_count++] = arg;
}

static void node_free(struct insights_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->arg_count; i++)
        node_free(n->args[i]);
    free(n->args);
    free(n->text);
    insights_regex_free(n->regex);
    free(n);
}

static struct insights_node *binary(int op, struct insights_node *left, struct insights_node *right)
{
    struct insights_node *n = node_new(INSIGHTS_BINARY);
    n->op = op;
    node_add_arg(n, left);
    node_add_arg(n, right);
    return n;
}

static struct insights_node *parse_expr(struct parser *p);

/* The functions a query may call: scalar ones anywhere, aggregates in stats only. */
static const char *const scalar_functions[] = {
    "abs",        "bin",       "ceil",     "coalesce", "concat",      "dateceil",
    "datefloor",  "floor",     "frommillis", "greatest", "isblank",   "isempty",
    "ispresent",  "isvalidip", "least",    "log",      "ltrim",       "replace",
    "round",      "rtrim",     "sqrt",     "strcontains", "strlen",   "substr",
    "tomillis",   "tolower",   "toupper",  "trim",     "tonumber",    "tostring",
};
static const char *const aggregate_functions[] = {
    "avg", "count", "count_distinct", "earliest", "latest", "max", "min", "pct", "stddev", "sum",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

bool insights_is_aggregate(const char *name)
{
    return in_list(name, aggregate_functions,
                   sizeof aggregate_functions / sizeof aggregate_functions[0]);
}

static struct insights_node *parse_call(struct parser *p, struct token name)
{
    struct insights_node *n = node_new(INSIGHTS_CALL);
    n->text = ident_text(p, name);
    for (char *c = n->text; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (!insights_is_aggregate(n->text) &&
        !in_list(n->text, scalar_functions, sizeof scalar_functions / sizeof scalar_functions[0]))
        fail_unexpected(p, name);
    take(p, name);
    take(p, peek(p, false)); /* ( */
    if (!accept_punct(p, ")")) {
        do {
            struct token t = peek(p, true);
            if (is_punct(p, t, "*") && strcmp(n->text, "count") == 0) {
                take(p, t);
                node_add_arg(n, node_new(INSIGHTS_STAR));
            } else {
                node_add_arg(n, parse_expr(p));
            }
        } while (!p->failed && accept_punct(p, ","));
        expect_punct(p, ")");
    }
    return n;
}

static struct insights_node *parse_primary(struct parser *p)
{
    struct token t = peek(p, true);
    struct insights_node *n = NULL;
    switch (t.kind) {
    case T_NUMBER:
    case T_DURATION:
        take(p, t);
        n = node_new(t.kind == T_NUMBER ? INSIGHTS_NUMBER : INSIGHTS_DURATION);
        n->number = t.number;
        return n;
    case T_STRING:
        take(p, t);
        n = node_new(INSIGHTS_STRING);
        n->text = token_body(p, t);
        return n;
    case T_REGEX:
        take(p, t);
        n = node_new(INSIGHTS_REGEX);
        n->text = token_body(p, t);
        n->regex = insights_regex_compile(n->text, NULL, NULL);
        if (!n->regex)
            fail_at(p, t.start, t.end - 1, "Invalid regular expression: /%.200s/", n->text);
        return n;
    case T_IDENT: {
        struct token next = lex_at(p->text, t.end, false);
        if (p->text[t.start] != '`' && is_punct(p, next, "(") && next.start == t.end)
            return parse_call(p, t);
        take(p, t);
        n = node_new(INSIGHTS_FIELD);
        n->text = ident_text(p, t);
        return n;
    }
    case T_PUNCT:
        if (is_punct(p, t, "(")) {
            take(p, t);
            n = parse_expr(p);
            expect_punct(p, ")");
            return n;
        }
        if (is_punct(p, t, "[")) {
            take(p, t);
            n = node_new(INSIGHTS_LIST);
            if (!accept_punct(p, "]")) {
                do
                    node_add_arg(n, parse_expr(p));
                while (!p->failed && accept_punct(p, ","));
                expect_punct(p, "]");
            }
            return n;
        }
        break;
    default:
        break;
    }
    fail_unexpected(p, t);
    return node_new(INSIGHTS_STRING);
}

static struct insights_node *parse_unary(struct parser *p);

static struct insights_node *parse_power(struct parser *p)
{
    struct insights_node *n = parse_primary(p);
    if (!p->failed && accept_punct(p, "^"))
        n = binary(INSIGHTS_POW, n, parse_unary(p));
    return n;
}

static struct insights_node *parse_unary(struct parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        fail_unexpected(p, peek(p, true));
        return node_new(INSIGHTS_STRING);
    }
    struct insights_node *n;
    if (accept_punct(p, "-")) {
        n = node_new(INSIGHTS_UNARY);
        n->op = '-';
        node_add_arg(n, parse_unary(p));
    } else {
        n = parse_power(p);
    }
    p->depth--;
    return n;
}

static struct insights_node *parse_product(struct parser *p)
{
    struct insights_node *n = parse_unary(p);
    while (!p->failed) {
        int op;
        if (accept_punct(p, "*"))
            op = INSIGHTS_MUL;
        else if (accept_punct(p, "/"))
            op = INSIGHTS_DIV;
        else if (accept_punct(p, "%"))
            op = INSIGHTS_MOD;
        else
            break;
        n = binary(op, n, parse_unary(p));
    }
    return n;
}

static struct insights_node *parse_sum(struct parser *p)
{
    struct insights_node *n = parse_product(p);
    while (!p->failed) {
        int op;
        if (accept_punct(p, "+"))
            op = INSIGHTS_ADD;
        else if (accept_punct(p, "-"))
            op = INSIGHTS_SUB;
        else
            break;
        n = binary(op, n, parse_product(p));
    }
    return n;
}

static struct insights_node *parse_comparison(struct parser *p)
{
    struct insights_node *n = parse_sum(p);
    if (p->failed)
        return n;
    static const struct {
        const char *punct;
        int op;
    } ops[] = {{"=", INSIGHTS_EQ},  {"==", INSIGHTS_EQ}, {"!=", INSIGHTS_NE},
               {"<", INSIGHTS_LT},  {"<=", INSIGHTS_LE}, {">", INSIGHTS_GT},
               {">=", INSIGHTS_GE}, {"=~", INSIGHTS_LIKE}};
    struct token t = peek(p, false);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (is_punct(p, t, ops[i].punct)) {
            take(p, t);
            return binary(ops[i].op, n, parse_sum(p));
        }
    bool negated = false;
    if (is_word(p, t, "not")) {
        struct token next = lex_at(p->text, t.end, false);
        if (!is_word(p, next, "like") && !is_word(p, next, "in"))
            return n;
        take(p, t);
        negated = true;
        t = next;
    }
    if (is_word(p, t, "like")) {
        take(p, t);
        return binary(negated ? INSIGHTS_NOT_LIKE : INSIGHTS_LIKE, n, parse_sum(p));
    }
    if (is_word(p, t, "in")) {
        take(p, t);
        return binary(negated ? INSIGHTS_NOT_IN : INSIGHTS_IN, n, parse_sum(p));
    }
    if (negated)
        fail_unexpected(p, t);
    return n;
}

static struct insights_node *parse_not(struct parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        fail_unexpected(p, peek(p, true));
        return node_new(INSIGHTS_STRING);
    }
    struct insights_node *n;
    struct token t = peek(p, false);
    if (is_word(p, t, "not") || is_punct(p, t, "!")) {
        take(p, t);
        n = node_new(INSIGHTS_UNARY);
        n->op = '!';
        node_add_arg(n, parse_not(p));
    } else {
        n = parse_comparison(p);
    }
    p->depth--;
    return n;
}

static struct insights_node *parse_and(struct parser *p)
{
    struct insights_node *n = parse_not(p);
    while (!p->failed && (accept_word(p, "and") || accept_punct(p, "&&")))
        n = binary(INSIGHTS_AND, n, parse_not(p));
    return n;
}

static struct insights_node *parse_expr(struct parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        fail_unexpected(p, peek(p, true));
        return node_new(INSIGHTS_STRING);
    }
    struct insights_node *n = parse_and(p);
    while (!p->failed && (accept_word(p, "or") || accept_punct(p, "||")))
        n = binary(INSIGHTS_OR, n, parse_and(p));
    p->depth--;
    return n;
}

/* ---- commands ---- */

static char *trimmed(const char *text, int start, int end)
{
    if (end < start)
        end = start; /* nothing was read: the item failed */
    while (start < end && isspace((unsigned char)text[start]))
        start++;
    while (end > start && isspace((unsigned char)text[end - 1]))
        end--;
    return xstrndup(text + start, (size_t)(end - start));
}

/* A field name where one is required: after 'as', in parse's list. */
static char *parse_name(struct parser *p)
{
    struct token t = peek(p, false);
    if (t.kind != T_IDENT) {
        fail_unexpected(p, t);
        return xstrdup("");
    }
    take(p, t);
    return ident_text(p, t);
}

/* expr [as name] [asc|desc], a comma-separated list of them. */
static void parse_items(struct parser *p, struct insights_item **items, size_t *count, bool sort)
{
    do {
        int start = skip_space(p->text, p->pos);
        struct insights_item item = {parse_expr(p), NULL, sort};
        if (!p->failed && !sort && accept_word(p, "as"))
            item.name = parse_name(p);
        else
            item.name = trimmed(p->text, start, p->last_end);
        if (!p->failed && sort) {
            if (accept_word(p, "asc"))
                item.descending = false;
            else if (accept_word(p, "desc"))
                item.descending = true;
        }
        *items = xrealloc(*items, (*count + 1) * sizeof **items);
        (*items)[(*count)++] = item;
    } while (!p->failed && accept_punct(p, ","));
}

static bool contains_aggregate(const struct insights_node *n)
{
    if (n->kind == INSIGHTS_CALL && insights_is_aggregate(n->text))
        return true;
    for (size_t i = 0; i < n->arg_count; i++)
        if (contains_aggregate(n->args[i]))
            return true;
    return false;
}

static void parse_stats(struct parser *p, struct insights_command *cmd)
{
    int start = skip_space(p->text, p->pos);
    parse_items(p, &cmd->items, &cmd->item_count, false);
    for (size_t i = 0; !p->failed && i < cmd->item_count; i++)
        if (!contains_aggregate(cmd->items[i].expr))
            fail_at(p, start, p->last_end - 1,
                    "stats command requires an aggregation function: %.100s", cmd->items[i].name);
    if (!p->failed && accept_word(p, "by"))
        parse_items(p, &cmd->groups, &cmd->group_count, false);
}

static size_t count_stars(const char *glob)
{
    size_t n = 0;
    for (; *glob; glob++)
        n += *glob == '*';
    return n;
}

static void parse_parse(struct parser *p, struct insights_command *cmd)
{
    struct token t = peek(p, true);
    if (t.kind == T_STRING || t.kind == T_REGEX) {
        /* parse "pattern" … reads @message */
        cmd->source = node_new(INSIGHTS_FIELD);
        cmd->source->text = xstrdup("@message");
    } else {
        cmd->source = parse_primary(p);
        t = peek(p, true);
    }
    if (p->failed)
        return;
    if (t.kind == T_STRING) {
        take(p, t);
        cmd->glob = token_body(p, t);
        if (!accept_word(p, "as")) {
            fail_unexpected(p, peek(p, false));
            return;
        }
        do {
            cmd->names = xrealloc(cmd->names, (cmd->name_count + 1) * sizeof *cmd->names);
            cmd->names[cmd->name_count++] = parse_name(p);
        } while (!p->failed && accept_punct(p, ","));
        if (!p->failed && count_stars(cmd->glob) != cmd->name_count)
            fail_at(p, t.start, p->last_end - 1,
                    "parse: the pattern has %zu wildcards for %zu fields",
                    count_stars(cmd->glob), cmd->name_count);
        return;
    }
    if (t.kind != T_REGEX) {
        fail_unexpected(p, t);
        return;
    }
    take(p, t);
    char *pattern = token_body(p, t);
    cmd->regex = insights_regex_compile(pattern, &cmd->names, &cmd->name_count);
    if (!cmd->regex)
        fail_at(p, t.start, t.end - 1, "Invalid regular expression: /%.200s/", pattern);
    free(pattern);
}

static void parse_command(struct parser *p, struct insights_command *cmd)
{
    struct token t = peek(p, false);
    static const struct {
        const char *word;
        enum insights_command_kind kind;
    } words[] = {{"fields", INSIGHTS_FIELDS}, {"display", INSIGHTS_DISPLAY},
                 {"filter", INSIGHTS_FILTER}, {"stats", INSIGHTS_STATS},
                 {"sort", INSIGHTS_SORT},     {"limit", INSIGHTS_LIMIT},
                 {"parse", INSIGHTS_PARSE},   {"dedup", INSIGHTS_DEDUP}};
    size_t i = 0;
    while (i < sizeof words / sizeof words[0] && !is_word(p, t, words[i].word))
        i++;
    if (i == sizeof words / sizeof words[0]) {
        fail_unexpected(p, t);
        return;
    }
    take(p, t);
    cmd->kind = words[i].kind;
    switch (cmd->kind) {
    case INSIGHTS_FIELDS:
    case INSIGHTS_DISPLAY:
    case INSIGHTS_DEDUP:
        parse_items(p, &cmd->items, &cmd->item_count, false);
        break;
    case INSIGHTS_SORT:
        parse_items(p, &cmd->items, &cmd->item_count, true);
        break;
    case INSIGHTS_FILTER:
        cmd->condition = parse_expr(p);
        break;
    case INSIGHTS_STATS:
        parse_stats(p, cmd);
        break;
    case INSIGHTS_PARSE:
        parse_parse(p, cmd);
        break;
    case INSIGHTS_LIMIT: {
        struct token n = peek(p, false);
        if (n.kind != T_NUMBER || n.number < 1 || n.number != floor(n.number)) {
            fail_unexpected(p, n);
            return;
        }
        take(p, n);
        cmd->limit = n.number > 1e9 ? 1000000000L : (long)n.number;
        break;
    }
    }
}

struct insights_query *insights_query_parse(const char *text, struct insights_error *err)
{
    struct parser p = {.text = text, .err = err};
    memset(err, 0, sizeof *err);
    struct insights_query *q = xcalloc(1, sizeof *q);
    if (peek(&p, false).kind != T_END) {
        do {
            q->commands = xrealloc(q->commands, (q->command_count + 1) * sizeof *q->commands);
            struct insights_command *cmd = &q->commands[q->command_count++];
            memset(cmd, 0, sizeof *cmd);
            parse_command(&p, cmd);
        } while (!p.failed && accept_punct(&p, "|"));
        if (!p.failed && peek(&p, false).kind != T_END)
            fail_unexpected(&p, peek(&p, false));
    }
    if (p.failed) {
        insights_query_free(q);
        return NULL;
    }
    return q;
}

static void items_free(struct insights_item *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        node_free(items[i].expr);
        free(items[i].name);
    }
    free(items);
}

void insights_query_free(struct insights_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->command_count; i++) {
        struct insights_command *cmd = &q->commands[i];
        items_free(cmd->items, cmd->item_count);
        items_free(cmd->groups, cmd->group_count);
        node_free(cmd->condition);
        node_free(cmd->source);
        free(cmd->glob);
        insights_regex_free(cmd->regex);
        for (size_t j = 0; j < cmd->name_count; j++)
            free(cmd->names[j]);
        free(cmd->names);
    }
    free(q->commands);
    free(q);
}
