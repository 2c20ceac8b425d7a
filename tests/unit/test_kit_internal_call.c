/* Services calling each other in process: validated as a client's request, run by the real
 * operation, its effects visible to the next call, its errors AWS's. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../services/core/backend.h"
#include "../../services/core/internal_call.h"
#include "check.h"

static cJSON *parse(const char *json)
{
    cJSON *v = cJSON_Parse(json);
    if (!v)
        abort();
    return v;
}

static int call(const char *service, const char *operation, const char *account,
                const char *json, cJSON **result, struct proto_error *err)
{
    cJSON *params = parse(json);
    int rc = internal_call(service, operation, account, "eu-west-1", params, result, err);
    cJSON_Delete(params);
    return rc;
}

static void test_effects_are_shared(void)
{
    struct proto_error err = {0};
    CHECK(call("logs", "CreateLogGroup", "111122223333", "{\"logGroupName\":\"/app\"}", NULL,
               &err) == 0, "%s", err.code);
    CHECK(call("logs", "CreateLogStream", "111122223333",
               "{\"logGroupName\":\"/app\",\"logStreamName\":\"s\"}", NULL, &err) == 0, "%s",
          err.code);
    char put[256];
    snprintf(put, sizeof put,
             "{\"logGroupName\":\"/app\",\"logStreamName\":\"s\",\"logEvents\":"
             "[{\"timestamp\":%lld000,\"message\":\"hello\"}]}", (long long)time(NULL));
    CHECK(call("logs", "PutLogEvents", "111122223333", put, NULL, &err) == 0, "%s", err.code);
    cJSON *events = NULL;
    CHECK(call("logs", "GetLogEvents", "111122223333",
               "{\"logGroupName\":\"/app\",\"logStreamName\":\"s\"}", &events, &err) == 0,
          "%s", err.code);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(events, "events"), 0);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "message")), "hello",
              "the event put is read back");
    cJSON_Delete(events);
    cJSON *out = NULL;
    CHECK(call("logs", "DescribeLogGroups", "111122223333", "{}", &out, &err) == 0, "%s",
          err.code);
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(out, "logGroups");
    CHECK(cJSON_GetArraySize(groups) == 1, "one group in the calling account");
    const cJSON *arn = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 0), "arn");
    CHECK(cJSON_IsString(arn) && strstr(arn->valuestring, ":eu-west-1:111122223333:"),
          "the group belongs to the account and region asked for");
    cJSON_Delete(out);
    CHECK(call("logs", "DescribeLogGroups", "444455556666", "{}", &out, &err) == 0, "%s",
          err.code);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "logGroups")) == 0,
          "other accounts see nothing");
    cJSON_Delete(out);
}

static void test_errors_are_aws_errors(void)
{
    struct proto_error err = {0};
    cJSON *out = (cJSON *)1;
    CHECK(call("logs", "CreateLogGroup", "111122223333", "{}", &out, &err) == -1,
          "a missing required member is refused");
    CHECK(out == NULL, "no result on failure");
    CHECK_STR(err.code, "InvalidParameterException", "Logs' own validation code");
    CHECK(err.status == 400, "status %d", err.status);
    proto_error_clear(&err);
    CHECK(call("logs", "CreateLogStream", "111122223333",
               "{\"logGroupName\":\"/missing\",\"logStreamName\":\"s\"}", NULL, &err) == -1,
          "the operation's own error");
    CHECK_STR(err.code, "ResourceNotFoundException", "as the operation answers it");
    proto_error_clear(&err);
    CHECK(call("logs", "NoSuchOperation", "111122223333", "{}", NULL, &err) == -1,
          "an unknown operation");
    CHECK_STR(err.code, "NotYetImplemented", "unknown operations are not run");
    proto_error_clear(&err);
}

int main(void)
{
    test_effects_are_shared();
    test_errors_are_aws_errors();
    backends_reset_all();
    return test_summary("kit_internal_call");
}
