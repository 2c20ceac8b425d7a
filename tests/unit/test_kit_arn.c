/* The kit's ARNs: the partition follows the region, global services leave it empty, parsing
 * checks the service and resource type. */
#include <stdlib.h>

#include "../../services/core/arn.h"
#include "check.h"

static void check_built(char *arn, const char *want, const char *what)
{
    CHECK_STR(arn, want, "%s", what);
    free(arn);
}

static void test_build(void)
{
    check_built(arn_build("sqs", "us-east-1", "123456789012", "%s", "q1"),
                "arn:aws:sqs:us-east-1:123456789012:q1", "regional");
    check_built(arn_build("dynamodb", "cn-north-1", "123456789012", "table/%s", "t"),
                "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t", "China partition");
    check_built(arn_build("sns", "us-gov-west-1", "1", "topic"),
                "arn:aws-us-gov:sns:us-gov-west-1:1:topic", "GovCloud partition");
    check_built(arn_build_global("iam", "cn-northwest-1", "123456789012", "root"),
                "arn:aws-cn:iam::123456789012:root", "global: no region");
    check_built(arn_build_global("s3", "eu-west-1", "", "%s", "bucket"), "arn:aws:s3:::bucket",
                "S3 leaves the account empty too");
    check_built(arn_build_in_partition("aws-iso", "sts", "", "1", "assumed-role/%s/%s", "r", "s"),
                "arn:aws-iso:sts::1:assumed-role/r/s", "partition given");
}

static void test_parse_resource(void)
{
    struct arn a;
    const char *id = NULL;
    CHECK(arn_parse_resource("arn:aws:dynamodb:us-east-1:1:table/orders", "dynamodb", "table", &a,
                             &id),
          "a table");
    CHECK_STR(id, "orders", "its name");
    CHECK_STR(a.region, "us-east-1", "region");
    CHECK(arn_parse_resource("arn:aws:iam::1:role/path/r", "iam", "role", &a, &id), "a role");
    CHECK_STR(id, "path/r", "path and name");
    CHECK(arn_parse_resource("arn:aws:sqs:us-east-1:1:q", "sqs", NULL, &a, &id), "no type");
    CHECK_STR(id, "q", "the whole resource");
    CHECK(
        arn_parse_resource("arn:aws:lambda:us-east-1:1:function:f", "lambda", "function", &a, &id),
        "':' separates too");
    CHECK(!arn_parse_resource("arn:aws:dynamodb:us-east-1:1:tablex/orders", "dynamodb", "table", &a,
                              &id),
          "another type with the same start");
    CHECK(!arn_parse_resource("arn:aws:dynamodb:us-east-1:1:table/", "dynamodb", "table", &a, &id),
          "no name");
    CHECK(!arn_parse_resource("arn:aws:sqs:us-east-1:1:table/orders", "dynamodb", "table", &a, &id),
          "another service");
    CHECK(!arn_parse_resource("orders", "dynamodb", "table", &a, &id), "not an ARN");
    CHECK(!arn_parse_resource(NULL, "dynamodb", NULL, &a, &id), "NULL");
}

int main(void)
{
    CHECK_STR(partition_for_region("us-isob-east-1"), "aws-iso-b", "iso-b");
    CHECK_STR(partition_for_region("us-iso-west-1"), "aws-iso", "iso");
    CHECK_STR(partition_for_region("us-isof-south-1"), "aws-iso-f", "iso-f");
    CHECK_STR(partition_for_region("eu-isoe-west-1"), "aws-iso-e", "iso-e");
    CHECK_STR(partition_for_region("eusc-de-east-1"), "aws-eusc", "eusc");
    CHECK_STR(partition_for_region("eu-west-1"), "aws", "commercial");
    CHECK_STR(partition_for_region(NULL), "aws", "no region");
    test_build();
    test_parse_resource();
    return test_summary("kit_arn");
}
