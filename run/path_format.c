/* snprintf for paths that fails instead of truncating. */
#include "path_format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int path_format(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}
