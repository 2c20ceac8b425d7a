/* Routing table: host names and headers → service, operation, protocol, region, account. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/route.h"
#include "check.h"

#define SIGV4(region, service)                                                                    \
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/" region "/" service                        \
    "/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"

struct route_case {
    const char *method;
    const char *target; /* path?query */
    const char *host;
    const char *headers[4][2]; /* extra headers */
    const char *body;
    /* expected */
    const char *service; /* NULL: none */
    const char *operation;
    enum aws_protocol protocol;
    const char *region;
    const char *bucket;
    const char *host_account;
};

#define FORM {"Content-Type", "application/x-www-form-urlencoded"}
#define JSON10 {"Content-Type", "application/x-amz-json-1.0"}

static const struct route_case cases[] = {
    /* The dozen most used services by host name, as the SDKs address them. */
    {"POST", "/", "sqs.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "AmazonSQS.SendMessage"}, JSON10}, "{}",
     "sqs", "SendMessage", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "sqs.eu-west-1.amazonaws.com", {FORM},
     "Action=ListQueues&Version=2012-11-05", "sqs", "ListQueues", PROTO_QUERY, "eu-west-1", "", ""},
    {"POST", "/", "queue.amazonaws.com", {FORM}, "Action=ListQueues",
     "sqs", "ListQueues", PROTO_QUERY, "us-east-1", "", ""},
    /* Lambda's own hosts: function URLs, and the bucket its packages are downloaded from (not
     * a bucket of S3's). */
    {"GET", "/", "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws", {{NULL, NULL}},
     "", "lambda", "", PROTO_REST_JSON, "eu-west-1", "", ""},
    {"GET", "/snapshots/123456789012/fn-0123", "awslambda-us-west-2-tasks.s3.us-west-2.amazonaws.com",
     {{NULL, NULL}}, "", "lambda", "", PROTO_REST_JSON, "us-west-2", "", ""},
    {"POST", "/", "us-west-2.queue.amazonaws.com", {FORM}, "Action=ListQueues",
     "sqs", "ListQueues", PROTO_QUERY, "us-west-2", "", ""},
    {"POST", "/", "dynamodb.us-west-2.amazonaws.com",
     {{"X-Amz-Target", "DynamoDB_20120810.GetItem"}}, "{}",
     "dynamodb", "GetItem", PROTO_JSON, "us-west-2", "", ""},
    {"POST", "/", "111122223333.ddb.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "DynamoDB_20120810.PutItem"}}, "{}",
     "dynamodb", "PutItem", PROTO_JSON, "us-east-1", "", "111122223333"},
    {"POST", "/", "streams.dynamodb.eu-central-1.amazonaws.com",
     {{"X-Amz-Target", "DynamoDBStreams_20120810.ListStreams"}}, "{}",
     "dynamodbstreams", "ListStreams", PROTO_JSON, "eu-central-1", "", ""},
    {"POST", "/", "sts.amazonaws.com", {FORM},
     "Action=GetCallerIdentity&Version=2011-06-15",
     "sts", "GetCallerIdentity", PROTO_QUERY, "us-east-1", "", ""},
    {"GET", "/?Action=GetCallerIdentity&Version=2011-06-15", "sts.ap-south-1.amazonaws.com", {{0}},
     NULL, "sts", "GetCallerIdentity", PROTO_QUERY, "ap-south-1", "", ""},
    {"POST", "/", "iam.amazonaws.com", {FORM}, "Action=ListUsers&Version=2010-05-08",
     "iam", "ListUsers", PROTO_QUERY, "us-east-1", "", ""},
    {"POST", "/", "ec2.us-east-2.amazonaws.com", {FORM},
     "Action=DescribeVpcs&Version=2016-11-15", "ec2", "DescribeVpcs", PROTO_EC2, "us-east-2", "", ""},
    {"POST", "/", "sns.us-east-1.amazonaws.com", {FORM}, "Action=Publish",
     "sns", "Publish", PROTO_QUERY, "us-east-1", "", ""},
    {"GET", "/2015-03-31/functions/", "lambda.us-east-1.amazonaws.com", {{0}}, NULL,
     "lambda", "", PROTO_REST_JSON, "us-east-1", "", ""},
    {"POST", "/", "kinesis.us-east-1.amazonaws.com", {{"X-Amz-Target", "Kinesis_20131202.PutRecord"}},
     "{}", "kinesis", "PutRecord", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "logs.ca-central-1.amazonaws.com",
     {{"X-Amz-Target", "Logs_20140328.PutLogEvents"}}, "{}",
     "logs", "PutLogEvents", PROTO_JSON, "ca-central-1", "", ""},
    {"POST", "/", "secretsmanager.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "secretsmanager.GetSecretValue"}}, "{}",
     "secretsmanager", "GetSecretValue", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "kms.us-east-1.amazonaws.com", {{"X-Amz-Target", "TrentService.Encrypt"}}, "{}",
     "kms", "Encrypt", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "ssm.us-east-1.amazonaws.com", {{"X-Amz-Target", "AmazonSSM.GetParameter"}}, "{}",
     "ssm", "GetParameter", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "events.us-east-1.amazonaws.com", {{"X-Amz-Target", "AWSEvents.PutEvents"}}, "{}",
     "events", "PutEvents", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "states.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "AWSStepFunctions.StartExecution"}}, "{}",
     "stepfunctions", "StartExecution", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "cloudformation.us-east-1.amazonaws.com", {FORM},
     "Action=DescribeStacks&Version=2010-05-15",
     "cloudformation", "DescribeStacks", PROTO_QUERY, "us-east-1", "", ""},
    {"POST", "/", "cognito-idp.eu-west-1.amazonaws.com",
     {{"X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth"}}, "{}",
     "cognito-idp", "InitiateAuth", PROTO_JSON, "eu-west-1", "", ""},
    {"POST", "/", "api.ecr.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"}}, "{}",
     "ecr", "DescribeRepositories", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "sts-fips.us-east-2.amazonaws.com", {FORM},
     "Action=GetCallerIdentity", "sts", "GetCallerIdentity", PROTO_QUERY, "us-east-2", "", ""},
    {"POST", "/", "sqs.us-east-1.api.aws", {{"X-Amz-Target", "AmazonSQS.ListQueues"}}, "{}",
     "sqs", "ListQueues", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "sqs.cn-north-1.amazonaws.com.cn", {{"X-Amz-Target", "AmazonSQS.ListQueues"}},
     "{}", "sqs", "ListQueues", PROTO_JSON, "cn-north-1", "", ""},
    /* Shared endpoint prefixes: told apart by Version, by path. */
    {"POST", "/", "elasticloadbalancing.us-east-1.amazonaws.com", {FORM},
     "Action=DescribeLoadBalancers&Version=2015-12-01",
     "elbv2", "DescribeLoadBalancers", PROTO_QUERY, "us-east-1", "", ""},
    {"POST", "/", "elasticloadbalancing.us-east-1.amazonaws.com", {FORM},
     "Action=DescribeLoadBalancers&Version=2012-06-01",
     "elb", "DescribeLoadBalancers", PROTO_QUERY, "us-east-1", "", ""},
    {"GET", "/v2/apis", "apigateway.us-east-1.amazonaws.com", {{0}}, NULL,
     "apigatewayv2", "", PROTO_REST_JSON, "us-east-1", "", ""},
    {"GET", "/restapis", "apigateway.us-east-1.amazonaws.com", {{0}}, NULL,
     "apigateway", "", PROTO_REST_JSON, "us-east-1", "", ""},
    {"POST", "/v2/email/outbound-emails", "email.us-east-1.amazonaws.com", {{0}}, "{}",
     "sesv2", "", PROTO_REST_JSON, "us-east-1", "", ""},
    {"POST", "/", "email.us-east-1.amazonaws.com", {FORM},
     "Action=SendEmail&Version=2010-12-01", "ses", "SendEmail", PROTO_QUERY, "us-east-1", "", ""},
    /* CloudWatch speaks rpc-v2-cbor, json and query; the request chooses. */
    {"POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData",
     "monitoring.us-east-1.amazonaws.com", {{"Smithy-Protocol", "rpc-v2-cbor"}}, "",
     "cloudwatch", "GetMetricData", PROTO_RPC_V2_CBOR, "us-east-1", "", ""},
    {"POST", "/", "monitoring.us-east-1.amazonaws.com",
     {{"X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics"}, JSON10}, "{}",
     "cloudwatch", "ListMetrics", PROTO_JSON, "us-east-1", "", ""},
    {"POST", "/", "monitoring.us-east-1.amazonaws.com", {FORM},
     "Action=PutMetricData&Version=2010-08-01",
     "cloudwatch", "PutMetricData", PROTO_QUERY, "us-east-1", "", ""},
    /* S3 addressing styles. */
    {"GET", "/", "s3.amazonaws.com", {{0}}, NULL, "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    {"GET", "/my-bucket/key.txt", "s3.eu-west-1.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "eu-west-1", "", ""},
    {"GET", "/key.txt", "my-bucket.s3.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "my-bucket", ""},
    {"GET", "/key.txt", "my.dotted.bucket.s3.us-west-2.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-west-2", "my.dotted.bucket", ""},
    {"GET", "/", "my-bucket.s3-us-west-2.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-west-2", "my-bucket", ""},
    {"GET", "/", "my-bucket.s3.dualstack.eu-west-2.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "eu-west-2", "my-bucket", ""},
    {"GET", "/", "s3-external-1.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    {"GET", "/", "my-bucket.s3-external-1.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "my-bucket", ""},
    {"GET", "/", "site.s3-website-us-east-1.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "site", ""},
    {"GET", "/", "site.s3-website.eu-central-1.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "eu-central-1", "site", ""},
    /* Transfer Acceleration (boto3's use_accelerate_endpoint): virtual-hosted only. */
    {"PUT", "/key.txt", "my-bucket.s3-accelerate.amazonaws.com",
     {{"Authorization", SIGV4("eu-west-1", "s3")}}, "x",
     "s3", "", PROTO_REST_XML, "eu-west-1", "my-bucket", ""},
    {"GET", "/key.txt", "my-bucket.s3-accelerate.dualstack.amazonaws.com",
     {{"Authorization", SIGV4("us-west-2", "s3")}}, NULL,
     "s3", "", PROTO_REST_XML, "us-west-2", "my-bucket", ""},
    {"GET", "/", "bucket-with-s3.s3.amazonaws.com", {{0}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "bucket-with-s3", ""},
    {"GET", "/v20180820/configuration/publicAccessBlock", "111122223333.s3-control.us-east-1.amazonaws.com",
     {{0}}, NULL, "s3control", "", PROTO_REST_XML, "us-east-1", "", "111122223333"},
    /* Clients pointed at motoc by endpoint URL: the signature's scope tells. */
    {"POST", "/", "127.0.0.1:5000", {{"Authorization", SIGV4("eu-north-1", "sts")}, FORM},
     "Action=GetCallerIdentity&Version=2011-06-15",
     "sts", "GetCallerIdentity", PROTO_QUERY, "eu-north-1", "", ""},
    {"POST", "/", "localhost:4566",
     {{"Authorization", SIGV4("us-west-1", "dynamodb")}, {"X-Amz-Target", "DynamoDB_20120810.Query"}},
     "{}", "dynamodb", "Query", PROTO_JSON, "us-west-1", "", ""},
    {"POST", "/", "localhost:4566",
     {{"Authorization", SIGV4("us-west-1", "dynamodb")},
      {"X-Amz-Target", "DynamoDBStreams_20120810.GetRecords"}},
     "{}", "dynamodbstreams", "GetRecords", PROTO_JSON, "us-west-1", "", ""},
    {"PUT", "/bucket/key", "127.0.0.1:5000", {{"Authorization", SIGV4("ap-southeast-2", "s3")}}, "x",
     "s3", "", PROTO_REST_XML, "ap-southeast-2", "", ""},
    {"GET", "/v20180820/configuration/publicAccessBlock", "127.0.0.1:5000",
     {{"Authorization", SIGV4("us-east-1", "s3")}}, NULL,
     "s3control", "", PROTO_REST_XML, "us-east-1", "", ""},
    {"POST", "/", "[::1]:5000",
     {{"Authorization", SIGV4("us-east-1", "elasticloadbalancing")}, FORM},
     "Action=DescribeTargetGroups&Version=2015-12-01",
     "elbv2", "DescribeTargetGroups", PROTO_QUERY, "us-east-1", "", ""},
    {"POST", "/", "127.0.0.1:5000",
     {{"Authorization", SIGV4("us-east-1", "sqs")}, {"X-Amz-Target", "AmazonSQS.ReceiveMessage"},
      JSON10}, "{}", "sqs", "ReceiveMessage", PROTO_JSON, "us-east-1", "", ""},
    /* Unsigned operations sent to an endpoint URL: the Action tells. */
    {"POST", "/", "127.0.0.1:5000", {FORM}, "Action=AssumeRoleWithWebIdentity&Version=2011-06-15",
     "sts", "AssumeRoleWithWebIdentity", PROTO_QUERY, "us-east-1", "", ""},
    /* X-Amz-Target alone is enough. */
    {"POST", "/", "127.0.0.1:5000", {{"X-Amz-Target", "DynamoDB_20120810.ListTables"}}, "{}",
     "dynamodb", "ListTables", PROTO_JSON, "us-east-1", "", ""},
    /* Presigned URL: the scope is in the query string. */
    {"GET", "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Signature=x",
     "localhost:5000", {{0}}, NULL, "s3", "", PROTO_REST_XML, "eu-west-3", "", ""},
    /* SigV2, header or presigned URL, is S3's alone. */
    {"GET", "/bucket/key?AWSAccessKeyId=AKID&Signature=abc%3D&Expires=1700000000", "127.0.0.1:5000",
     {{0}}, NULL, "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    {"PUT", "/bucket", "localhost", {{"Authorization", "AWS AKID:c2ln"}}, NULL,
     "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    /* SigV4a has no region in its scope. */
    {"GET", "/bucket", "127.0.0.1", {{"Authorization",
      "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240101/s3/aws4_request, SignedHeaders=host, Signature=x"}},
     NULL, "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    /* What browsers send unsigned to an endpoint URL: CORS preflights and form uploads. */
    {"OPTIONS", "/bucket/key", "127.0.0.1:5000", {{"Origin", "https://a.example.com"}}, NULL, "s3",
     "", PROTO_REST_XML, "us-east-1", "", ""},
    {"POST", "/bucket", "localhost:5000",
     {{"Content-Type", "multipart/form-data; boundary=----x"}}, NULL, "s3", "", PROTO_REST_XML,
     "us-east-1", "", ""},
    {"POST", "/bucket", "localhost:5000", {{"Content-Type", "application/x-www-form-urlencoded"}},
     "key=k", NULL, "", PROTO_UNKNOWN, "us-east-1", "", ""},
    /* Every partition's hosts, and the names endpoints.json gives them. */
    {"POST", "/", "sts.us-iso-east-1.c2s.ic.gov", {FORM},
     "Action=GetCallerIdentity&Version=2011-06-15", "sts", "GetCallerIdentity", PROTO_QUERY,
     "us-iso-east-1", "", ""},
    {"POST", "/", "sqs.eusc-de-east-1.amazonaws.eu",
     {{"X-Amz-Target", "AmazonSQS.ListQueues"}, JSON10}, "{}", "sqs", "ListQueues", PROTO_JSON,
     "eusc-de-east-1", "", ""},
    {"POST", "/", "iam.us-gov.amazonaws.com", {FORM}, "Action=ListUsers&Version=2010-05-08",
     "iam", "ListUsers", PROTO_QUERY, "us-gov-west-1", "", ""},
    {"GET", "/2013-04-01/hostedzone", "route53.c2s.ic.gov", {{0}}, NULL, "route53", "",
     PROTO_REST_XML, "us-iso-east-1", "", ""},
    /* A service's host with nothing that names an operation. */
    {"GET", "/", "sqs.us-east-1.amazonaws.com", {{0}}, NULL, "sqs", "", PROTO_JSON, "us-east-1",
     "", ""},
    /* Unsigned, with no other service's mark, on an endpoint URL: S3's, as moto_server takes
     * them. */
    {"PUT", "/bucket/key", "127.0.0.1:4566", {{"Content-Type", "text/plain"}}, "hello", "s3", "",
     PROTO_REST_XML, "us-east-1", "", ""},
    {"PUT", "/bucket/key", "127.0.0.1:4566", {FORM}, "a=b", "s3", "", PROTO_REST_XML, "us-east-1",
     "", ""},
    {"GET", "/whatever", "nosuchservice.example.com", {{0}}, NULL, "s3", "", PROTO_REST_XML,
     "us-east-1", "", ""},
    {"DELETE", "/bucket", "localhost:5000", {{0}}, NULL, "s3", "", PROTO_REST_XML, "us-east-1",
     "", ""},
    {"GET", "/", NULL, {{0}}, NULL, "s3", "", PROTO_REST_XML, "us-east-1", "", ""},
    /* Nothing to tell from: an AWS host that names no service, a mark of an unknown service. */
    {"GET", "/", "nosuch.us-east-1.amazonaws.com", {{0}}, NULL, NULL, "", PROTO_UNKNOWN,
     "us-east-1", "", ""},
    {"POST", "/", "127.0.0.1:4566", {{"X-Amz-Target", "NoSuchService_20200101.Op"}, JSON10}, "{}",
     NULL, "", PROTO_UNKNOWN, "us-east-1", "", ""},
    {"POST", "/", "127.0.0.1:4566", {FORM}, "Action=NoSuchAction&Version=2020-01-01", NULL, "",
     PROTO_UNKNOWN, "us-east-1", "", ""},
};

static void build_request(const struct route_case *c, struct http_request *req)
{
    http_request_init(req);
    snprintf(req->method, sizeof req->method, "%s", c->method);
    req->target = xstrdup(c->target);
    const char *q = strchr(c->target, '?');
    req->path = q ? xstrndup(c->target, (size_t)(q - c->target)) : xstrdup(c->target);
    req->query = xstrdup(q ? q + 1 : "");
    if (c->host)
        http_headers_add(&req->headers, "Host", c->host);
    for (int i = 0; i < 4 && c->headers[i][0]; i++)
        http_headers_add(&req->headers, c->headers[i][0], c->headers[i][1]);
    if (c->body)
        buf_puts(&req->body, c->body);
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct route_case *c = &cases[i];
        struct http_request req;
        build_request(c, &req);
        struct route rt;
        route_request(&req, &rt);
        const char *what = c->host ? c->host : "(no host)";
        CHECK_STR(rt.service ? rt.service->name : "(none)", c->service ? c->service : "(none)",
                  "service of %s %s", what, c->target);
        CHECK_STR(rt.operation, c->operation, "operation of %s %s", what, c->target);
        CHECK(rt.protocol == c->protocol, "protocol of %s %s: %s", what, c->target,
              aws_protocol_name(rt.protocol));
        CHECK_STR(rt.region, c->region, "region of %s %s", what, c->target);
        CHECK_STR(rt.bucket, c->bucket, "bucket of %s %s", what, c->target);
        CHECK_STR(rt.host_account, c->host_account, "host account of %s", what);
        CHECK_STR(rt.account, "123456789012", "account of %s", what);
        CHECK(!rt.moto_api, "%s is not the moto-api", what);
        http_request_free(&req);
    }
}

static void test_access_key_and_moto_api(void)
{
    struct route_case c = {.method = "POST", .target = "/", .host = "127.0.0.1",
                           .headers = {{"Authorization", SIGV4("us-east-1", "sts")}}};
    struct http_request req;
    build_request(&c, &req);
    struct route rt;
    route_request(&req, &rt);
    CHECK_STR(rt.access_key, "AKIDEXAMPLE", "access key from the Authorization header");
    http_request_free(&req);

    struct route_case v2 = {.method = "GET", .target = "/", .host = "s3.amazonaws.com",
                            .headers = {{"Authorization", "AWS AKIAOLD:sig="}}};
    build_request(&v2, &req);
    route_request(&req, &rt);
    CHECK_STR(rt.access_key, "AKIAOLD", "SigV2 access key");
    http_request_free(&req);

    struct route_case api = {.method = "POST", .target = "/moto-api/reset", .host = "127.0.0.1:5000"};
    build_request(&api, &req);
    route_request(&req, &rt);
    CHECK(rt.moto_api, "/moto-api/ path");
    http_request_free(&req);

    struct route_case api_host = {.method = "POST", .target = "/moto-api/reset",
                                  .host = "motoapi.amazonaws.com"};
    build_request(&api_host, &req);
    route_request(&req, &rt);
    CHECK(rt.moto_api, "motoapi.amazonaws.com");
    http_request_free(&req);
}

static void test_region_shapes(void)
{
    static const char *const yes[] = {"us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1",
                                      "ap-southeast-7", "eu-isoe-west-1", "us-isob-east-1",
                                      "us-isof-south-1", "eusc-de-east-1"};
    static const char *const no[] = {"s3", "us-east", "dualstack", "s3-us-west-2", "us--east-1",
                                     "u-east-1", "us-east-x", "123456789012", "-east-1", "",
                                     "europe-de-east-1", "eusc-1", "eu1-west-1"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        CHECK(looks_like_region(yes[i], strlen(yes[i])), "%s is a region", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        CHECK(!looks_like_region(no[i], strlen(no[i])), "%s is not a region", no[i]);
}

static void test_every_service_routes_by_its_own_host(void)
{
    /* Each json service, addressed at its endpoint prefix with its own target prefix, comes back
     * as itself: the index and the router agree for all of them. */
    for (size_t i = 0; i < service_index_count; i++) {
        const struct service_info *s = &service_index[i];
        if (!s->target_prefix || s->protocol != PROTO_JSON)
            continue;
        char host[256], target[256];
        snprintf(host, sizeof host, "%s.eu-west-1.amazonaws.com", s->endpoint_prefix);
        snprintf(target, sizeof target, "%s.SomeOperation", s->target_prefix);
        struct route_case c = {.method = "POST", .target = "/", .host = host,
                               .headers = {{"X-Amz-Target", target}}, .body = "{}"};
        struct http_request req;
        build_request(&c, &req);
        struct route rt;
        route_request(&req, &rt);
        CHECK(rt.service && (rt.service == s || strcmp(rt.service->target_prefix, s->target_prefix) == 0),
              "%s routes to %s", host, rt.service ? rt.service->name : "(none)");
        CHECK_STR(rt.region, "eu-west-1", "region of %s", host);
        http_request_free(&req);
    }
}

int main(void)
{
    unsetenv("MOTOC_ACCOUNT_ID");
    unsetenv("MOTOC_REGION");
    test_cases();
    test_access_key_and_moto_api();
    test_region_shapes();
    test_every_service_routes_by_its_own_host();
    return test_summary("route");
}
