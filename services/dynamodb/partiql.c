/* PartiQL for DynamoDB: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction with
 * SELECT, INSERT, UPDATE and DELETE. Statements are parsed into the same condition and update
 * trees the expression languages use, so they share one evaluator and one update engine. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "number.h"
#include "ops.h"
#include "partiql.h"
#include "request.h"

#define MAX_NESTING 64
#define MAX_STATEMENT_BYTES 8192

enum pq_token_type {
    PQ_EOF,
    PQ_IDENT,
    PQ_QUOTED_IDENT,
    PQ_STRING,
    PQ_NUMBER,
    PQ_PUNCT,
    PQ_PARAM,
    PQ_BAD
};

struct pq_token {
    enum pq_token_type type;
    const char *start;
    size_t len;
};

enum statement_kind { ST_SELECT, ST_INSERT, ST_UPDATE, ST_DELETE };

struct statement {
    enum statement_kind kind;
    char *table;
    char *index;
    struct expr *where;
    struct projection projection; /* SELECT; n == 0 for * */
    cJSON *insert_item;           /* INSERT: the item's attributes (owned by values) */
    struct update_expr update;    /* UPDATE */
};

struct pq_parser {
    struct expr_ctx *ctx;
    cJSON *values; /* owns every literal */
    const cJSON *parameters;
    int next_parameter;
    const char *text;
    struct pq_token *tokens;
    size_t ntokens, pos;
    int depth;
    char error[512];
};

/* ---- lexer ---- */

static bool is_punct_pair(const char *p, const char *pair)
{
    return p[0] == pair[0] && p[1] == pair[1];
}

static struct pq_token lex(const char *p)
{
    struct pq_token t = {PQ_BAD, p, 1};
    if (*p == '\0')
        return (struct pq_token){PQ_EOF, p, 0};
    if (isalpha((unsigned char)*p) || *p == '_') {
        size_t n = 1;
        while (isalnum((unsigned char)p[n]) || p[n] == '_')
            n++;
        return (struct pq_token){PQ_IDENT, p, n};
    }
    if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
        size_t n = 0;
        while (isdigit((unsigned char)p[n]) || p[n] == '.')
            n++;
        if (p[n] == 'e' || p[n] == 'E') {
            n++;
            if (p[n] == '+' || p[n] == '-')
                n++;
            while (isdigit((unsigned char)p[n]))
                n++;
        }
        return (struct pq_token){PQ_NUMBER, p, n};
    }
    if (*p == '\'' || *p == '"') {
        char quote = *p;
        size_t n = 1;
        for (;;) {
            if (p[n] == '\0')
                return t;
            if (p[n] == quote) {
                if (p[n + 1] == quote) {
                    n += 2;
                    continue;
                }
                break;
            }
            n++;
        }
        return (struct pq_token){quote == '\'' ? PQ_STRING : PQ_QUOTED_IDENT, p, n + 1};
    }
    if (*p == '?')
        return (struct pq_token){PQ_PARAM, p, 1};
    static const char *const PAIRS[] = {"<>", "!=", "<=", ">=", "<<", ">>"};
    for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++)
        if (is_punct_pair(p, PAIRS[i]))
            return (struct pq_token){PQ_PUNCT, p, 2};
    if (strchr("*,.[](){}:=<>+-", *p))
        return (struct pq_token){PQ_PUNCT, p, 1};
    return t;
}

static int tokenize(struct pq_parser *p)
{
    size_t cap = 32;
    p->tokens = xmalloc(cap * sizeof *p->tokens);
    for (const char *s = p->text;;) {
        while (isspace((unsigned char)*s))
            s++;
        struct pq_token t = lex(s);
        if (p->ntokens == cap) {
            cap *= 2;
            p->tokens = xrealloc(p->tokens, cap * sizeof *p->tokens);
        }
        p->tokens[p->ntokens++] = t;
        if (t.type == PQ_BAD) {
            snprintf(p->error, sizeof p->error,
                     "Statement wasn't well formed, can't be processed: Unexpected character: "
                     "'%c'",
                     *s);
            return -1;
        }
        if (t.type == PQ_EOF)
            return 0;
        s += t.len;
    }
}

static const struct pq_token *peek(const struct pq_parser *p)
{
    return &p->tokens[p->pos];
}

static const struct pq_token *take(struct pq_parser *p)
{
    const struct pq_token *t = &p->tokens[p->pos];
    if (t->type != PQ_EOF)
        p->pos++;
    return t;
}

static bool is_word(const struct pq_token *t, const char *w)
{
    return t->type == PQ_IDENT && t->len == strlen(w) && strncasecmp(t->start, w, t->len) == 0;
}

static bool is_punct(const struct pq_token *t, const char *s)
{
    return t->type == PQ_PUNCT && t->len == strlen(s) && strncmp(t->start, s, t->len) == 0;
}

static int fail(struct pq_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct pq_parser *p, const char *fmt, ...)
{
    if (p->error[0])
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    return -1;
}

static int unexpected(struct pq_parser *p)
{
    const struct pq_token *t = peek(p);
    if (t->type == PQ_EOF)
        return fail(p, "Statement wasn't well formed, can't be processed: Unexpected end of "
                       "statement");
    return fail(p, "Statement wasn't well formed, can't be processed: Unexpected token: %.*s",
                (int)t->len, t->start);
}

static bool accept_word(struct pq_parser *p, const char *w)
{
    if (!is_word(peek(p), w))
        return false;
    take(p);
    return true;
}

static bool accept_punct(struct pq_parser *p, const char *s)
{
    if (!is_punct(peek(p), s))
        return false;
    take(p);
    return true;
}

static int expect_word(struct pq_parser *p, const char *w)
{
    return accept_word(p, w) ? 0 : unexpected(p);
}

static int expect_punct(struct pq_parser *p, const char *s)
{
    return accept_punct(p, s) ? 0 : unexpected(p);
}

/* The text of a quoted token without its quotes, doubled quotes undone. */
static char *unquote(struct pq_parser *p, const struct pq_token *t)
{
    char *out = arena_alloc(&p->ctx->arena, t->len);
    size_t n = 0;
    for (size_t i = 1; i + 1 < t->len; i++) {
        out[n++] = t->start[i];
        if (t->start[i] == t->start[0])
            i++;
    }
    out[n] = '\0';
    return out;
}

static char *name_token(struct pq_parser *p)
{
    const struct pq_token *t = peek(p);
    if (t->type == PQ_QUOTED_IDENT) {
        take(p);
        return unquote(p, t);
    }
    if (t->type == PQ_IDENT) {
        take(p);
        return arena_strdup(&p->ctx->arena, t->start, t->len);
    }
    unexpected(p);
    return NULL;
}

/* ---- values ---- */

static cJSON *keep(struct pq_parser *p, cJSON *av)
{
    cJSON_AddItemToArray(p->values, av);
    return av;
}

static cJSON *parse_value(struct pq_parser *p);

static cJSON *parse_collection(struct pq_parser *p, const char *close, bool is_map, bool is_set)
{
    cJSON *items = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!accept_punct(p, close)) {
        for (;;) {
            char *key = NULL;
            if (is_map) {
                const struct pq_token *t = peek(p);
                if (t->type != PQ_STRING) {
                    unexpected(p);
                    goto fail;
                }
                take(p);
                key = unquote(p, t);
                if (expect_punct(p, ":"))
                    goto fail;
            }
            cJSON *v = parse_value(p);
            if (!v)
                goto fail;
            cJSON *copy = cJSON_Duplicate(v, true);
            if (is_map)
                cJSON_AddItemToObject(items, key, copy);
            else
                cJSON_AddItemToArray(items, copy);
            if (accept_punct(p, close))
                break;
            if (expect_punct(p, ","))
                goto fail;
        }
    }
    cJSON *av = cJSON_CreateObject();
    if (!is_set) {
        cJSON_AddItemToObject(av, is_map ? "M" : "L", items);
        return keep(p, av);
    }
    /* <<'a', 'b'>>: a set of the elements' type */
    enum av_type element = av_type(cJSON_GetArrayItem(items, 0));
    enum av_type set = element == AV_S   ? AV_SS
                       : element == AV_N ? AV_NS
                       : element == AV_B ? AV_BS
                                         : AV_NONE;
    if (set == AV_NONE) {
        cJSON_Delete(items);
        cJSON_Delete(av);
        fail(p, "Statement wasn't well formed, can't be processed: A set can hold only strings, "
                "numbers or binaries");
        return NULL;
    }
    cJSON *list = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, items)
    {
        if (av_type(e) != element) {
            cJSON_Delete(list);
            cJSON_Delete(items);
            cJSON_Delete(av);
            fail(p, "Statement wasn't well formed, can't be processed: Set elements must all have "
                    "one type");
            return NULL;
        }
        cJSON_AddItemToArray(list, cJSON_CreateString(av_payload(e)->valuestring));
    }
    cJSON_Delete(items);
    cJSON_AddItemToObject(av, av_type_name(set), list);
    return keep(p, av);
fail:
    cJSON_Delete(items);
    return NULL;
}

static cJSON *parse_value(struct pq_parser *p)
{
    if (++p->depth > MAX_NESTING) {
        fail(p, "Statement wasn't well formed, can't be processed: Nesting too deep");
        return NULL;
    }
    const struct pq_token *t = peek(p);
    cJSON *av = NULL;
    if (t->type == PQ_STRING) {
        take(p);
        av = keep(p, av_new_string(AV_S, unquote(p, t)));
    } else if (t->type == PQ_NUMBER || (is_punct(t, "-") && peek(p)[1].type == PQ_NUMBER)) {
        bool negative = is_punct(t, "-");
        if (negative)
            take(p);
        const struct pq_token *num = take(p);
        char *text = arena_alloc(&p->ctx->arena, num->len + 2);
        snprintf(text, num->len + 2, "%s%.*s", negative ? "-" : "", (int)num->len, num->start);
        const char *error;
        char *canonical = ddb_number_canonical(text, &error);
        if (!canonical)
            fail(p, "%s", error);
        else
            av = keep(p, av_new_number_take(canonical));
    } else if (t->type == PQ_PARAM) {
        take(p);
        const cJSON *param = cJSON_GetArrayItem(p->parameters, p->next_parameter++);
        if (!param)
            fail(p, "Number of parameters in request and statement don't match.");
        else
            av = (cJSON *)param;
    } else if (is_word(t, "true") || is_word(t, "false")) {
        take(p);
        av = cJSON_CreateObject();
        cJSON_AddBoolToObject(av, "BOOL", is_word(t, "true"));
        av = keep(p, av);
    } else if (is_word(t, "null")) {
        take(p);
        av = cJSON_CreateObject();
        cJSON_AddTrueToObject(av, "NULL");
        av = keep(p, av);
    } else if (accept_punct(p, "[")) {
        av = parse_collection(p, "]", false, false);
    } else if (accept_punct(p, "{")) {
        av = parse_collection(p, "}", true, false);
    } else if (accept_punct(p, "<<")) {
        av = parse_collection(p, ">>", false, true);
    } else {
        unexpected(p);
    }
    p->depth--;
    return av;
}

static bool starts_value(const struct pq_parser *p)
{
    const struct pq_token *t = peek(p);
    return t->type == PQ_STRING || t->type == PQ_NUMBER || t->type == PQ_PARAM ||
           is_word(t, "true") || is_word(t, "false") || is_word(t, "null") || is_punct(t, "[") ||
           is_punct(t, "{") || is_punct(t, "<<") || (is_punct(t, "-") && t[1].type == PQ_NUMBER);
}

/* ---- expressions ---- */

static struct expr *node(struct pq_parser *p, enum expr_kind kind, int nargs)
{
    struct expr *e = arena_alloc(&p->ctx->arena, sizeof *e);
    e->kind = kind;
    e->nargs = nargs;
    if (nargs)
        e->args = arena_alloc(&p->ctx->arena, (size_t)nargs * sizeof *e->args);
    return e;
}

static int parse_path(struct pq_parser *p, struct doc_path *out)
{
    struct path_step steps[EXPR_MAX_PATH_DEPTH + 1];
    int n = 0;
    char *first = name_token(p);
    if (!first)
        return -1;
    steps[n++] = (struct path_step){first, 0};
    for (;;) {
        struct path_step step = {NULL, 0};
        if (accept_punct(p, ".")) {
            step.name = name_token(p);
            if (!step.name)
                return -1;
        } else if (accept_punct(p, "[")) {
            const struct pq_token *t = take(p);
            if (t->type == PQ_NUMBER) {
                step.index = strtol(t->start, NULL, 10);
            } else if (t->type == PQ_STRING) {
                step.name = unquote(p, t);
            } else {
                p->pos--;
                return unexpected(p);
            }
            if (expect_punct(p, "]"))
                return -1;
        } else {
            break;
        }
        if (n >= EXPR_MAX_PATH_DEPTH)
            return fail(p, "Statement wasn't well formed, can't be processed: Path too deep");
        steps[n++] = step;
    }
    out->n = n;
    out->steps = arena_alloc(&p->ctx->arena, (size_t)n * sizeof *steps);
    memcpy(out->steps, steps, (size_t)n * sizeof *steps);
    return 0;
}

static const struct {
    const char *name;
    enum func_id id;
    int arity;
} PQ_FUNCTIONS[] = {
    {"attribute_exists", FN_ATTRIBUTE_EXISTS, 1},
    {"attribute_not_exists", FN_ATTRIBUTE_NOT_EXISTS, 1},
    {"attribute_type", FN_ATTRIBUTE_TYPE, 2},
    {"begins_with", FN_BEGINS_WITH, 2},
    {"contains", FN_CONTAINS, 2},
    {"size", FN_SIZE, 1},
    {"list_append", FN_LIST_APPEND, 2},
    {"if_not_exists", FN_IF_NOT_EXISTS, 2},
};

static struct expr *parse_operand(struct pq_parser *p);

static struct expr *parse_function(struct pq_parser *p)
{
    const struct pq_token *t = take(p);
    int fi = -1;
    for (size_t i = 0; i < sizeof PQ_FUNCTIONS / sizeof PQ_FUNCTIONS[0]; i++)
        if (strlen(PQ_FUNCTIONS[i].name) == t->len &&
            strncasecmp(PQ_FUNCTIONS[i].name, t->start, t->len) == 0)
            fi = (int)i;
    if (fi < 0) {
        fail(p, "Statement wasn't well formed, can't be processed: Unsupported function: %.*s",
             (int)t->len, t->start);
        return NULL;
    }
    take(p); /* ( */
    struct expr *f = node(p, EXPR_FUNC, PQ_FUNCTIONS[fi].arity);
    f->func = PQ_FUNCTIONS[fi].id;
    for (int i = 0; i < f->nargs; i++) {
        if (i && expect_punct(p, ","))
            return NULL;
        f->args[i] = parse_operand(p);
        if (!f->args[i])
            return NULL;
    }
    if (expect_punct(p, ")"))
        return NULL;
    if (f->func != FN_SIZE && f->func != FN_LIST_APPEND && f->args[0]->kind != EXPR_PATH) {
        fail(p, "Statement wasn't well formed, can't be processed: %s needs a path",
             PQ_FUNCTIONS[fi].name);
        return NULL;
    }
    return f;
}

static struct expr *parse_operand(struct pq_parser *p)
{
    if (++p->depth > MAX_NESTING) {
        fail(p, "Statement wasn't well formed, can't be processed: Nesting too deep");
        return NULL;
    }
    struct expr *e = NULL;
    if (starts_value(p)) {
        cJSON *v = parse_value(p);
        if (v) {
            e = node(p, EXPR_VALUE, 0);
            e->value = v;
        }
    } else if (peek(p)->type == PQ_IDENT && is_punct(&p->tokens[p->pos + 1], "(")) {
        e = parse_function(p);
    } else {
        e = node(p, EXPR_PATH, 0);
        if (parse_path(p, &e->path))
            e = NULL;
    }
    p->depth--;
    return e;
}

static struct expr *parse_or(struct pq_parser *p);

static bool comparator(const struct pq_token *t, enum cmp_op *op)
{
    static const struct {
        const char *text;
        enum cmp_op op;
    } OPS[] = {{"=", CMP_EQ},  {"<>", CMP_NE}, {"!=", CMP_NE}, {"<", CMP_LT},
               {"<=", CMP_LE}, {">", CMP_GT},  {">=", CMP_GE}};
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (is_punct(t, OPS[i].text)) {
            *op = OPS[i].op;
            return true;
        }
    return false;
}

static struct expr *parse_predicate(struct pq_parser *p)
{
    struct expr *left = parse_operand(p);
    if (!left)
        return NULL;
    if (left->kind == EXPR_FUNC && left->func != FN_SIZE && left->func != FN_LIST_APPEND &&
        left->func != FN_IF_NOT_EXISTS)
        return left;
    enum cmp_op op;
    if (comparator(peek(p), &op)) {
        take(p);
        struct expr *e = node(p, EXPR_COMPARE, 2);
        e->cmp = op;
        e->args[0] = left;
        e->args[1] = parse_operand(p);
        return e->args[1] ? e : NULL;
    }
    if (accept_word(p, "BETWEEN")) {
        struct expr *e = node(p, EXPR_BETWEEN, 3);
        e->args[0] = left;
        if (!(e->args[1] = parse_operand(p)) || expect_word(p, "AND") ||
            !(e->args[2] = parse_operand(p)))
            return NULL;
        return e;
    }
    if (accept_word(p, "IN")) {
        const char *close = accept_punct(p, "[") ? "]" : (expect_punct(p, "(") ? NULL : ")");
        if (!close)
            return NULL;
        struct expr *list[EXPR_MAX_IN_OPERANDS + 1];
        int n = 0;
        do {
            if (n == EXPR_MAX_IN_OPERANDS) {
                fail(p, "Statement wasn't well formed, can't be processed: Too many IN operands");
                return NULL;
            }
            if (!(list[n++] = parse_operand(p)))
                return NULL;
        } while (accept_punct(p, ","));
        if (expect_punct(p, close))
            return NULL;
        struct expr *e = node(p, EXPR_IN, n + 1);
        e->args[0] = left;
        memcpy(e->args + 1, list, (size_t)n * sizeof *list);
        return e;
    }
    if (accept_word(p, "IS")) {
        bool negated = accept_word(p, "NOT");
        if (left->kind != EXPR_PATH) {
            unexpected(p);
            return NULL;
        }
        struct expr *f = node(p, EXPR_FUNC, 1);
        f->args[0] = left;
        if (accept_word(p, "MISSING")) {
            f->func = negated ? FN_ATTRIBUTE_EXISTS : FN_ATTRIBUTE_NOT_EXISTS;
            return f;
        }
        if (expect_word(p, "NULL"))
            return NULL;
        cJSON *type = keep(p, av_new_string(AV_S, "NULL"));
        struct expr *tf = node(p, EXPR_FUNC, 2);
        tf->func = FN_ATTRIBUTE_TYPE;
        tf->args[0] = left;
        tf->args[1] = node(p, EXPR_VALUE, 0);
        tf->args[1]->value = type;
        if (!negated)
            return tf;
        struct expr *not = node(p, EXPR_NOT, 1);
        not ->args[0] = tf;
        return not ;
    }
    unexpected(p);
    return NULL;
}

static struct expr *parse_unary(struct pq_parser *p)
{
    if (++p->depth > MAX_NESTING) {
        fail(p, "Statement wasn't well formed, can't be processed: Nesting too deep");
        return NULL;
    }
    struct expr *e;
    if (accept_word(p, "NOT")) {
        struct expr *inner = parse_unary(p);
        if (!inner)
            return NULL;
        e = node(p, EXPR_NOT, 1);
        e->args[0] = inner;
    } else if (is_punct(peek(p), "(")) {
        take(p);
        e = parse_or(p);
        if (!e || expect_punct(p, ")"))
            return NULL;
    } else {
        e = parse_predicate(p);
    }
    p->depth--;
    return e;
}

static struct expr *parse_binary(struct pq_parser *p, bool is_or)
{
    struct expr *left = is_or ? parse_binary(p, false) : parse_unary(p);
    while (left && accept_word(p, is_or ? "OR" : "AND")) {
        struct expr *right = is_or ? parse_binary(p, false) : parse_unary(p);
        if (!right)
            return NULL;
        struct expr *e = node(p, is_or ? EXPR_OR : EXPR_AND, 2);
        e->args[0] = left;
        e->args[1] = right;
        left = e;
    }
    return left;
}

static struct expr *parse_or(struct pq_parser *p)
{
    return parse_binary(p, true);
}

/* ---- statements ---- */

static int parse_table(struct pq_parser *p, struct statement *st)
{
    st->table = name_token(p);
    if (!st->table)
        return -1;
    if (accept_punct(p, ".")) {
        st->index = name_token(p);
        if (!st->index)
            return -1;
    }
    return 0;
}

static int parse_where(struct pq_parser *p, struct statement *st, bool required)
{
    if (!accept_word(p, "WHERE"))
        return required ? fail(p, "Statement wasn't well formed, can't be processed: Where "
                                  "clause must be specified")
                        : 0;
    st->where = parse_or(p);
    return st->where ? 0 : -1;
}

static int parse_select(struct pq_parser *p, struct statement *st)
{
    st->kind = ST_SELECT;
    if (!accept_punct(p, "*")) {
        struct doc_path paths[64];
        int n = 0;
        do {
            if (n == 64)
                return fail(p, "Statement wasn't well formed, can't be processed: Too many "
                               "projected paths");
            if (parse_path(p, &paths[n++]))
                return -1;
        } while (accept_punct(p, ","));
        st->projection.paths = arena_alloc(&p->ctx->arena, (size_t)n * sizeof *paths);
        memcpy(st->projection.paths, paths, (size_t)n * sizeof *paths);
        st->projection.n = n;
    }
    if (expect_word(p, "FROM") || parse_table(p, st))
        return -1;
    return parse_where(p, st, false);
}

static int parse_insert(struct pq_parser *p, struct statement *st)
{
    st->kind = ST_INSERT;
    if (expect_word(p, "INTO") || parse_table(p, st) || expect_word(p, "VALUE"))
        return -1;
    st->insert_item = parse_value(p);
    if (!st->insert_item)
        return -1;
    if (av_type(st->insert_item) != AV_M)
        return fail(p, "Statement wasn't well formed, can't be processed: INSERT takes a map "
                       "VALUE");
    st->insert_item = st->insert_item->child; /* the map's attributes are the item */
    return 0;
}

static struct expr *parse_set_value(struct pq_parser *p)
{
    struct expr *left = parse_operand(p);
    if (!left)
        return NULL;
    bool plus = is_punct(peek(p), "+");
    if (!plus && !is_punct(peek(p), "-"))
        return left;
    take(p);
    struct expr *e = node(p, plus ? EXPR_PLUS : EXPR_MINUS, 2);
    e->args[0] = left;
    e->args[1] = parse_operand(p);
    return e->args[1] ? e : NULL;
}

static int parse_update(struct pq_parser *p, struct statement *st)
{
    st->kind = ST_UPDATE;
    if (parse_table(p, st))
        return -1;
    struct update_clause clauses[64];
    int n = 0;
    for (;;) {
        enum update_action action;
        if (accept_word(p, "SET"))
            action = UPD_SET;
        else if (accept_word(p, "REMOVE"))
            action = UPD_REMOVE;
        else
            break;
        if (n == 64)
            return fail(p, "Statement wasn't well formed, can't be processed: Too many updates");
        struct update_clause *c = &clauses[n++];
        memset(c, 0, sizeof *c);
        c->action = action;
        if (parse_path(p, &c->path))
            return -1;
        if (action == UPD_SET && (expect_punct(p, "=") || !(c->value = parse_set_value(p))))
            return -1;
    }
    if (n == 0)
        return unexpected(p);
    st->update.clauses = arena_alloc(&p->ctx->arena, (size_t)n * sizeof *clauses);
    memcpy(st->update.clauses, clauses, (size_t)n * sizeof *clauses);
    st->update.n = n;
    return parse_where(p, st, true);
}

static int parse_delete(struct pq_parser *p, struct statement *st)
{
    st->kind = ST_DELETE;
    if (expect_word(p, "FROM") || parse_table(p, st))
        return -1;
    return parse_where(p, st, true);
}

static int parse_statement(struct pq_parser *p, const char *text, struct statement *st)
{
    memset(st, 0, sizeof *st);
    p->text = text;
    if (strlen(text) > MAX_STATEMENT_BYTES)
        return fail(p, "Statement wasn't well formed, can't be processed: Statement too long");
    if (tokenize(p))
        return -1;
    int rc;
    if (accept_word(p, "SELECT"))
        rc = parse_select(p, st);
    else if (accept_word(p, "INSERT"))
        rc = parse_insert(p, st);
    else if (accept_word(p, "UPDATE"))
        rc = parse_update(p, st);
    else if (accept_word(p, "DELETE"))
        rc = parse_delete(p, st);
    else
        rc = unexpected(p);
    if (rc == 0 && peek(p)->type != PQ_EOF)
        rc = unexpected(p);
    if (rc == 0 && p->parameters && p->next_parameter != cJSON_GetArraySize(p->parameters))
        rc = fail(p, "Number of parameters in request and statement don't match.");
    return rc;
}

int partiql_parse_only(const char *text, const cJSON *parameters, char *error, size_t size)
{
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, NULL, NULL);
    struct pq_parser p = {0};
    p.ctx = &ctx;
    p.values = cJSON_CreateArray();
    p.parameters = parameters;
    struct statement st;
    int rc = parse_statement(&p, text, &st);
    if (rc)
        snprintf(error, size, "%s", p.error);
    free(p.tokens);
    cJSON_Delete(p.values);
    expr_ctx_free(&ctx);
    return rc;
}

/* ---- execution ---- */

/* A parsed statement with everything it owns. */
struct prepared {
    struct expr_ctx ctx;
    struct pq_parser parser;
    struct statement st;
    struct ddb_table *table;
    cJSON *key; /* the primary key the WHERE clause pins, or NULL */
};

static void prepared_free(struct prepared *pr)
{
    free(pr->parser.tokens);
    cJSON_Delete(pr->parser.values);
    cJSON_Delete(pr->key);
    expr_ctx_free(&pr->ctx);
}

/* Equalities on key attributes among the top-level ANDs of where. */
static void collect_key(const struct ddb_table *t, const struct expr *e, cJSON *key)
{
    if (!e)
        return;
    if (e->kind == EXPR_AND) {
        collect_key(t, e->args[0], key);
        collect_key(t, e->args[1], key);
        return;
    }
    if (e->kind != EXPR_COMPARE || e->cmp != CMP_EQ)
        return;
    const struct expr *path = e->args[0], *value = e->args[1];
    if (path->kind == EXPR_VALUE)
        path = e->args[1], value = e->args[0];
    if (path->kind != EXPR_PATH || value->kind != EXPR_VALUE || path->path.n != 1)
        return;
    const char *name = path->path.steps[0].name;
    if (strcmp(name, t->key.hash) != 0 && !(t->key.range && strcmp(name, t->key.range) == 0))
        return;
    if (!cJSON_GetObjectItemCaseSensitive(key, name))
        cJSON_AddItemToObject(key, name, cJSON_Duplicate(value->value, true));
}

static int prepare(struct call *c, const char *text, const cJSON *parameters, struct prepared *pr)
{
    memset(pr, 0, sizeof *pr);
    expr_ctx_init(&pr->ctx, NULL, NULL);
    pr->parser.ctx = &pr->ctx;
    pr->parser.values = cJSON_CreateArray();
    pr->parser.parameters = parameters;
    char msg[512];
    const cJSON *param;
    cJSON_ArrayForEach(param, parameters)
    {
        const char *error = av_validate((cJSON *)param, msg, sizeof msg);
        if (error)
            return ddb_validation(c, "%s", error);
    }
    if (parse_statement(&pr->parser, text, &pr->st))
        return ddb_validation(c, "%s", pr->parser.error);
    pr->table = ddb_require_table_named(c, pr->st.table);
    if (!pr->table)
        return -1;
    if (pr->st.index && !ddb_table_index(pr->table, pr->st.index))
        return ddb_validation(c, "The table does not have the specified index: %s", pr->st.index);
    pr->key = cJSON_CreateObject();
    collect_key(pr->table, pr->st.where, pr->key);
    int want = pr->table->key.range ? 2 : 1;
    if ((pr->st.kind == ST_UPDATE || pr->st.kind == ST_DELETE) &&
        cJSON_GetArraySize(pr->key) != want)
        return ddb_validation(c, "Where clause does not contain a mandatory equality on all key "
                                 "attributes");
    if (pr->st.kind == ST_INSERT) {
        cJSON_Delete(pr->key);
        pr->key = NULL;
        if (ddb_check_item(c, pr->table, pr->st.insert_item))
            return -1;
    } else if (cJSON_GetArraySize(pr->key) == want && ddb_check_key(c, pr->table, pr->key)) {
        return -1;
    }
    return 0;
}

static cJSON *select_item(const struct prepared *pr, const cJSON *attrs)
{
    if (pr->st.projection.n)
        return projection_apply(attrs, &pr->st.projection);
    return ddb_item_view(attrs);
}

static void run_select(struct prepared *pr, long long limit, cJSON *items)
{
    const struct ddb_table *t = pr->table;
    int want = t->key.range ? 2 : 1;
    if (!pr->st.index && pr->key && cJSON_GetArraySize(pr->key) == want) {
        struct ddb_item *it = ddb_table_get(t, pr->key);
        if (it && expr_eval_condition(pr->st.where, it->attrs))
            cJSON_AddItemToArray(items, select_item(pr, it->attrs));
        return;
    }
    const struct ddb_index *idx = pr->st.index ? ddb_table_index(t, pr->st.index) : NULL;
    const struct ordered_index *entries = idx ? idx->entries : t->items;
    long long n = 0;
    for (const struct oidx_node *node = oidx_first(entries); node; node = oidx_next(node)) {
        const struct ddb_item *it = node->value;
        if (!expr_eval_condition(pr->st.where, it->attrs))
            continue;
        cJSON_AddItemToArray(items,
                             idx && strcmp(idx->projection_type, "ALL") != 0 && !pr->st.projection.n
                                 ? ddb_index_project(t, idx, it->attrs)
                                 : select_item(pr, it->attrs));
        if (limit > 0 && ++n >= limit)
            return;
    }
}

/* Checks a write statement against the stored item; NULL when it can go ahead, else the
 * error code (message in c->err). For updates *result receives the new item. */
static const char *check_write(struct call *c, struct prepared *pr, cJSON **result)
{
    *result = NULL;
    if (pr->st.kind == ST_INSERT) {
        if (ddb_table_get(pr->table, pr->st.insert_item)) {
            call_fail(c, 400, "DuplicateItemException", "Duplicate primary key exists in table");
            return "DuplicateItem";
        }
        *result = cJSON_Duplicate(pr->st.insert_item, true);
        return NULL;
    }
    struct ddb_item *it = ddb_table_get(pr->table, pr->key);
    if (!it || !expr_eval_condition(pr->st.where, it->attrs)) {
        call_fail(c, 400, "ConditionalCheckFailedException", "The conditional request failed");
        return "ConditionalCheckFailed";
    }
    if (pr->st.kind == ST_UPDATE) {
        for (int i = 0; i < pr->st.update.n; i++) {
            const char *name = pr->st.update.clauses[i].path.steps[0].name;
            if (strcmp(name, pr->table->key.hash) == 0 ||
                (pr->table->key.range && strcmp(name, pr->table->key.range) == 0)) {
                ddb_validation(c,
                               "One or more parameter values were invalid: Cannot update "
                               "attribute %s. This attribute is part of the key",
                               name);
                return "ValidationError";
            }
        }
        *result = ddb_apply_update(c, pr->table, pr->key, &pr->st.update, it->attrs);
        if (!*result)
            return "ValidationError";
    }
    return NULL;
}

static void apply_write(struct prepared *pr, cJSON *result)
{
    if (pr->st.kind == ST_DELETE)
        cJSON_Delete(ddb_table_delete(pr->table, pr->key));
    else if (result)
        cJSON_Delete(ddb_table_put(pr->table, result));
}

int ddb_execute_statement(struct call *c, const cJSON *in, cJSON *out)
{
    struct prepared pr;
    int rc = -1;
    if (prepare(c, param_string(in, "Statement"),
                cJSON_GetObjectItemCaseSensitive(in, "Parameters"), &pr))
        goto done;
    cJSON *items = cJSON_AddArrayToObject(out, "Items");
    if (pr.st.kind == ST_SELECT) {
        run_select(&pr, param_int(in, "Limit", 0), items);
    } else {
        cJSON *result;
        if (check_write(c, &pr, &result))
            goto done;
        apply_write(&pr, result);
    }
    rc = 0;
done:
    prepared_free(&pr);
    return rc;
}

static void add_statement_error(cJSON *response, const struct call *c)
{
    cJSON *error = cJSON_AddObjectToObject(response, "Error");
    char code[128];
    snprintf(code, sizeof code, "%s", c->err->code);
    char *suffix = strstr(code, "Exception");
    if (suffix)
        *suffix = '\0';
    cJSON_AddStringToObject(error, "Code", code);
    cJSON_AddStringToObject(error, "Message", c->err->message);
}

int ddb_batch_execute_statement(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *responses = cJSON_AddArrayToObject(out, "Responses");
    const cJSON *request;
    cJSON_ArrayForEach(request, cJSON_GetObjectItemCaseSensitive(in, "Statements"))
    {
        cJSON *response = cJSON_CreateObject();
        cJSON_AddItemToArray(responses, response);
        struct prepared pr;
        if (prepare(c, param_string(request, "Statement"),
                    cJSON_GetObjectItemCaseSensitive(request, "Parameters"), &pr) == 0) {
            cJSON_AddStringToObject(response, "TableName", pr.table->name);
            if (pr.st.kind == ST_SELECT) {
                cJSON *items = cJSON_CreateArray();
                run_select(&pr, 1, items);
                if (cJSON_GetArraySize(items))
                    cJSON_AddItemToObject(response, "Item", cJSON_DetachItemFromArray(items, 0));
                cJSON_Delete(items);
            } else {
                cJSON *result;
                if (!check_write(c, &pr, &result))
                    apply_write(&pr, result);
            }
        }
        if (c->err->code[0]) {
            add_statement_error(response, c);
            proto_error_clear(c->err);
            memset(c->err, 0, sizeof *c->err);
        }
        prepared_free(&pr);
    }
    return 0;
}

int ddb_execute_transaction(struct call *c, const cJSON *in, cJSON *out)
{
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(in, "TransactStatements");
    int n = cJSON_GetArraySize(statements);
    struct prepared *prs = xcalloc((size_t)n + 1, sizeof *prs);
    cJSON **results = xcalloc((size_t)n + 1, sizeof *results);
    int rc = -1, i = 0;
    const cJSON *request;
    cJSON_ArrayForEach(request, statements)
    {
        if (prepare(c, param_string(request, "Statement"),
                    cJSON_GetObjectItemCaseSensitive(request, "Parameters"), &prs[i++]))
            goto done;
    }
    cJSON *reasons = cJSON_CreateArray();
    bool failed = false;
    for (i = 0; i < n; i++) {
        cJSON *reason = cJSON_CreateObject();
        const char *code =
            prs[i].st.kind == ST_SELECT ? NULL : check_write(c, &prs[i], &results[i]);
        cJSON_AddStringToObject(reason, "Code", code ? code : "None");
        if (code) {
            cJSON_AddStringToObject(reason, "Message", c->err->message);
            proto_error_clear(c->err);
            memset(c->err, 0, sizeof *c->err);
            failed = true;
        }
        cJSON_AddItemToArray(reasons, reason);
    }
    if (failed) {
        struct buf codes = BUF_INIT;
        const cJSON *r;
        cJSON_ArrayForEach(r, reasons)
            buf_printf(&codes, "%s%s", codes.len ? ", " : "", param_string(r, "Code"));
        call_fail(c, 400, "TransactionCanceledException",
                  "Transaction cancelled, please refer cancellation reasons for specific reasons "
                  "[%s]",
                  codes.data);
        buf_free(&codes);
        c->err->fields = cJSON_CreateObject();
        cJSON_AddItemToObject(c->err->fields, "CancellationReasons", reasons);
        goto done;
    }
    cJSON_Delete(reasons);
    cJSON *responses = cJSON_AddArrayToObject(out, "Responses");
    for (i = 0; i < n; i++) {
        cJSON *response = cJSON_CreateObject();
        if (prs[i].st.kind == ST_SELECT) {
            cJSON *items = cJSON_CreateArray();
            run_select(&prs[i], 1, items);
            if (cJSON_GetArraySize(items))
                cJSON_AddItemToObject(response, "Item", cJSON_DetachItemFromArray(items, 0));
            cJSON_Delete(items);
        } else {
            apply_write(&prs[i], results[i]);
            results[i] = NULL;
        }
        cJSON_AddItemToArray(responses, response);
    }
    rc = 0;
done:
    for (i = 0; i < n; i++) {
        prepared_free(&prs[i]);
        cJSON_Delete(results[i]);
    }
    free(prs);
    free(results);
    return rc;
}
