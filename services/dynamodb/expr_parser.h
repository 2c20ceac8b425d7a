/* What the expression-language parsers (expr_parse.c, expr_parse_update.c) share: the parser
 * state, its error reporting, and the path and operand rules. Not for use outside the parsers. */
#ifndef MOTOC_DDB_EXPR_PARSER_H
#define MOTOC_DDB_EXPR_PARSER_H

#include <stdbool.h>

#include "condition.h"
#include "expr.h"
#include "value.h"

struct parser {
    struct cond_parser cond; /* first: the condition grammar's hooks get this pointer */
    struct expr_ctx *ctx;
    const char *label;
    const char *text;
    bool failed;
    bool syntax_failed;
    /* DynamoDB reports reserved words and undefined placeholders only for expressions that
     * parse; the first such finding waits here until the parse is complete. */
    char deferred[512];
};

/* Sets up p for text, tokenized; 0, or -1 with the error reported (then call expr_parser_end). */
int expr_parser_begin(struct parser *p, struct expr_ctx *ctx, const char *label, const char *text);
/* Checks that all the text was used, reports a deferred error, frees the tokens. The result. */
int expr_parser_end(struct parser *p, int rc);

/* "Invalid <label>: <message>" into ctx->error, unless an error is already there. -1. */
int expr_fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A syntax error at the current token, quoted with the text around it. -1. */
int expr_syntax_error(struct parser *p);
/* Moves past a token of type, or reports a syntax error (false). */
bool expr_expect(struct parser *p, enum token_type type);

int expr_parse_path(struct parser *p, struct doc_path *out);
/* path | :value | function(...) */
struct expr *expr_parse_operand(struct parser *p);
/* An error unless arg, when it is a value, has a type allowed says yes to. 0 or -1. */
int expr_check_value_type(struct parser *p, const struct expr *arg, const char *fn,
                          bool (*allowed)(enum av_type));
/* No two of the paths may overlap or conflict. 0 or -1. */
int expr_check_paths_disjoint(struct parser *p, const struct doc_path *paths, int n);

static inline const struct token *expr_peek(const struct parser *p)
{
    return ts_peek(&p->cond.ts);
}

static inline const struct token *expr_advance(struct parser *p)
{
    return ts_advance(&p->cond.ts);
}

#endif
