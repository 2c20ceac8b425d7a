/* The trees parsed expressions become: the arena they live in, node allocation, and how document
 * paths compare and print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "expr.h"

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

static const struct expr_function FUNCTIONS[] = {
    {"attribute_exists", FN_ATTRIBUTE_EXISTS, 1, true, false},
    {"attribute_not_exists", FN_ATTRIBUTE_NOT_EXISTS, 1, true, false},
    {"attribute_type", FN_ATTRIBUTE_TYPE, 2, true, false},
    {"begins_with", FN_BEGINS_WITH, 2, true, false},
    {"contains", FN_CONTAINS, 2, true, false},
    {"size", FN_SIZE, 1, false, false},
    {"if_not_exists", FN_IF_NOT_EXISTS, 2, false, true},
    {"list_append", FN_LIST_APPEND, 2, false, true},
};

const struct expr_function *expr_function(enum func_id id)
{
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++)
        if (FUNCTIONS[i].id == id)
            return &FUNCTIONS[i];
    return &FUNCTIONS[0];
}

const struct expr_function *expr_function_named(const char *name, size_t len, bool ignore_case)
{
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++) {
        const char *candidate = FUNCTIONS[i].name;
        if (strlen(candidate) == len &&
            (ignore_case ? strncasecmp(candidate, name, len) : strncmp(candidate, name, len)) == 0)
            return &FUNCTIONS[i];
    }
    return NULL;
}

struct expr *expr_node(struct arena *a, enum expr_kind kind, int nargs)
{
    struct expr *e = arena_alloc(a, sizeof *e);
    e->kind = kind;
    e->nargs = nargs;
    if (nargs)
        e->args = arena_alloc(a, (size_t)nargs * sizeof *e->args);
    return e;
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
