/* Operations run in process with a params tree (core_invoke): results come back as the
 * operation wrote them, params are validated against the model as requests are, and unknown or
 * unwritten operations fail with their own errors. */
#include <string.h>

#include "../../services/core/backend.h"
#include "../../services/core/invoke.h"
#include "../../services/core/params.h"
#include "../../services/core/protocol.h"
#include "check.h"

#define ACCOUNT "123456789012"
#define REGION "eu-west-1"

static int invoke(const char *service, const char *operation, const char *params_text,
                  cJSON **result, struct proto_error *err)
{
    cJSON *params = cJSON_Parse(params_text);
    int rc = core_invoke(service, operation, ACCOUNT, REGION, params, result, err);
    cJSON_Delete(params);
    return rc;
}

static void check_calls_reach_the_backend(void)
{
    struct proto_error err = {0};
    cJSON *result = NULL;
    CHECK(invoke("sqs", "CreateQueue", "{\"QueueName\": \"jobs\"}", &result, &err) == 0,
          "CreateQueue runs: %s", err.message ? err.message : "");
    const char *created = param_string(result, "QueueUrl");
    char url[256];
    snprintf(url, sizeof url, "%s", created ? created : "");
    CHECK(strstr(url, "jobs") && strstr(url, ACCOUNT), "the queue's URL: %s", url);
    char params[512];
    snprintf(params, sizeof params, "{\"QueueUrl\": \"%s\", \"MessageBody\": \"hi\"}",
             url);
    cJSON_Delete(result);
    CHECK(invoke("sqs", "SendMessage", params, &result, &err) == 0, "SendMessage runs");
    CHECK(param_string(result, "MessageId") != NULL, "a message id comes back");
    cJSON_Delete(result);
    snprintf(params, sizeof params, "{\"QueueUrl\": \"%s\", \"AttributeNames\": [\"All\"]}",
             url);
    CHECK(invoke("sqs", "GetQueueAttributes", params, &result, &err) == 0, "attributes read: %s",
          err.message ? err.message : "");
    CHECK_STR(param_string(cJSON_GetObjectItemCaseSensitive(result, "Attributes"),
                           "ApproximateNumberOfMessages"),
              "1", "the message landed in the queue of that account and region");
    cJSON_Delete(result);
    proto_error_clear(&err);
}

static void check_failures(void)
{
    struct proto_error err = {0};
    cJSON *result = NULL;
    CHECK(invoke("sqs", "SendMessage", "{\"MessageBody\": \"hi\"}", &result, &err) == -1,
          "a missing required member is refused");
    CHECK(result == NULL, "no result on failure");
    CHECK(err.status == 400 && err.message && strstr(err.message, "ueueUrl"),
          "the model's validation names the member: %d %s", err.status,
          err.message ? err.message : "");
    proto_error_clear(&err);

    CHECK(invoke("sqs", "GetQueueUrl", "{\"QueueName\": \"absent\"}", &result, &err) == -1,
          "the operation's own error");
    CHECK(strstr(err.code, "NonExistentQueue") != NULL, "code %s", err.code);
    proto_error_clear(&err);

    CHECK(invoke("sqs", "FlyToTheMoon", "{}", &result, &err) == -1, "no such operation");
    CHECK_STR(err.code, "UnknownOperationException", "unknown operation");
    proto_error_clear(&err);

    CHECK(invoke("nosuchservice", "List", "{}", &result, &err) == -1, "no such service");
    CHECK_STR(err.code, "UnknownOperationException", "unknown service");
    proto_error_clear(&err);
}

int main(void)
{
    check_calls_reach_the_backend();
    check_failures();
    backends_reset_all();
    return test_summary("core_invoke");
}
