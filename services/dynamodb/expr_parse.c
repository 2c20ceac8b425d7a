/* DynamoDB's expression language: condition, filter and key-condition expressions (on the shared
 * condition grammar), projection expressions, document paths, functions and placeholders. Update
 * expressions are in expr_parse_update.c. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "expr_parser.h"
#include "reserved_words.h"

void expr_ctx_init(struct expr_ctx *ctx, const cJSON *names, const cJSON *values)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->names = names;
    ctx->values = values;
    ctx->used_names = cJSON_CreateObject();
    ctx->used_values = cJSON_CreateObject();
}

void expr_ctx_free(struct expr_ctx *ctx)
{
    cJSON_Delete(ctx->used_names);
    cJSON_Delete(ctx->used_values);
    arena_free(&ctx->arena);
}

/* ---- errors ---- */

int expr_fail(struct parser *p, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = true;
    int n = snprintf(p->ctx->error, sizeof p->ctx->error, "Invalid %s: ", p->label);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->ctx->error + n, sizeof p->ctx->error - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static void defer_error(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void defer_error(struct parser *p, const char *fmt, ...)
{
    if (p->deferred[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->deferred, sizeof p->deferred, fmt, ap);
    va_end(ap);
}

/* DynamoDB names the offending token and the source text around it ("near"): from the token
 * before it to the token after it. */
int expr_syntax_error(struct parser *p)
{
    if (!p->failed)
        p->syntax_failed = true;
    const struct token *t = expr_peek(p);
    const struct token *before = p->cond.ts.pos > 0 ? &p->cond.ts.tokens[p->cond.ts.pos - 1] : NULL;
    const struct token *after = t->type != TOK_EOF && p->cond.ts.pos + 1 < p->cond.ts.n
                                    ? &p->cond.ts.tokens[p->cond.ts.pos + 1]
                                    : NULL;
    const char *near_start = before ? before->start : t->start;
    const char *near_end = t->start + t->len;
    if (after && after->type != TOK_EOF)
        near_end = after->start + after->len;
    if (t->type == TOK_EOF && before)
        near_end = before->start + before->len;
    if (t->type == TOK_EOF)
        return expr_fail(p, "Syntax error; token: \"<EOF>\", near: \"%.*s\"",
                         (int)(near_end - near_start), near_start);
    return expr_fail(p, "Syntax error; token: \"%.*s\", near: \"%.*s\"", (int)t->len, t->start,
                     (int)(near_end - near_start), near_start);
}

bool expr_expect(struct parser *p, enum token_type type)
{
    if (expr_peek(p)->type != type) {
        expr_syntax_error(p);
        return false;
    }
    expr_advance(p);
    return true;
}

/* ---- placeholders ---- */

static void mark_used(cJSON *used, const char *key)
{
    if (!cJSON_GetObjectItemCaseSensitive(used, key))
        cJSON_AddTrueToObject(used, key);
}

static const char *resolve_name(struct parser *p, const struct token *t)
{
    char *key = arena_strdup(&p->ctx->arena, t->start, t->len);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->ctx->names, key);
    if (!cJSON_IsString(v)) {
        defer_error(p,
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: %s",
                    key);
        return key;
    }
    mark_used(p->ctx->used_names, key);
    return v->valuestring;
}

static const cJSON *resolve_value(struct parser *p, const struct token *t)
{
    char *key = arena_strdup(&p->ctx->arena, t->start, t->len);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->ctx->values, key);
    if (!v) {
        static const cJSON undefined = {0};
        defer_error(p,
                    "An expression attribute value used in expression is not defined; "
                    "attribute value: %s",
                    key);
        return &undefined;
    }
    mark_used(p->ctx->used_values, key);
    return v;
}

/* ---- paths ---- */

static const char *path_element_name(struct parser *p)
{
    const struct token *t = expr_peek(p);
    if (t->type == TOK_NAME) {
        expr_advance(p);
        return resolve_name(p, t);
    }
    if (t->type != TOK_IDENT) {
        expr_syntax_error(p);
        return NULL;
    }
    char *word = arena_strdup(&p->ctx->arena, t->start, t->len);
    if (is_reserved_word(word))
        defer_error(p, "Attribute name is a reserved keyword; reserved keyword: %s", word);
    expr_advance(p);
    return word;
}

int expr_parse_path(struct parser *p, struct doc_path *out)
{
    struct path_step steps[EXPR_MAX_PATH_DEPTH + 1];
    int n = 0;
    const char *name = path_element_name(p);
    if (!name)
        return -1;
    steps[n++] = (struct path_step){name, 0};
    for (;;) {
        const struct token *t = expr_peek(p);
        struct path_step step = {NULL, 0};
        if (t->type == TOK_DOT) {
            expr_advance(p);
            step.name = path_element_name(p);
            if (!step.name)
                return -1;
        } else if (t->type == TOK_LBRACKET) {
            expr_advance(p);
            const struct token *num = expr_peek(p);
            if (num->type != TOK_NUMBER)
                return expr_syntax_error(p);
            for (size_t i = 0; i < num->len; i++) {
                if (!isdigit((unsigned char)num->start[i]))
                    return expr_syntax_error(p);
                if (step.index < 100000000)
                    step.index = step.index * 10 + (num->start[i] - '0');
            }
            expr_advance(p);
            if (!expr_expect(p, TOK_RBRACKET))
                return -1;
        } else {
            break;
        }
        if (n >= EXPR_MAX_PATH_DEPTH)
            return expr_fail(p, "The document path has too many nesting levels; nesting levels: %d",
                             n + 1);
        steps[n++] = step;
    }
    out->n = n;
    out->steps = arena_alloc(&p->ctx->arena, (size_t)n * sizeof *out->steps);
    memcpy(out->steps, steps, (size_t)n * sizeof *steps);
    return 0;
}

/* Two paths of one expression must not overlap (one a prefix of the other) nor conflict (a map
 * key and a list index at the same place). */
int expr_check_paths_disjoint(struct parser *p, const struct doc_path *paths, int n)
{
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            const struct doc_path *a = &paths[i], *b = &paths[j];
            int k = 0;
            bool differ = false, conflict = false;
            for (; k < a->n && k < b->n; k++) {
                const struct path_step *x = &a->steps[k], *y = &b->steps[k];
                if (!x->name != !y->name) {
                    conflict = true;
                    break;
                }
                if (x->name ? strcmp(x->name, y->name) != 0 : x->index != y->index) {
                    differ = true;
                    break;
                }
            }
            if (differ)
                continue;
            char one[512], two[512];
            doc_path_describe(a, one, sizeof one);
            doc_path_describe(b, two, sizeof two);
            return expr_fail(p,
                             "Two document paths %s with each other; must remove or rewrite one of "
                             "these paths; path one: %s, path two: %s",
                             conflict ? "conflict" : "overlap", one, two);
        }
    }
    return 0;
}

/* ---- functions and operands ---- */

static bool is_update(const struct parser *p)
{
    return strcmp(p->label, "UpdateExpression") == 0;
}

int expr_check_value_type(struct parser *p, const struct expr *arg, const char *fn,
                          bool (*allowed)(enum av_type))
{
    if (arg->kind != EXPR_VALUE)
        return 0;
    enum av_type t = av_type(arg->value);
    if (allowed(t) || t == AV_NONE) /* AV_NONE: an undefined placeholder, reported once parsed */
        return 0;
    return expr_fail(p,
                     "Incorrect operand type for operator or function; operator or function: %s, "
                     "operand type: %s",
                     fn, av_type_name(t));
}

static bool is_string_or_binary(enum av_type t)
{
    return t == AV_S || t == AV_B;
}

static bool is_string(enum av_type t)
{
    return t == AV_S;
}

static bool is_list(enum av_type t)
{
    return t == AV_L;
}

static bool is_sized(enum av_type t)
{
    return t == AV_S || t == AV_B || t == AV_L || t == AV_M || av_is_set(t);
}

static int check_function(struct parser *p, struct expr *f)
{
    const char *name = expr_function(f->func)->name;
    switch (f->func) {
    case FN_ATTRIBUTE_EXISTS:
    case FN_ATTRIBUTE_NOT_EXISTS:
    case FN_ATTRIBUTE_TYPE:
    case FN_IF_NOT_EXISTS:
        if (f->args[0]->kind != EXPR_PATH)
            return expr_fail(
                p, "Operator or function requires a document path; operator or function: %s", name);
        break;
    default:
        break;
    }
    static const char *const VALID_TYPES[] = {"B",  "NULL", "SS", "BOOL", "L",
                                              "BS", "N",    "NS", "S",    "M"};
    switch (f->func) {
    case FN_ATTRIBUTE_TYPE: {
        if (expr_check_value_type(p, f->args[1], name, is_string))
            return -1;
        if (f->args[1]->kind != EXPR_VALUE || av_type(f->args[1]->value) != AV_S)
            return 0;
        const char *type = av_payload(f->args[1]->value)->valuestring;
        for (size_t i = 0; i < sizeof VALID_TYPES / sizeof VALID_TYPES[0]; i++)
            if (strcmp(type, VALID_TYPES[i]) == 0)
                return 0;
        return expr_fail(p,
                         "Invalid attribute type name found; type: %s, valid types: { B, NULL, SS, "
                         "BOOL, L, BS, N, NS, S, M }",
                         type);
    }
    case FN_BEGINS_WITH:
        return expr_check_value_type(p, f->args[0], name, is_string_or_binary) ||
                       expr_check_value_type(p, f->args[1], name, is_string_or_binary)
                   ? -1
                   : 0;
    case FN_SIZE:
        return expr_check_value_type(p, f->args[0], name, is_sized);
    case FN_LIST_APPEND:
        return expr_check_value_type(p, f->args[0], name, is_list) ||
                       expr_check_value_type(p, f->args[1], name, is_list)
                   ? -1
                   : 0;
    default:
        return 0;
    }
}

/* name '(' operand, … ')' — the name token is current. */
static struct expr *parse_function(struct parser *p)
{
    const struct token *t = expr_advance(p);
    const struct expr_function *fn = expr_function_named(t->start, t->len, false);
    if (!fn) {
        expr_fail(p, "Invalid function name; function: %.*s", (int)t->len, t->start);
        return NULL;
    }
    if (is_update(p) && !fn->update) {
        expr_fail(p, "The function is not allowed in an update expression; function: %s", fn->name);
        return NULL;
    }
    if (!is_update(p) && fn->update) {
        expr_fail(p, "The function is not allowed in a condition expression; function: %s",
                  fn->name);
        return NULL;
    }
    expr_advance(p); /* '(' */
    struct expr *args[8];
    int n = 0;
    if (++p->cond.depth > EXPR_MAX_NESTING) {
        expr_syntax_error(p);
        return NULL;
    }
    for (;;) {
        struct expr *a = expr_parse_operand(p);
        if (!a)
            return NULL;
        if (n < 8)
            args[n] = a;
        n++;
        if (expr_peek(p)->type != TOK_COMMA)
            break;
        expr_advance(p);
    }
    p->cond.depth--;
    if (!expr_expect(p, TOK_RPAREN))
        return NULL;
    if (n != fn->arity) {
        expr_fail(
            p,
            "Incorrect number of operands for operator or function; operator or function: %s, "
            "number of operands: %d",
            fn->name, n);
        return NULL;
    }
    struct expr *f = expr_node(&p->ctx->arena, EXPR_FUNC, n);
    f->func = fn->id;
    memcpy(f->args, args, (size_t)n * sizeof *args);
    return check_function(p, f) ? NULL : f;
}

static bool starts_function(const struct parser *p)
{
    return expr_peek(p)->type == TOK_IDENT && ts_peek_at(&p->cond.ts, 1)->type == TOK_LPAREN;
}

/* path | :value | function(...) */
struct expr *expr_parse_operand(struct parser *p)
{
    const struct token *t = expr_peek(p);
    if (t->type == TOK_VALUE) {
        expr_advance(p);
        const cJSON *v = resolve_value(p, t);
        if (!v)
            return NULL;
        struct expr *e = expr_node(&p->ctx->arena, EXPR_VALUE, 0);
        e->value = v;
        return e;
    }
    if (starts_function(p)) {
        struct expr *f = parse_function(p);
        if (f && expr_function(f->func)->condition) {
            expr_fail(
                p, "The function is not allowed to be used this way in an expression; function: %s",
                expr_function(f->func)->name);
            return NULL;
        }
        return f;
    }
    if (t->type == TOK_IDENT || t->type == TOK_NAME) {
        struct expr *e = expr_node(&p->ctx->arena, EXPR_PATH, 0);
        return expr_parse_path(p, &e->path) ? NULL : e;
    }
    expr_syntax_error(p);
    return NULL;
}

/* ---- conditions ---- */

static void describe_value(const cJSON *av, struct buf *out)
{
    const cJSON *v = av_payload(av);
    buf_printf(out, "AttributeValue: {%s:", av_type_name(av_type(av)));
    if (cJSON_IsString(v))
        buf_puts(out, v->valuestring);
    else {
        char *text = cJSON_PrintUnformatted(v);
        buf_puts(out, text);
        free(text);
    }
    buf_puts(out, "}");
}

static int check_between_bounds(struct parser *p, const struct expr *lo, const struct expr *hi)
{
    if (lo->kind != EXPR_VALUE || hi->kind != EXPR_VALUE || av_type(lo->value) == AV_NONE ||
        av_type(hi->value) == AV_NONE)
        return 0;
    bool same_type = av_type(lo->value) == av_type(hi->value);
    if (same_type && av_compare(lo->value, hi->value) <= 0)
        return 0;
    struct buf l = BUF_INIT, h = BUF_INIT;
    describe_value(lo->value, &l);
    describe_value(hi->value, &h);
    expr_fail(p,
              same_type
                  ? "The BETWEEN operator requires upper bound to be greater than or equal to "
                    "lower bound; lower bound operand: %s, upper bound operand: %s"
                  : "The BETWEEN operator requires same data type for lower and upper bounds; "
                    "lower bound operand: %s, upper bound operand: %s",
              l.data, h.data);
    buf_free(&l);
    buf_free(&h);
    return -1;
}

static struct parser *parser_of(struct cond_parser *c)
{
    return (struct parser *)c;
}

/* A condition function (attribute_exists(a) …) is a predicate by itself; size(a) starts a
 * comparison like any operand. */
static struct expr *condition_predicate_start(struct cond_parser *c, bool *complete)
{
    struct parser *p = parser_of(c);
    if (starts_function(p)) {
        size_t mark = p->cond.ts.pos;
        const struct token *name = expr_peek(p);
        bool is_size = name->len == 4 && strncmp(name->start, "size", 4) == 0;
        if (!is_size) {
            struct expr *f = parse_function(p);
            if (f && !expr_function(f->func)->condition) {
                p->cond.ts.pos = mark;
                return (struct expr *)(expr_syntax_error(p), NULL);
            }
            *complete = true;
            return f;
        }
    }
    return expr_parse_operand(p);
}

static struct expr *condition_operand(struct cond_parser *c)
{
    return expr_parse_operand(parser_of(c));
}

static int condition_check_between(struct cond_parser *c, const struct expr *lo,
                                   const struct expr *hi)
{
    return check_between_bounds(parser_of(c), lo, hi);
}

static int condition_syntax_error(struct cond_parser *c)
{
    return expr_syntax_error(parser_of(c));
}

static int condition_too_deep(struct cond_parser *c)
{
    return expr_fail(parser_of(c), "The expression has too many nested levels; nesting levels: %d",
                     c->depth);
}

static int condition_too_many_in_operands(struct cond_parser *c, int n)
{
    return expr_fail(parser_of(c),
                     "The IN operator is provided with too many operands; number of operands: %d",
                     n);
}

static const struct cond_language EXPRESSION_CONDITIONS = {
    .predicate_start = condition_predicate_start,
    .operand = condition_operand,
    .check_between = condition_check_between,
    .syntax_error = condition_syntax_error,
    .too_deep = condition_too_deep,
    .too_many_in_operands = condition_too_many_in_operands,
};

/* ---- parsing one expression ---- */

int expr_parser_begin(struct parser *p, struct expr_ctx *ctx, const char *label, const char *text)
{
    memset(p, 0, sizeof *p);
    p->cond.lang = &EXPRESSION_CONDITIONS;
    p->cond.arena = &ctx->arena;
    p->ctx = ctx;
    p->label = label;
    p->text = text;
    size_t len = strlen(text);
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return expr_fail(p, "The expression can not be empty;");
    if (len > EXPR_MAX_BYTES)
        return expr_fail(
            p, "Expression size has exceeded the maximum allowed size; expression size: %zu", len);
    long bad = lex_tokenize(&p->cond.ts, text, LEX_EXPRESSION);
    if (bad >= 0) {
        p->cond.ts.pos = (size_t)bad;
        return expr_syntax_error(p);
    }
    return 0;
}

int expr_parser_end(struct parser *p, int rc)
{
    if (rc == 0 && !p->failed && expr_peek(p)->type != TOK_EOF)
        rc = expr_syntax_error(p);
    token_stream_free(&p->cond.ts);
    if (!p->syntax_failed && p->deferred[0]) {
        p->failed = false;
        expr_fail(p, "%s", p->deferred);
    }
    return p->failed ? -1 : rc;
}

int expr_parse_condition(struct expr_ctx *ctx, const char *label, const char *text,
                         struct expr **out)
{
    struct parser p;
    *out = NULL;
    if (expr_parser_begin(&p, ctx, label, text)) {
        token_stream_free(&p.cond.ts);
        return -1;
    }
    *out = cond_parse(&p.cond);
    return expr_parser_end(&p, *out ? 0 : -1);
}

/* ---- projection expressions ---- */

int expr_parse_projection(struct expr_ctx *ctx, const char *text, struct projection *out)
{
    struct parser p;
    memset(out, 0, sizeof *out);
    if (expr_parser_begin(&p, ctx, "ProjectionExpression", text)) {
        token_stream_free(&p.cond.ts);
        return -1;
    }
    size_t cap = 8;
    struct doc_path *paths = xcalloc(cap, sizeof *paths);
    int n = 0, rc = 0;
    for (;;) {
        if ((size_t)n == cap) {
            cap *= 2;
            paths = xrealloc(paths, cap * sizeof *paths);
        }
        rc = expr_parse_path(&p, &paths[n]);
        if (rc)
            break;
        n++;
        if (expr_peek(&p)->type != TOK_COMMA)
            break;
        expr_advance(&p);
    }
    if (rc == 0 && expr_peek(&p)->type == TOK_EOF)
        rc = expr_check_paths_disjoint(&p, paths, n);
    rc = expr_parser_end(&p, rc);
    if (rc == 0) {
        out->paths = arena_alloc(&ctx->arena, (size_t)n * sizeof *paths);
        memcpy(out->paths, paths, (size_t)n * sizeof *paths);
        out->n = n;
    }
    free(paths);
    return rc;
}

/* ---- unused placeholders ---- */

static int report_unused(struct expr_ctx *ctx, const cJSON *given, const cJSON *used,
                         const char *what)
{
    struct buf keys = BUF_INIT;
    const cJSON *e;
    cJSON_ArrayForEach(e, given)
    {
        if (cJSON_GetObjectItemCaseSensitive(used, e->string))
            continue;
        buf_printf(&keys, "%s%s", keys.len ? ", " : "", e->string);
    }
    int rc = 0;
    if (keys.len) {
        snprintf(ctx->error, sizeof ctx->error,
                 "Value provided in %s unused in expressions: keys: {%s}", what, keys.data);
        rc = -1;
    }
    buf_free(&keys);
    return rc;
}

int expr_check_unused(struct expr_ctx *ctx)
{
    if (report_unused(ctx, ctx->names, ctx->used_names, "ExpressionAttributeNames"))
        return -1;
    return report_unused(ctx, ctx->values, ctx->used_values, "ExpressionAttributeValues");
}
