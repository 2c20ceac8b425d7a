/* Percent-decoding and walking the name=value pairs of form bodies and query strings. */
#include "form.h"

#include <string.h>

#include "wire_text.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool percent_decode(const char *text, size_t len, bool plus_is_space, struct buf *out)
{
    struct buf bytes = BUF_INIT;
    buf_reserve(&bytes, len + 1);
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '%' && i + 2 < len) {
            int hi = hex_value(text[i + 1]);
            int lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                char byte = (char)(hi * 16 + lo);
                buf_append(&bytes, &byte, 1);
                i += 2;
                continue;
            }
        }
        if (c == '+' && plus_is_space)
            c = ' ';
        buf_append(&bytes, &c, 1);
    }
    bool valid = utf8_valid(bytes.data, bytes.len);
    wire_text_append(out, bytes.data ? bytes.data : "", bytes.len);
    buf_free(&bytes);
    return valid;
}

bool form_each(const char *data, size_t len, bool plus_is_space,
               void (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
    bool valid = true;
    struct buf name = BUF_INIT, value = BUF_INIT;
    size_t start = 0;
    while (start < len) {
        const char *amp = memchr(data + start, '&', len - start);
        size_t end = amp ? (size_t)(amp - data) : len;
        if (end > start) {
            const char *eq = memchr(data + start, '=', end - start);
            size_t name_end = eq ? (size_t)(eq - data) : end;
            buf_reset(&name);
            buf_reset(&value);
            bool name_ok = percent_decode(data + start, name_end - start, plus_is_space, &name);
            bool value_ok = true;
            if (eq)
                value_ok = percent_decode(eq + 1, end - name_end - 1, plus_is_space, &value);
            else
                buf_append(&value, "", 0);
            valid = valid && name_ok && value_ok;
            fn(ctx, name.data, value.data);
        }
        start = end + 1;
    }
    buf_free(&name);
    buf_free(&value);
    return valid;
}

struct form_search {
    const char *name;
    struct buf *value;
    bool found;
};

static void match_name(void *ctx, const char *name, const char *value)
{
    struct form_search *s = ctx;
    if (s->found || strcmp(name, s->name) != 0)
        return;
    buf_reset(s->value);
    buf_puts(s->value, value);
    s->found = true;
}

bool form_find(const char *data, size_t len, const char *name, struct buf *value)
{
    struct form_search s = {name, value, false};
    form_each(data, len, true, match_name, &s);
    return s.found;
}
