/* Normalizes DNS names and tells whether one is an AWS API name motoc answers for. */
#include "aws_names.h"

#include <ctype.h>
#include <string.h>

const char *const aws_name_domains[] = {"amazonaws.com", "amazonaws.com.cn", "api.aws", NULL};

static bool is_label_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_';
}

bool dns_name_normalize(const char *host, size_t len, char out[DNS_NAME_SIZE])
{
    if (len > 0 && host[len - 1] == '.')
        len--;
    if (len == 0 || len >= DNS_NAME_SIZE)
        return false;
    size_t label_len = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)host[i];
        if (c == '.') {
            if (label_len == 0)
                return false;
            label_len = 0;
        } else if (is_label_char(c) && ++label_len <= 63) {
            /* in a label */
        } else {
            return false;
        }
        out[i] = (char)tolower(c);
    }
    if (label_len == 0)
        return false;
    out[len] = '\0';
    return true;
}

bool aws_name_matches(const char *normalized)
{
    size_t len = strlen(normalized);
    for (const char *const *d = aws_name_domains; *d; d++) {
        size_t n = strlen(*d);
        if (len == n && memcmp(normalized, *d, n) == 0)
            return true;
        if (len > n && normalized[len - n - 1] == '.' && memcmp(normalized + len - n, *d, n) == 0)
            return true;
    }
    return false;
}
