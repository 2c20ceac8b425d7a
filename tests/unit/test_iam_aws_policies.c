/* The AWS managed policies motoc carries: the common ones all present under their ARNs in every
 * partition, each with a distinct PolicyId and a valid default-version document. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../services/iam/aws_policies.h"
#include "../../services/iam/aws_policies_data.h"
#include "../../services/iam/policy_document.h"
#include "check.h"

static const char *const expected[] = {
    "AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "IAMFullAccess",
    "IAMReadOnlyAccess", "AmazonS3FullAccess", "AmazonS3ReadOnlyAccess",
    "AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess", "AmazonSQSFullAccess",
    "AmazonSQSReadOnlyAccess", "AmazonSNSFullAccess", "AmazonSNSReadOnlyAccess",
    "AWSLambda_FullAccess", "AWSLambda_ReadOnlyAccess", "AWSLambdaExecute",
    "service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole",
    "service-role/AWSLambdaSQSQueueExecutionRole", "service-role/AWSLambdaDynamoDBExecutionRole",
    "service-role/AWSLambdaKinesisExecutionRole", "service-role/AWSLambdaRole",
    "CloudWatchLogsFullAccess", "CloudWatchLogsReadOnlyAccess", "CloudWatchFullAccess",
    "AWSKeyManagementServicePowerUser", "SecretsManagerReadWrite", "AmazonSSMFullAccess",
    "AmazonSSMReadOnlyAccess", "AmazonEventBridgeFullAccess", "AmazonEventBridgeReadOnlyAccess",
    "AmazonKinesisFullAccess", "AmazonKinesisReadOnlyAccess", "AmazonKinesisFirehoseFullAccess",
    "AWSStepFunctionsFullAccess", "AWSStepFunctionsReadOnlyAccess", "AmazonEC2FullAccess",
    "AmazonEC2ReadOnlyAccess",
};

static void check_listed_policies_exist(void)
{
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        char arn[256];
        snprintf(arn, sizeof arn, "arn:aws:iam::aws:policy/%s", expected[i]);
        CHECK(iam_aws_policy_exists(arn), "%s missing", arn);
        CHECK(iam_aws_policy_document(arn) != NULL, "%s has no document", arn);
        snprintf(arn, sizeof arn, "arn:aws-cn:iam::aws:policy/%s", expected[i]);
        CHECK(iam_aws_policy_exists(arn), "%s missing", arn);
    }
    CHECK(!iam_aws_policy_exists("arn:aws:iam::aws:policy/NoSuchPolicyAtAll"), "unknown taken");
    CHECK(!iam_aws_policy_exists("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"),
          "a service-role policy found without its path");
    CHECK(!iam_aws_policy_exists("arn:aws:iam::123456789012:policy/AdministratorAccess"),
          "an account's policy taken for AWS's");
    CHECK(iam_aws_policy_document(NULL) == NULL, "NULL arn");
}

static void check_rows(void)
{
    CHECK(iam_aws_policy_table_size >= sizeof expected / sizeof expected[0], "table too small");
    for (size_t i = 0; i < iam_aws_policy_table_size; i++) {
        const struct iam_aws_policy_data *row = &iam_aws_policy_table[i];
        CHECK(strncmp(row->policy_id, "ANPA", 4) == 0 && strlen(row->policy_id) == 21,
              "%s: PolicyId %s", row->name, row->policy_id);
        CHECK(row->path[0] == '/' && row->path[strlen(row->path) - 1] == '/', "%s: path %s",
              row->name, row->path);
        CHECK(row->default_version_id[0] == 'v', "%s: version %s", row->name,
              row->default_version_id);
        CHECK(row->create_date <= row->update_date, "%s: dates", row->name);
        char message[1400];
        const char *problem = policy_document_problem(row->document, IDENTITY_POLICY, message,
                                                      sizeof message);
        CHECK(problem == NULL, "%s: document refused: %s", row->name, problem ? problem : "");
        for (size_t j = 0; j < i; j++) {
            CHECK(strcmp(iam_aws_policy_table[j].policy_id, row->policy_id) != 0,
                  "%s and %s share PolicyId", iam_aws_policy_table[j].name, row->name);
            CHECK(strcmp(iam_aws_policy_table[j].name, row->name) != 0, "%s twice", row->name);
        }
    }
}

static void check_entity(void)
{
    cJSON *policy = iam_aws_policy_entity(
        "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    CHECK(policy != NULL, "entity");
    if (!policy)
        return;
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(policy, "Arn")),
              "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(policy, "Path")), "/service-role/", "path");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(policy, "PolicyId")),
              "ANPAJNCQGXC42545SKXIK", "id");
    cJSON_Delete(policy);
    cJSON *all = iam_aws_policy_entities("aws");
    CHECK((size_t)cJSON_GetArraySize(all) == iam_aws_policy_table_size, "listing");
    cJSON_Delete(all);
}

int main(void)
{
    check_listed_policies_exist();
    check_rows();
    check_entity();
    return test_summary("iam_aws_policies");
}
