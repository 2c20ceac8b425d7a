/* Loading the embedded models and validating params against them. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/input_pattern.h"
#include "../../services/core/model.h"
#include "../../services/core/validate.h"
#include "check.h"

static void test_sts_model(void)
{
    const struct service_model *m = model_for_service("sts");
    CHECK(m != NULL, "sts model loads");
    if (!m)
        return;
    CHECK(model_for_service("sts") == m, "loaded once, then reused");
    CHECK(m->protocol == PROTO_QUERY, "sts speaks query");
    CHECK_STR(m->api_version, "2011-06-15", "api version");
    const struct operation *op = model_operation(m, "AssumeRole");
    CHECK(op != NULL, "AssumeRole known");
    if (!op)
        return;
    CHECK_STR(op->result_wrapper, "AssumeRoleResult", "result wrapper");
    CHECK_STR(op->input.shape->name, "AssumeRoleRequest", "input shape");
    const struct shape_ref *role_arn = NULL;
    for (size_t i = 0; i < op->input.shape->n_members; i++)
        if (strcmp(op->input.shape->members[i].name, "RoleArn") == 0)
            role_arn = &op->input.shape->members[i];
    CHECK(role_arn && role_arn->required, "RoleArn is required");
    CHECK(model_operation(m, "NoSuchOperation") == NULL, "unknown operation");
    CHECK(model_for_service("no-such-service") == NULL, "no model");
}

static void test_validation(void)
{
    const struct service_model *m = model_for_service("sts");
    const struct operation *op = model_operation(m, "AssumeRole");
    if (!op)
        return;
    struct proto_error err = {0};
    cJSON *params = cJSON_Parse("{\"RoleSessionName\": \"s\", \"DurationSeconds\": 10}");
    CHECK(validate_params(&op->input, params, "ValidationError", &err) == -1, "invalid");
    CHECK_STR(err.code, "ValidationError", "code");
    CHECK(err.status == 400, "status");
    CHECK(strstr(err.message, "3 validation errors detected: ") == err.message, "%s", err.message);
    CHECK(strstr(err.message, "Value null at 'roleArn' failed to satisfy constraint: Member must "
                              "not be null") != NULL,
          "%s", err.message);
    CHECK(strstr(err.message, "Value 's' at 'roleSessionName' failed to satisfy constraint: "
                              "Member must have length greater than or equal to 2") != NULL,
          "%s", err.message);
    CHECK(strstr(err.message, "Value '10' at 'durationSeconds' failed to satisfy constraint: "
                              "Member must have value greater than or equal to 900") != NULL,
          "%s", err.message);
    cJSON_Delete(params);
    proto_error_clear(&err);

    params = cJSON_Parse("{\"RoleArn\": \"arn:aws:iam::111111111111:role/r\", "
                         "\"RoleSessionName\": \"session\"}");
    CHECK(validate_params(&op->input, params, "ValidationError", &err) == 0, "valid");
    cJSON_Delete(params);
    CHECK(validate_params(&op->input, NULL, "ValidationError", &err) == -1,
          "no params at all still reports missing members");
    proto_error_clear(&err);
}

/* A message quoting a long value keeps all of it and the constraint after it. */
static void test_validation_of_a_long_value(void)
{
    const struct service_model *m = model_for_service("sts");
    const struct operation *op = model_operation(m, "GetFederationToken");
    if (!op)
        return;
    enum { POLICY_LENGTH = 5000 };
    char *policy = malloc(POLICY_LENGTH + 1);
    memset(policy, 'p', POLICY_LENGTH);
    policy[POLICY_LENGTH] = '\0';
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "Name", "federated");
    cJSON_AddStringToObject(params, "Policy", policy);
    struct proto_error err = {0};
    CHECK(validate_params(&op->input, params, "ValidationError", &err) == -1, "too long");
    CHECK(err.message && strstr(err.message, policy) != NULL, "the whole value is quoted");
    const char *tail = "at 'policy' failed to satisfy constraint: Member must have length less "
                       "than or equal to 2048";
    size_t len = err.message ? strlen(err.message) : 0;
    CHECK(len > strlen(tail) && strcmp(err.message + len - strlen(tail), tail) == 0,
          "ends with the constraint: ...%s", len > 80 ? err.message + len - 80 : "");
    proto_error_clear(&err);
    CHECK(err.message == NULL, "cleared");
    cJSON_Delete(params);
    free(policy);
}

/* A list member out of its bounds is reported once, at the list, with every constraint of the
 * member; the list is quoted as Java prints it. */
static void test_validation_of_list_members(void)
{
    const struct service_model *m = model_for_service("ssm");
    const struct operation *op = model_operation(m, "DescribeParameters");
    if (!op)
        return;
    cJSON *params = cJSON_Parse("{\"ParameterFilters\": [{\"Key\": \"Name\", "
                                "\"Values\": [\"ok\", \"\", \"\"]}]}");
    struct proto_error err = {0};
    CHECK(validate_params(&op->input, params, "ValidationException", &err) == -1, "invalid");
    CHECK_STR(err.message,
              "1 validation error detected: Value '[ok, , ]' at 'parameterFilters.1.member.values' "
              "failed to satisfy constraint: Member must satisfy constraint: [Member must have "
              "length less than or equal to 1024, Member must have length greater than or equal "
              "to 1]",
              "message");
    proto_error_clear(&err);
    cJSON_Delete(params);
}

/* The message of one failed check of params against an operation's input; "" when they pass. */
static char *validation_message(const char *service, const char *operation, const char *json)
{
    const struct operation *op = model_operation(model_for_service(service), operation);
    CHECK(op != NULL, "%s %s known", service, operation);
    if (!op)
        return strdup("");
    cJSON *params = cJSON_Parse(json);
    struct proto_error err = {0};
    int rc = validate_params(&op->input, params, "ValidationException", &err);
    char *message = strdup(rc == 0 ? "" : err.message);
    proto_error_clear(&err);
    cJSON_Delete(params);
    return message;
}

/* Values are matched whole against the models' patterns, in Java's dialect, as AWS does. */
static void test_validation_of_patterns(void)
{
    char *m = validation_message("lambda", "PutFunctionEventInvokeConfig",
                                 "{\"FunctionName\": \"f\", \"DestinationConfig\": "
                                 "{\"OnSuccess\": {\"Destination\": \"invalid\"}}}");
    CHECK(strstr(m, "1 validation error detected: Value 'invalid' at "
                    "'destinationConfig.onSuccess.destination' failed to satisfy constraint: "
                    "Member must satisfy regular expression pattern: ") == m,
          "an alternation with an empty branch: %s", m);
    free(m);
    m = validation_message("lambda", "PutFunctionEventInvokeConfig",
                           "{\"FunctionName\": \"f\", \"DestinationConfig\": "
                           "{\"OnSuccess\": {\"Destination\": "
                           "\"arn:aws:sqs:us-east-1:123456789012:q\"}}}");
    CHECK_STR(m, "", "an ARN passes");
    free(m);

    /* A lookahead: an alias name may not be all digits. */
    m = validation_message("lambda", "CreateAlias",
                           "{\"FunctionName\": \"f\", \"Name\": \"123\", "
                           "\"FunctionVersion\": \"1\"}");
    CHECK(strstr(m, "Value '123' at 'name' failed to satisfy constraint: Member must satisfy "
                    "regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)") != NULL,
          "%s", m);
    free(m);
    m = validation_message("lambda", "CreateAlias",
                           "{\"FunctionName\": \"f\", \"Name\": \"v1-live\", "
                           "\"FunctionVersion\": \"1\"}");
    CHECK_STR(m, "", "a name with letters passes");
    free(m);

    /* Unicode classes: letters of any script, nothing else outside the listed marks. */
    m = validation_message("sts", "AssumeRole",
                           "{\"RoleArn\": \"arn:aws:iam::111111111111:role/r\", "
                           "\"RoleSessionName\": \"s1\", "
                           "\"Tags\": [{\"Key\": \"\u00e9t\u00e9\", \"Value\": \"v\"}]}");
    CHECK_STR(m, "", "accented letters pass");
    free(m);
    m = validation_message("sts", "AssumeRole",
                           "{\"RoleArn\": \"arn:aws:iam::111111111111:role/r\", "
                           "\"RoleSessionName\": \"s1\", "
                           "\"Tags\": [{\"Key\": \"a#b\", \"Value\": \"v\"}]}");
    CHECK(strstr(m, "Value 'a#b' at 'tags.1.member.key' failed to satisfy constraint: Member "
                    "must satisfy regular expression pattern: ") != NULL,
          "%s", m);
    free(m);

    /* The whole value must match, not a part of it. */
    m = validation_message("sts", "AssumeRole",
                           "{\"RoleArn\": \"arn:aws:iam::111111111111:role/r\", "
                           "\"RoleSessionName\": \"has space\"}");
    CHECK(strstr(m, "at 'roleSessionName' failed to satisfy constraint: Member must satisfy "
                    "regular expression pattern: ") != NULL,
          "%s", m);
    free(m);

    /* What PCRE2 cannot read is not enforced. */
    CHECK(input_pattern_matches("\\p{Print}+", "\x01", 1), "Java-only classes pass");
    CHECK(!input_pattern_matches("[a-z]+", "abc1", 4), "an anchored mismatch");
    CHECK(input_pattern_matches("[a-z]+", "abc", 3), "an anchored match");
}

static void test_broken_model(void)
{
    char err[256];
    cJSON *doc = cJSON_Parse("{\"metadata\": {\"protocol\": \"json\"}, \"shapes\": {\"S\": "
                             "{\"type\": \"structure\", \"members\": {\"A\": {\"shape\": "
                             "\"Missing\"}}}}, \"operations\": {}}");
    struct service_model *m = model_from_json(doc, err, sizeof err);
    CHECK(m == NULL && strstr(err, "Missing") != NULL, "dangling reference reported: %s", err);
    cJSON_Delete(doc);
}

int main(void)
{
    test_sts_model();
    test_validation();
    test_validation_of_a_long_value();
    test_validation_of_list_members();
    test_validation_of_patterns();
    test_broken_model();
    return test_summary("test_model");
}
