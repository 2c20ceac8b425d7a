/* DynamoDB's expression languages — condition/filter/key-condition, update and projection
 * expressions — parsed into trees that the evaluator and the update engine walk. The legacy
 * parameters (Expected, AttributeUpdates, KeyConditions, …) are translated into the same trees.
 * Trees live in an arena freed at once; AttributeValues are borrowed from the request. */
#ifndef MOTOC_DDB_EXPR_H
#define MOTOC_DDB_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define EXPR_MAX_BYTES 4096
#define EXPR_MAX_PATH_DEPTH 32
#define EXPR_MAX_NESTING 64
#define EXPR_MAX_IN_OPERANDS 100

struct arena_block;
struct arena {
    struct arena_block *blocks;
};
void *arena_alloc(struct arena *a, size_t size); /* zeroed */
char *arena_strdup(struct arena *a, const char *s, size_t len);
void arena_free(struct arena *a);

struct path_step {
    const char *name; /* NULL for a list index */
    long index;
};

struct doc_path {
    struct path_step *steps;
    int n;
};

enum expr_kind {
    EXPR_PATH,
    EXPR_VALUE,
    EXPR_FUNC,
    EXPR_COMPARE,
    EXPR_BETWEEN,
    EXPR_IN,
    EXPR_AND,
    EXPR_OR,
    EXPR_NOT,
    EXPR_PLUS,
    EXPR_MINUS,
};

enum cmp_op { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

enum func_id {
    FN_ATTRIBUTE_EXISTS,
    FN_ATTRIBUTE_NOT_EXISTS,
    FN_ATTRIBUTE_TYPE,
    FN_BEGINS_WITH,
    FN_CONTAINS,
    FN_SIZE,
    FN_IF_NOT_EXISTS,
    FN_LIST_APPEND,
};

struct expr {
    enum expr_kind kind;
    enum cmp_op cmp;
    enum func_id func;
    struct expr **args;
    int nargs;
    struct doc_path path; /* EXPR_PATH */
    const cJSON *value;   /* EXPR_VALUE: an AttributeValue */
};

/* UPD_APPEND_OR_ADD: the legacy AttributeUpdates ADD, which also appends a list to a list. */
enum update_action { UPD_SET, UPD_REMOVE, UPD_ADD, UPD_DELETE, UPD_APPEND_OR_ADD };

struct update_clause {
    enum update_action action;
    struct doc_path path;
    struct expr *value; /* NULL for REMOVE */
};

struct update_expr {
    struct update_clause *clauses;
    int n;
};

struct projection {
    struct doc_path *paths;
    int n;
};

/* What parsing needs and gathers for one request: the placeholders and which were used. */
struct expr_ctx {
    const cJSON *names;  /* ExpressionAttributeNames, may be NULL */
    const cJSON *values; /* ExpressionAttributeValues, may be NULL */
    cJSON *used_names;   /* object: placeholder → true */
    cJSON *used_values;
    struct arena arena;
    char error[1024];
};

void expr_ctx_init(struct expr_ctx *ctx, const cJSON *names, const cJSON *values);
void expr_ctx_free(struct expr_ctx *ctx);

/* Each returns 0, or -1 with ctx->error holding DynamoDB's ValidationException message.
 * label is the parameter name used in messages ("ConditionExpression", "FilterExpression",
 * "KeyConditionExpression"). */
int expr_parse_condition(struct expr_ctx *ctx, const char *label, const char *text,
                         struct expr **out);
int expr_parse_update(struct expr_ctx *ctx, const char *text, struct update_expr *out);
int expr_parse_projection(struct expr_ctx *ctx, const char *text, struct projection *out);

/* After every expression of a request is parsed: the "unused in expressions" check. 0 or -1. */
int expr_check_unused(struct expr_ctx *ctx);

/* ---- trees (expr_tree.c) ---- */

/* The functions both languages know. */
struct expr_function {
    const char *name;
    enum func_id id;
    int arity;
    bool condition; /* returns a boolean (usable as a condition) */
    bool update;    /* allowed in SET values */
};
const struct expr_function *expr_function(enum func_id id);
/* The function spelled name[0..len), or NULL; PartiQL ignores case, expressions do not. */
const struct expr_function *expr_function_named(const char *name, size_t len, bool ignore_case);

/* A node of kind with room for nargs arguments, in the arena. */
struct expr *expr_node(struct arena *a, enum expr_kind kind, int nargs);
/* "[a, b, [2]]" — how DynamoDB prints a document path in messages. */
void doc_path_describe(const struct doc_path *p, char *out, size_t size);
int doc_path_compare(const struct doc_path *a, const struct doc_path *b);

/* ---- evaluation (expr_eval.c) ---- */

/* The AttributeValue at path in item, or NULL. */
const cJSON *doc_path_resolve(const cJSON *item, const struct doc_path *p);
/* The value of an operand (path, value, size(), +/-, if_not_exists, list_append) against item:
 * borrowed, or owned by temps (a cJSON array). NULL when a path is missing; for arithmetic and
 * list_append on wrong types NULL with *type_error set. */
const cJSON *expr_eval_operand(const struct expr *e, const cJSON *item, cJSON *temps,
                               const char **type_error);
/* Evaluates a condition against item (NULL = no item). */
bool expr_eval_condition(const struct expr *e, const cJSON *item);
/* The item reduced to the projected paths (new object). */
cJSON *projection_apply(const cJSON *item, const struct projection *p);

/* ---- updates (update.c) ---- */

/* Applies u to a copy of item (NULL = no item yet) and returns the new item, or NULL with error
 * set to DynamoDB's message. */
cJSON *update_apply(const struct update_expr *u, const cJSON *item, char *error, size_t size);

#endif
