/* Random identifiers: version 4 UUIDs and uppercase hex strings. */
#include "request_id.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>

static void random_bytes(uint8_t *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
}

void uuid_new(char out[37])
{
    uint8_t b[16];
    random_bytes(b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

void random_hex_upper(char *out, size_t n_chars)
{
    static const char digits[] = "0123456789ABCDEF";
    uint8_t b[64];
    size_t n_bytes = (n_chars + 1) / 2;
    if (n_bytes > sizeof b)
        n_bytes = sizeof b;
    random_bytes(b, n_bytes);
    size_t i = 0;
    for (; i < n_chars && i / 2 < n_bytes; i++)
        out[i] = digits[(i % 2 ? b[i / 2] : b[i / 2] >> 4) & 0xf];
    out[i] = '\0';
}
