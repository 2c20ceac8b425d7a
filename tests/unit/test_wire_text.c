/* The wire-text convention: U+0000 carried as C0 80 in the trees, UTF-8 checked on the way in,
 * and written back in each wire's own form by the JSON, CBOR, form, URL and XML codecs. */
#include <stdlib.h>
#include <string.h>

#include <cbor.h>

#include "../../services/core/cbor_wire.h"
#include "../../services/core/codec_util.h"
#include "../../services/core/form.h"
#include "../../services/core/json_codec.h"
#include "../../services/core/wire_text.h"
#include "check.h"

#define BYTES(literal) literal, sizeof literal - 1

static void test_utf8_valid(void)
{
    CHECK(utf8_valid(BYTES("")), "empty");
    CHECK(utf8_valid(BYTES("a\0b")), "a NUL byte is UTF-8");
    CHECK(utf8_valid(BYTES("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")), "2, 3 and 4 byte forms");
    CHECK(!utf8_valid(BYTES("\xff\xfe")), "bytes never in UTF-8");
    CHECK(!utf8_valid(BYTES("\xc0\x80")), "overlong NUL");
    CHECK(!utf8_valid(BYTES("\xe0\x80\xaf")), "overlong slash");
    CHECK(!utf8_valid(BYTES("\xed\xa0\x80")), "surrogate");
    CHECK(!utf8_valid(BYTES("\xf4\x90\x80\x80")), "beyond U+10FFFF");
    CHECK(!utf8_valid(BYTES("\xe2\x82")), "cut sequence");
}

static void test_nul_round_trip(void)
{
    struct buf text = BUF_INIT, bytes = BUF_INIT;
    wire_text_append(&text, BYTES("\0k\0A\0"));
    CHECK(text.len == 8 && memcmp(text.data, "\xc0\x80k\xc0\x80" "A\xc0\x80", 8) == 0,
          "NUL bytes become C0 80");
    CHECK(strlen(text.data) == text.len, "the text is a C string");
    wire_text_append_bytes(&bytes, text.data, text.len);
    CHECK(bytes.len == 5 && memcmp(bytes.data, "\0k\0A\0", 5) == 0, "and come back");
    CHECK(wire_text_size(text.data) == 5, "size counts wire bytes");
    CHECK(wire_text_chars("a" WIRE_TEXT_NUL "\xc3\xa9") == 3, "chars counts characters");
    CHECK(wire_text_has_nul(text.data) && !wire_text_has_nul("plain"), "has_nul");
    uint32_t cp = 99;
    CHECK(wire_text_next(WIRE_TEXT_NUL "x", &cp) == 2 && cp == 0, "next reads U+0000");
    CHECK(wire_text_next("\xe2\x82\xac", &cp) == 3 && cp == 0x20ac, "next reads the euro");
    CHECK(wire_text_next("\xff", &cp) == 0, "next refuses a bad byte");
    CHECK(wire_text_next("\xe2\x82", &cp) == 0, "next stops at a cut sequence");
    buf_free(&text);
    buf_free(&bytes);
}

static void test_compare(void)
{
    /* wire order: "a" < "a\0" < "a\0\0" < "a\x01" < "b" */
    const char *ordered[] = {"a", "a" WIRE_TEXT_NUL, "a" WIRE_TEXT_NUL WIRE_TEXT_NUL, "a\x01",
                             "b", "\xc3\xa9"};
    size_t n = sizeof ordered / sizeof ordered[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = wire_text_compare(ordered[i], ordered[j]);
            CHECK((i < j && c < 0) || (i == j && c == 0) || (i > j && c > 0), "%zu vs %zu", i, j);
        }
}

static void test_json(void)
{
    struct buf in = BUF_INIT, out = BUF_INIT;
    CHECK(wire_text_json_in(BYTES("{\"a\\u0000b\":\"\\\\u0000\\u0000\"}"), &in), "accepted");
    CHECK_STR(in.data, "{\"a" WIRE_TEXT_NUL "b\":\"\\\\u0000" WIRE_TEXT_NUL "\"}",
              "only real \\u0000 escapes turn into C0 80");
    buf_reset(&in);
    CHECK(!wire_text_json_in(BYTES("{\"a\":\"\xff\"}"), &in), "not UTF-8");
    CHECK(!wire_text_json_in(BYTES("{\"a\":\"\xc0\x80\"}"), &in), "C0 80 on the wire");
    CHECK(!wire_text_json_in(BYTES("{\"a\":\"\0\"}"), &in), "a raw NUL byte");

    static const char json[] = "{\"S\":\"x\\u0000y\",\"k\\u0000\":1}";
    struct buf body = {(char *)json, sizeof json - 1, 0};
    struct proto_error err = {0};
    cJSON *wire = NULL;
    CHECK(json_codec_parse(&body, &wire, &err) == 0, "parses");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(wire, "S");
    CHECK(cJSON_IsString(s) && strcmp(s->valuestring, "x" WIRE_TEXT_NUL "y") == 0, "value kept");
    CHECK(cJSON_GetObjectItemCaseSensitive(wire, "k" WIRE_TEXT_NUL) != NULL, "key kept");

    struct http_response resp;
    http_response_init(&resp);
    json_codec_set_body(&resp, (struct wire_value *)wire, "application/x-amz-json-1.0");
    CHECK(resp.body.len == body.len && memcmp(resp.body.data, json, body.len) == 0,
          "printed back: %.*s",
          (int)resp.body.len, resp.body.data);
    http_response_free(&resp);

    struct buf bad = {(char *)"{\"S\":\"\xff\xfe\"}", 11, 0};
    CHECK(json_codec_parse(&bad, &wire, &err) == -1 && wire == NULL, "not UTF-8 refused");
    CHECK_STR(err.code, "SerializationException", "AWS's JSON error");
    proto_error_clear(&err);
    wire_text_json_out("[\"" WIRE_TEXT_NUL "\"]", &out);
    CHECK_STR(out.data, "[\"\\u0000\"]", "json_out");
    buf_free(&in);
    buf_free(&out);
}

static void collect(void *ctx, const char *name, const char *value)
{
    buf_printf(ctx, "%s=%s;", name, value);
}

static void test_form_and_url(void)
{
    struct buf text = BUF_INIT;
    CHECK(percent_decode(BYTES("k%00A"), false, &text), "UTF-8");
    CHECK_STR(text.data, "k" WIRE_TEXT_NUL "A", "%%00 decodes to wire text");
    buf_reset(&text);
    CHECK(!percent_decode(BYTES("k%FF"), false, &text), "%%FF is not UTF-8");
    buf_reset(&text);
    CHECK(!percent_decode(BYTES("%C0%80"), false, &text), "an overlong NUL is not UTF-8");
    buf_reset(&text);
    CHECK(form_each(BYTES("a%00=b%00c&d=e"), true, collect, &text), "valid form");
    CHECK_STR(text.data, "a" WIRE_TEXT_NUL "=b" WIRE_TEXT_NUL "c;d=e;", "names and values");
    buf_reset(&text);
    CHECK(!form_each(BYTES("a=%E2%82&d=e"), true, collect, &text), "a cut sequence");
    buf_reset(&text);
    percent_encode(BYTES("k" WIRE_TEXT_NUL "/\xc3\xa9"), true, &text);
    CHECK_STR(text.data, "k%00/%C3%A9", "URL form of wire text");
    buf_reset(&text);
    wire_text_xml_out(BYTES("<K>a" WIRE_TEXT_NUL "</K>"), &text);
    CHECK_STR(text.data, "<K>a&#0;</K>", "XML form of wire text");
    buf_free(&text);
}

static void test_cbor(void)
{
    struct proto_error err = {0};
    cJSON *wire = NULL;
    static const unsigned char map[] = {0xa1, 0x62, 'k', 0x00, 0x63, 'a', 0x00, 'b'};
    CHECK(cbor_wire_read(map, sizeof map, &wire, &err) == 0, "reads");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(wire, "k" WIRE_TEXT_NUL);
    CHECK(cJSON_IsString(v) && strcmp(v->valuestring, "a" WIRE_TEXT_NUL "b") == 0, "kept");

    const struct wire_builder *b = &cbor_wire_builder;
    struct wire_value *object = b->object(1);
    b->object_set(object, "k" WIRE_TEXT_NUL, b->string(v->valuestring));
    struct buf out = BUF_INIT;
    cbor_wire_write(object, &out);
    CHECK(out.len == sizeof map && memcmp(out.data, map, sizeof map) == 0, "written back");
    cJSON_Delete(wire);
    buf_free(&out);

    static const unsigned char bad[] = {0xa1, 0x61, 'k', 0x62, 0xff, 0xfe};
    wire = NULL;
    CHECK(cbor_wire_read(bad, sizeof bad, &wire, &err) == -1 && !wire, "not UTF-8 refused");
    proto_error_clear(&err);
    static const unsigned char chunked[] = {0xa1, 0x61, 'k', 0x7f, 0x61, 0xe2, 0x62, 0x82, 0xac,
                                            0xff};
    CHECK(cbor_wire_read(chunked, sizeof chunked, &wire, &err) == -1 && !wire,
          "a character split across chunks refused");
    proto_error_clear(&err);
    static const unsigned char joined[] = {0xa1, 0x61, 'k', 0x7f, 0x61, 'a', 0x62, 0x00, 'b', 0xff};
    CHECK(cbor_wire_read(joined, sizeof joined, &wire, &err) == 0, "chunks joined");
    v = cJSON_GetObjectItemCaseSensitive(wire, "k");
    CHECK(cJSON_IsString(v) && strcmp(v->valuestring, "a" WIRE_TEXT_NUL "b") == 0, "NUL in chunks");
    cJSON_Delete(wire);
}

int main(void)
{
    test_utf8_valid();
    test_nul_round_trip();
    test_compare();
    test_json();
    test_form_and_url();
    test_cbor();
    return test_summary("wire_text");
}
