/* PartiQL statements: the parser (partiql_parse.c) and the operations that run them
 * (partiql.c; declared in ops.h). */
#ifndef MOTOC_DDB_PARTIQL_H
#define MOTOC_DDB_PARTIQL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "expr.h"

enum statement_kind { ST_SELECT, ST_INSERT, ST_UPDATE, ST_DELETE };

struct statement {
    enum statement_kind kind;
    char *table;
    char *index;
    struct expr *where;
    struct projection projection; /* SELECT; n == 0 for * */
    cJSON *insert_item;           /* INSERT: the item's attributes (owned by literals) */
    struct update_expr update;    /* UPDATE */
    cJSON *literals;              /* owns every literal value the trees point to */
};

/* Parses text, taking ? values from parameters in order. Names and trees live in ctx's arena.
 * 0, or -1 with DynamoDB's message in error. Either way, free st with partiql_statement_free. */
int partiql_parse(struct expr_ctx *ctx, const char *text, const cJSON *parameters,
                  struct statement *st, char *error, size_t size);
void partiql_statement_free(struct statement *st);

/* Parses a statement and throws the result away: 0, or -1 with DynamoDB's message in error
 * (for fuzzing the parser on its own). */
int partiql_parse_only(const char *text, const cJSON *parameters, char *error, size_t size);

#endif
