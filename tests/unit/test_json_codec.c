/* The json and rest-json codecs on what the protocol vectors leave out: malformed bodies, type
 * mismatches, query-compatible errors, loosely typed result trees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/core/json_codec.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"
#include "check.h"

static const char *const model_json =
    "{\"metadata\": {\"protocol\": \"json\", \"jsonVersion\": \"1.1\", \"targetPrefix\": \"Svc\","
    "  \"awsQueryCompatible\": {}},"
    " \"operations\": {"
    "  \"Put\": {\"name\": \"Put\", \"input\": {\"shape\": \"PutInput\"},"
    "          \"output\": {\"shape\": \"PutOutput\"},"
    "          \"errors\": [{\"shape\": \"QueueDoesNotExist\"}]},"
    "  \"Bare\": {\"name\": \"Bare\"}},"
    " \"shapes\": {"
    "  \"PutInput\": {\"type\": \"structure\", \"members\": {"
    "    \"Name\": {\"shape\": \"Str\", \"locationName\": \"name\"},"
    "    \"Count\": {\"shape\": \"Int\"}, \"Big\": {\"shape\": \"Long\"},"
    "    \"Ratio\": {\"shape\": \"Dbl\"}, \"Flag\": {\"shape\": \"Bool\"},"
    "    \"When\": {\"shape\": \"Time\"}, \"Data\": {\"shape\": \"Bytes\"},"
    "    \"Tags\": {\"shape\": \"StrList\"}, \"Attrs\": {\"shape\": \"StrMap\"},"
    "    \"Choice\": {\"shape\": \"Choice\"}, \"Doc\": {\"shape\": \"Doc\"},"
    "    \"Nested\": {\"shape\": \"PutInput\"}}},"
    "  \"PutOutput\": {\"type\": \"structure\", \"members\": {"
    "    \"Count\": {\"shape\": \"Int\"}, \"Big\": {\"shape\": \"Long\"},"
    "    \"Ratio\": {\"shape\": \"Dbl\"}, \"When\": {\"shape\": \"Time\"},"
    "    \"Stamp\": {\"shape\": \"IsoTime\"}, \"Tags\": {\"shape\": \"StrList\"},"
    "    \"Flag\": {\"shape\": \"Bool\"}, \"Raw\": {\"shape\": \"JsonText\"}}},"
    "  \"QueueDoesNotExist\": {\"type\": \"structure\", \"exception\": true,"
    "    \"error\": {\"code\": \"AWS.SimpleQueueService.NonExistentQueue\","
    "               \"httpStatusCode\": 400, \"senderFault\": true},"
    "    \"members\": {\"message\": {\"shape\": \"Str\"}, \"QueueUrl\": {\"shape\": \"Str\"}}},"
    "  \"Choice\": {\"type\": \"structure\", \"union\": true, \"members\": {"
    "    \"A\": {\"shape\": \"Str\"}, \"B\": {\"shape\": \"Int\"}}},"
    "  \"Doc\": {\"type\": \"structure\", \"document\": true, \"members\": {}},"
    "  \"StrList\": {\"type\": \"list\", \"member\": {\"shape\": \"Str\"}},"
    "  \"StrMap\": {\"type\": \"map\", \"key\": {\"shape\": \"Str\"}, "
    "\"value\": {\"shape\": \"Str\"}},"
    "  \"Str\": {\"type\": \"string\"}, \"Int\": {\"type\": \"integer\"},"
    "  \"Long\": {\"type\": \"long\"}, \"Dbl\": {\"type\": \"double\"},"
    "  \"Bool\": {\"type\": \"boolean\"}, \"Time\": {\"type\": \"timestamp\"},"
    "  \"IsoTime\": {\"type\": \"timestamp\", \"timestampFormat\": \"iso8601\"},"
    "  \"JsonText\": {\"type\": \"string\", \"jsonvalue\": true},"
    "  \"Bytes\": {\"type\": \"blob\"}}}";

static struct service_model *load_model(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    char err[256] = "";
    struct service_model *m = model_from_json(doc, err, sizeof err);
    cJSON_Delete(doc);
    CHECK(m != NULL, "test model loads: %s", err);
    return m;
}

struct call_fixture {
    struct http_request req;
    struct proto_call call;
};

static void fixture_init(struct call_fixture *f, const struct service_model *m, const char *op,
                         const char *body, size_t len)
{
    http_request_init(&f->req);
    snprintf(f->req.method, sizeof f->req.method, "POST");
    f->req.target = xstrdup("/");
    f->req.path = xstrdup("/");
    f->req.query = xstrdup("");
    if (body)
        buf_append(&f->req.body, body, len);
    f->call = (struct proto_call){.model = m, .op = model_operation(m, op),
                                  .protocol = m->protocol, .request_id = "req-1",
                                  .http = &f->req};
}

/* Decodes body for op; returns the params (NULL on failure, with the error's code in *code). */
static cJSON *decode(const struct service_model *m, const char *op, const char *body,
                     char *code, size_t code_len)
{
    struct call_fixture f;
    fixture_init(&f, m, op, body, body ? strlen(body) : 0);
    cJSON *params = NULL;
    struct proto_error err = {0};
    if (proto_decode_request(&f.call, &params, &err) != 0) {
        snprintf(code, code_len, "%s/%d", err.code, err.status);
        params = NULL;
    } else {
        snprintf(code, code_len, "ok");
    }
    proto_error_clear(&err);
    http_request_free(&f.req);
    return params;
}

static void expect_rejected(const struct service_model *m, const char *body, const char *why)
{
    char code[160];
    cJSON *params = decode(m, "Put", body, code, sizeof code);
    CHECK(params == NULL, "%s: accepted", why);
    CHECK_STR(code, "SerializationException/400", "%s", why);
    cJSON_Delete(params);
}

static void test_decoding(const struct service_model *m)
{
    char code[160];
    cJSON *params = decode(m, "Put", NULL, code, sizeof code);
    CHECK(cJSON_IsObject(params) && !params->child, "an empty body is an empty input");
    cJSON_Delete(params);

    params = decode(m, "Put",
                    "{\"name\": \"q\", \"Count\": 3, \"Unknown\": [1], "
                    "\"When\": \"2014-04-29T18:30:38Z\","
                    " \"Ratio\": \"NaN\", \"Data\": \"Zm9v\", \"Tags\": [\"a\", null, \"b\"],"
                    " \"Attrs\": {\"k\": \"v\", \"gone\": null}, \"Choice\": {\"B\": 2},"
                    " \"Doc\": {\"any\": [true, null]}, \"Flag\": null}",
                    code, sizeof code);
    CHECK_STR(code, "ok", "valid input decodes");
    char *text = params ? cJSON_PrintUnformatted(params) : NULL;
    CHECK_STR(text,
              "{\"Name\":\"q\",\"Count\":3,\"Ratio\":\"NaN\",\"When\":1398796238,\"Data\":\"Zm9v\","
              "\"Tags\":[\"a\",\"b\"],\"Attrs\":{\"k\":\"v\"},\"Choice\":{\"B\":2},"
              "\"Doc\":{\"any\":[true,null]}}",
              "member names, not wire names; nulls and unknown keys dropped");
    free(text);
    cJSON_Delete(params);

    params = decode(m, "Bare", "{\"x\": 1}", code, sizeof code);
    CHECK(cJSON_IsObject(params) && !params->child, "an operation without input ignores the body");
    cJSON_Delete(params);

    expect_rejected(m, "{\"name\": ", "truncated JSON");
    expect_rejected(m, "{} trailing", "text after the document");
    expect_rejected(m, "[1, 2]", "a body that is not an object");
    expect_rejected(m, "\"text\"", "a scalar body");
    expect_rejected(m, "{\"name\": 5}", "a number for a string");
    expect_rejected(m, "{\"Count\": \"5\"}", "a string for an integer");
    expect_rejected(m, "{\"Count\": 1.5}", "a fraction for an integer");
    expect_rejected(m, "{\"Count\": 3000000000}", "an integer out of range");
    expect_rejected(m, "{\"Ratio\": \"lots\"}", "a string for a double");
    expect_rejected(m, "{\"Flag\": \"true\"}", "a string for a boolean");
    expect_rejected(m, "{\"When\": \"yesterday\"}", "an unreadable timestamp");
    expect_rejected(m, "{\"When\": 1e300}", "a timestamp beyond year 9999");
    expect_rejected(m, "{\"Data\": \"not base64!\"}", "a blob that is not base64");
    expect_rejected(m, "{\"Tags\": \"a\"}", "a string for a list");
    expect_rejected(m, "{\"Attrs\": [\"a\"]}", "a list for a map");
    expect_rejected(m, "{\"Nested\": 1}", "a number for a structure");
    expect_rejected(m, "{\"Choice\": {\"A\": \"x\", \"B\": 1}}", "a union with two members set");
    expect_rejected(m, "{\"Nested\": {\"Nested\": {\"Count\": true}}}", "deep type mismatch");

    /* Recursive shapes and documents nest only so deep. */
    struct buf nested = BUF_INIT;
    for (int levels = 100; levels <= 200; levels += 100) {
        buf_reset(&nested);
        for (int i = 0; i < levels; i++)
            buf_puts(&nested, "{\"Nested\": ");
        buf_puts(&nested, "{}");
        for (int i = 0; i < levels; i++)
            buf_puts(&nested, "}");
        params = decode(m, "Put", nested.data, code, sizeof code);
        CHECK_STR(code, levels == 100 ? "ok" : "SerializationException/400", "%d levels", levels);
        cJSON_Delete(params);
        buf_reset(&nested);
        buf_puts(&nested, "{\"Doc\": ");
        for (int i = 0; i < levels; i++)
            buf_puts(&nested, "[");
        for (int i = 0; i < levels; i++)
            buf_puts(&nested, "]");
        buf_puts(&nested, "}");
        params = decode(m, "Put", nested.data, code, sizeof code);
        CHECK_STR(code, levels == 100 ? "ok" : "SerializationException/400",
                  "a document %d levels deep", levels);
        cJSON_Delete(params);
    }
    buf_free(&nested);

    /* Far deeper than any shape: refused by the parser, never walked. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    expect_rejected(m, deep, "nesting beyond the parser's limit");
    for (size_t i = 0; i < depth; i++)
        deep[i] = i % 2 ? '{' : '[';
    expect_rejected(m, deep, "unbalanced deep nesting");
    free(deep);
}

static struct http_response encode_result(const struct service_model *m, const char *result_json)
{
    struct call_fixture f;
    fixture_init(&f, m, "Put", NULL, 0);
    struct http_response resp;
    http_response_init(&resp);
    cJSON *result = cJSON_Parse(result_json);
    proto_encode_result(&f.call, result, &resp);
    cJSON_Delete(result);
    http_request_free(&f.req);
    return resp;
}

static void test_results(const struct service_model *m)
{
    struct http_response resp = encode_result(
        m, "{\"Count\": \"7\", \"Big\": \"1234567890123456789\", \"Ratio\": \"-Infinity\","
           " \"When\": \"2014-04-29T18:30:38.5Z\", \"Stamp\": 1398796238, \"Tags\": [\"a\", 5],"
           " \"Flag\": \"yes\", \"Raw\": {\"k\": [1]}, \"Stray\": 1}");
    CHECK(resp.status == 200, "status %d", resp.status);
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/x-amz-json-1.1",
              "the model's json version");
    CHECK_STR(http_headers_get(&resp.headers, "x-amzn-RequestId"), "req-1", "request id");
    CHECK_STR(resp.body.data,
              "{\"Count\":7,\"Big\":1234567890123456789,\"Ratio\":\"-Infinity\","
              "\"When\":1398796238.5,\"Stamp\":\"2014-04-29T18:30:38Z\",\"Tags\":[\"a\"],"
              "\"Raw\":\"{\\\"k\\\":[1]}\"}",
              "loose tree values read as the shape says, unreadable ones left out");
    http_response_free(&resp);

    resp = encode_result(m, "[1]");
    CHECK_STR(resp.body.data, "{}", "a result that is not an object is an empty output");
    http_response_free(&resp);
}

static struct http_response encode_error(const struct service_model *m, const char *code,
                                         int status, const char *fields)
{
    struct call_fixture f;
    fixture_init(&f, m, "Put", NULL, 0);
    struct proto_error err = {0};
    proto_error_set(&err, status, code, "no queue %s", "q1");
    err.fields = fields ? cJSON_Parse(fields) : NULL;
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_error(&f.call, &err, &resp);
    proto_error_clear(&err);
    http_request_free(&f.req);
    return resp;
}

static void test_errors(const struct service_model *m)
{
    /* Raised by its query code or by its shape name: the same answer. */
    const char *codes[] = {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"};
    for (size_t i = 0; i < 2; i++) {
        struct http_response resp =
            encode_error(m, codes[i], 400, "{\"QueueUrl\": \"http://q\", \"message\": \"x\"}");
        CHECK(resp.status == 400, "status");
        CHECK_STR(http_headers_get(&resp.headers, "x-amzn-query-error"),
                  "AWS.SimpleQueueService.NonExistentQueue;Sender", "query code from the model");
        CHECK_STR(http_headers_get(&resp.headers, "X-Amzn-ErrorType"), "QueueDoesNotExist",
                  "shape name");
        CHECK_STR(resp.body.data,
                  "{\"__type\":\"QueueDoesNotExist\",\"message\":\"no queue q1\","
                  "\"QueueUrl\":\"http://q\"}",
                  "body for %s", codes[i]);
        http_response_free(&resp);
    }
    struct http_response resp = encode_error(m, "InternalFailure", 500, "{\"Extra\": [1]}");
    CHECK_STR(http_headers_get(&resp.headers, "x-amzn-query-error"), "InternalFailure;Receiver",
              "an error the model does not declare");
    CHECK_STR(resp.body.data,
              "{\"__type\":\"InternalFailure\",\"message\":\"no queue q1\",\"Extra\":[1]}",
              "undeclared fields go as they are");
    http_response_free(&resp);
}

/* --- rest-json --- */

static const char *const rest_model_json =
    "{\"metadata\": {\"protocol\": \"rest-json\"},"
    " \"operations\": {"
    "  \"Upload\": {\"name\": \"Upload\", \"http\": {\"method\": \"PUT\", \"requestUri\": \"/u\"},"
    "             \"input\": {\"shape\": \"Blobby\"}, \"output\": {\"shape\": \"Blobby\"},"
    "             \"errors\": [{\"shape\": \"Conflict\"}]},"
    "  \"Config\": {\"name\": \"Config\", \"http\": {\"method\": \"PUT\", \"requestUri\": \"/c\"},"
    "             \"input\": {\"shape\": \"Wrapped\"}, \"output\": {\"shape\": \"Wrapped\"}}},"
    " \"shapes\": {"
    "  \"Blobby\": {\"type\": \"structure\", \"payload\": \"Body\", \"members\": {"
    "    \"Body\": {\"shape\": \"Bytes\"},"
    "    \"Type\": {\"shape\": \"Str\", \"location\": \"header\", "
    "\"locationName\": \"Content-Type\"}}},"
    "  \"Wrapped\": {\"type\": \"structure\", \"payload\": \"Settings\", \"members\": {"
    "    \"Settings\": {\"shape\": \"Settings\"}}},"
    "  \"Settings\": {\"type\": \"structure\", \"members\": {\"Size\": {\"shape\": \"Int\"}}},"
    "  \"Conflict\": {\"type\": \"structure\", \"exception\": true, "
    "\"error\": {\"httpStatusCode\": 409},"
    "    \"members\": {\"Message\": {\"shape\": \"Str\"},"
    "                  \"Holder\": {\"shape\": \"Str\", \"location\": \"header\", "
    "\"locationName\": \"x-holder\"},"
    "                  \"Since\": {\"shape\": \"Int\"}}},"
    "  \"Str\": {\"type\": \"string\"}, \"Int\": {\"type\": \"integer\"}, "
    "\"Bytes\": {\"type\": \"blob\"}}}";

static void test_rest_payloads(const struct service_model *m)
{
    struct call_fixture f;
    const char raw[] = "\x00\xff raw";
    fixture_init(&f, m, "Upload", raw, sizeof raw - 1);
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(proto_decode_request(&f.call, &params, &err) == 0, "raw blob payload decodes");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(params, "Body")), "AP8gcmF3",
              "the bytes, base64 in the tree");
    cJSON_Delete(params);
    http_request_free(&f.req);

    fixture_init(&f, m, "Config", "{\"Size\": \"big\"}", 15);
    CHECK(proto_decode_request(&f.call, &params, &err) == -1 &&
              strcmp(err.code, "SerializationException") == 0,
          "a structure payload of the wrong type is refused");
    proto_error_clear(&err);
    http_request_free(&f.req);

    fixture_init(&f, m, "Upload", NULL, 0);
    struct http_response resp;
    http_response_init(&resp);
    cJSON *result = cJSON_Parse("{\"Body\": \"AP8gcmF3\", \"Type\": \"image/png\"}");
    proto_encode_result(&f.call, result, &resp);
    CHECK(resp.body.len == 6 && memcmp(resp.body.data, raw, 6) == 0, "blob payload as bytes");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "image/png",
              "a Content-Type member wins over the default");
    cJSON_Delete(result);
    http_response_free(&resp);

    http_response_init(&resp);
    buf_puts(&resp.body, "streamed by the service");
    proto_encode_result(&f.call, NULL, &resp);
    CHECK_STR(resp.body.data, "streamed by the service", "a body the service wrote stays");
    http_response_free(&resp);

    http_response_init(&resp);
    proto_error_set(&err, 409, "Conflict", "taken");
    err.fields = cJSON_Parse("{\"Holder\": \"me\", \"Since\": 3}");
    proto_encode_error(&f.call, &err, &resp);
    CHECK(resp.status == 409, "status from the error");
    CHECK_STR(http_headers_get(&resp.headers, "X-Amzn-ErrorType"), "Conflict", "error type");
    CHECK_STR(http_headers_get(&resp.headers, "x-holder"), "me", "header-bound error member");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/json", "json body");
    CHECK_STR(resp.body.data, "{\"__type\":\"Conflict\",\"Message\":\"taken\",\"Since\":3}",
              "message under the shape's own name, header members not in the body");
    CHECK(http_headers_get(&resp.headers, "x-amzn-query-error") == NULL,
          "no query header outside awsQueryCompatible services");
    proto_error_clear(&err);
    http_response_free(&resp);
    http_request_free(&f.req);
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
    m = load_model(rest_model_json);
    if (m)
        test_rest_payloads(m);
    model_free(m);
    return test_summary("test_json_codec");
}
