/* The checks of a DNS name against the AWS domains (aws_domains.gen.c). */
#include "aws_names.h"

#include <ctype.h>
#include <string.h>

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

size_t aws_name_subdomain_length(const char *name)
{
    size_t len = strlen(name);
    for (const char *const *d = aws_name_domains; *d; d++) {
        size_t n = strlen(*d);
        if (len > n + 1 && name[len - n - 1] == '.' && memcmp(name + len - n, *d, n) == 0)
            return len - n - 1;
    }
    return 0;
}

bool aws_name_matches(const char *normalized)
{
    for (const char *const *d = aws_name_domains; *d; d++)
        if (strcmp(normalized, *d) == 0)
            return true;
    return aws_name_subdomain_length(normalized) > 0;
}
