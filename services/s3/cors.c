/* Answers CORS for a bucket: matching origins, methods and headers against its rules and
 * setting the Access-Control-* headers. */
#include "cors.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

/* Every answer S3 fits to a rule varies by all three request headers. */
#define CORS_VARY "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"

bool cors_method_is_valid(const char *method)
{
    static const char *const methods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};
    for (size_t i = 0; method && i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i], method) == 0)
            return true;
    return false;
}

static bool same_char(char a, char b, bool ignore_case)
{
    return ignore_case ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

/* Greedy matching that returns to the last '*' on a mismatch: linear in practice, never
 * exponential. */
bool cors_pattern_matches(const char *pattern, const char *text, bool ignore_case)
{
    const char *p = pattern, *t = text;
    const char *star = NULL, *resume = NULL;
    while (*t) {
        if (*p == '*') {
            star = p++;
            resume = t;
        } else if (*p && same_char(*p, *t, ignore_case)) {
            p++;
            t++;
        } else if (star) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

static bool list_has(const cJSON *list, const char *text, bool ignore_case)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (cJSON_IsString(item) && cors_pattern_matches(item->valuestring, text, ignore_case))
            return true;
    }
    return false;
}

static bool list_has_exactly(const cJSON *list, const char *text)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, text) == 0)
            return true;
    }
    return false;
}

/* Calls fn for each name of a comma-separated header list, trimmed, empty ones skipped; stops
 * (returning false) when fn does. */
static bool each_header_name(const char *list, bool (*fn)(void *ctx, const char *name, size_t len),
                             void *ctx)
{
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *start = p;
        size_t n = len;
        while (n > 0 && (*start == ' ' || *start == '\t')) {
            start++;
            n--;
        }
        while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
            n--;
        if (n > 0 && !fn(ctx, start, n))
            return false;
        p += len;
        if (*p == ',')
            p++;
    }
    return true;
}

static bool header_allowed(void *ctx, const char *name, size_t len)
{
    char *text = xstrndup(name, len);
    bool allowed = list_has(ctx, text, true);
    free(text);
    return allowed;
}

static bool rule_allows(const cJSON *rule, const struct cors_request *r)
{
    const cJSON *origins = cJSON_GetObjectItemCaseSensitive(rule, "AllowedOrigins");
    const cJSON *methods = cJSON_GetObjectItemCaseSensitive(rule, "AllowedMethods");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(rule, "AllowedHeaders");
    return list_has(origins, r->origin, false) && list_has_exactly(methods, r->method) &&
           each_header_name(r->request_headers, header_allowed, (void *)headers);
}

const cJSON *cors_first_match(const cJSON *config, const struct cors_request *r)
{
    if (!r->origin || !r->method)
        return NULL;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(config, "CORSRules"))
    {
        if (rule_allows(rule, r))
            return rule;
    }
    return NULL;
}

static void join_list(const cJSON *list, struct buf *out)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (!cJSON_IsString(item))
            continue;
        if (out->len)
            buf_puts(out, ", ");
        buf_puts(out, item->valuestring);
    }
}

static bool append_lowercase_name(void *ctx, const char *name, size_t len)
{
    struct buf *out = ctx;
    if (out->len)
        buf_puts(out, ", ");
    for (size_t i = 0; i < len; i++) {
        char c = (char)tolower((unsigned char)name[i]);
        buf_append(out, &c, 1);
    }
    return true;
}

static void set_joined(struct http_headers *h, const char *name, const cJSON *list)
{
    struct buf text = BUF_INIT;
    join_list(list, &text);
    if (text.len)
        http_headers_set(h, name, text.data);
    buf_free(&text);
}

void cors_set_headers(struct http_headers *h, const cJSON *rule, const struct cors_request *r)
{
    /* A rule that lists the literal "*" lets every origin in, and S3 says so instead of
     * naming the origin; only a named origin may send credentials. */
    bool any_origin = list_has_exactly(cJSON_GetObjectItemCaseSensitive(rule, "AllowedOrigins"), "*");
    http_headers_set(h, "Access-Control-Allow-Origin", any_origin ? "*" : r->origin);
    set_joined(h, "Access-Control-Allow-Methods",
               cJSON_GetObjectItemCaseSensitive(rule, "AllowedMethods"));
    struct buf requested = BUF_INIT;
    each_header_name(r->request_headers, append_lowercase_name, &requested);
    if (requested.len)
        http_headers_set(h, "Access-Control-Allow-Headers", requested.data);
    buf_free(&requested);
    set_joined(h, "Access-Control-Expose-Headers",
               cJSON_GetObjectItemCaseSensitive(rule, "ExposeHeaders"));
    const cJSON *max_age = cJSON_GetObjectItemCaseSensitive(rule, "MaxAgeSeconds");
    if (cJSON_IsNumber(max_age)) {
        char text[32];
        snprintf(text, sizeof text, "%.0f", max_age->valuedouble);
        http_headers_set(h, "Access-Control-Max-Age", text);
    }
    if (!any_origin)
        http_headers_set(h, "Access-Control-Allow-Credentials", "true");
    http_headers_set(h, "Vary", CORS_VARY);
}

void cors_answer_actual_request(const cJSON *config, const struct http_request *req,
                                struct http_headers *out)
{
    const char *origin = http_request_header(req, "Origin");
    if (!config || !origin || !*origin)
        return;
    /* S3 matches an actual request by the method it names in Access-Control-Request-Method
     * when it carries one, by its own otherwise. */
    const char *asked = http_request_header(req, "Access-Control-Request-Method");
    struct cors_request r = {origin, asked ? asked : req->method, NULL};
    const cJSON *rule = cors_first_match(config, &r);
    if (rule)
        cors_set_headers(out, rule, &r);
}
