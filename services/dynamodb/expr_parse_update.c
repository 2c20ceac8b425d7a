/* DynamoDB's update expressions: SET, REMOVE, ADD and DELETE clauses, parsed into the update
 * trees update.c applies. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "expr_parser.h"

static const char *update_type_word(enum av_type t)
{
    switch (t) {
    case AV_S:
        return "STRING";
    case AV_N:
        return "NUMBER";
    case AV_B:
        return "BINARY";
    case AV_BOOL:
        return "BOOLEAN";
    case AV_NULL:
        return "NULL";
    case AV_M:
        return "MAP";
    case AV_L:
        return "LIST";
    case AV_SS:
        return "STRING_SET";
    case AV_NS:
        return "NUMBER_SET";
    case AV_BS:
        return "BINARY_SET";
    default:
        return "UNKNOWN";
    }
}

static bool is_number(enum av_type t)
{
    return t == AV_N;
}

/* SET value: operand, or operand + operand / operand - operand */
static struct expr *parse_set_value(struct parser *p)
{
    struct expr *left = expr_parse_operand(p);
    if (!left)
        return NULL;
    enum token_type t = expr_peek(p)->type;
    if (t != TOK_PLUS && t != TOK_MINUS)
        return left;
    expr_advance(p);
    struct expr *right = expr_parse_operand(p);
    if (!right)
        return NULL;
    const char *op = t == TOK_PLUS ? "+" : "-";
    if (expr_check_value_type(p, left, op, is_number) ||
        expr_check_value_type(p, right, op, is_number))
        return NULL;
    struct expr *e = expr_node(&p->ctx->arena, t == TOK_PLUS ? EXPR_PLUS : EXPR_MINUS, 2);
    e->args[0] = left;
    e->args[1] = right;
    return e;
}

static int parse_update_clause(struct parser *p, enum update_action action, struct update_clause *c)
{
    c->action = action;
    if (expr_parse_path(p, &c->path))
        return -1;
    if (action == UPD_REMOVE)
        return 0;
    if (action == UPD_SET) {
        if (!expr_expect(p, TOK_EQ))
            return -1;
        c->value = parse_set_value(p);
        return c->value ? 0 : -1;
    }
    const struct token *t = expr_peek(p);
    if (t->type != TOK_VALUE)
        return expr_syntax_error(p);
    c->value = expr_parse_operand(p);
    if (!c->value)
        return -1;
    enum av_type type = av_type(c->value->value);
    bool ok = action == UPD_ADD ? (type == AV_N || av_is_set(type)) : av_is_set(type);
    if (!ok)
        return expr_fail(p,
                         "Incorrect operand type for operator or function; operator: %s, operand "
                         "type: %s",
                         action == UPD_ADD ? "ADD" : "DELETE", update_type_word(type));
    return 0;
}

int expr_parse_update(struct expr_ctx *ctx, const char *text, struct update_expr *out)
{
    static const char *const SECTIONS[] = {"SET", "REMOVE", "ADD", "DELETE"};
    struct parser p;
    memset(out, 0, sizeof *out);
    if (expr_parser_begin(&p, ctx, "UpdateExpression", text)) {
        token_stream_free(&p.cond.ts);
        return -1;
    }
    bool seen[4] = {false};
    size_t cap = 8;
    struct update_clause *clauses = xcalloc(cap, sizeof *clauses);
    int n = 0, rc = 0;
    while (rc == 0 && expr_peek(&p)->type != TOK_EOF) {
        int section = -1;
        for (int i = 0; i < 4; i++)
            if (token_is_word(expr_peek(&p), SECTIONS[i]))
                section = i;
        if (section < 0) {
            rc = expr_syntax_error(&p);
            break;
        }
        if (seen[section]) {
            rc = expr_fail(&p, "The \"%s\" section can only be used once in an update expression;",
                           SECTIONS[section]);
            break;
        }
        seen[section] = true;
        expr_advance(&p);
        for (;;) {
            if ((size_t)n == cap) {
                cap *= 2;
                clauses = xrealloc(clauses, cap * sizeof *clauses);
            }
            memset(&clauses[n], 0, sizeof clauses[n]);
            rc = parse_update_clause(&p, (enum update_action)section, &clauses[n]);
            if (rc)
                break;
            n++;
            if (expr_peek(&p)->type != TOK_COMMA)
                break;
            expr_advance(&p);
        }
    }
    if (rc == 0 && !p.failed) {
        struct doc_path *paths = xcalloc((size_t)n + 1, sizeof *paths);
        for (int i = 0; i < n; i++)
            paths[i] = clauses[i].path;
        rc = expr_check_paths_disjoint(&p, paths, n);
        free(paths);
    }
    rc = expr_parser_end(&p, rc);
    if (rc == 0) {
        out->clauses = arena_alloc(&ctx->arena, (size_t)n * sizeof *clauses + 1);
        memcpy(out->clauses, clauses, (size_t)n * sizeof *clauses);
        out->n = n;
    }
    free(clauses);
    return rc;
}
