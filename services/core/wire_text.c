/* The wire-text convention of wire_text.h: UTF-8 checks, U+0000 carried as C0 80 in the trees,
 * and the conversions the codecs make at the wire's edge. */
#include "wire_text.h"

#include <string.h>

/* Length of the UTF-8 sequence at s (at most avail bytes) and its character; 0 if invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t avail, uint32_t *codepoint)
{
    if (avail == 0)
        return 0;
    if (s[0] < 0x80) {
        *codepoint = s[0];
        return 1;
    }
    size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
                 : s[0] >= 0xc2 && s[0] < 0xe0                                  ? 2
                                                                                : 0;
    if (len == 0 || len > avail)
        return 0;
    uint32_t v = s[0] & (0x7fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3fu);
    }
    static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < minimum[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *codepoint = v;
    return len;
}

bool utf8_valid(const char *bytes, size_t len)
{
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    while (p < end) {
        uint32_t cp;
        size_t n = utf8_sequence(p, (size_t)(end - p), &cp);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

void wire_text_append(struct buf *out, const char *bytes, size_t len)
{
    buf_reserve(out, len + 1);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (bytes[i] != '\0')
            continue;
        buf_append(out, bytes + start, i - start);
        buf_append(out, WIRE_TEXT_NUL, 2);
        start = i + 1;
    }
    buf_append(out, bytes + start, len - start);
}

void wire_text_append_bytes(struct buf *out, const char *text, size_t len)
{
    buf_reserve(out, len + 1);
    size_t start = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (memcmp(text + i, WIRE_TEXT_NUL, 2) != 0)
            continue;
        buf_append(out, text + start, i - start);
        buf_append(out, "", 1);
        start = i + 2;
        i++;
    }
    buf_append(out, text + start, len - start);
}

size_t wire_text_next(const char *text, uint32_t *codepoint)
{
    if (!text[0])
        return 0;
    if (memcmp(text, WIRE_TEXT_NUL, 2) == 0) {
        *codepoint = 0;
        return 2;
    }
    /* A sequence never runs past the terminating NUL: that byte is no continuation byte. */
    return utf8_sequence((const unsigned char *)text, 4, codepoint);
}

size_t wire_text_size(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++, n++)
        if (memcmp(p, WIRE_TEXT_NUL, 2) == 0)
            p++;
    return n;
}

size_t wire_text_chars(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

/* The wire byte at *p (C0 80 reads as 0), advancing past it; -1 at the end. */
static int wire_byte(const unsigned char **p)
{
    if (!**p)
        return -1;
    if ((*p)[0] == 0xc0 && (*p)[1] == 0x80) {
        *p += 2;
        return 0;
    }
    return *(*p)++;
}

int wire_text_compare(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;;) {
        int cx = wire_byte(&x), cy = wire_byte(&y);
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (cx < 0)
            return 0;
    }
}

bool wire_text_has_nul(const char *text)
{
    return strstr(text, WIRE_TEXT_NUL) != NULL;
}

bool wire_text_json_in(const char *json, size_t len, struct buf *out)
{
    if (memchr(json, '\0', len) || !utf8_valid(json, len))
        return false;
    buf_reserve(out, len + 1);
    bool in_string = false;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (!in_string) {
            in_string = json[i] == '"';
            continue;
        }
        if (json[i] == '"') {
            in_string = false;
        } else if (json[i] == '\\') {
            if (i + 5 < len && memcmp(json + i + 1, "u0000", 5) == 0) {
                buf_append(out, json + start, i - start);
                buf_append(out, WIRE_TEXT_NUL, 2);
                start = i + 6;
                i += 5;
            } else {
                i++; /* the escaped character, which may be a quote */
            }
        }
    }
    buf_append(out, json + start, len - start);
    return true;
}

/* Appends text with every C0 80 replaced by replacement. */
static void replace_nul(const char *text, size_t len, const char *replacement, struct buf *out)
{
    buf_reserve(out, len + 1);
    size_t start = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (memcmp(text + i, WIRE_TEXT_NUL, 2) != 0)
            continue;
        buf_append(out, text + start, i - start);
        buf_puts(out, replacement);
        start = i + 2;
        i++;
    }
    buf_append(out, text + start, len - start);
}

void wire_text_json_out(const char *printed, struct buf *out)
{
    replace_nul(printed, strlen(printed), "\\u0000", out);
}

void wire_text_xml_out(const char *printed, size_t len, struct buf *out)
{
    replace_nul(printed, len, "&#0;", out);
}
