/* Conversions the protocol codecs share: base64, ISO 8601 / RFC 822 / epoch timestamps,
 * number text, percent-encoding. */
#include "codec_util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>

void base64_encode(const void *data, size_t len, struct buf *out)
{
    /* EVP_EncodeBlock takes an int length: encode in slices that stay well inside it. */
    const unsigned char *p = data;
    const size_t slice = 3u * 1024 * 1024;
    while (len > 0) {
        size_t n = len < slice ? len : slice;
        buf_reserve(out, 4 * ((n + 2) / 3) + 1);
        int written = EVP_EncodeBlock((unsigned char *)out->data + out->len, p, (int)n);
        out->len += (size_t)written;
        out->data[out->len] = '\0';
        p += n;
        len -= n;
    }
    if (!out->data)
        buf_append(out, "", 0);
}

static bool is_base64_char(unsigned char c)
{
    return isalnum(c) || c == '+' || c == '/';
}

bool base64_decode(const char *text, size_t len, struct buf *out)
{
    if (len % 4 == 1)
        return false;
    size_t padding = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '=') {
            if (i < len - 2 || padding > 1)
                return false;
            padding++;
        } else if (!is_base64_char(c) || padding) {
            return false;
        }
    }
    /* A lone character carries no byte, and padding only ever completes a quantum: "==" or
     * "a==" are not base64. */
    if ((len - padding) % 4 == 1 || (padding && len % 4 != 0))
        return false;
    /* Unpadded input is accepted: some clients drop the '='. */
    size_t padded_len = (len + 3) / 4 * 4;
    char *padded = xmalloc(padded_len + 1);
    memcpy(padded, text, len);
    for (size_t i = len; i < padded_len; i++)
        padded[i] = '=';
    padding += padded_len - len;
    buf_reserve(out, padded_len / 4 * 3 + 1);
    int n = padded_len ? EVP_DecodeBlock((unsigned char *)out->data + out->len,
                                         (const unsigned char *)padded, (int)padded_len)
                       : 0;
    free(padded);
    if (n < 0)
        return false;
    out->len += (size_t)n - padding;
    out->data[out->len] = '\0';
    return true;
}

cJSON *json_from_base64(const char *text)
{
    struct buf decoded = BUF_INIT;
    cJSON *value = NULL;
    if (base64_decode(text, strlen(text), &decoded) && decoded.data)
        value = cJSON_ParseWithLength(decoded.data, decoded.len);
    buf_free(&decoded);
    return value;
}

static bool parse_digits(const char **p, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += count;
    *out = v;
    return true;
}

static bool expect_char(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

/* "2014-04-29T18:30:38Z", with optional fraction and "+hh:mm"/"-hh:mm"/"Z" offset. */
static bool parse_iso8601(const char *s, double *epoch)
{
    struct tm tm = {0};
    int year, mon, day, hour, min, sec;
    const char *p = s;
    if (!parse_digits(&p, 4, &year) || !expect_char(&p, '-') || !parse_digits(&p, 2, &mon) ||
        !expect_char(&p, '-') || !parse_digits(&p, 2, &day))
        return false;
    if (*p != 'T' && *p != 't' && *p != ' ')
        return false;
    p++;
    if (!parse_digits(&p, 2, &hour) || !expect_char(&p, ':') || !parse_digits(&p, 2, &min) ||
        !expect_char(&p, ':') || !parse_digits(&p, 2, &sec))
        return false;
    double fraction = 0;
    if (*p == '.') {
        double scale = 0.1;
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p)) {
            fraction += (*p - '0') * scale;
            scale /= 10;
            p++;
        }
    }
    long offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om;
        p++;
        if (!parse_digits(&p, 2, &oh))
            return false;
        expect_char(&p, ':');
        if (!parse_digits(&p, 2, &om))
            return false;
        offset = sign * (oh * 3600L + om * 60L);
    }
    if (*p || mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
        return false;
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    *epoch = (double)(timegm(&tm) - offset) + fraction;
    return true;
}

static bool parse_rfc822(const char *s, double *epoch)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%a, %d %b %Y %H:%M:%S", &tm);
    if (!end)
        return false;
    double fraction = 0;
    if (*end == '.') {
        char *after;
        fraction = strtod(end, &after);
        end = after;
    }
    while (*end == ' ')
        end++;
    if (strcmp(end, "GMT") != 0 && strcmp(end, "UTC") != 0 && strcmp(end, "Z") != 0 &&
        strcmp(end, "+0000") != 0)
        return false;
    *epoch = (double)timegm(&tm) + fraction;
    return true;
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z */
#define EPOCH_OF_YEAR_1 (-62135596800.0)
#define EPOCH_AFTER_YEAR_9999 253402300800.0

bool timestamp_in_range(double epoch)
{
    return epoch >= EPOCH_OF_YEAR_1 && epoch < EPOCH_AFTER_YEAR_9999;
}

static bool parse_unix(const char *s, double *epoch)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !timestamp_in_range(v))
        return false;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p) && *p != '.' && *p != '-' && *p != '+' && *p != 'e' &&
            *p != 'E')
            return false;
    *epoch = v;
    return true;
}

bool timestamp_parse(const char *text, enum timestamp_format fmt, double *epoch)
{
    if (!text || !*text)
        return false;
    /* Servers accept the other formats too: SDKs and hand-written clients vary. */
    switch (fmt) {
    case TS_ISO8601:
        return parse_iso8601(text, epoch) || parse_unix(text, epoch) || parse_rfc822(text, epoch);
    case TS_RFC822:
        return parse_rfc822(text, epoch) || parse_iso8601(text, epoch) || parse_unix(text, epoch);
    case TS_UNIX:
    case TS_DEFAULT:
        return parse_unix(text, epoch) || parse_iso8601(text, epoch) || parse_rfc822(text, epoch);
    }
    return false;
}

/* Milliseconds of the fraction, rounded; 0 when the time is whole. */
static void split_epoch(double epoch, time_t *seconds, int *millis)
{
    double whole = floor(epoch);
    int ms = (int)llround((epoch - whole) * 1000.0);
    if (ms >= 1000) {
        whole += 1;
        ms -= 1000;
    }
    *seconds = (time_t)whole;
    *millis = ms;
}

void timestamp_format(double epoch, enum timestamp_format fmt, struct buf *out)
{
    if (!(epoch >= EPOCH_OF_YEAR_1)) /* NaN too */
        epoch = EPOCH_OF_YEAR_1;
    else if (epoch > EPOCH_AFTER_YEAR_9999 - 0.001)
        epoch = EPOCH_AFTER_YEAR_9999 - 0.001;
    time_t seconds;
    int millis;
    split_epoch(epoch, &seconds, &millis);
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char text[64];
    switch (fmt) {
    case TS_RFC822:
        strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        buf_puts(out, text);
        return;
    case TS_UNIX:
        if (millis)
            buf_printf(out, "%lld.%03d", (long long)seconds, millis);
        else
            buf_printf(out, "%lld", (long long)seconds);
        /* "1.500" → "1.5": the shortest form, as the SDKs print it. */
        if (millis) {
            while (out->len && out->data[out->len - 1] == '0')
                out->data[--out->len] = '\0';
        }
        return;
    case TS_ISO8601:
    case TS_DEFAULT:
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
        buf_puts(out, text);
        if (millis)
            buf_printf(out, ".%03dZ", millis);
        else
            buf_puts(out, "Z");
        return;
    }
}

static bool is_integer_type(enum shape_type type)
{
    return type == SHAPE_INTEGER || type == SHAPE_LONG || type == SHAPE_BIGINTEGER;
}

static void format_double(double v, struct buf *out)
{
    if (isnan(v)) {
        buf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        buf_puts(out, v < 0 ? "-Infinity" : "Infinity");
        return;
    }
    char text[40];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, v);
        if (strtod(text, NULL) == v)
            break;
    }
    buf_puts(out, text);
}

void number_format(const cJSON *value, enum shape_type type, struct buf *out)
{
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring);
        return;
    }
    double v = cJSON_IsNumber(value) ? value->valuedouble : 0;
    if (is_integer_type(type) && isfinite(v) && fabs(v) < 9.3e18)
        buf_printf(out, "%lld", (long long)v);
    else
        format_double(v, out);
}

cJSON *number_parse(const char *text, enum shape_type type)
{
    if (!text || !*text || isspace((unsigned char)*text))
        return NULL;
    char *end;
    errno = 0;
    if (is_integer_type(type)) {
        long long v = strtoll(text, &end, 10);
        if (*end || errno)
            return NULL;
        if (type == SHAPE_INTEGER && (v < INT32_MIN || v > INT32_MAX))
            return NULL;
        return cJSON_CreateNumber((double)v);
    }
    if (strcmp(text, "NaN") == 0 || strcmp(text, "Infinity") == 0 ||
        strcmp(text, "-Infinity") == 0)
        return cJSON_CreateString(text);
    double v = strtod(text, &end);
    if (*end || !isfinite(v))
        return NULL;
    return cJSON_CreateNumber(v);
}

void percent_encode(const char *text, size_t len, bool keep_slash, struct buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0xc0 && i + 1 < len && (unsigned char)text[i + 1] == 0x80) {
            buf_append(out, "%00", 3); /* U+0000 in wire text (wire_text.h) */
            i++;
        } else if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
                   (keep_slash && c == '/')) {
            buf_append(out, &text[i], 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(out, esc, 3);
        }
    }
    if (!out->data)
        buf_append(out, "", 0);
}

cJSON *scalar_from_wire_text(const struct shape_ref *ref, const char *text,
                             enum timestamp_format default_format)
{
    double epoch;
    enum timestamp_format fmt;
    struct buf bytes = BUF_INIT;
    bool ok;
    switch (ref->shape->type) {
    case SHAPE_STRING:
        return cJSON_CreateString(text);
    case SHAPE_BOOLEAN:
        if (strcasecmp(text, "true") == 0 || strcasecmp(text, "false") == 0)
            return cJSON_CreateBool(strcasecmp(text, "true") == 0);
        return NULL;
    case SHAPE_TIMESTAMP:
        fmt = shape_ref_timestamp_format(ref);
        if (!timestamp_parse(text, fmt != TS_DEFAULT ? fmt : default_format, &epoch))
            return NULL;
        return cJSON_CreateNumber(epoch);
    case SHAPE_BLOB:
        ok = base64_decode(text, strlen(text), &bytes);
        buf_free(&bytes);
        return ok ? cJSON_CreateString(text) : NULL;
    case SHAPE_INTEGER:
    case SHAPE_LONG:
    case SHAPE_FLOAT:
    case SHAPE_DOUBLE:
    case SHAPE_BIGINTEGER:
    case SHAPE_BIGDECIMAL:
        return number_parse(text, ref->shape->type);
    case SHAPE_STRUCTURE:
    case SHAPE_LIST:
    case SHAPE_MAP:
        break;
    }
    return NULL;
}
