/* The environment motoc-run sets for its command: collected, then applied before exec or
 * printed for a shell (--env). */
#include "exports.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char *copy(const char *s)
{
    char *c = strdup(s);
    if (!c) {
        perror("motoc-run");
        exit(125);
    }
    return c;
}

void exports_set(struct exports *e, const char *name, const char *value)
{
    for (size_t i = 0; i < e->count; i++) {
        if (strcmp(e->items[i].name, name) == 0) {
            free(e->items[i].value);
            e->items[i].value = copy(value);
            return;
        }
    }
    if (e->count == sizeof e->items / sizeof e->items[0])
        abort(); /* the set of variables is fixed by motoc-run itself */
    e->items[e->count].name = copy(name);
    e->items[e->count].value = copy(value);
    e->count++;
}

void exports_setf(struct exports *e, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *value = NULL;
    int n = vasprintf(&value, fmt, ap);
    va_end(ap);
    if (n < 0) {
        perror("motoc-run");
        exit(125);
    }
    exports_set(e, name, value);
    free(value);
}

int exports_apply(const struct exports *e)
{
    for (size_t i = 0; i < e->count; i++)
        if (setenv(e->items[i].name, e->items[i].value, 1) != 0)
            return -1;
    return 0;
}

void exports_print(const struct exports *e, FILE *out)
{
    for (size_t i = 0; i < e->count; i++) {
        fprintf(out, "export %s='", e->items[i].name);
        for (const char *p = e->items[i].value; *p; p++) {
            if (*p == '\'')
                fputs("'\\''", out);
            else
                fputc(*p, out);
        }
        fputs("'\n", out);
    }
}

void exports_free(struct exports *e)
{
    for (size_t i = 0; i < e->count; i++) {
        free(e->items[i].name);
        free(e->items[i].value);
    }
    e->count = 0;
}
