/* What S3 decides for browsers without the wire around it: CORS rule matching and the headers
 * of a match, and the checks of a form upload's policy document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../services/core/codec_util.h"
#include "../../services/s3/cors.h"
#include "../../services/s3/post_policy.h"
#include "check.h"

static void test_patterns(void)
{
    static const struct {
        const char *pattern, *text;
        bool ignore_case, matches;
    } cases[] = {
        {"*", "", false, true},
        {"*", "https://a.b", false, true},
        {"https://*.example.com", "https://www.example.com", false, true},
        {"https://*.example.com", "https://.example.com", false, true},
        {"https://*.example.com", "https://example.com", false, false},
        {"https://*.example.com", "https://www.example.com.evil", false, false},
        {"https://*.example.com", "https://WWW.example.com", false, true},
        {"https://*.example.com", "https://www.Example.com", false, false},
        {"https://example.com:*", "https://example.com:8443", false, true},
        {"a*a", "a", false, false},
        {"a*a", "aa", false, true},
        {"*suffix", "foo.suffix.get", false, false},
        {"x-amz-*", "X-AMZ-DATE", true, true},
        {"x-amz-*", "x-amzn-trace", true, false},
        {"", "", false, true},
        {"", "x", false, false},
        {"a*b*c", "a-b-b-c", false, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(cors_pattern_matches(cases[i].pattern, cases[i].text, cases[i].ignore_case) ==
                  cases[i].matches,
              "%s ~ %s", cases[i].pattern, cases[i].text);
    /* Many stars against a long text that almost fits: no exponential backtracking. */
    char pattern[64], text[20001];
    snprintf(pattern, sizeof pattern, "*a*a*a*a*a*a*a*a*a*a*b");
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    clock_t started = clock();
    CHECK(!cors_pattern_matches(pattern, text, false), "no b");
    CHECK(clock() - started < CLOCKS_PER_SEC, "took %ld ticks", (long)(clock() - started));
}

static const char *rules_json =
    "{\"CORSRules\":["
    "{\"AllowedOrigins\":[\"https://app.example.com\"],\"AllowedMethods\":[\"GET\",\"PUT\"],"
    "\"AllowedHeaders\":[\"content-type\",\"x-amz-*\"],\"ExposeHeaders\":[\"ETag\"],"
    "\"MaxAgeSeconds\":0},"
    "{\"AllowedOrigins\":[\"https://app.example.com\",\"*\"],\"AllowedMethods\":[\"HEAD\"]}]}";

static void test_matching_and_headers(void)
{
    cJSON *config = cJSON_Parse(rules_json);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(config, "CORSRules"), 0);
    const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItem(config, "CORSRules"), 1);
    struct cors_request r = {"https://app.example.com", "PUT", "Content-Type,X-Amz-Date"};
    CHECK(cors_first_match(config, &r) == first, "first rule");
    struct http_headers h = {0};
    cors_set_headers(&h, first, &r);
    const char *want[][2] = {
        {"Access-Control-Allow-Origin", "https://app.example.com"},
        {"Access-Control-Allow-Methods", "GET, PUT"},
        {"Access-Control-Allow-Headers", "content-type, x-amz-date"},
        {"Access-Control-Expose-Headers", "ETag"},
        {"Access-Control-Max-Age", "0"},
        {"Access-Control-Allow-Credentials", "true"},
        {"Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"},
    };
    CHECK(h.count == sizeof want / sizeof want[0], "%zu headers", h.count);
    for (size_t i = 0; i < h.count && i < sizeof want / sizeof want[0]; i++) {
        CHECK_STR(h.items[i].name, want[i][0], "header %zu", i);
        CHECK_STR(h.items[i].value, want[i][1], "header %zu", i);
    }
    http_headers_free(&h);

    struct cors_request head = {"https://app.example.com", "HEAD", NULL};
    CHECK(cors_first_match(config, &head) == second, "HEAD only in the second rule");
    cors_set_headers(&h, second, &head);
    CHECK_STR(http_headers_get(&h, "Access-Control-Allow-Origin"), "*", "a literal * is answered");
    CHECK(!http_headers_get(&h, "Access-Control-Allow-Credentials"), "no credentials for *");
    http_headers_free(&h);

    struct cors_request denied[] = {
        {"https://app.example.com", "PUT", "authorization"},
        {"https://app.example.com", "DELETE", NULL},
        {"https://other.com", "GET", NULL},
        {"https://other.com", "HEAD", "x"},
        {NULL, "GET", NULL},
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        CHECK(!cors_first_match(config, &denied[i]), "denied %zu", i);
    CHECK(!cors_first_match(NULL, &r), "no configuration");
    cJSON_Delete(config);
}

/* ---- post policy ---- */

static struct proto_error policy_err;

static int check_policy(const char *json, const struct post_form *form)
{
    struct buf b64 = BUF_INIT;
    base64_encode(json, strlen(json), &b64);
    proto_error_clear(&policy_err);
    struct call c = {0};
    c.err = &policy_err;
    int rc = post_policy_check(&c, b64.data, form);
    buf_free(&b64);
    return rc;
}

#define FUTURE "\"expiration\":\"2999-01-01T00:00:00.000Z\""

static void expect_error(const char *json, const struct post_form *form, int status,
                         const char *code, const char *message)
{
    CHECK(check_policy(json, form) == -1, "%s fails", json);
    CHECK(policy_err.status == status, "%s: status %d", json, policy_err.status);
    CHECK_STR(policy_err.code, code, "%s", json);
    if (message)
        CHECK_STR(policy_err.message, message, "%s", json);
}

static void test_policy(void)
{
    struct post_form form = {0};
    form.bucket = "uploads";
    form.file_size = 10;
    post_form_add(&form, "key", "user/1/photo.png");
    post_form_add(&form, "Content-Type", "image/png, image/gif");
    post_form_add(&form, "x-ignore-me", "whatever");
    post_form_add(&form, "policy", "…");

    CHECK(check_policy("{" FUTURE ",\"conditions\":[{\"bucket\":\"uploads\"},"
                       "[\"starts-with\",\"$key\",\"user/1/\"],"
                       "[\"starts-with\",\"$content-type\",\"image/\"],"
                       "[\"content-length-range\",\"1\",10]]}",
                       &form) == 0,
          "a form within its policy: %s", policy_err.message);
    expect_error("{" FUTURE ",\"conditions\":[[\"eq\",\"$bucket\",\"other\"]]}", &form, 403,
                 "AccessDenied",
                 "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", "
                 "\"other\"]");
    expect_error("{" FUTURE ",\"conditions\":[{\"bucket\":\"uploads\"},{\"key\":\"x\"}]}", &form,
                 403, "AccessDenied",
                 "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$key\", \"x\"]");
    expect_error("{" FUTURE ",\"conditions\":[[\"starts-with\",\"$Content-Type\",\"image/p\"],"
                 "{\"key\":\"user/1/photo.png\"}]}",
                 &form, 403, "AccessDenied", NULL);
    expect_error("{" FUTURE ",\"conditions\":[{\"key\":\"user/1/photo.png\"}]}", &form, 403,
                 "AccessDenied", "Invalid according to Policy: Extra input fields: content-type");
    expect_error("{\"expiration\":\"2001-01-01T00:00:00Z\",\"conditions\":[]}", &form, 403,
                 "AccessDenied", "Invalid according to Policy: Policy expired.");
    expect_error("{\"conditions\":[]}", &form, 400, "InvalidPolicyDocument",
                 "Invalid Policy: Policy missing expiration.");
    expect_error("{\"expiration\":\"soon\",\"conditions\":[]}", &form, 400,
                 "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value: 'soon'");
    expect_error("{" FUTURE "}", &form, 400, "InvalidPolicyDocument",
                 "Invalid Policy: Policy missing conditions.");
    expect_error("[1]", &form, 400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.");
    expect_error("{" FUTURE ",\"conditions\":[{\"a\":\"1\",\"b\":\"2\"}]}", &form, 400,
                 "InvalidPolicyDocument", NULL);
    expect_error("{" FUTURE ",\"conditions\":[[\"matches\",\"$key\",\"x\"]]}", &form, 400,
                 "InvalidPolicyDocument", NULL);
    expect_error("{" FUTURE ",\"conditions\":[[\"eq\",\"key\",\"x\"]]}", &form, 400,
                 "InvalidPolicyDocument", NULL);
    expect_error("{" FUTURE ",\"conditions\":[[\"content-length-range\",1.5,3]]}", &form, 400,
                 "InvalidPolicyDocument", NULL);
    expect_error("{" FUTURE ",\"conditions\":[[\"content-length-range\",0,9]]}", &form, 400,
                 "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    expect_error("{" FUTURE ",\"conditions\":[[\"content-length-range\",11,90]]}", &form, 400,
                 "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size");
    expect_error("{" FUTURE ",\"conditions\":[7]}", &form, 400, "InvalidPolicyDocument", NULL);
    proto_error_clear(&policy_err);
    post_form_free(&form);
}

int main(void)
{
    test_patterns();
    test_matching_and_headers();
    test_policy();
    return test_summary("s3_browser");
}
