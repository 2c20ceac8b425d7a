/* Firehose's S3 object keys: the default time prefix, plain prefixes followed by it, the
 * !{timestamp:...} and !{firehose:...} expressions, error output prefixes, refused expressions
 * and the object's own name. */
#include <ctype.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/firehose/object_key.h"
#include "check.h"

/* 2024-03-05 07:08:09.123 UTC */
#define WHEN 1709622489.123

static char *expand_keys(const char *prefix, const char *error_type, const char *keys_json)
{
    static char text[512];
    struct buf out = BUF_INIT;
    cJSON *keys = keys_json ? cJSON_Parse(keys_json) : NULL;
    firehose_prefix_expand(prefix, WHEN, error_type, keys, &out);
    cJSON_Delete(keys);
    snprintf(text, sizeof text, "%s", out.data ? out.data : "");
    buf_free(&out);
    return text;
}

static char *expand(const char *prefix, const char *error_type)
{
    return expand_keys(prefix, error_type, NULL);
}

static bool checks_with(const char *prefix, bool error_prefix, bool dynamic)
{
    char why[256];
    return firehose_prefix_check(prefix, error_prefix, dynamic, why, sizeof why);
}

static bool checks(const char *prefix, bool error_prefix)
{
    return checks_with(prefix, error_prefix, false);
}

static bool random_part(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (!islower((unsigned char)text[i]) && !isdigit((unsigned char)text[i]))
            return false;
    return true;
}

int main(void)
{
    CHECK_STR(expand(NULL, NULL), "2024/03/05/07/", "no prefix: the default time prefix");
    CHECK_STR(expand("", NULL), "2024/03/05/07/", "an empty prefix is none");
    CHECK_STR(expand("myFolder/", NULL), "myFolder/2024/03/05/07/",
              "a prefix without expressions is followed by the time prefix");
    CHECK_STR(expand("logs", NULL), "logs2024/03/05/07/", "no slash is added");

    CHECK_STR(expand("year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/", NULL),
              "year=2024/month=03/day=05/", "timestamp expressions replace the time prefix");
    CHECK_STR(expand("!{timestamp:yyyy-MM-dd'T'HH:mm:ss.SSS}/", NULL),
              "2024-03-05T07:08:09.123/", "quoted literals, time of day and milliseconds");
    CHECK_STR(expand("!{timestamp:yy/M/d/H}/", NULL), "24/3/5/7/", "short fields are not padded");
    CHECK_STR(expand("!{timestamp:dd MMM yyyy}/", NULL), "05 Mar 2024/", "short month names");
    CHECK_STR(expand("!{timestamp:DDD}/", NULL), "065/", "day of the year");
    CHECK_STR(expand("it''s/!{timestamp:''yyyy}/", NULL), "it''s/'2024/",
              "quotes outside expressions are text; '' inside is one quote");

    const char *random = expand("r/!{firehose:random-string}/", NULL);
    CHECK(strlen(random) == strlen("r/") + 11 + 1 && strncmp(random, "r/", 2) == 0 &&
              random_part(random + 2, 11) && random[13] == '/',
          "an 11 character random string: %s", random);

    CHECK_STR(expand("errors/!{firehose:error-output-type}/!{timestamp:yyyy}/",
                     "http-endpoint-failed"),
              "errors/http-endpoint-failed/2024/", "the error output type");
    CHECK_STR(expand("errors/", "processing-failed"), "errors/processing-failed/2024/03/05/07/",
              "an error prefix without expressions is followed by the type and time");
    CHECK_STR(expand(NULL, "http-endpoint-failed"), "http-endpoint-failed/2024/03/05/07/",
              "no error prefix: the type and time");

    CHECK(checks(NULL, false) && checks("plain/", false), "plain prefixes pass");
    CHECK(checks("!{timestamp:yyyy/MM}/!{firehose:random-string}/", false),
          "known expressions pass");
    CHECK(!checks("!{firehose:error-output-type}/", false),
          "the error output type only belongs in an error prefix");
    CHECK(checks("!{firehose:error-output-type}/", true), "it does in an error prefix");
    CHECK(!checks("!{timestamp:yyyy", false), "an unclosed expression is refused");
    CHECK(!checks("!{timestamp:}/", false), "an empty pattern is refused");
    CHECK(!checks("!{timestamp:QQQ}/", false), "unknown pattern letters are refused");
    CHECK(!checks("!{timestamp:'open}/", false), "an unclosed quote is refused");
    CHECK(!checks("!{firehose:stream-name}/", false), "unknown firehose names are refused");
    CHECK(!checks("!{partitionKeyFromQuery:id}/", false),
          "partition keys are refused without dynamic partitioning");
    CHECK(checks_with("!{partitionKeyFromQuery:id}/!{partitionKeyFromLambda:x}/", false, true),
          "and accepted with it");
    CHECK(!checks_with("!{partitionKeyFromQuery:id}/", true, true),
          "but never in an error prefix");
    CHECK_STR(expand_keys("customer=!{partitionKeyFromQuery:customer}/!{timestamp:yyyy}/", NULL,
                          "{\"customer\": \"ann\"}"),
              "customer=ann/2024/", "partition keys are filled in");
    CHECK_STR(expand_keys("c=!{partitionKeyFromQuery:missing}/", NULL, "{}"), "c=/",
              "a key the record lacks is empty");
    CHECK(firehose_prefix_has_expressions("a/!{timestamp:yyyy}") &&
              !firehose_prefix_has_expressions("a/{b}/") && !firehose_prefix_has_expressions(NULL),
          "expressions are found by their !{ opener");

    struct buf name = BUF_INIT;
    firehose_object_name("orders", 3, WHEN, "0b5e2d6c-1f7a-4a55-9c1e-2f0d4b7a9e31", ".gz", &name);
    CHECK_STR(name.data, "orders-3-2024-03-05-07-08-09-0b5e2d6c-1f7a-4a55-9c1e-2f0d4b7a9e31.gz",
              "stream, version, arrival time, uuid and extension");
    buf_reset(&name);
    firehose_object_name("s", 1, WHEN, "u", NULL, &name);
    CHECK_STR(name.data, "s-1-2024-03-05-07-08-09-u", "no extension");
    buf_free(&name);
    return test_summary("firehose_object_key");
}
