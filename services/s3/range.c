/* Parses the Range header of GetObject and the copy-source range of UploadPartCopy. */
#include "range.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Digits at *p into *out; false when there are none or they overflow. */
static bool read_number(const char **p, uint64_t *out)
{
    const char *s = *p;
    uint64_t n = 0;
    if (!isdigit((unsigned char)*s))
        return false;
    for (; isdigit((unsigned char)*s); s++) {
        unsigned digit = (unsigned)(*s - '0');
        if (n > (UINT64_MAX - digit) / 10)
            return false;
        n = n * 10 + digit;
    }
    *p = s;
    *out = n;
    return true;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

enum range_result range_parse(const char *header, uint64_t size, uint64_t *first, uint64_t *last)
{
    if (!header)
        return RANGE_NONE;
    const char *p = skip_blanks(header);
    if (strncasecmp(p, "bytes=", 6) != 0)
        return RANGE_NONE;
    p = skip_blanks(p + 6);
    uint64_t a = 0, b = 0;
    bool has_first = read_number(&p, &a);
    p = skip_blanks(p);
    if (*p != '-')
        return RANGE_NONE;
    p = skip_blanks(p + 1);
    bool has_last = read_number(&p, &b);
    p = skip_blanks(p);
    /* Several ranges, or trailing junk: S3 ignores the header. */
    if (*p || (!has_first && !has_last))
        return RANGE_NONE;
    if (!has_first) {
        /* suffix: the last b bytes */
        if (b == 0 || size == 0)
            return RANGE_UNSATISFIABLE;
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return RANGE_OK;
    }
    if (has_last && b < a)
        return RANGE_NONE;
    if (a >= size)
        return RANGE_UNSATISFIABLE;
    *first = a;
    *last = !has_last || b >= size ? size - 1 : b;
    return RANGE_OK;
}

bool copy_range_parse(const char *header, uint64_t *first, uint64_t *last)
{
    if (!header || strncmp(header, "bytes=", 6) != 0)
        return false;
    const char *p = header + 6;
    if (!read_number(&p, first) || *p != '-')
        return false;
    p++;
    if (!read_number(&p, last) || *p)
        return false;
    return *first <= *last;
}
