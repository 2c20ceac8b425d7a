/* Recursive-descent parser for the condition grammar shared by DynamoDB's condition expressions
 * and PartiQL's WHERE clauses; see condition.h for what each language supplies. */
#include "condition.h"

#include <string.h>

static bool comparator(enum token_type t, enum cmp_op *op)
{
    static const struct {
        enum token_type token;
        enum cmp_op op;
    } OPS[] = {{TOK_EQ, CMP_EQ}, {TOK_NE, CMP_NE}, {TOK_LT, CMP_LT},
               {TOK_LE, CMP_LE}, {TOK_GT, CMP_GT}, {TOK_GE, CMP_GE}};
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
        if (OPS[i].token == t) {
            *op = OPS[i].op;
            return true;
        }
    }
    return false;
}

static struct expr *fail_null(int rc)
{
    (void)rc;
    return NULL;
}

static struct expr *binary(struct cond_parser *p, enum expr_kind kind, struct expr *left,
                           struct expr *right)
{
    struct expr *e = expr_node(p->arena, kind, 2);
    e->args[0] = left;
    e->args[1] = right;
    return e;
}

/* After "IN": ( operand, … ) — or [ … ] in PartiQL. */
static struct expr *parse_in_list(struct cond_parser *p, struct expr *left)
{
    enum token_type close = TOK_RPAREN;
    if (p->lang->partiql_in && ts_accept(&p->ts, TOK_LBRACKET))
        close = TOK_RBRACKET;
    else if (!ts_accept(&p->ts, TOK_LPAREN))
        return fail_null(p->lang->syntax_error(p));
    struct expr *list[EXPR_MAX_IN_OPERANDS + 1];
    int n = 0;
    for (;;) {
        if (p->lang->partiql_in && n == EXPR_MAX_IN_OPERANDS)
            return fail_null(p->lang->too_many_in_operands(p, n + 1));
        struct expr *o = p->lang->operand(p);
        if (!o)
            return NULL;
        if (n == EXPR_MAX_IN_OPERANDS)
            return fail_null(p->lang->too_many_in_operands(p, n + 1));
        list[n++] = o;
        if (!ts_accept(&p->ts, TOK_COMMA))
            break;
    }
    if (!ts_accept(&p->ts, close))
        return fail_null(p->lang->syntax_error(p));
    struct expr *e = expr_node(p->arena, EXPR_IN, n + 1);
    e->args[0] = left;
    memcpy(e->args + 1, list, (size_t)n * sizeof *list);
    return e;
}

/* operand comparator operand | operand BETWEEN a AND b | operand IN (…) | the language's own */
static struct expr *parse_predicate(struct cond_parser *p)
{
    bool complete = false;
    struct expr *left = p->lang->predicate_start(p, &complete);
    if (!left || complete)
        return left;
    enum cmp_op op;
    if (comparator(ts_peek(&p->ts)->type, &op)) {
        ts_advance(&p->ts);
        struct expr *right = p->lang->operand(p);
        if (!right)
            return NULL;
        struct expr *e = binary(p, EXPR_COMPARE, left, right);
        e->cmp = op;
        return e;
    }
    if (ts_accept_word(&p->ts, "BETWEEN")) {
        struct expr *lo = p->lang->operand(p);
        if (!lo)
            return NULL;
        if (!ts_accept_word(&p->ts, "AND"))
            return fail_null(p->lang->syntax_error(p));
        struct expr *hi = p->lang->operand(p);
        if (!hi || (p->lang->check_between && p->lang->check_between(p, lo, hi)))
            return NULL;
        struct expr *e = expr_node(p->arena, EXPR_BETWEEN, 3);
        e->args[0] = left;
        e->args[1] = lo;
        e->args[2] = hi;
        return e;
    }
    if (ts_accept_word(&p->ts, "IN"))
        return parse_in_list(p, left);
    if (p->lang->other_predicate)
        return p->lang->other_predicate(p, left);
    return fail_null(p->lang->syntax_error(p));
}

static struct expr *parse_unary(struct cond_parser *p)
{
    if (++p->depth > EXPR_MAX_NESTING)
        return fail_null(p->lang->too_deep(p));
    struct expr *result;
    if (ts_accept_word(&p->ts, "NOT")) {
        struct expr *inner = parse_unary(p);
        if (!inner)
            return NULL;
        result = expr_node(p->arena, EXPR_NOT, 1);
        result->args[0] = inner;
    } else if (ts_accept(&p->ts, TOK_LPAREN)) {
        result = cond_parse(p);
        if (!result)
            return NULL;
        if (!ts_accept(&p->ts, TOK_RPAREN))
            return fail_null(p->lang->syntax_error(p));
    } else {
        result = parse_predicate(p);
    }
    p->depth--;
    return result;
}

static struct expr *parse_and(struct cond_parser *p)
{
    struct expr *left = parse_unary(p);
    while (left && ts_accept_word(&p->ts, "AND")) {
        struct expr *right = parse_unary(p);
        if (!right)
            return NULL;
        left = binary(p, EXPR_AND, left, right);
    }
    return left;
}

struct expr *cond_parse(struct cond_parser *p)
{
    struct expr *left = parse_and(p);
    while (left && ts_accept_word(&p->ts, "OR")) {
        struct expr *right = parse_and(p);
        if (!right)
            return NULL;
        left = binary(p, EXPR_OR, left, right);
    }
    return left;
}
