/* EventBridge event patterns (event_pattern.h): a validation pass that rejects what EventBridge
 * rejects, then matching straight over the parsed pattern and event. */
#include "event_pattern.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Nesting deeper than this is refused, so a hostile pattern cannot exhaust the stack. */
#define MAX_DEPTH 32
/* EventBridge compares numbers within this range only. */
#define NUMERIC_LIMIT 5.0e9

/* ---- validation ---- */

static bool refuse(char *reason, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool refuse(char *reason, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, size, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_scalar(const cJSON *v)
{
    return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) || cJSON_IsNull(v);
}

static bool check_numeric(const cJSON *spec, char *reason, size_t size)
{
    int n = cJSON_GetArraySize(spec);
    if (!cJSON_IsArray(spec) || n == 0 || n % 2 != 0 || n > 4)
        return refuse(reason, size, "Value of numeric must be an array.");
    bool equals = false;
    int lower = 0, upper = 0;
    for (int i = 0; i < n; i += 2) {
        const cJSON *op = cJSON_GetArrayItem(spec, i);
        const cJSON *value = cJSON_GetArrayItem(spec, i + 1);
        if (!cJSON_IsString(op))
            return refuse(reason, size, "Unrecognized numeric range operator");
        const char *o = op->valuestring;
        if (strcmp(o, "=") == 0)
            equals = true;
        else if (strcmp(o, "<") == 0 || strcmp(o, "<=") == 0)
            upper++;
        else if (strcmp(o, ">") == 0 || strcmp(o, ">=") == 0)
            lower++;
        else
            return refuse(reason, size, "Unrecognized numeric range operator: %s", o);
        if (!cJSON_IsNumber(value))
            return refuse(reason, size, "Value of %s must be numeric", o);
        if (value->valuedouble < -NUMERIC_LIMIT || value->valuedouble > NUMERIC_LIMIT)
            return refuse(reason, size, "Value of %s must be a number between -5.0E9 and 5.0E9",
                          o);
    }
    if ((equals && n > 2) || lower > 1 || upper > 1)
        return refuse(reason, size, "Bad numeric range operator");
    return true;
}

static bool check_wildcard(const char *text, char *reason, size_t size)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\\') {
            if (p[1] != '*' && p[1] != '\\')
                return refuse(reason, size, "Invalid escape character at pos %d",
                              (int)(p - text));
            p++;
        } else if (p[0] == '*' && p[1] == '*') {
            return refuse(reason, size, "Consecutive wildcard characters at pos %d",
                          (int)(p - text) + 1);
        }
    }
    return true;
}

static bool check_cidr(const char *text)
{
    char address[64];
    const char *slash = strchr(text, '/');
    if (!slash || (size_t)(slash - text) >= sizeof address)
        return false;
    memcpy(address, text, (size_t)(slash - text));
    address[slash - text] = '\0';
    unsigned char bytes[16];
    int bits_max = inet_pton(AF_INET, address, bytes) == 1   ? 32
                   : inet_pton(AF_INET6, address, bytes) == 1 ? 128
                                                              : 0;
    char *end;
    long bits = strtol(slash + 1, &end, 10);
    return bits_max && end != slash + 1 && *end == '\0' && bits >= 0 && bits <= bits_max;
}

/* prefix/suffix: a string, or {"equals-ignore-case": string}. */
static bool check_affix(const char *name, const cJSON *v, char *reason, size_t size)
{
    if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1 &&
        cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "equals-ignore-case")))
        return true;
    if (!cJSON_IsString(v))
        return refuse(reason, size, "%s match pattern must be a string, not %s", name,
                      cJSON_IsObject(v) ? "an object" : "a non-string value");
    return true;
}

static bool check_anything_but(const cJSON *v, char *reason, size_t size)
{
    if (cJSON_IsString(v) || cJSON_IsNumber(v))
        return true;
    if (cJSON_IsArray(v)) {
        const cJSON *e;
        bool strings = false, numbers = false;
        cJSON_ArrayForEach(e, v) {
            strings = strings || cJSON_IsString(e);
            numbers = numbers || cJSON_IsNumber(e);
            if (!cJSON_IsString(e) && !cJSON_IsNumber(e))
                return refuse(reason, size, "Inside anything but list, start|null|boolean is "
                                            "not supported.");
        }
        if (strings && numbers)
            return refuse(reason, size, "Inside anything but list, mixed types are not "
                                        "supported.");
        return true;
    }
    if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1) {
        const cJSON *inner = v->child;
        const char *kind = inner->string;
        if (strcmp(kind, "prefix") == 0 || strcmp(kind, "suffix") == 0) {
            if (!cJSON_IsString(inner) || !inner->valuestring[0])
                return refuse(reason, size, "Value of %s inside anything-but must be a "
                                            "non-empty string", kind);
            return true;
        }
        if (strcmp(kind, "equals-ignore-case") == 0 || strcmp(kind, "wildcard") == 0) {
            if (cJSON_IsString(inner))
                return strcmp(kind, "wildcard") != 0 ||
                       check_wildcard(inner->valuestring, reason, size);
            if (!cJSON_IsArray(inner) || cJSON_GetArraySize(inner) == 0)
                return refuse(reason, size, "Value of %s inside anything-but must be a string "
                                            "or a list of strings", kind);
            const cJSON *e;
            cJSON_ArrayForEach(e, inner) {
                if (!cJSON_IsString(e))
                    return refuse(reason, size, "Value of %s inside anything-but must be a "
                                                "string or a list of strings", kind);
                if (strcmp(kind, "wildcard") == 0 && !check_wildcard(e->valuestring, reason, size))
                    return false;
            }
            return true;
        }
        return refuse(reason, size, "Unsupported anything-but pattern: %s", kind);
    }
    return refuse(reason, size, "Value of anything-but must be an array or single string/number "
                                "value.");
}

static bool check_matcher(const cJSON *m, char *reason, size_t size)
{
    if (is_scalar(m))
        return true;
    if (cJSON_IsArray(m))
        return refuse(reason, size, "Match value must be String, number, true, false, or null");
    if (cJSON_GetArraySize(m) != 1)
        return refuse(reason, size, "Only one key allowed in match expression");
    const cJSON *v = m->child;
    const char *kind = v->string;
    if (strcmp(kind, "prefix") == 0 || strcmp(kind, "suffix") == 0)
        return check_affix(kind, v, reason, size);
    if (strcmp(kind, "equals-ignore-case") == 0)
        return cJSON_IsString(v) ||
               refuse(reason, size, "equals-ignore-case match pattern must be a string");
    if (strcmp(kind, "wildcard") == 0)
        return cJSON_IsString(v) ? check_wildcard(v->valuestring, reason, size)
                                 : refuse(reason, size, "wildcard match pattern must be a string");
    if (strcmp(kind, "anything-but") == 0)
        return check_anything_but(v, reason, size);
    if (strcmp(kind, "numeric") == 0)
        return check_numeric(v, reason, size);
    if (strcmp(kind, "exists") == 0)
        return cJSON_IsBool(v) || refuse(reason, size, "exists match pattern must be either "
                                                       "true or false.");
    if (strcmp(kind, "cidr") == 0)
        return (cJSON_IsString(v) && check_cidr(v->valuestring)) ||
               refuse(reason, size, "Malformed CIDR");
    return refuse(reason, size, "Unrecognized match type %s", kind);
}

static bool check_object(const cJSON *pattern, int depth, char *reason, size_t size)
{
    if (depth > MAX_DEPTH)
        return refuse(reason, size, "Filter is too deeply nested");
    if (!cJSON_IsObject(pattern))
        return refuse(reason, size, "Filter is not an object");
    const cJSON *member;
    cJSON_ArrayForEach(member, pattern) {
        if (strcmp(member->string, "$or") == 0) {
            if (!cJSON_IsArray(member) || cJSON_GetArraySize(member) < 2)
                return refuse(reason, size, "Or relationship must have at least 2 items");
            const cJSON *alternative;
            cJSON_ArrayForEach(alternative, member) {
                if (!check_object(alternative, depth + 1, reason, size))
                    return false;
            }
        } else if (cJSON_IsObject(member)) {
            if (!check_object(member, depth + 1, reason, size))
                return false;
        } else if (cJSON_IsArray(member)) {
            if (cJSON_GetArraySize(member) == 0)
                return refuse(reason, size, "Empty arrays are not allowed");
            const cJSON *m;
            cJSON_ArrayForEach(m, member) {
                if (!check_matcher(m, reason, size))
                    return false;
            }
        } else {
            return refuse(reason, size, "'%s' must be an object or an array", member->string);
        }
    }
    return true;
}

cJSON *event_pattern_parse(const char *text, char *reason, size_t size)
{
    cJSON *pattern = cJSON_Parse(text ? text : "");
    if (!pattern) {
        refuse(reason, size, "Filter is not valid JSON");
        return NULL;
    }
    if (!check_object(pattern, 0, reason, size)) {
        cJSON_Delete(pattern);
        return NULL;
    }
    return pattern;
}

/* ---- matching ---- */

static bool starts_with(const char *text, const char *prefix, bool ignore_case)
{
    size_t n = strlen(prefix);
    return ignore_case ? strncasecmp(text, prefix, n) == 0 : strncmp(text, prefix, n) == 0;
}

static bool ends_with(const char *text, const char *suffix, bool ignore_case)
{
    size_t n = strlen(suffix), len = strlen(text);
    if (n > len)
        return false;
    return ignore_case ? strcasecmp(text + len - n, suffix) == 0
                       : strcmp(text + len - n, suffix) == 0;
}

/* Whether text matches glob: '*' any run, "\*" a star, "\\" a backslash. One backtrack point
 * keeps it linear in glob times text. */
static bool wildcard_matches(const char *glob, const char *text)
{
    const char *star = NULL, *resume = NULL;
    while (*text) {
        if (*glob == '*') {
            star = ++glob;
            resume = text;
            continue;
        }
        char want = *glob;
        size_t step = 1;
        if (want == '\\' && glob[1]) {
            want = glob[1];
            step = 2;
        }
        if (want && want == *text) {
            glob += step;
            text++;
        } else if (star) {
            glob = star;
            text = ++resume;
        } else {
            return false;
        }
    }
    while (*glob == '*')
        glob++;
    return *glob == '\0';
}

/* An affix matcher's text and whether it ignores case. */
static const char *affix_text(const cJSON *v, bool *ignore_case)
{
    *ignore_case = cJSON_IsObject(v);
    return *ignore_case ? cJSON_GetObjectItemCaseSensitive(v, "equals-ignore-case")->valuestring
                        : v->valuestring;
}

static bool literal_equal(const cJSON *m, const cJSON *v)
{
    if (cJSON_IsString(m))
        return cJSON_IsString(v) && strcmp(m->valuestring, v->valuestring) == 0;
    if (cJSON_IsNumber(m))
        return cJSON_IsNumber(v) && m->valuedouble == v->valuedouble;
    if (cJSON_IsBool(m))
        return cJSON_IsBool(v) && cJSON_IsTrue(m) == cJSON_IsTrue(v);
    return cJSON_IsNull(m) && cJSON_IsNull(v);
}

static bool numeric_matches(const cJSON *spec, double value)
{
    int n = cJSON_GetArraySize(spec);
    for (int i = 0; i < n; i += 2) {
        const char *op = cJSON_GetArrayItem(spec, i)->valuestring;
        double bound = cJSON_GetArrayItem(spec, i + 1)->valuedouble;
        bool ok = strcmp(op, "=") == 0    ? value == bound
                  : strcmp(op, "<") == 0  ? value < bound
                  : strcmp(op, "<=") == 0 ? value <= bound
                  : strcmp(op, ">") == 0  ? value > bound
                                          : value >= bound;
        if (!ok)
            return false;
    }
    return true;
}

static bool cidr_matches(const char *cidr, const char *ip)
{
    char address[64];
    const char *slash = strchr(cidr, '/');
    memcpy(address, cidr, (size_t)(slash - cidr));
    address[slash - cidr] = '\0';
    long bits = strtol(slash + 1, NULL, 10);
    unsigned char net[16], host[16];
    int family = strchr(address, ':') ? AF_INET6 : AF_INET;
    if (inet_pton(family, address, net) != 1 || inet_pton(family, ip, host) != 1)
        return false;
    for (long i = 0; i < bits; i++) {
        unsigned char mask = (unsigned char)(0x80u >> (i % 8));
        if ((net[i / 8] & mask) != (host[i / 8] & mask))
            return false;
    }
    return true;
}

static bool anything_but_matches(const cJSON *spec, const cJSON *v)
{
    if (cJSON_IsObject(spec)) {
        const cJSON *inner = spec->child;
        if (!cJSON_IsString(v))
            return false;
        const char *kind = inner->string;
        if (strcmp(kind, "prefix") == 0)
            return !starts_with(v->valuestring, inner->valuestring, false);
        if (strcmp(kind, "suffix") == 0)
            return !ends_with(v->valuestring, inner->valuestring, false);
        bool wildcard = strcmp(kind, "wildcard") == 0;
        if (cJSON_IsString(inner))
            return wildcard ? !wildcard_matches(inner->valuestring, v->valuestring)
                            : strcasecmp(inner->valuestring, v->valuestring) != 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, inner) {
            if (wildcard ? wildcard_matches(e->valuestring, v->valuestring)
                         : strcasecmp(e->valuestring, v->valuestring) == 0)
                return false;
        }
        return true;
    }
    if (cJSON_IsArray(spec)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, spec) {
            if (literal_equal(e, v))
                return false;
        }
        return true;
    }
    return !literal_equal(spec, v);
}

/* Whether one matcher accepts one scalar value of the event. */
static bool matcher_accepts(const cJSON *m, const cJSON *v)
{
    if (is_scalar(m))
        return literal_equal(m, v);
    const cJSON *spec = m->child;
    const char *kind = spec->string;
    if (strcmp(kind, "anything-but") == 0)
        return anything_but_matches(spec, v);
    if (strcmp(kind, "numeric") == 0)
        return cJSON_IsNumber(v) && numeric_matches(spec, v->valuedouble);
    if (!cJSON_IsString(v))
        return false;
    bool ignore_case = false;
    if (strcmp(kind, "prefix") == 0 || strcmp(kind, "suffix") == 0) {
        const char *affix = affix_text(spec, &ignore_case);
        return kind[0] == 'p' ? starts_with(v->valuestring, affix, ignore_case)
                              : ends_with(v->valuestring, affix, ignore_case);
    }
    if (strcmp(kind, "equals-ignore-case") == 0)
        return strcasecmp(v->valuestring, spec->valuestring) == 0;
    if (strcmp(kind, "wildcard") == 0)
        return wildcard_matches(spec->valuestring, v->valuestring);
    if (strcmp(kind, "cidr") == 0)
        return cidr_matches(spec->valuestring, v->valuestring);
    return false;
}

/* Whether the matchers accept field (NULL when the event lacks it). */
static bool field_matches(const cJSON *matchers, const cJSON *field)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, matchers) {
        if (cJSON_IsObject(m) && strcmp(m->child->string, "exists") == 0) {
            bool present = field != NULL && !cJSON_IsObject(field);
            if (present == cJSON_IsTrue(m->child))
                return true;
            continue;
        }
        if (!field)
            continue;
        if (cJSON_IsArray(field)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, field) {
                if (matcher_accepts(m, e))
                    return true;
            }
        } else if (!cJSON_IsObject(field) && matcher_accepts(m, field)) {
            return true;
        }
    }
    return false;
}

static bool object_matches(const cJSON *pattern, const cJSON *event);

/* A nested pattern against a field: an object, or any object of a list. */
static bool nested_matches(const cJSON *pattern, const cJSON *field)
{
    if (cJSON_IsArray(field)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, field) {
            if (cJSON_IsObject(e) && object_matches(pattern, e))
                return true;
        }
        return false;
    }
    return object_matches(pattern, cJSON_IsObject(field) ? field : NULL);
}

static bool object_matches(const cJSON *pattern, const cJSON *event)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, pattern) {
        bool ok;
        if (strcmp(member->string, "$or") == 0) {
            ok = false;
            const cJSON *alternative;
            cJSON_ArrayForEach(alternative, member) {
                if ((ok = object_matches(alternative, event)))
                    break;
            }
        } else {
            const cJSON *field = event ? cJSON_GetObjectItemCaseSensitive(event, member->string)
                                       : NULL;
            ok = cJSON_IsObject(member) ? nested_matches(member, field)
                                        : field_matches(member, field);
        }
        if (!ok)
            return false;
    }
    return true;
}

bool event_pattern_matches(const cJSON *pattern, const cJSON *event)
{
    return cJSON_IsObject(pattern) && cJSON_IsObject(event) && object_matches(pattern, event);
}
