/* Value conversions shared by the codecs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/core/codec_util.h"
#include "check.h"

static void test_base64(void)
{
    static const struct {
        const char *raw, *encoded;
    } cases[] = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf enc = BUF_INIT, dec = BUF_INIT;
        base64_encode(cases[i].raw, strlen(cases[i].raw), &enc);
        CHECK_STR(enc.data, cases[i].encoded, "encode case %zu", i);
        CHECK(base64_decode(cases[i].encoded, strlen(cases[i].encoded), &dec), "decode %zu", i);
        CHECK(dec.len == strlen(cases[i].raw) && memcmp(dec.data, cases[i].raw, dec.len) == 0,
              "round trip %zu", i);
        buf_free(&enc);
        buf_free(&dec);
    }
    struct buf out = BUF_INIT;
    CHECK(base64_decode("Zm8", 3, &out) && out.len == 2, "unpadded input accepted");
    buf_reset(&out);
    CHECK(!base64_decode("Zm9v!", 5, &out), "invalid character rejected");
    CHECK(!base64_decode("Z===", 4, &out), "too much padding rejected");
    CHECK(!base64_decode("Zm=v", 4, &out), "padding in the middle rejected");
    CHECK(!base64_decode("==", 2, &out), "padding without data rejected");
    CHECK(!base64_decode("Zg=", 3, &out), "padding short of a group rejected");
    CHECK(!base64_decode("Zm9v==", 6, &out), "padding after a full group rejected");
    CHECK(!base64_decode("==", 2, &out) && out.len == 0, "padding alone rejected");
    CHECK(!base64_decode("Zg=", 3, &out), "padding that does not complete a quantum rejected");
    CHECK(!base64_decode("Zm9vY==", 7, &out), "a lone character before padding rejected");
    buf_free(&out);

    unsigned char binary[256];
    for (int i = 0; i < 256; i++)
        binary[i] = (unsigned char)i;
    struct buf enc = BUF_INIT, dec = BUF_INIT;
    base64_encode(binary, sizeof binary, &enc);
    CHECK(base64_decode(enc.data, enc.len, &dec) && dec.len == 256 &&
              memcmp(dec.data, binary, 256) == 0,
          "every byte value round-trips");
    buf_free(&enc);
    buf_free(&dec);
}

static void test_json_from_base64(void)
{
    cJSON *doc = json_from_base64("eyJhIjpbMSwidHdvIl19"); /* {"a":[1,"two"]} */
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "a");
    CHECK(cJSON_GetArraySize(a) == 2 && cJSON_GetArrayItem(a, 1)->valuestring &&
              strcmp(cJSON_GetArrayItem(a, 1)->valuestring, "two") == 0,
          "the document is decoded");
    cJSON_Delete(doc);
    CHECK(json_from_base64("eyJhIjo=") == NULL, "truncated JSON refused"); /* {"a": */
    CHECK(json_from_base64("not base64!") == NULL, "invalid base64 refused");
    CHECK(json_from_base64("") == NULL, "empty text refused");
}

static void test_timestamps(void)
{
    double t;
    CHECK(timestamp_parse("2014-04-29T18:30:38Z", TS_ISO8601, &t) && t == 1398796238, "iso");
    CHECK(timestamp_parse("2014-04-29T18:30:38.123Z", TS_ISO8601, &t) &&
              fabs(t - 1398796238.123) < 1e-6,
          "iso with fraction");
    CHECK(timestamp_parse("2014-04-29T20:30:38+02:00", TS_ISO8601, &t) && t == 1398796238,
          "iso with offset");
    CHECK(timestamp_parse("Tue, 29 Apr 2014 18:30:38 GMT", TS_RFC822, &t) && t == 1398796238,
          "rfc822");
    CHECK(timestamp_parse("1398796238", TS_UNIX, &t) && t == 1398796238, "epoch");
    CHECK(timestamp_parse("1398796238.5", TS_DEFAULT, &t) && t == 1398796238.5, "epoch fraction");
    CHECK(!timestamp_parse("yesterday", TS_DEFAULT, &t), "garbage rejected");
    CHECK(!timestamp_parse("2014-13-29T18:30:38Z", TS_ISO8601, &t), "month 13 rejected");
    CHECK(!timestamp_parse("1e111", TS_UNIX, &t), "beyond year 9999 rejected");
    CHECK(timestamp_in_range(0) && !timestamp_in_range(1e111) && !timestamp_in_range(NAN),
          "range");

    struct buf out = BUF_INIT;
    timestamp_format(1398796238, TS_ISO8601, &out);
    CHECK_STR(out.data, "2014-04-29T18:30:38Z", "iso out");
    buf_reset(&out);
    timestamp_format(1398796238.25, TS_ISO8601, &out);
    CHECK_STR(out.data, "2014-04-29T18:30:38.250Z", "iso out with millis");
    buf_reset(&out);
    timestamp_format(1398796238, TS_RFC822, &out);
    CHECK_STR(out.data, "Tue, 29 Apr 2014 18:30:38 GMT", "rfc822 out");
    buf_reset(&out);
    timestamp_format(1398796238.5, TS_UNIX, &out);
    CHECK_STR(out.data, "1398796238.5", "epoch out");
    buf_reset(&out);
    timestamp_format(1e111, TS_ISO8601, &out);
    CHECK_STR(out.data, "9999-12-31T23:59:59.999Z", "clamped to the last date");
    buf_free(&out);
}

static void test_numbers(void)
{
    struct buf out = BUF_INIT;
    cJSON *v = cJSON_CreateNumber(1.1);
    number_format(v, SHAPE_DOUBLE, &out);
    CHECK_STR(out.data, "1.1", "shortest double");
    cJSON_Delete(v);
    buf_reset(&out);
    v = cJSON_CreateNumber(123456789012.0);
    number_format(v, SHAPE_LONG, &out);
    CHECK_STR(out.data, "123456789012", "long");
    cJSON_Delete(v);
    buf_free(&out);

    cJSON *n = number_parse("42", SHAPE_INTEGER);
    CHECK(n && n->valuedouble == 42, "int parse");
    cJSON_Delete(n);
    CHECK(number_parse("4.2", SHAPE_INTEGER) == NULL, "fraction is not an integer");
    CHECK(number_parse("3000000000", SHAPE_INTEGER) == NULL, "integer overflow rejected");
    CHECK(number_parse("", SHAPE_DOUBLE) == NULL, "empty rejected");
    n = number_parse("NaN", SHAPE_DOUBLE);
    CHECK(cJSON_IsString(n) && strcmp(n->valuestring, "NaN") == 0, "NaN kept as a string");
    cJSON_Delete(n);
}

static void collect(void *ctx, const char *name, const char *value)
{
    buf_printf(ctx, "[%s=%s]", name, value);
}

static void test_percent_and_forms(void)
{
    struct buf out = BUF_INIT;
    percent_decode("a%20b+c%zz%4", 12, false, &out);
    CHECK_STR(out.data, "a b+c%zz%4", "uri decode keeps '+' and bad escapes");
    buf_reset(&out);
    percent_encode("a b/ü~", strlen("a b/ü~"), true, &out);
    CHECK_STR(out.data, "a%20b/%C3%BC~", "encode");
    buf_reset(&out);
    const char form[] = "Action=List&Name=a+b%2Bc&&flag&Empty=";
    form_each(form, strlen(form), true, collect, &out);
    CHECK_STR(out.data, "[Action=List][Name=a b+c][flag=][Empty=]", "form pairs");
    buf_reset(&out);
    form_each("Empty=", 6, true, collect, &out);
    CHECK_STR(out.data, "[Empty=]", "an empty first value is empty text");
    buf_free(&out);
}

int main(void)
{
    test_base64();
    test_json_from_base64();
    test_timestamps();
    test_numbers();
    test_percent_and_forms();
    return test_summary("test_codec_util");
}
