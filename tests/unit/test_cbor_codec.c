/* The smithy-rpc-v2-cbor codec on what the protocol vectors leave out: every kind of malformed
 * CBOR, nesting bombs, exact integers, the bytes of results and errors. Also the CBOR form of the
 * json protocol (Content-Type application/x-amz-cbor-1.1), which the vectors do not cover. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/core/model.h"
#include "../../services/core/protocol.h"
#include "check.h"

static const char *const model_json =
    "{\"metadata\": {\"protocol\": \"smithy-rpc-v2-cbor\", \"targetPrefix\": \"Svc\","
    "  \"awsQueryCompatible\": {}},"
    " \"operations\": {"
    "  \"Put\": {\"name\": \"Put\", \"input\": {\"shape\": \"PutInput\"},"
    "          \"output\": {\"shape\": \"PutOutput\"}, \"errors\": [{\"shape\": \"Gone\"}]},"
    "  \"Bare\": {\"name\": \"Bare\"}},"
    " \"shapes\": {"
    "  \"PutInput\": {\"type\": \"structure\", \"members\": {"
    "    \"Name\": {\"shape\": \"Str\", \"locationName\": \"name\"},"
    "    \"Count\": {\"shape\": \"Int\"}, \"Big\": {\"shape\": \"Long\"},"
    "    \"Ratio\": {\"shape\": \"Dbl\"}, \"Flag\": {\"shape\": \"Bool\"},"
    "    \"When\": {\"shape\": \"Time\"}, \"Data\": {\"shape\": \"Bytes\"},"
    "    \"Tags\": {\"shape\": \"StrList\"}, \"Nested\": {\"shape\": \"PutInput\"}}},"
    "  \"PutOutput\": {\"type\": \"structure\", \"members\": {"
    "    \"Count\": {\"shape\": \"Int\"}, \"Big\": {\"shape\": \"Long\"},"
    "    \"Ratio\": {\"shape\": \"Dbl\"}, \"Level\": {\"shape\": \"Flt\"},"
    "    \"When\": {\"shape\": \"Time\"}, \"Data\": {\"shape\": \"Bytes\"}}},"
    "  \"Gone\": {\"type\": \"structure\", \"exception\": true,"
    "    \"error\": {\"code\": \"AWS.Gone\", \"senderFault\": true},"
    "    \"members\": {\"message\": {\"shape\": \"Str\"}}},"
    "  \"StrList\": {\"type\": \"list\", \"member\": {\"shape\": \"Str\"}},"
    "  \"Str\": {\"type\": \"string\"}, \"Int\": {\"type\": \"integer\"},"
    "  \"Long\": {\"type\": \"long\"}, \"Dbl\": {\"type\": \"double\"}, "
    "\"Flt\": {\"type\": \"float\"},"
    "  \"Bool\": {\"type\": \"boolean\"}, \"Time\": {\"type\": \"timestamp\"},"
    "  \"Bytes\": {\"type\": \"blob\"}}}";

/* A json 1.1 service, as Kinesis is. */
static const char *const json_model_json =
    "{\"metadata\": {\"protocol\": \"json\", \"jsonVersion\": \"1.1\", \"targetPrefix\": \"Svc\"},"
    " \"operations\": {"
    "  \"Put\": {\"name\": \"Put\", \"input\": {\"shape\": \"Record\"},"
    "          \"output\": {\"shape\": \"Record\"}, \"errors\": [{\"shape\": \"Gone\"}]}},"
    " \"shapes\": {"
    "  \"Record\": {\"type\": \"structure\", \"members\": {"
    "    \"Data\": {\"shape\": \"Bytes\"}, \"When\": {\"shape\": \"Time\"}}},"
    "  \"Gone\": {\"type\": \"structure\", \"exception\": true,"
    "    \"members\": {\"message\": {\"shape\": \"Str\"}}},"
    "  \"Str\": {\"type\": \"string\"}, \"Time\": {\"type\": \"timestamp\"},"
    "  \"Bytes\": {\"type\": \"blob\"}}}";

static struct buf hex_bytes(const char *hex)
{
    struct buf out = BUF_INIT;
    for (const char *p = hex; p[0] && p[1];) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned byte;
        sscanf(p, "%2x", &byte);
        char c = (char)byte;
        buf_append(&out, &c, 1);
        p += 2;
    }
    return out;
}

static void hex_of(const struct buf *b, struct buf *out)
{
    for (size_t i = 0; i < b->len; i++)
        buf_printf(out, "%02x", (unsigned char)b->data[i]);
    if (!out->data)
        buf_append(out, "", 0);
}

struct call_fixture {
    struct http_request req;
    struct proto_call call;
};

static void fixture_init(struct call_fixture *f, const struct service_model *m, const char *op,
                         struct buf body)
{
    http_request_init(&f->req);
    if (m->protocol == PROTO_JSON)
        http_headers_set(&f->req.headers, "Content-Type", "application/x-amz-cbor-1.1");
    snprintf(f->req.method, sizeof f->req.method, "POST");
    f->req.target = xstrdup("/service/Svc/operation/Put");
    f->req.path = xstrdup(f->req.target);
    f->req.query = xstrdup("");
    f->req.body = body;
    f->call = (struct proto_call){.model = m, .op = model_operation(m, op),
                                  .protocol = m->protocol, .request_id = "req-1",
                                  .http = &f->req};
}

/* The params decoded from body (as compact JSON) or "<code>/<status>". */
static void decode(const struct service_model *m, struct buf body, struct buf *out)
{
    struct call_fixture f;
    fixture_init(&f, m, "Put", body);
    cJSON *params = NULL;
    struct proto_error err = {0};
    if (proto_decode_request(&f.call, &params, &err) == 0) {
        char *text = cJSON_PrintUnformatted(params);
        buf_puts(out, text);
        free(text);
    } else {
        buf_printf(out, "%s/%d", err.code, err.status);
    }
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&f.req);
}

static void expect_decoded(const struct service_model *m, const char *hex, const char *want,
                           const char *why)
{
    struct buf got = BUF_INIT;
    decode(m, hex_bytes(hex), &got);
    CHECK_STR(got.data, want, "%s", why);
    buf_free(&got);
}

static void expect_rejected(const struct service_model *m, const char *hex, const char *why)
{
    expect_decoded(m, hex, "SerializationException/400", why);
}

static void test_decoding(const struct service_model *m)
{
    expect_decoded(m, "", "{}", "no body is an empty input");
    expect_decoded(m,
                   "bf 644e616d65 6171 646e616d65 617a 65436f756e74 39012b"
                   " 63426967 1b0000000100000000 65526174696f f97e00 64466c6167 f5"
                   " 645768656e c1fb41d4d7fbf3a00000 6444617461 5f42666f416fff"
                   " 6454616773 9f7f626162616360ff60ff ff",
                   "{\"Name\":\"q\",\"Count\":-300,\"Big\":4294967296,\"Ratio\":\"NaN\","
                   "\"Flag\":true,\"When\":1398796238.5,\"Data\":\"Zm9v\",\"Tags\":[\"abc\",\"\"]}",
                   "member names as keys, tags, half floats, indefinite strings");

    expect_rejected(m, "a1", "a map cut short");
    expect_rejected(m, "a1 644e616d65", "a value missing");
    expect_rejected(m, "a1 644e616d65 c1", "a tag with nothing to tag");
    expect_rejected(m, "1c", "reserved additional information");
    expect_rejected(m, "a0 00", "bytes after the item");
    expect_rejected(m, "a1 01 01", "an integer map key");
    expect_rejected(m, "a1 6161 a0 ff", "a break after a definite map");
    expect_rejected(m, "ff", "a lone break");
    expect_rejected(m, "a1 6161 81 ff", "a break inside a definite array");
    expect_rejected(m, "bf 6161 ff", "a key without a value");
    expect_rejected(m, "a1 6161 5f 6161 ff", "a text chunk in a byte string");
    expect_rejected(m, "a1 6161 7f 7f ff ff", "an indefinite string inside another");
    expect_rejected(m, "a1 6161 7f 01 ff", "a number inside an indefinite string");
    expect_rejected(m, "5bffffffffffffffff", "a byte string longer than the body");
    expect_rejected(m, "bbffffffffffffffff 6161", "a map longer than the body");
    expect_rejected(m, "01", "a body that is not a map");
    expect_rejected(m, "a1 6444617461 63666f6f", "text where a blob belongs");
    expect_rejected(m, "a1 644e616d65 43666f6f", "bytes where a string belongs");
    expect_rejected(m, "a1 65436f756e74 fb3ff8000000000000", "a fraction for an integer");
    expect_rejected(m, "a1 65436f756e74 1b0000000100000000", "an integer out of range");

    /* Nesting far beyond any shape: refused without recursion, whatever the container kind. */
    const char *openers[] = {"81", "9f", "a16161", "bf6161"};
    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++) {
        struct buf hex = BUF_INIT;
        buf_puts(&hex, "a1 6161");
        for (int i = 0; i < 20000; i++)
            buf_puts(&hex, openers[k]);
        struct buf got = BUF_INIT;
        decode(m, hex_bytes(hex.data), &got);
        CHECK_STR(got.data, "SerializationException/400", "deep nesting with %s", openers[k]);
        buf_free(&got);
        buf_free(&hex);
    }
}

static void encode(const struct service_model *m, const char *op, const char *result_json,
                   struct http_response *resp)
{
    struct call_fixture f;
    fixture_init(&f, m, op, (struct buf)BUF_INIT);
    http_response_init(resp);
    cJSON *result = result_json ? cJSON_Parse(result_json) : NULL;
    proto_encode_result(&f.call, result, resp);
    cJSON_Delete(result);
    http_request_free(&f.req);
}

static void test_results(const struct service_model *m)
{
    struct http_response resp;
    encode(m, "Put",
           "{\"Count\": 7, \"Big\": \"-1234567890123456789\", \"Ratio\": \"NaN\", \"Level\": 1.5,"
           " \"When\": 1398796238, \"Data\": \"Zm9v\"}",
           &resp);
    struct buf hex = BUF_INIT;
    hex_of(&resp.body, &hex);
    CHECK_STR(hex.data,
              "a665436f756e7407634269673b112210f47de9811465526174696ffb7ff8000000000000654c657665"
              "6cfa3fc00000645768656ec11a535fefce644461746143666f6f",
              "definite map, exact long, NaN, single float, tag 1 timestamp, byte string");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/cbor", "content type");
    CHECK_STR(http_headers_get(&resp.headers, "Smithy-Protocol"), "rpc-v2-cbor", "protocol");
    buf_free(&hex);
    http_response_free(&resp);

    encode(m, "Put", NULL, &resp);
    CHECK(resp.body.len == 1 && (unsigned char)resp.body.data[0] == 0xa0, "empty output: {}");
    http_response_free(&resp);

    encode(m, "Bare", "{}", &resp);
    CHECK(resp.status == 200 && resp.body.len == 0, "no output: no body");
    CHECK(http_headers_get(&resp.headers, "Content-Type") == NULL, "and no content type");
    CHECK_STR(http_headers_get(&resp.headers, "Smithy-Protocol"), "rpc-v2-cbor", "protocol");
    http_response_free(&resp);
}

static void test_errors(const struct service_model *m)
{
    struct call_fixture f;
    fixture_init(&f, m, "Put", (struct buf)BUF_INIT);
    struct proto_error err = {0};
    proto_error_set(&err, 400, "AWS.Gone", "gone");
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_error(&f.call, &err, &resp);
    struct buf hex = BUF_INIT;
    hex_of(&resp.body, &hex);
    CHECK_STR(hex.data, "a2665f5f7479706564476f6e65676d65737361676564676f6e65",
              "__type is the shape name, raised by its query code");
    CHECK(resp.status == 400, "status");
    CHECK_STR(http_headers_get(&resp.headers, "x-amzn-query-error"), "AWS.Gone;Sender",
              "query code");
    buf_free(&hex);
    proto_error_clear(&err);
    http_response_free(&resp);
    http_request_free(&f.req);
}

/* {"Data": h'00ff', "When": 1(1398796238500)}: a byte string and epoch milliseconds. */
#define JSON_CBOR_RECORD "a2 6444617461 4200ff 645768656e c11b00000145aec0bea4"

static void test_json_in_cbor(const struct service_model *m)
{
    expect_decoded(m, "", "{}", "no body is an empty input");
    expect_decoded(m, JSON_CBOR_RECORD, "{\"Data\":\"AP8=\",\"When\":1398796238.5}",
                   "blobs from byte strings, timestamps from milliseconds");
    expect_rejected(m, "a1 6444617461 64414f383d", "base64 text where a blob belongs");
    expect_rejected(m, "7b2244617461223a317d", "a JSON body");

    struct http_response resp;
    encode(m, "Put", "{\"Data\": \"AP8=\", \"When\": 1398796238.5}", &resp);
    struct buf hex = BUF_INIT;
    hex_of(&resp.body, &hex);
    struct buf want = hex_bytes(JSON_CBOR_RECORD);
    struct buf want_hex = BUF_INIT;
    hex_of(&want, &want_hex);
    CHECK_STR(hex.data, want_hex.data, "byte string and tag 1 epoch milliseconds");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/x-amz-cbor-1.1",
              "answered in the content type asked in");
    buf_free(&hex);
    buf_free(&want);
    buf_free(&want_hex);
    http_response_free(&resp);

    struct call_fixture f;
    fixture_init(&f, m, "Put", (struct buf)BUF_INIT);
    struct proto_error err = {0};
    proto_error_set(&err, 400, "Gone", "gone");
    http_response_init(&resp);
    proto_encode_error(&f.call, &err, &resp);
    hex_of(&resp.body, &hex);
    CHECK_STR(hex.data, "a2665f5f7479706564476f6e65676d65737361676564676f6e65",
              "errors are a CBOR map of __type and message");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/x-amz-cbor-1.1",
              "error content type");
    CHECK(resp.status == 400, "error status");
    buf_free(&hex);
    proto_error_clear(&err);
    http_response_free(&resp);
    http_request_free(&f.req);
}

static struct service_model *load_model(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    char err[256] = "";
    struct service_model *m = model_from_json(doc, err, sizeof err);
    cJSON_Delete(doc);
    CHECK(m != NULL, "test model loads: %s", err);
    return m;
}

int main(void)
{
    struct service_model *m = load_model(model_json);
    if (m) {
        test_decoding(m);
        test_results(m);
        test_errors(m);
    }
    model_free(m);
    struct service_model *json = load_model(json_model_json);
    if (json)
        test_json_in_cbor(json);
    model_free(json);
    return test_summary("test_cbor_codec");
}
