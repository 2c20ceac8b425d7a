/* PartiQL statements for DynamoDB — SELECT, INSERT, UPDATE and DELETE — parsed into the same
 * condition and update trees the expression language builds (WHERE clauses on the shared
 * condition grammar), so both share one evaluator and one update engine. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "condition.h"
#include "number.h"
#include "partiql.h"
#include "value.h"

#define MAX_STATEMENT_BYTES 8192

struct pq_parser {
    struct cond_parser cond; /* first: the condition grammar's hooks get this pointer */
    struct expr_ctx *ctx;
    cJSON *values; /* owns every literal */
    const cJSON *parameters;
    int next_parameter;
    char error[512];
};

/* ---- errors and tokens ---- */

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
    const struct token *t = ts_peek(&p->cond.ts);
    if (t->type == TOK_EOF)
        return fail(p, "Statement wasn't well formed, can't be processed: Unexpected end of "
                       "statement");
    return fail(p, "Statement wasn't well formed, can't be processed: Unexpected token: %.*s",
                (int)t->len, t->start);
}

static int too_deep(struct pq_parser *p)
{
    return fail(p, "Statement wasn't well formed, can't be processed: Nesting too deep");
}

static int expect_word(struct pq_parser *p, const char *w)
{
    return ts_accept_word(&p->cond.ts, w) ? 0 : unexpected(p);
}

static int expect(struct pq_parser *p, enum token_type type)
{
    return ts_accept(&p->cond.ts, type) ? 0 : unexpected(p);
}

/* The text of a quoted token without its quotes, doubled quotes undone. */
static char *unquote(struct pq_parser *p, const struct token *t)
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
    const struct token *t = ts_peek(&p->cond.ts);
    if (t->type == TOK_QUOTED_IDENT) {
        ts_advance(&p->cond.ts);
        return unquote(p, t);
    }
    if (t->type == TOK_IDENT) {
        ts_advance(&p->cond.ts);
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

static cJSON *parse_collection(struct pq_parser *p, enum token_type close, bool is_map, bool is_set)
{
    cJSON *items = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!ts_accept(&p->cond.ts, close)) {
        for (;;) {
            char *key = NULL;
            if (is_map) {
                const struct token *t = ts_peek(&p->cond.ts);
                if (t->type != TOK_STRING) {
                    unexpected(p);
                    goto fail;
                }
                ts_advance(&p->cond.ts);
                key = unquote(p, t);
                if (expect(p, TOK_COLON))
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
            if (ts_accept(&p->cond.ts, close))
                break;
            if (expect(p, TOK_COMMA))
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
    if (++p->cond.depth > EXPR_MAX_NESTING) {
        too_deep(p);
        return NULL;
    }
    const struct token *t = ts_peek(&p->cond.ts);
    cJSON *av = NULL;
    if (t->type == TOK_STRING) {
        ts_advance(&p->cond.ts);
        av = keep(p, av_new_string(AV_S, unquote(p, t)));
    } else if (t->type == TOK_NUMBER || (t->type == TOK_MINUS && t[1].type == TOK_NUMBER)) {
        bool negative = t->type == TOK_MINUS;
        if (negative)
            ts_advance(&p->cond.ts);
        const struct token *num = ts_advance(&p->cond.ts);
        char *text = arena_alloc(&p->ctx->arena, num->len + 2);
        snprintf(text, num->len + 2, "%s%.*s", negative ? "-" : "", (int)num->len, num->start);
        const char *error;
        char *canonical = ddb_number_canonical(text, &error);
        if (!canonical)
            fail(p, "%s", error);
        else
            av = keep(p, av_new_number_take(canonical));
    } else if (t->type == TOK_PARAM) {
        ts_advance(&p->cond.ts);
        const cJSON *param = cJSON_GetArrayItem(p->parameters, p->next_parameter++);
        if (!param)
            fail(p, "Number of parameters in request and statement don't match.");
        else
            av = (cJSON *)param;
    } else if (token_is_word(t, "true") || token_is_word(t, "false")) {
        ts_advance(&p->cond.ts);
        av = cJSON_CreateObject();
        cJSON_AddBoolToObject(av, "BOOL", token_is_word(t, "true"));
        av = keep(p, av);
    } else if (token_is_word(t, "null")) {
        ts_advance(&p->cond.ts);
        av = cJSON_CreateObject();
        cJSON_AddTrueToObject(av, "NULL");
        av = keep(p, av);
    } else if (ts_accept(&p->cond.ts, TOK_LBRACKET)) {
        av = parse_collection(p, TOK_RBRACKET, false, false);
    } else if (ts_accept(&p->cond.ts, TOK_LBRACE)) {
        av = parse_collection(p, TOK_RBRACE, true, false);
    } else if (ts_accept(&p->cond.ts, TOK_SET_OPEN)) {
        av = parse_collection(p, TOK_SET_CLOSE, false, true);
    } else {
        unexpected(p);
    }
    p->cond.depth--;
    return av;
}

static bool starts_value(const struct pq_parser *p)
{
    const struct token *t = ts_peek(&p->cond.ts);
    return t->type == TOK_STRING || t->type == TOK_NUMBER || t->type == TOK_PARAM ||
           token_is_word(t, "true") || token_is_word(t, "false") || token_is_word(t, "null") ||
           t->type == TOK_LBRACKET || t->type == TOK_LBRACE || t->type == TOK_SET_OPEN ||
           (t->type == TOK_MINUS && t[1].type == TOK_NUMBER);
}

/* ---- expressions ---- */

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
        if (ts_accept(&p->cond.ts, TOK_DOT)) {
            step.name = name_token(p);
            if (!step.name)
                return -1;
        } else if (ts_accept(&p->cond.ts, TOK_LBRACKET)) {
            const struct token *t = ts_advance(&p->cond.ts);
            if (t->type == TOK_NUMBER) {
                step.index = strtol(t->start, NULL, 10);
            } else if (t->type == TOK_STRING) {
                step.name = unquote(p, t);
            } else {
                p->cond.ts.pos--;
                return unexpected(p);
            }
            if (expect(p, TOK_RBRACKET))
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

static struct expr *parse_operand(struct pq_parser *p);

static struct expr *parse_function(struct pq_parser *p)
{
    const struct token *t = ts_advance(&p->cond.ts);
    const struct expr_function *fn = expr_function_named(t->start, t->len, true);
    if (!fn) {
        fail(p, "Statement wasn't well formed, can't be processed: Unsupported function: %.*s",
             (int)t->len, t->start);
        return NULL;
    }
    ts_advance(&p->cond.ts); /* ( */
    struct expr *f = expr_node(&p->ctx->arena, EXPR_FUNC, fn->arity);
    f->func = fn->id;
    for (int i = 0; i < f->nargs; i++) {
        if (i && expect(p, TOK_COMMA))
            return NULL;
        f->args[i] = parse_operand(p);
        if (!f->args[i])
            return NULL;
    }
    if (expect(p, TOK_RPAREN))
        return NULL;
    if (f->func != FN_SIZE && f->func != FN_LIST_APPEND && f->args[0]->kind != EXPR_PATH) {
        fail(p, "Statement wasn't well formed, can't be processed: %s needs a path", fn->name);
        return NULL;
    }
    return f;
}

static struct expr *parse_operand(struct pq_parser *p)
{
    if (++p->cond.depth > EXPR_MAX_NESTING) {
        too_deep(p);
        return NULL;
    }
    struct expr *e = NULL;
    if (starts_value(p)) {
        cJSON *v = parse_value(p);
        if (v) {
            e = expr_node(&p->ctx->arena, EXPR_VALUE, 0);
            e->value = v;
        }
    } else if (ts_peek(&p->cond.ts)->type == TOK_IDENT &&
               ts_peek_at(&p->cond.ts, 1)->type == TOK_LPAREN) {
        e = parse_function(p);
    } else {
        e = expr_node(&p->ctx->arena, EXPR_PATH, 0);
        if (parse_path(p, &e->path))
            e = NULL;
    }
    p->cond.depth--;
    return e;
}

/* ---- WHERE clauses: the shared condition grammar, with PartiQL's operands ---- */

static struct pq_parser *parser_of(struct cond_parser *c)
{
    return (struct pq_parser *)c;
}

/* A boolean function (attribute_exists(a) …) is a predicate by itself. */
static struct expr *where_predicate_start(struct cond_parser *c, bool *complete)
{
    struct expr *left = parse_operand(parser_of(c));
    *complete = left && left->kind == EXPR_FUNC && left->func != FN_SIZE &&
                left->func != FN_LIST_APPEND && left->func != FN_IF_NOT_EXISTS;
    return left;
}

static struct expr *where_operand(struct cond_parser *c)
{
    return parse_operand(parser_of(c));
}

/* path IS [NOT] MISSING | path IS [NOT] NULL */
static struct expr *where_is_predicate(struct cond_parser *c, struct expr *left)
{
    struct pq_parser *p = parser_of(c);
    if (!ts_accept_word(&p->cond.ts, "IS")) {
        unexpected(p);
        return NULL;
    }
    bool negated = ts_accept_word(&p->cond.ts, "NOT");
    if (left->kind != EXPR_PATH) {
        unexpected(p);
        return NULL;
    }
    struct expr *f = expr_node(&p->ctx->arena, EXPR_FUNC, 1);
    f->args[0] = left;
    if (ts_accept_word(&p->cond.ts, "MISSING")) {
        f->func = negated ? FN_ATTRIBUTE_EXISTS : FN_ATTRIBUTE_NOT_EXISTS;
        return f;
    }
    if (expect_word(p, "NULL"))
        return NULL;
    cJSON *type = keep(p, av_new_string(AV_S, "NULL"));
    struct expr *tf = expr_node(&p->ctx->arena, EXPR_FUNC, 2);
    tf->func = FN_ATTRIBUTE_TYPE;
    tf->args[0] = left;
    tf->args[1] = expr_node(&p->ctx->arena, EXPR_VALUE, 0);
    tf->args[1]->value = type;
    if (!negated)
        return tf;
    struct expr *not = expr_node(&p->ctx->arena, EXPR_NOT, 1);
    not ->args[0] = tf;
    return not ;
}

static int where_syntax_error(struct cond_parser *c)
{
    return unexpected(parser_of(c));
}

static int where_too_deep(struct cond_parser *c)
{
    return too_deep(parser_of(c));
}

static int where_too_many_in_operands(struct cond_parser *c, int n)
{
    (void)n;
    return fail(parser_of(c),
                "Statement wasn't well formed, can't be processed: Too many IN operands");
}

static const struct cond_language WHERE_CONDITIONS = {
    .predicate_start = where_predicate_start,
    .operand = where_operand,
    .other_predicate = where_is_predicate,
    .syntax_error = where_syntax_error,
    .too_deep = where_too_deep,
    .too_many_in_operands = where_too_many_in_operands,
    .partiql_in = true,
};

/* ---- statements ---- */

static int parse_table(struct pq_parser *p, struct statement *st)
{
    st->table = name_token(p);
    if (!st->table)
        return -1;
    if (ts_accept(&p->cond.ts, TOK_DOT)) {
        st->index = name_token(p);
        if (!st->index)
            return -1;
    }
    return 0;
}

static int parse_where(struct pq_parser *p, struct statement *st, bool required)
{
    if (!ts_accept_word(&p->cond.ts, "WHERE"))
        return required ? fail(p, "Statement wasn't well formed, can't be processed: Where "
                                  "clause must be specified")
                        : 0;
    st->where = cond_parse(&p->cond);
    return st->where ? 0 : -1;
}

static int parse_select(struct pq_parser *p, struct statement *st)
{
    st->kind = ST_SELECT;
    if (!ts_accept(&p->cond.ts, TOK_STAR)) {
        struct doc_path paths[64];
        int n = 0;
        do {
            if (n == 64)
                return fail(p, "Statement wasn't well formed, can't be processed: Too many "
                               "projected paths");
            if (parse_path(p, &paths[n++]))
                return -1;
        } while (ts_accept(&p->cond.ts, TOK_COMMA));
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
    bool plus = ts_peek(&p->cond.ts)->type == TOK_PLUS;
    if (!plus && ts_peek(&p->cond.ts)->type != TOK_MINUS)
        return left;
    ts_advance(&p->cond.ts);
    struct expr *e = expr_node(&p->ctx->arena, plus ? EXPR_PLUS : EXPR_MINUS, 2);
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
        if (ts_accept_word(&p->cond.ts, "SET"))
            action = UPD_SET;
        else if (ts_accept_word(&p->cond.ts, "REMOVE"))
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
        if (action == UPD_SET && (expect(p, TOK_EQ) || !(c->value = parse_set_value(p))))
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
    if (strlen(text) > MAX_STATEMENT_BYTES)
        return fail(p, "Statement wasn't well formed, can't be processed: Statement too long");
    long bad = lex_tokenize(&p->cond.ts, text, LEX_PARTIQL);
    if (bad >= 0)
        return fail(p,
                    "Statement wasn't well formed, can't be processed: Unexpected character: "
                    "'%c'",
                    *p->cond.ts.tokens[bad].start);
    int rc;
    if (ts_accept_word(&p->cond.ts, "SELECT"))
        rc = parse_select(p, st);
    else if (ts_accept_word(&p->cond.ts, "INSERT"))
        rc = parse_insert(p, st);
    else if (ts_accept_word(&p->cond.ts, "UPDATE"))
        rc = parse_update(p, st);
    else if (ts_accept_word(&p->cond.ts, "DELETE"))
        rc = parse_delete(p, st);
    else
        rc = unexpected(p);
    if (rc == 0 && ts_peek(&p->cond.ts)->type != TOK_EOF)
        rc = unexpected(p);
    if (rc == 0 && p->parameters && p->next_parameter != cJSON_GetArraySize(p->parameters))
        rc = fail(p, "Number of parameters in request and statement don't match.");
    return rc;
}

int partiql_parse(struct expr_ctx *ctx, const char *text, const cJSON *parameters,
                  struct statement *st, char *error, size_t size)
{
    memset(st, 0, sizeof *st);
    st->literals = cJSON_CreateArray();
    struct pq_parser p = {0};
    p.cond.lang = &WHERE_CONDITIONS;
    p.cond.arena = &ctx->arena;
    p.ctx = ctx;
    p.values = st->literals;
    p.parameters = parameters;
    int rc = parse_statement(&p, text, st);
    if (rc)
        snprintf(error, size, "%s", p.error);
    token_stream_free(&p.cond.ts);
    return rc;
}

void partiql_statement_free(struct statement *st)
{
    cJSON_Delete(st->literals);
    st->literals = NULL;
}

int partiql_parse_only(const char *text, const cJSON *parameters, char *error, size_t size)
{
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, NULL, NULL);
    struct statement st;
    int rc = partiql_parse(&ctx, text, parameters, &st, error, size);
    partiql_statement_free(&st);
    expr_ctx_free(&ctx);
    return rc;
}
