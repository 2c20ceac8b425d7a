/* The variables motoc-run sets for the command: applied to its own environment before exec, or
 * printed for a shell (--env). */
#ifndef MOTOC_RUN_EXPORTS_H
#define MOTOC_RUN_EXPORTS_H

#include <stddef.h>
#include <stdio.h>

struct exports {
    struct {
        char *name;
        char *value;
    } items[32];
    size_t count;
};

/* Adds or replaces name; the strings are copied. */
void exports_set(struct exports *e, const char *name, const char *value);
void exports_setf(struct exports *e, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* setenv() for each; -1 on failure. */
int exports_apply(const struct exports *e);
/* "export NAME='value'" lines, quoted for POSIX shells. */
void exports_print(const struct exports *e, FILE *out);
void exports_free(struct exports *e);

#endif
