/* The condition grammar that DynamoDB's condition expressions and PartiQL's WHERE clauses share:
 * OR, AND, NOT, parentheses, comparisons, BETWEEN and IN. Each language plugs in its operands,
 * its own predicates and its error messages. */
#ifndef MOTOC_DDB_CONDITION_H
#define MOTOC_DDB_CONDITION_H

#include <stdbool.h>

#include "expr.h"
#include "lexer.h"

struct cond_parser;

struct cond_language {
    /* The left side of a predicate: an operand, or (*complete set) a whole predicate such as
     * attribute_exists(a). NULL after reporting an error. */
    struct expr *(*predicate_start)(struct cond_parser *p, bool *complete);
    /* An operand (path, value or function). NULL after reporting an error. */
    struct expr *(*operand)(struct cond_parser *p);
    /* A predicate only this language has, after left when no shared form follows it; NULL
     * means none does (the language reports it). May be NULL: then syntax_error is reported. */
    struct expr *(*other_predicate)(struct cond_parser *p, struct expr *left);
    /* Optional: rejects BETWEEN bounds known to be out of order. 0 or -1 (reported). */
    int (*check_between)(struct cond_parser *p, const struct expr *lo, const struct expr *hi);
    /* Error reports; each returns -1. syntax_error blames the current token. */
    int (*syntax_error)(struct cond_parser *p);
    int (*too_deep)(struct cond_parser *p);
    int (*too_many_in_operands)(struct cond_parser *p, int n);
    /* PartiQL: IN also takes [a, b], and the operand limit is checked before reading an
     * operand rather than after. */
    bool partiql_in;
};

/* The state both languages' parsers start with (first member of each). */
struct cond_parser {
    const struct cond_language *lang;
    struct token_stream ts;
    struct arena *arena;
    int depth; /* nesting so far, shared with the language's own recursion */
};

/* condition := condition OR condition | condition AND condition | NOT condition | ( condition )
 *            | predicate */
struct expr *cond_parse(struct cond_parser *p);

#endif
