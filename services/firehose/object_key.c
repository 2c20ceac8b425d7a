/* Prefix expressions and object names of Firehose's S3 deliveries (object_key.h). The
 * timestamp namespace takes the pattern letters of Java's DateTimeFormatter that make sense for
 * a path (years, months, days, hours, minutes, seconds, milliseconds) and quoted literals. */
#include "object_key.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#define RANDOM_STRING_LENGTH 11

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void utc_time(double when, struct tm *tm, int *millis)
{
    time_t seconds = (time_t)when;
    gmtime_r(&seconds, tm);
    *millis = (int)((when - (double)seconds) * 1000.0 + 0.5);
    if (*millis < 0)
        *millis = 0;
    if (*millis > 999)
        *millis = 999;
}

static void append_padded(struct buf *out, long value, int width)
{
    buf_printf(out, "%0*ld", width, value);
}

/* One run of a pattern letter (count of them) formatted; false for a letter not supported. */
static bool format_field(char letter, int count, const struct tm *tm, int millis, struct buf *out)
{
    switch (letter) {
    case 'y':
    case 'u':
        if (count == 2)
            append_padded(out, (tm->tm_year + 1900) % 100, 2);
        else
            append_padded(out, tm->tm_year + 1900, count);
        return true;
    case 'M':
    case 'L':
        if (count >= 4)
            return false;
        if (count == 3)
            buf_puts(out, month_names[tm->tm_mon]);
        else
            append_padded(out, tm->tm_mon + 1, count);
        return true;
    case 'd':
        append_padded(out, tm->tm_mday, count);
        return true;
    case 'D':
        append_padded(out, tm->tm_yday + 1, count);
        return true;
    case 'H':
        append_padded(out, tm->tm_hour, count);
        return true;
    case 'm':
        append_padded(out, tm->tm_min, count);
        return true;
    case 's':
        append_padded(out, tm->tm_sec, count);
        return true;
    case 'S': {
        /* fractions of a second: as many digits as letters */
        char digits[16];
        snprintf(digits, sizeof digits, "%03d000000000", millis);
        buf_append(out, digits, (size_t)(count < 12 ? count : 12));
        return true;
    }
    default:
        return false;
    }
}

/* Formats a Java date pattern (pattern[0..len)); false when it is not one motoc formats. */
static bool format_pattern(const char *pattern, size_t len, double when, struct buf *out)
{
    struct tm tm;
    int millis;
    utc_time(when, &tm, &millis);
    if (len == 0)
        return false;
    for (size_t i = 0; i < len;) {
        char ch = pattern[i];
        if (ch == '\'') {
            size_t j = i + 1;
            if (j < len && pattern[j] == '\'') {
                buf_puts(out, "'");
                i = j + 1;
                continue;
            }
            while (j < len && pattern[j] != '\'')
                j++;
            if (j >= len)
                return false;
            buf_append(out, pattern + i + 1, j - i - 1);
            i = j + 1;
            continue;
        }
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
            int count = 0;
            while (i < len && pattern[i] == ch) {
                count++;
                i++;
            }
            if (count > 9 || !format_field(ch, count, &tm, millis, out))
                return false;
            continue;
        }
        if (ch == '{' || ch == '}' || ch == '[' || ch == ']' || ch == '#')
            return false;
        buf_append(out, &ch, 1);
        i++;
    }
    return true;
}

static void random_string(char out[RANDOM_STRING_LENGTH + 1])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[RANDOM_STRING_LENGTH];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        memset(bytes, 0, sizeof bytes);
    for (size_t i = 0; i < RANDOM_STRING_LENGTH; i++)
        out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    out[RANDOM_STRING_LENGTH] = '\0';
}

/* What a prefix's expressions may use and evaluate to. */
struct expansion {
    double when;
    bool error_prefix;
    bool dynamic_partitioning;
    const char *error_output_type;
    const cJSON *partition_keys;
    struct buf *out; /* NULL: only check */
};

static bool starts_with(const char *body, size_t len, const char *namespace, size_t *skip)
{
    size_t n = strlen(namespace);
    *skip = n;
    return len > n && strncmp(body, namespace, n) == 0;
}

/* Evaluates one expression body (between "!{" and "}"); false when it is not valid here. */
static bool evaluate(const char *body, size_t len, const struct expansion *x)
{
    size_t skip;
    if (starts_with(body, len, "timestamp:", &skip)) {
        struct buf scratch = BUF_INIT;
        bool ok = format_pattern(body + skip, len - skip, x->when, x->out ? x->out : &scratch);
        buf_free(&scratch);
        return ok;
    }
    if (starts_with(body, len, "firehose:", &skip)) {
        const char *name = body + skip;
        size_t name_len = len - skip;
        if (name_len == 13 && strncmp(name, "random-string", 13) == 0) {
            char text[RANDOM_STRING_LENGTH + 1];
            random_string(text);
            if (x->out)
                buf_puts(x->out, text);
            return true;
        }
        if (x->error_prefix && name_len == 17 && strncmp(name, "error-output-type", 17) == 0) {
            if (x->out)
                buf_puts(x->out, x->error_output_type ? x->error_output_type : "");
            return true;
        }
        return false;
    }
    if (x->dynamic_partitioning && !x->error_prefix &&
        (starts_with(body, len, "partitionKeyFromQuery:", &skip) ||
         starts_with(body, len, "partitionKeyFromLambda:", &skip))) {
        if (x->out) {
            char key[256];
            snprintf(key, sizeof key, "%.*s", (int)(len - skip), body + skip);
            const cJSON *value = cJSON_GetObjectItemCaseSensitive(x->partition_keys, key);
            if (cJSON_IsString(value))
                buf_puts(x->out, value->valuestring);
        }
        return true;
    }
    return false;
}

/* Walks prefix, copying text and evaluating expressions into x->out. */
static bool walk(const char *prefix, const struct expansion *x, char *why, size_t size)
{
    for (const char *p = prefix; *p;) {
        const char *start = strstr(p, "!{");
        if (!start) {
            if (x->out)
                buf_puts(x->out, p);
            break;
        }
        if (x->out)
            buf_append(x->out, p, (size_t)(start - p));
        const char *end = strchr(start + 2, '}');
        if (!end) {
            if (why)
                snprintf(why, size, "The expression %s is not closed.", start);
            return false;
        }
        if (!evaluate(start + 2, (size_t)(end - start - 2), x)) {
            if (why)
                snprintf(why, size, "The expression %.*s is not supported.",
                         (int)(end - start + 1), start);
            return false;
        }
        p = end + 1;
    }
    return true;
}

bool firehose_prefix_has_expressions(const char *prefix)
{
    return prefix && strstr(prefix, "!{") != NULL;
}

bool firehose_prefix_check(const char *prefix, bool error_prefix, bool dynamic_partitioning,
                           char *why, size_t size)
{
    struct expansion x = {.error_prefix = error_prefix,
                          .dynamic_partitioning = dynamic_partitioning};
    return !prefix || walk(prefix, &x, why, size);
}

static void default_time_prefix(double when, struct buf *out)
{
    struct tm tm;
    int millis;
    utc_time(when, &tm, &millis);
    buf_printf(out, "%04d/%02d/%02d/%02d/", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour);
}

void firehose_prefix_expand(const char *prefix, double when, const char *error_output_type,
                            const cJSON *partition_keys, struct buf *out)
{
    if (firehose_prefix_has_expressions(prefix)) {
        struct expansion x = {.when = when,
                              .error_prefix = error_output_type != NULL,
                              .dynamic_partitioning = true,
                              .error_output_type = error_output_type,
                              .partition_keys = partition_keys,
                              .out = out};
        walk(prefix, &x, NULL, 0);
        return;
    }
    if (prefix)
        buf_puts(out, prefix);
    if (error_output_type)
        buf_printf(out, "%s/", error_output_type);
    default_time_prefix(when, out);
}

void firehose_object_name(const char *stream, unsigned long version, double when,
                          const char *uuid, const char *extension, struct buf *out)
{
    struct tm tm;
    int millis;
    utc_time(when, &tm, &millis);
    buf_printf(out, "%s-%lu-%04d-%02d-%02d-%02d-%02d-%02d-%s", stream, version, tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, uuid);
    if (extension)
        buf_puts(out, extension);
}
