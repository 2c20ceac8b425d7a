/* SQS message attributes: the MD5 SDKs verify, validation, and the characters SQS refuses. */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "../../services/sqs/message_attributes.h"
#include "check.h"

static void check_md5(const char *attributes_json, const char *want)
{
    cJSON *attributes = cJSON_Parse(attributes_json);
    char md5[33];
    message_attributes_md5(attributes, md5);
    CHECK_STR(md5, want, "attributes %s", attributes_json);
    cJSON_Delete(attributes);
}

/* Digests AWS returns for these attributes (pinned by SDK and emulator test suites). */
static void test_md5_known_values(void)
{
    check_md5("{\"timestamp\":{\"DataType\":\"Number\",\"StringValue\":\"1493147359900\"}}",
              "235c5c510d26fb653d073faed50ae77c");
    check_md5("{\"timestamp\":{\"DataType\":\"Number\",\"StringValue\":\"1493147359901\"}}",
              "994258b45346a2cc3f9cbb611aa7af30");
    check_md5("{\"SOME_Valid.attribute-Name\":{\"DataType\":\"Number\","
              "\"StringValue\":\"1493147359900\"}}",
              "36655e7e9d7c0e8479fa3f3f42247ae7");
    check_md5("{\"timestamp\":{\"DataType\":\"Number.java.lang.Long\","
              "\"StringValue\":\"1493147359900\"}}",
              "2e2e4876d8e0bd6b8c2c8f556831c349");
    check_md5("{\"timestamp\":{\"DataType\":\"Number.java.lang.Long\","
              "\"StringValue\":\"1493147359901\"}}",
              "cfa7c73063c6e2dbf9be34232a1978cf");
    check_md5("{\"somevalue\":{\"DataType\":\"String.custom\",\"StringValue\":\"somevalue\"}}",
              "9e05cca738e70ff6c6041e82d5e77ef1");
}

/* The order of attributes in the request does not matter: they are digested sorted by name. */
static void test_md5_sorts_by_name(void)
{
    cJSON *ab = cJSON_Parse("{\"a\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                            "\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC\"}}");
    cJSON *ba = cJSON_Parse("{\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC\"},"
                            "\"a\":{\"DataType\":\"String\",\"StringValue\":\"1\"}}");
    char x[33], y[33];
    message_attributes_md5(ab, x);
    message_attributes_md5(ba, y);
    CHECK_STR(x, y, "order");
    CHECK(strlen(x) == 32, "hex digest");
    cJSON_Delete(ab);
    cJSON_Delete(ba);
    char none[33] = "x";
    message_attributes_md5(NULL, none);
    CHECK_STR(none, "", "no attributes, no digest");
}

static void check_valid(const char *attributes_json, const char *want_fragment)
{
    cJSON *attributes = cJSON_Parse(attributes_json);
    struct proto_error err = {0};
    int rc = message_attributes_validate(attributes, &err);
    if (!want_fragment) {
        CHECK(rc == 0, "%s refused: %s", attributes_json, err.message);
    } else {
        CHECK(rc != 0, "%s accepted", attributes_json);
        CHECK(strstr(err.message, want_fragment) != NULL, "%s: got '%s'", attributes_json,
              err.message);
        CHECK_STR(err.code, "InvalidParameterValue", "%s", attributes_json);
    }
    proto_error_clear(&err);
    cJSON_Delete(attributes);
}

static void test_validation(void)
{
    check_valid("{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"-1.5e3\"}}", NULL);
    check_valid("{\"n\":{\"DataType\":\"Number.float\",\"StringValue\":\"3\"}}", NULL);
    check_valid("{\"b\":{\"DataType\":\"Binary.gif\",\"BinaryValue\":\"R0lG\"}}", NULL);
    check_valid("{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"abc\"}}", "number");
    check_valid("{\"s\":{\"DataType\":\"string\",\"StringValue\":\"x\"}}",
                "supported type prefixes is Binary, Number, and String");
    check_valid("{\"s\":{\"DataType\":\"String.\",\"StringValue\":\"x\"}}",
                "supported type prefixes");
    check_valid("{\"s\":{\"DataType\":\"\",\"StringValue\":\"x\"}}", "non-empty message attribute type");
    check_valid("{\"s\":{\"DataType\":\"String\"}}", "must contain non-empty message attribute value");
    check_valid("{\"s\":{\"DataType\":\"String\",\"BinaryValue\":\"AA==\"}}",
                "must use field 'String'");
    check_valid("{\"bad name\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}",
                "The message attribute name 'bad name' is invalid");
    check_valid("{\"AWS.x\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}", "is invalid");
    check_valid("{\"a..b\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}", "is invalid");
    check_valid("{\"s\":{\"DataType\":\"String\",\"StringValue\":\"\\u0001\"}}", "#x1");
    check_valid("{\"a\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"b\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"c\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"d\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"e\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"f\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"g\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"h\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"i\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"j\":{\"DataType\":\"String\",\"StringValue\":\"1\"},"
                "\"k\":{\"DataType\":\"String\",\"StringValue\":\"1\"}}",
                "Number of message attributes [11] exceeds the allowed maximum [10].");
}

static void test_invalid_characters(void)
{
    CHECK(sqs_first_invalid_character("plain text\t\r\n") == -1, "ascii");
    CHECK(sqs_first_invalid_character("caf\xc3\xa9 \xf0\x9f\x98\x80") == -1, "utf-8");
    CHECK(sqs_first_invalid_character("a\x01") == 1, "control");
    CHECK(sqs_first_invalid_character("\xef\xbf\xbf") == 0xffff, "U+FFFF");
    CHECK(sqs_first_invalid_character("\xed\xa0\x80") == 0xed, "surrogate is not UTF-8");
    CHECK(sqs_first_invalid_character("\xc3") == 0xc3, "truncated sequence");
}

int main(void)
{
    test_md5_known_values();
    test_md5_sorts_by_name();
    test_validation();
    test_invalid_characters();
    return test_summary("sqs_message_attributes");
}
