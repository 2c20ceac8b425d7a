/* snprintf for paths: a path cut short is an error, never a different file. */
#ifndef MOTOC_RUN_PATH_FORMAT_H
#define MOTOC_RUN_PATH_FORMAT_H

#include <stddef.h>

/* 0, or -1 (errno ENAMETOOLONG) if the result did not fit. */
int path_format(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
