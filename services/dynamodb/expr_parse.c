/* Lexer and recursive-descent parsers for DynamoDB's expression languages. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "expr.h"
#include "reserved_words.h"
#include "value.h"

/* ---- arena ---- */

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct arena_block *b = a->blocks;
    if (!b || b->size - b->used < size) {
        size_t block_size = size > 8192 ? size : 8192;
        b = xmalloc(sizeof *b + block_size);
        b->size = block_size;
        b->used = 0;
        b->next = a->blocks;
        a->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strdup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    return p;
}

void arena_free(struct arena *a)
{
    while (a->blocks) {
        struct arena_block *next = a->blocks->next;
        free(a->blocks);
        a->blocks = next;
    }
}

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

/* ---- lexer ---- */

enum token_type {
    TOK_EOF,
    TOK_IDENT,
    TOK_NAME,   /* #placeholder */
    TOK_VALUE,  /* :placeholder */
    TOK_NUMBER, /* list index */
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_LBRACKET,
    TOK_RBRACKET,
    TOK_COMMA,
    TOK_DOT,
    TOK_EQ,
    TOK_NE,
    TOK_LT,
    TOK_LE,
    TOK_GT,
    TOK_GE,
    TOK_PLUS,
    TOK_MINUS,
    TOK_BAD,
};

struct token {
    enum token_type type;
    const char *start;
    size_t len;
};

struct parser {
    struct expr_ctx *ctx;
    const char *label;
    const char *text;
    struct token *tokens;
    size_t ntokens, pos;
    int depth;
    bool failed;
    bool syntax_failed;
    /* DynamoDB reports reserved words and undefined placeholders only for expressions that
     * parse; the first such finding waits here until the parse is complete. */
    char deferred[512];
};

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static struct token lex_one(const char *p)
{
    struct token t = {TOK_BAD, p, 1};
    char c = *p;
    if (c == '\0') {
        t.type = TOK_EOF;
        t.len = 0;
        return t;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t n = 1;
        while (is_word_char(p[n]))
            n++;
        t.type = TOK_IDENT;
        t.len = n;
        return t;
    }
    if (isdigit((unsigned char)c)) {
        size_t n = 1;
        while (is_word_char(p[n]))
            n++;
        t.type = TOK_NUMBER;
        t.len = n;
        return t;
    }
    if (c == '#' || c == ':') {
        size_t n = 1;
        while (is_word_char(p[n]))
            n++;
        t.type = n > 1 ? (c == '#' ? TOK_NAME : TOK_VALUE) : TOK_BAD;
        t.len = n;
        return t;
    }
    switch (c) {
    case '(':
        t.type = TOK_LPAREN;
        break;
    case ')':
        t.type = TOK_RPAREN;
        break;
    case '[':
        t.type = TOK_LBRACKET;
        break;
    case ']':
        t.type = TOK_RBRACKET;
        break;
    case ',':
        t.type = TOK_COMMA;
        break;
    case '.':
        t.type = TOK_DOT;
        break;
    case '=':
        t.type = TOK_EQ;
        break;
    case '+':
        t.type = TOK_PLUS;
        break;
    case '-':
        t.type = TOK_MINUS;
        break;
    case '<':
        if (p[1] == '>')
            t.type = TOK_NE, t.len = 2;
        else if (p[1] == '=')
            t.type = TOK_LE, t.len = 2;
        else
            t.type = TOK_LT;
        break;
    case '>':
        if (p[1] == '=')
            t.type = TOK_GE, t.len = 2;
        else
            t.type = TOK_GT;
        break;
    default:
        break;
    }
    return t;
}

static void tokenize(struct parser *p)
{
    size_t cap = 16;
    p->tokens = xmalloc(cap * sizeof *p->tokens);
    const char *s = p->text;
    for (;;) {
        while (isspace((unsigned char)*s))
            s++;
        struct token t = lex_one(s);
        if (p->ntokens == cap) {
            cap *= 2;
            p->tokens = xrealloc(p->tokens, cap * sizeof *p->tokens);
        }
        p->tokens[p->ntokens++] = t;
        if (t.type == TOK_EOF)
            return;
        s += t.len;
    }
}

static const struct token *peek(const struct parser *p)
{
    return &p->tokens[p->pos];
}

static const struct token *peek_at(const struct parser *p, size_t ahead)
{
    size_t i = p->pos + ahead;
    return &p->tokens[i < p->ntokens ? i : p->ntokens - 1];
}

static const struct token *advance(struct parser *p)
{
    const struct token *t = &p->tokens[p->pos];
    if (t->type != TOK_EOF)
        p->pos++;
    return t;
}

static bool token_is_word(const struct token *t, const char *word)
{
    return t->type == TOK_IDENT && strlen(word) == t->len &&
           strncasecmp(t->start, word, t->len) == 0;
}

/* ---- errors ---- */

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
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
static int syntax_error(struct parser *p)
{
    if (!p->failed)
        p->syntax_failed = true;
    const struct token *t = peek(p);
    const struct token *before = p->pos > 0 ? &p->tokens[p->pos - 1] : NULL;
    const struct token *after =
        t->type != TOK_EOF && p->pos + 1 < p->ntokens ? &p->tokens[p->pos + 1] : NULL;
    const char *near_start = before ? before->start : t->start;
    const char *near_end = t->start + t->len;
    if (after && after->type != TOK_EOF)
        near_end = after->start + after->len;
    if (t->type == TOK_EOF && before)
        near_end = before->start + before->len;
    if (t->type == TOK_EOF)
        return fail(p, "Syntax error; token: \"<EOF>\", near: \"%.*s\"",
                    (int)(near_end - near_start), near_start);
    return fail(p, "Syntax error; token: \"%.*s\", near: \"%.*s\"", (int)t->len, t->start,
                (int)(near_end - near_start), near_start);
}

static bool expect(struct parser *p, enum token_type type)
{
    if (peek(p)->type != type) {
        syntax_error(p);
        return false;
    }
    advance(p);
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
    const struct token *t = peek(p);
    if (t->type == TOK_NAME) {
        advance(p);
        return resolve_name(p, t);
    }
    if (t->type != TOK_IDENT) {
        syntax_error(p);
        return NULL;
    }
    char *word = arena_strdup(&p->ctx->arena, t->start, t->len);
    if (is_reserved_word(word))
        defer_error(p, "Attribute name is a reserved keyword; reserved keyword: %s", word);
    advance(p);
    return word;
}

static int parse_path(struct parser *p, struct doc_path *out)
{
    struct path_step steps[EXPR_MAX_PATH_DEPTH + 1];
    int n = 0;
    const char *name = path_element_name(p);
    if (!name)
        return -1;
    steps[n++] = (struct path_step){name, 0};
    for (;;) {
        const struct token *t = peek(p);
        struct path_step step = {NULL, 0};
        if (t->type == TOK_DOT) {
            advance(p);
            step.name = path_element_name(p);
            if (!step.name)
                return -1;
        } else if (t->type == TOK_LBRACKET) {
            advance(p);
            const struct token *num = peek(p);
            if (num->type != TOK_NUMBER)
                return syntax_error(p);
            for (size_t i = 0; i < num->len; i++) {
                if (!isdigit((unsigned char)num->start[i]))
                    return syntax_error(p);
                if (step.index < 100000000)
                    step.index = step.index * 10 + (num->start[i] - '0');
            }
            advance(p);
            if (!expect(p, TOK_RBRACKET))
                return -1;
        } else {
            break;
        }
        if (n >= EXPR_MAX_PATH_DEPTH)
            return fail(p, "The document path has too many nesting levels; nesting levels: %d",
                        n + 1);
        steps[n++] = step;
    }
    out->n = n;
    out->steps = arena_alloc(&p->ctx->arena, (size_t)n * sizeof *out->steps);
    memcpy(out->steps, steps, (size_t)n * sizeof *steps);
    return 0;
}

void doc_path_describe(const struct doc_path *path, char *out, size_t size)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "[");
    for (int i = 0; i < path->n; i++) {
        if (i)
            buf_puts(&b, ", ");
        if (path->steps[i].name)
            buf_puts(&b, path->steps[i].name);
        else
            buf_printf(&b, "[%ld]", path->steps[i].index);
    }
    buf_puts(&b, "]");
    snprintf(out, size, "%s", b.data);
    buf_free(&b);
}

int doc_path_compare(const struct doc_path *a, const struct doc_path *b)
{
    for (int i = 0; i < a->n && i < b->n; i++) {
        const struct path_step *x = &a->steps[i], *y = &b->steps[i];
        if (!x->name != !y->name)
            return x->name ? -1 : 1;
        int c = x->name ? strcmp(x->name, y->name) : (x->index > y->index) - (x->index < y->index);
        if (c)
            return c;
    }
    return (a->n > b->n) - (a->n < b->n);
}

/* Two paths of one expression must not overlap (one a prefix of the other) nor conflict (a map
 * key and a list index at the same place). */
static int check_paths_disjoint(struct parser *p, const struct doc_path *paths, int n)
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
            return fail(p,
                        "Two document paths %s with each other; must remove or rewrite one of "
                        "these paths; path one: %s, path two: %s",
                        conflict ? "conflict" : "overlap", one, two);
        }
    }
    return 0;
}

/* ---- nodes ---- */

static struct expr *node(struct parser *p, enum expr_kind kind, int nargs)
{
    struct expr *e = arena_alloc(&p->ctx->arena, sizeof *e);
    e->kind = kind;
    e->nargs = nargs;
    if (nargs)
        e->args = arena_alloc(&p->ctx->arena, (size_t)nargs * sizeof *e->args);
    return e;
}

static const struct {
    const char *name;
    enum func_id id;
    int arity;
    bool condition; /* returns a boolean (usable as a condition) */
    bool update;    /* allowed in SET values */
} FUNCTIONS[] = {
    {"attribute_exists", FN_ATTRIBUTE_EXISTS, 1, true, false},
    {"attribute_not_exists", FN_ATTRIBUTE_NOT_EXISTS, 1, true, false},
    {"attribute_type", FN_ATTRIBUTE_TYPE, 2, true, false},
    {"begins_with", FN_BEGINS_WITH, 2, true, false},
    {"contains", FN_CONTAINS, 2, true, false},
    {"size", FN_SIZE, 1, false, false},
    {"if_not_exists", FN_IF_NOT_EXISTS, 2, false, true},
    {"list_append", FN_LIST_APPEND, 2, false, true},
};

static int function_index(enum func_id id)
{
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++)
        if (FUNCTIONS[i].id == id)
            return (int)i;
    return 0;
}

static const char *function_name(enum func_id id)
{
    return FUNCTIONS[function_index(id)].name;
}

static bool is_update(const struct parser *p)
{
    return strcmp(p->label, "UpdateExpression") == 0;
}

static struct expr *parse_operand(struct parser *p);

static int check_value_type(struct parser *p, const struct expr *arg, const char *fn,
                            bool (*allowed)(enum av_type))
{
    if (arg->kind != EXPR_VALUE)
        return 0;
    enum av_type t = av_type(arg->value);
    if (allowed(t) || t == AV_NONE) /* AV_NONE: an undefined placeholder, reported later */
        return 0;
    return fail(p,
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
    const char *name = function_name(f->func);
    switch (f->func) {
    case FN_ATTRIBUTE_EXISTS:
    case FN_ATTRIBUTE_NOT_EXISTS:
    case FN_ATTRIBUTE_TYPE:
    case FN_IF_NOT_EXISTS:
        if (f->args[0]->kind != EXPR_PATH)
            return fail(
                p, "Operator or function requires a document path; operator or function: %s", name);
        break;
    default:
        break;
    }
    static const char *const VALID_TYPES[] = {"B",  "NULL", "SS", "BOOL", "L",
                                              "BS", "N",    "NS", "S",    "M"};
    switch (f->func) {
    case FN_ATTRIBUTE_TYPE: {
        if (check_value_type(p, f->args[1], name, is_string))
            return -1;
        if (f->args[1]->kind != EXPR_VALUE || av_type(f->args[1]->value) != AV_S)
            return 0;
        const char *type = av_payload(f->args[1]->value)->valuestring;
        for (size_t i = 0; i < sizeof VALID_TYPES / sizeof VALID_TYPES[0]; i++)
            if (strcmp(type, VALID_TYPES[i]) == 0)
                return 0;
        return fail(p,
                    "Invalid attribute type name found; type: %s, valid types: { B, NULL, SS, "
                    "BOOL, L, BS, N, NS, S, M }",
                    type);
    }
    case FN_BEGINS_WITH:
        return check_value_type(p, f->args[0], name, is_string_or_binary) ||
                       check_value_type(p, f->args[1], name, is_string_or_binary)
                   ? -1
                   : 0;
    case FN_SIZE:
        return check_value_type(p, f->args[0], name, is_sized);
    case FN_LIST_APPEND:
        return check_value_type(p, f->args[0], name, is_list) ||
                       check_value_type(p, f->args[1], name, is_list)
                   ? -1
                   : 0;
    default:
        return 0;
    }
}

/* name '(' operand, … ')' — the name token is current. */
static struct expr *parse_function(struct parser *p)
{
    const struct token *t = advance(p);
    int fi = -1;
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++)
        if (strlen(FUNCTIONS[i].name) == t->len &&
            strncmp(FUNCTIONS[i].name, t->start, t->len) == 0)
            fi = (int)i;
    if (fi < 0) {
        fail(p, "Invalid function name; function: %.*s", (int)t->len, t->start);
        return NULL;
    }
    if (is_update(p) && !FUNCTIONS[fi].update) {
        fail(p, "The function is not allowed in an update expression; function: %s",
             FUNCTIONS[fi].name);
        return NULL;
    }
    if (!is_update(p) && FUNCTIONS[fi].update) {
        fail(p, "The function is not allowed in a condition expression; function: %s",
             FUNCTIONS[fi].name);
        return NULL;
    }
    advance(p); /* '(' */
    struct expr *args[8];
    int n = 0;
    if (++p->depth > EXPR_MAX_NESTING) {
        syntax_error(p);
        return NULL;
    }
    for (;;) {
        struct expr *a = parse_operand(p);
        if (!a)
            return NULL;
        if (n < 8)
            args[n] = a;
        n++;
        if (peek(p)->type != TOK_COMMA)
            break;
        advance(p);
    }
    p->depth--;
    if (!expect(p, TOK_RPAREN))
        return NULL;
    if (n != FUNCTIONS[fi].arity) {
        fail(p,
             "Incorrect number of operands for operator or function; operator or function: %s, "
             "number of operands: %d",
             FUNCTIONS[fi].name, n);
        return NULL;
    }
    struct expr *f = node(p, EXPR_FUNC, n);
    f->func = FUNCTIONS[fi].id;
    memcpy(f->args, args, (size_t)n * sizeof *args);
    return check_function(p, f) ? NULL : f;
}

static bool starts_function(const struct parser *p)
{
    return peek(p)->type == TOK_IDENT && peek_at(p, 1)->type == TOK_LPAREN;
}

/* path | :value | function(...) */
static struct expr *parse_operand(struct parser *p)
{
    const struct token *t = peek(p);
    if (t->type == TOK_VALUE) {
        advance(p);
        const cJSON *v = resolve_value(p, t);
        if (!v)
            return NULL;
        struct expr *e = node(p, EXPR_VALUE, 0);
        e->value = v;
        return e;
    }
    if (starts_function(p)) {
        struct expr *f = parse_function(p);
        if (f && FUNCTIONS[function_index(f->func)].condition) {
            fail(p,
                 "The function is not allowed to be used this way in an expression; function: %s",
                 function_name(f->func));
            return NULL;
        }
        return f;
    }
    if (t->type == TOK_IDENT || t->type == TOK_NAME) {
        struct expr *e = node(p, EXPR_PATH, 0);
        return parse_path(p, &e->path) ? NULL : e;
    }
    syntax_error(p);
    return NULL;
}

/* ---- conditions ---- */

static struct expr *parse_or(struct parser *p);

static bool comparator(enum token_type t, enum cmp_op *op)
{
    switch (t) {
    case TOK_EQ:
        *op = CMP_EQ;
        return true;
    case TOK_NE:
        *op = CMP_NE;
        return true;
    case TOK_LT:
        *op = CMP_LT;
        return true;
    case TOK_LE:
        *op = CMP_LE;
        return true;
    case TOK_GT:
        *op = CMP_GT;
        return true;
    case TOK_GE:
        *op = CMP_GE;
        return true;
    default:
        return false;
    }
}

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
    fail(p,
         same_type ? "The BETWEEN operator requires upper bound to be greater than or equal to "
                     "lower bound; lower bound operand: %s, upper bound operand: %s"
                   : "The BETWEEN operator requires same data type for lower and upper bounds; "
                     "lower bound operand: %s, upper bound operand: %s",
         l.data, h.data);
    buf_free(&l);
    buf_free(&h);
    return -1;
}

/* operand comparator operand | operand BETWEEN a AND b | operand IN (…) | function */
static struct expr *parse_predicate(struct parser *p)
{
    if (starts_function(p)) {
        size_t mark = p->pos;
        const struct token *name = peek(p);
        bool is_size = name->len == 4 && strncmp(name->start, "size", 4) == 0;
        if (!is_size) {
            struct expr *f = parse_function(p);
            if (f && !FUNCTIONS[function_index(f->func)].condition) {
                p->pos = mark;
                return (struct expr *)(syntax_error(p), NULL);
            }
            return f;
        }
    }
    struct expr *left = parse_operand(p);
    if (!left)
        return NULL;
    const struct token *t = peek(p);
    enum cmp_op op;
    if (comparator(t->type, &op)) {
        advance(p);
        struct expr *right = parse_operand(p);
        if (!right)
            return NULL;
        struct expr *e = node(p, EXPR_COMPARE, 2);
        e->cmp = op;
        e->args[0] = left;
        e->args[1] = right;
        return e;
    }
    if (token_is_word(t, "BETWEEN")) {
        advance(p);
        struct expr *lo = parse_operand(p);
        if (!lo)
            return NULL;
        if (!token_is_word(peek(p), "AND"))
            return (struct expr *)(syntax_error(p), NULL);
        advance(p);
        struct expr *hi = parse_operand(p);
        if (!hi || check_between_bounds(p, lo, hi))
            return NULL;
        struct expr *e = node(p, EXPR_BETWEEN, 3);
        e->args[0] = left;
        e->args[1] = lo;
        e->args[2] = hi;
        return e;
    }
    if (token_is_word(t, "IN")) {
        advance(p);
        if (!expect(p, TOK_LPAREN))
            return NULL;
        struct expr *list[EXPR_MAX_IN_OPERANDS + 1];
        int n = 0;
        for (;;) {
            struct expr *o = parse_operand(p);
            if (!o)
                return NULL;
            if (n == EXPR_MAX_IN_OPERANDS) {
                fail(p,
                     "The IN operator is provided with too many operands; number of operands: "
                     "%d",
                     n + 1);
                return NULL;
            }
            list[n++] = o;
            if (peek(p)->type != TOK_COMMA)
                break;
            advance(p);
        }
        if (!expect(p, TOK_RPAREN))
            return NULL;
        struct expr *e = node(p, EXPR_IN, n + 1);
        e->args[0] = left;
        memcpy(e->args + 1, list, (size_t)n * sizeof *list);
        return e;
    }
    syntax_error(p);
    return NULL;
}

static struct expr *parse_unary(struct parser *p)
{
    if (++p->depth > EXPR_MAX_NESTING) {
        fail(p, "The expression has too many nested levels; nesting levels: %d", p->depth);
        return NULL;
    }
    struct expr *result;
    if (token_is_word(peek(p), "NOT")) {
        advance(p);
        struct expr *inner = parse_unary(p);
        if (!inner)
            return NULL;
        result = node(p, EXPR_NOT, 1);
        result->args[0] = inner;
    } else if (peek(p)->type == TOK_LPAREN) {
        advance(p);
        result = parse_or(p);
        if (!result || !expect(p, TOK_RPAREN))
            return NULL;
    } else {
        result = parse_predicate(p);
    }
    p->depth--;
    return result;
}

static struct expr *parse_and(struct parser *p)
{
    struct expr *left = parse_unary(p);
    while (left && token_is_word(peek(p), "AND")) {
        advance(p);
        struct expr *right = parse_unary(p);
        if (!right)
            return NULL;
        struct expr *e = node(p, EXPR_AND, 2);
        e->args[0] = left;
        e->args[1] = right;
        left = e;
    }
    return left;
}

static struct expr *parse_or(struct parser *p)
{
    struct expr *left = parse_and(p);
    while (left && token_is_word(peek(p), "OR")) {
        advance(p);
        struct expr *right = parse_and(p);
        if (!right)
            return NULL;
        struct expr *e = node(p, EXPR_OR, 2);
        e->args[0] = left;
        e->args[1] = right;
        left = e;
    }
    return left;
}

static int begin(struct parser *p, struct expr_ctx *ctx, const char *label, const char *text)
{
    memset(p, 0, sizeof *p);
    p->ctx = ctx;
    p->label = label;
    p->text = text;
    size_t len = strlen(text);
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return fail(p, "The expression can not be empty;");
    if (len > EXPR_MAX_BYTES)
        return fail(
            p, "Expression size has exceeded the maximum allowed size; expression size: %zu", len);
    tokenize(p);
    for (size_t i = 0; i < p->ntokens; i++) {
        if (p->tokens[i].type == TOK_BAD) {
            p->pos = i;
            return syntax_error(p);
        }
    }
    return 0;
}

static int finish(struct parser *p, int rc)
{
    if (rc == 0 && !p->failed && peek(p)->type != TOK_EOF)
        rc = syntax_error(p);
    free(p->tokens);
    if (!p->syntax_failed && p->deferred[0]) {
        p->failed = false;
        fail(p, "%s", p->deferred);
    }
    return p->failed ? -1 : rc;
}

int expr_parse_condition(struct expr_ctx *ctx, const char *label, const char *text,
                         struct expr **out)
{
    struct parser p;
    *out = NULL;
    if (begin(&p, ctx, label, text)) {
        free(p.tokens);
        return -1;
    }
    *out = parse_or(&p);
    return finish(&p, *out ? 0 : -1);
}

/* ---- update expressions ---- */

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
    struct expr *left = parse_operand(p);
    if (!left)
        return NULL;
    enum token_type t = peek(p)->type;
    if (t != TOK_PLUS && t != TOK_MINUS)
        return left;
    advance(p);
    struct expr *right = parse_operand(p);
    if (!right)
        return NULL;
    const char *op = t == TOK_PLUS ? "+" : "-";
    if (check_value_type(p, left, op, is_number) || check_value_type(p, right, op, is_number))
        return NULL;
    struct expr *e = node(p, t == TOK_PLUS ? EXPR_PLUS : EXPR_MINUS, 2);
    e->args[0] = left;
    e->args[1] = right;
    return e;
}

static int parse_update_clause(struct parser *p, enum update_action action, struct update_clause *c)
{
    c->action = action;
    if (parse_path(p, &c->path))
        return -1;
    if (action == UPD_REMOVE)
        return 0;
    if (action == UPD_SET) {
        if (!expect(p, TOK_EQ))
            return -1;
        c->value = parse_set_value(p);
        return c->value ? 0 : -1;
    }
    const struct token *t = peek(p);
    if (t->type != TOK_VALUE)
        return syntax_error(p);
    c->value = parse_operand(p);
    if (!c->value)
        return -1;
    enum av_type type = av_type(c->value->value);
    bool ok = action == UPD_ADD ? (type == AV_N || av_is_set(type)) : av_is_set(type);
    if (!ok)
        return fail(p,
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
    if (begin(&p, ctx, "UpdateExpression", text)) {
        free(p.tokens);
        return -1;
    }
    bool seen[4] = {false};
    size_t cap = 8;
    struct update_clause *clauses = xcalloc(cap, sizeof *clauses);
    int n = 0, rc = 0;
    while (rc == 0 && peek(&p)->type != TOK_EOF) {
        int section = -1;
        for (int i = 0; i < 4; i++)
            if (token_is_word(peek(&p), SECTIONS[i]))
                section = i;
        if (section < 0) {
            rc = syntax_error(&p);
            break;
        }
        if (seen[section]) {
            rc = fail(&p, "The \"%s\" section can only be used once in an update expression;",
                      SECTIONS[section]);
            break;
        }
        seen[section] = true;
        advance(&p);
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
            if (peek(&p)->type != TOK_COMMA)
                break;
            advance(&p);
        }
    }
    if (rc == 0 && !p.failed) {
        struct doc_path *paths = xcalloc((size_t)n + 1, sizeof *paths);
        for (int i = 0; i < n; i++)
            paths[i] = clauses[i].path;
        rc = check_paths_disjoint(&p, paths, n);
        free(paths);
    }
    rc = finish(&p, rc);
    if (rc == 0) {
        out->clauses = arena_alloc(&ctx->arena, (size_t)n * sizeof *clauses + 1);
        memcpy(out->clauses, clauses, (size_t)n * sizeof *clauses);
        out->n = n;
    }
    free(clauses);
    return rc;
}

/* ---- projection expressions ---- */

int expr_parse_projection(struct expr_ctx *ctx, const char *text, struct projection *out)
{
    struct parser p;
    memset(out, 0, sizeof *out);
    if (begin(&p, ctx, "ProjectionExpression", text)) {
        free(p.tokens);
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
        rc = parse_path(&p, &paths[n]);
        if (rc)
            break;
        n++;
        if (peek(&p)->type != TOK_COMMA)
            break;
        advance(&p);
    }
    if (rc == 0 && peek(&p)->type == TOK_EOF)
        rc = check_paths_disjoint(&p, paths, n);
    rc = finish(&p, rc);
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
