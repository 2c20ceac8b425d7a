/* Loading the embedded models and validating params against them. */
#include <stdlib.h>
#include <string.h>

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
    test_broken_model();
    return test_summary("test_model");
}
