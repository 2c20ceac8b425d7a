/* The kit's error family: code, status, message and extra members land in the call's error. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/backend.h"
#include "check.h"

static struct proto_error err;
static struct call call = {.err = &err};

static void test_call_fail_formats_and_returns_minus_one(void)
{
    proto_error_clear(&err);
    int rc = call_fail(&call, 409, "Conflict", "queue %s exists (%d)", "q1", 2);
    CHECK(rc == -1, "rc %d", rc);
    CHECK(err.status == 409, "status %d", err.status);
    CHECK(err.sender_fault, "4xx is the sender's fault");
    CHECK_STR(err.code, "Conflict", "code");
    CHECK_STR(err.message, "queue q1 exists (2)", "message");
    CHECK(err.fields == NULL, "no fields");
}

static void test_server_errors_are_the_receivers_fault(void)
{
    proto_error_clear(&err);
    call_fail(&call, 500, "InternalError", "boom");
    CHECK(!err.sender_fault, "5xx is the receiver's fault");
}

static void test_fields_keep_their_order_and_null_is_empty(void)
{
    proto_error_clear(&err);
    int rc = call_fail_fields(&call, 400, "InvalidArgument", "100% literal", "ArgumentName",
                              "x-amz-acl", "ArgumentValue", NULL, NULL);
    CHECK(rc == -1, "rc %d", rc);
    CHECK_STR(err.message, "100% literal", "the message is not a format");
    const cJSON *first = err.fields ? err.fields->child : NULL;
    CHECK(first && strcmp(first->string, "ArgumentName") == 0, "first field");
    CHECK_STR(cJSON_GetStringValue(first), "x-amz-acl", "first value");
    const cJSON *second = first ? first->next : NULL;
    CHECK(second && strcmp(second->string, "ArgumentValue") == 0, "second field");
    CHECK_STR(cJSON_GetStringValue(second), "", "NULL becomes empty");
    call_error_field(&call, "RequestId", "r1");
    CHECK(cJSON_GetArraySize(err.fields) == 3, "a field added afterwards");
    call_error_member(&call, "Reasons", cJSON_CreateArray());
    CHECK(cJSON_IsArray(cJSON_GetObjectItem(err.fields, "Reasons")), "a JSON member");
}

static void test_shared_errors(void)
{
    proto_error_clear(&err);
    call_fail_validation(&call, "Value %d is bad", 3);
    CHECK(err.status == 400, "status");
    CHECK_STR(err.code, "ValidationException", "code");
    CHECK_STR(err.message, "Value 3 is bad", "message");

    proto_error_clear(&err);
    call_fail_resource_not_found(&call, "Requested resource not found");
    CHECK_STR(err.code, "ResourceNotFoundException", "code");
    CHECK(err.status == 400, "status");

    proto_error_clear(&err);
    call_fail_missing_parameter(&call, "Tags");
    CHECK_STR(err.code, "MissingParameter", "code");
    CHECK_STR(err.message, "The request must contain the parameter Tags.", "message");

    proto_error_clear(&err);
    call_fail_invalid_parameter_value(&call, "Value %s is invalid.", "x");
    CHECK_STR(err.code, "InvalidParameterValue", "code");
    CHECK_STR(err.message, "Value x is invalid.", "message");
}

static void test_bare_errors(void)
{
    struct proto_error bare = {0};
    int rc = error_fail(&bare, 404, "NotFound", "Topic %s does not exist", "t");
    CHECK(rc == -1, "rc");
    CHECK_STR(bare.code, "NotFound", "code");
    CHECK_STR(bare.message, "Topic t does not exist", "message");
    error_fail_invalid_parameter_value(&bare, "bad %d", 1);
    CHECK_STR(bare.code, "InvalidParameterValue", "code replaced");
    CHECK(bare.status == 400, "status replaced");
    proto_error_clear(&bare);
}

/* A message is as long as its text, and setting an error again replaces the message. */
static void test_messages_are_never_cut(void)
{
    struct proto_error bare = {0};
    enum { LONG = 20000 };
    char *value = malloc(LONG + 1);
    memset(value, 'v', LONG);
    value[LONG] = '\0';
    error_fail_invalid_parameter_value(&bare, "Value %s is too long. Reason: limit 10.", value);
    CHECK(strlen(bare.message) == LONG + strlen("Value  is too long. Reason: limit 10."),
          "length %zu", strlen(bare.message));
    CHECK(strstr(bare.message, "Reason: limit 10.") != NULL, "the tail is kept");
    error_fail(&bare, 400, "Short", "short");
    CHECK_STR(bare.message, "short", "replaced");
    proto_error_clear(&bare);
    free(value);
}

int main(void)
{
    test_call_fail_formats_and_returns_minus_one();
    test_server_errors_are_the_receivers_fault();
    test_fields_keep_their_order_and_null_is_empty();
    test_shared_errors();
    test_bare_errors();
    test_messages_are_never_cut();
    proto_error_clear(&err);
    return test_summary("kit_errors");
}
