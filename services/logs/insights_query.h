/* CloudWatch Logs Insights queries: the parsed form of a query string (commands piped with '|'
 * and the expressions inside them), which insights_eval runs over log events. */
#ifndef MOTOC_LOGS_INSIGHTS_QUERY_H
#define MOTOC_LOGS_INSIGHTS_QUERY_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

enum insights_node_kind {
    INSIGHTS_FIELD,    /* text: the field's name */
    INSIGHTS_STRING,   /* text */
    INSIGHTS_NUMBER,   /* number */
    INSIGHTS_DURATION, /* number: milliseconds (5m, 1h…) */
    INSIGHTS_REGEX,    /* regex, text: the pattern as written */
    INSIGHTS_LIST,     /* args: the values of [a, b, …] */
    INSIGHTS_CALL,     /* text: the function's name in lower case, args */
    INSIGHTS_STAR,     /* the * of count(*) */
    INSIGHTS_UNARY,    /* op: '!' (not) or '-', args[0] */
    INSIGHTS_BINARY,   /* op (see insights_op), args[0] and args[1] */
};

/* Binary operators, for INSIGHTS_BINARY nodes. */
enum insights_op {
    INSIGHTS_OR,
    INSIGHTS_AND,
    INSIGHTS_EQ,
    INSIGHTS_NE,
    INSIGHTS_LT,
    INSIGHTS_LE,
    INSIGHTS_GT,
    INSIGHTS_GE,
    INSIGHTS_LIKE,     /* like, =~ */
    INSIGHTS_NOT_LIKE, /* not like */
    INSIGHTS_IN,
    INSIGHTS_NOT_IN,
    INSIGHTS_ADD,
    INSIGHTS_SUB,
    INSIGHTS_MUL,
    INSIGHTS_DIV,
    INSIGHTS_MOD,
    INSIGHTS_POW,
};

struct insights_node {
    enum insights_node_kind kind;
    int op;
    char *text;
    double number;
    regex_t *regex;
    struct insights_node **args;
    size_t arg_count;
};

/* One item of fields, display, stats, sort or dedup: an expression and the name its value
 * goes by in results (the alias after 'as', else the expression as written). */
struct insights_item {
    struct insights_node *expr;
    char *name;
    bool descending; /* sort only */
};

enum insights_command_kind {
    INSIGHTS_FIELDS,
    INSIGHTS_DISPLAY,
    INSIGHTS_FILTER,
    INSIGHTS_STATS,
    INSIGHTS_SORT,
    INSIGHTS_LIMIT,
    INSIGHTS_PARSE,
    INSIGHTS_DEDUP,
};

struct insights_command {
    enum insights_command_kind kind;
    struct insights_item *items; /* fields, display, stats (the aggregates), sort, dedup */
    size_t item_count;
    struct insights_item *groups; /* stats … by groups */
    size_t group_count;
    struct insights_node *condition; /* filter */
    long limit;                      /* limit */
    /* parse SOURCE "glob * pattern" as a, b   or   parse SOURCE /(?<a>re)/ */
    struct insights_node *source;
    char *glob;
    regex_t *regex;
    char **names; /* the fields parse sets, in order of its '*'s or capture groups */
    size_t name_count;
};

struct insights_query {
    struct insights_command *commands;
    size_t command_count;
};

/* Why a query string does not parse, as MalformedQueryException's queryCompileError says it:
 * the offsets of the offending text in the query string and a message. */
struct insights_error {
    int start, end;
    char message[256];
};

/* The parsed query, or NULL with err filled. */
struct insights_query *insights_query_parse(const char *text, struct insights_error *err);
void insights_query_free(struct insights_query *query);

/* Whether name (lower case) is an aggregate function of stats: count, sum, avg… */
bool insights_is_aggregate(const char *name);

/* Compiles an Insights regular expression (Java-like: (?i) prefix, (?<name>…) groups, \d \w \s)
 * as a POSIX extended one; names, when given, receives the group names in order (owned by the
 * caller, *count of them). NULL when it does not compile. */
regex_t *insights_regex_compile(const char *pattern, char ***names, size_t *count);
void insights_regex_free(regex_t *regex);

#endif
