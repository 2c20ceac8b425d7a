/* AWS's policy evaluation logic, case by case: identity policies, boundaries, resource policies
 * and each family of condition operators against a request and its context. */
#include <stddef.h>

#include "../../services/iam/policy_eval.h"
#include "check.h"

#define MAX_CTX 4
struct context_case {
    const char *key;
    const char *values[3];
};

struct eval_case {
    const char *name;
    const char *identity;  /* NULL: none */
    const char *boundary;  /* NULL: none */
    const char *resource_policy;
    const char *action;
    const char *resource;
    struct context_case context[MAX_CTX];
    enum eval_decision want;
};

#define DOC(statements) "{\"Version\":\"2012-10-17\",\"Statement\":[" statements "]}"
#define ALLOW(rest) "{\"Effect\":\"Allow\"," rest "}"
#define DENY(rest) "{\"Effect\":\"Deny\"," rest "}"
#define ALL_S3 "\"Action\":\"s3:*\",\"Resource\":\"*\""
#define GET "\"Action\":\"s3:GetObject\",\"Resource\":\"*\""
#define COND(c) GET ",\"Condition\":{" c "}"
#define A EVAL_ALLOWED
#define I EVAL_IMPLICIT_DENY
#define X EVAL_EXPLICIT_DENY
#define OBJ "arn:aws:s3:::bucket/key"

static const struct eval_case cases[] = {
    /* basic decisions */
    {"no policy", NULL, NULL, NULL, "s3:GetObject", OBJ, {{0}}, I},
    {"allow", DOC(ALLOW(ALL_S3)), NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"other service", DOC(ALLOW(ALL_S3)), NULL, NULL, "sqs:SendMessage", OBJ, {{0}}, I},
    {"deny wins", DOC(ALLOW(ALL_S3) "," DENY(GET)), NULL, NULL, "s3:GetObject", OBJ, {{0}}, X},
    {"deny elsewhere", DOC(ALLOW(ALL_S3) "," DENY(GET)), NULL, NULL, "s3:PutObject", OBJ, {{0}}, A},
    {"deny only", DOC(DENY(GET)), NULL, NULL, "s3:GetObject", OBJ, {{0}}, X},
    {"single statement object", "{\"Version\":\"2012-10-17\",\"Statement\":" ALLOW(GET) "}", NULL,
     NULL, "s3:GetObject", OBJ, {{0}}, A},
    /* actions */
    {"action case", DOC(ALLOW("\"Action\":\"S3:getobject\",\"Resource\":\"*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, A},
    {"action prefix", DOC(ALLOW("\"Action\":\"s3:Get*\",\"Resource\":\"*\"")), NULL, NULL,
     "s3:GetObjectAcl", OBJ, {{0}}, A},
    {"action ?", DOC(ALLOW("\"Action\":\"s3:GetObjec?\",\"Resource\":\"*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, A},
    {"action ? one char", DOC(ALLOW("\"Action\":\"s3:GetObjec?\",\"Resource\":\"*\"")), NULL,
     NULL, "s3:GetObjectAcl", OBJ, {{0}}, I},
    {"action list", DOC(ALLOW("\"Action\":[\"sqs:*\",\"s3:Put*\"],\"Resource\":\"*\"")), NULL,
     NULL, "s3:PutObject", OBJ, {{0}}, A},
    {"NotAction allows rest", DOC(ALLOW("\"NotAction\":\"iam:*\",\"Resource\":\"*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, A},
    {"NotAction excludes", DOC(ALLOW("\"NotAction\":\"iam:*\",\"Resource\":\"*\"")), NULL, NULL,
     "iam:CreateUser", "*", {{0}}, I},
    {"Deny NotAction", DOC(ALLOW("\"Action\":\"*\",\"Resource\":\"*\"") ","
                           DENY("\"NotAction\":\"s3:*\",\"Resource\":\"*\"")),
     NULL, NULL, "sqs:SendMessage", "*", {{0}}, X},
    /* resources */
    {"resource prefix", DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucket/*\"")),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"resource other bucket",
     DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::other/*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, I},
    {"resource case-sensitive",
     DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::BUCKET/*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, I},
    {"resource ?", DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucke?/k?y\"")),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"NotResource", DOC(ALLOW("\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::secret/*\"")),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"NotResource excludes",
     DOC(ALLOW("\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::bucket/*\"")), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, I},
    /* boundaries */
    {"boundary allows", DOC(ALLOW(ALL_S3)), DOC(ALLOW(GET)), NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"boundary limits", DOC(ALLOW(ALL_S3)), DOC(ALLOW(GET)), NULL, "s3:PutObject", OBJ, {{0}}, I},
    {"boundary alone grants nothing", NULL, DOC(ALLOW(ALL_S3)), NULL, "s3:GetObject", OBJ, {{0}},
     I},
    {"boundary deny", DOC(ALLOW(ALL_S3)), DOC(ALLOW(ALL_S3) "," DENY(GET)), NULL, "s3:GetObject",
     OBJ, {{0}}, X},
    /* resource policies */
    {"resource policy grants caller", NULL, NULL,
     DOC(ALLOW("\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/alice\"}," GET)),
     "s3:GetObject", OBJ, {{0}}, A},
    {"resource policy account root", NULL, NULL,
     DOC(ALLOW("\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"}," GET)),
     "s3:GetObject", OBJ, {{0}}, A},
    {"resource policy root ARN without account", NULL, NULL,
     DOC(ALLOW("\"Principal\":{\"AWS\":\"arn:aws:iam::root\"}," GET)), "s3:GetObject", OBJ,
     {{0}}, I},
    {"resource policy ARN ending in :root elsewhere", NULL, NULL,
     DOC(ALLOW("\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/x:root\"}," GET)),
     "s3:GetObject", OBJ, {{0}}, I},
    {"resource policy other principal", NULL, NULL,
     DOC(ALLOW("\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:user/bob\"]}," GET)),
     "s3:GetObject", OBJ, {{0}}, I},
    {"resource policy star deny", DOC(ALLOW(ALL_S3)), NULL, DOC(DENY("\"Principal\":\"*\"," GET)),
     "s3:GetObject", OBJ, {{0}}, X},
    {"NotPrincipal deny spares", DOC(ALLOW(ALL_S3)), NULL,
     DOC(DENY("\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:user/alice\"}," GET)),
     "s3:GetObject", OBJ, {{0}}, A},
    /* string conditions */
    {"StringEquals", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"home\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"home"}}}, A},
    {"StringEquals case", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"home\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"HOME"}}}, I},
    {"StringEquals key case-insensitive",
     DOC(ALLOW(COND("\"StringEquals\":{\"S3:Prefix\":\"home\"}"))), NULL, NULL, "s3:GetObject",
     OBJ, {{"s3:prefix", {"home"}}}, A},
    {"StringEquals values OR", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":[\"a\",\"b\"]}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"b"}}}, A},
    {"StringEquals missing key", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"a\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{0}}, I},
    {"StringNotEquals", DOC(ALLOW(COND("\"StringNotEquals\":{\"s3:prefix\":[\"a\",\"b\"]}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"b"}}}, I},
    {"StringNotEquals other", DOC(ALLOW(COND("\"StringNotEquals\":{\"s3:prefix\":\"a\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"c"}}}, A},
    {"StringNotEquals missing key", DOC(ALLOW(COND("\"StringNotEquals\":{\"s3:prefix\":\"a\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"StringEqualsIgnoreCase",
     DOC(ALLOW(COND("\"StringEqualsIgnoreCase\":{\"s3:prefix\":\"Home\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"hOME"}}}, A},
    {"StringNotEqualsIgnoreCase",
     DOC(ALLOW(COND("\"StringNotEqualsIgnoreCase\":{\"s3:prefix\":\"Home\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"hOME"}}}, I},
    {"StringLike", DOC(ALLOW(COND("\"StringLike\":{\"s3:prefix\":\"home/*\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"home/alice"}}}, A},
    {"StringNotLike", DOC(ALLOW(COND("\"StringNotLike\":{\"s3:prefix\":\"home/*\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"home/alice"}}}, I},
    {"two keys AND", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"a\",\"s3:delimiter\":"
                                    "\"/\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"s3:prefix", {"a"}}, {"s3:delimiter", {"|"}}}, I},
    {"two operators AND", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"a\"},\"Bool\":"
                                         "{\"aws:SecureTransport\":\"true\"}"))),
     NULL, NULL, "s3:GetObject", OBJ,
     {{"s3:prefix", {"a"}}, {"aws:SecureTransport", {"true"}}}, A},
    /* numeric */
    {"NumericLessThan", DOC(ALLOW(COND("\"NumericLessThan\":{\"s3:max-keys\":\"10\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:max-keys", {"9"}}}, A},
    {"NumericLessThan equal", DOC(ALLOW(COND("\"NumericLessThan\":{\"s3:max-keys\":\"10\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"s3:max-keys", {"10"}}}, I},
    {"NumericLessThanEquals",
     DOC(ALLOW(COND("\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:max-keys", {"10"}}}, A},
    {"NumericGreaterThan", DOC(ALLOW(COND("\"NumericGreaterThan\":{\"s3:max-keys\":10}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:max-keys", {"10.5"}}}, A},
    {"NumericGreaterThanEquals",
     DOC(ALLOW(COND("\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"11\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:max-keys", {"10"}}}, I},
    {"NumericEquals", DOC(ALLOW(COND("\"NumericEquals\":{\"s3:max-keys\":\"10\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:max-keys", {"10.0"}}}, A},
    {"NumericNotEquals", DOC(ALLOW(COND("\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:max-keys", {"10"}}}, I},
    {"Numeric not a number", DOC(ALLOW(COND("\"NumericEquals\":{\"s3:max-keys\":\"10\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"s3:max-keys", {"ten"}}}, I},
    /* dates */
    {"DateGreaterThan ISO",
     DOC(ALLOW(COND("\"DateGreaterThan\":{\"aws:CurrentTime\":\"2024-01-01T00:00:00Z\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2024-06-01T12:00:00Z"}}}, A},
    {"DateLessThan ISO",
     DOC(ALLOW(COND("\"DateLessThan\":{\"aws:CurrentTime\":\"2024-01-01T00:00:00Z\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2024-06-01T12:00:00Z"}}}, I},
    {"DateEquals epoch vs ISO",
     DOC(ALLOW(COND("\"DateEquals\":{\"aws:EpochTime\":\"1970-01-02T00:00:00Z\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"aws:EpochTime", {"86400"}}}, A},
    {"DateLessThanEquals offset",
     DOC(ALLOW(COND("\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2024-01-01T01:00:00+01:00\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2024-01-01T00:00:00Z"}}}, A},
    {"DateGreaterThan without seconds",
     DOC(ALLOW(COND("\"DateGreaterThan\":{\"aws:CurrentTime\":\"2024-06-01T11:59+00:00\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2024-06-01T12:00:00Z"}}}, A},
    {"DateLessThan malformed zone",
     DOC(ALLOW(COND("\"DateLessThan\":{\"aws:CurrentTime\":\"2024-01-01T00:00:00Z\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2023-01-01T00:00:00-8:0"}}}, I},
    {"DateNotEquals", DOC(ALLOW(COND("\"DateNotEquals\":{\"aws:CurrentTime\":\"2024-01-01\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:CurrentTime", {"2024-01-01T00:00:00Z"}}}, I},
    /* bool, binary, null */
    {"Bool true", DOC(ALLOW(COND("\"Bool\":{\"aws:SecureTransport\":\"true\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"aws:SecureTransport", {"true"}}}, A},
    {"Bool JSON false", DOC(DENY(COND("\"Bool\":{\"aws:SecureTransport\":false}")) ","
                            ALLOW(GET)),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SecureTransport", {"false"}}}, X},
    {"BinaryEquals", DOC(ALLOW(COND("\"BinaryEquals\":{\"k:bin\":\"QmluYXJ5\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"k:bin", {"QmluYXJ5"}}}, A},
    {"Null true on missing", DOC(ALLOW(COND("\"Null\":{\"aws:TokenIssueTime\":\"true\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"Null false on missing", DOC(ALLOW(COND("\"Null\":{\"aws:TokenIssueTime\":\"false\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, I},
    {"Null false present", DOC(ALLOW(COND("\"Null\":{\"aws:TokenIssueTime\":\"false\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:TokenIssueTime", {"2024-01-01T00:00:00Z"}}}, A},
    /* addresses */
    {"IpAddress v4", DOC(ALLOW(COND("\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SourceIp", {"203.0.113.7"}}}, A},
    {"IpAddress v4 outside", DOC(ALLOW(COND("\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SourceIp", {"203.0.114.7"}}}, I},
    {"NotIpAddress", DOC(ALLOW(COND("\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:SourceIp", {"192.0.2.1"}}}, A},
    {"IpAddress v6", DOC(ALLOW(COND("\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}"))), NULL,
     NULL, "s3:GetObject", OBJ, {{"aws:SourceIp", {"2001:db8:1::5"}}}, A},
    {"IpAddress v6 vs v4", DOC(ALLOW(COND("\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SourceIp", {"192.0.2.1"}}}, I},
    /* ARNs */
    {"ArnLike", DOC(ALLOW(COND("\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:123456789012:*\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:t"}}},
     A},
    {"ArnNotEquals", DOC(ALLOW(COND("\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:*:t\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:SourceArn", {"arn:aws:sns:us-east-1:1:t"}}}, I},
    /* IfExists */
    {"IfExists missing", DOC(ALLOW(COND("\"StringEqualsIfExists\":{\"ec2:InstanceType\":\"t3\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, A},
    {"IfExists present mismatch",
     DOC(ALLOW(COND("\"StringEqualsIfExists\":{\"ec2:InstanceType\":\"t3\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"ec2:InstanceType", {"m5"}}}, I},
    {"NumericIfExists present",
     DOC(ALLOW(COND("\"NumericLessThanIfExists\":{\"s3:max-keys\":\"5\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:max-keys", {"4"}}}, A},
    /* set operators */
    {"ForAllValues subset",
     DOC(ALLOW(COND("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"aws:TagKeys", {"a", "b"}}}, A},
    {"ForAllValues extra",
     DOC(ALLOW(COND("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"aws:TagKeys", {"a", "c"}}}, I},
    {"ForAllValues missing",
     DOC(ALLOW(COND("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\"]}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{0}}, A},
    {"ForAnyValue one", DOC(ALLOW(COND("\"ForAnyValue:StringLike\":{\"aws:TagKeys\":\"env*\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:TagKeys", {"x", "environment"}}}, A},
    {"ForAnyValue none", DOC(ALLOW(COND("\"ForAnyValue:StringLike\":{\"aws:TagKeys\":\"env*\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{"aws:TagKeys", {"x", "y"}}}, I},
    {"ForAnyValue missing", DOC(ALLOW(COND("\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"a\"}"))),
     NULL, NULL, "s3:GetObject", OBJ, {{0}}, I},
    {"condition block not an object", DOC(ALLOW(COND("\"StringEquals\":[\"a\"]"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"a"}}}, I},
    {"unknown operator", DOC(ALLOW(COND("\"StringSortOf\":{\"s3:prefix\":\"a\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"a"}}}, I},
    /* policy variables */
    {"username in resource",
     DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucket/${aws:username}/*\"")),
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/alice/f", {{"aws:username", {"alice"}}}, A},
    {"username other",
     DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucket/${aws:username}/*\"")),
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/bob/f", {{"aws:username", {"alice"}}}, I},
    {"variable missing",
     DOC(ALLOW("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucket/${aws:username}/*\"")),
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/alice/f", {{0}}, I},
    {"principal tag in condition",
     DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"${aws:PrincipalTag/team}\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"blue"}}, {"aws:PrincipalTag/team", {"blue"}}}, A},
    {"variable default when the key is missing",
     DOC(ALLOW("\"Action\":\"s3:GetObject\",\"Resource\":"
               "\"arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*\"")),
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/shared/f", {{0}}, A},
    {"variable value wins over its default",
     DOC(ALLOW("\"Action\":\"s3:GetObject\",\"Resource\":"
               "\"arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*\"")),
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/shared/f", {{"aws:PrincipalTag/team", {"blue"}}}, I},
    {"no variables before Version 2012-10-17",
     "{\"Version\":\"2008-10-17\",\"Statement\":[" ALLOW(
         "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket/${aws:username}/*\"") "]}",
     NULL, NULL, "s3:GetObject", "arn:aws:s3:::bucket/${aws:username}/f", {{"aws:username", {"alice"}}}, A},
    {"literal dollar", DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"a${$}b\"}"))), NULL, NULL,
     "s3:GetObject", OBJ, {{"s3:prefix", {"a$b"}}}, A},
};

static cJSON *parse(const char *text)
{
    return text ? cJSON_Parse(text) : NULL;
}

static void run_case(const struct eval_case *c)
{
    cJSON *identity = parse(c->identity), *boundary = parse(c->boundary);
    cJSON *resource_policy = parse(c->resource_policy);
    CHECK(!c->identity || identity, "%s: identity policy parses", c->name);
    CHECK(!c->boundary || boundary, "%s: boundary parses", c->name);
    CHECK(!c->resource_policy || resource_policy, "%s: resource policy parses", c->name);
    const cJSON *identity_list[1] = {identity}, *boundary_list[1] = {boundary};
    struct eval_policies policies = {identity_list, identity ? 1 : 0, boundary_list,
                                     boundary ? 1 : 0, resource_policy};
    struct eval_context_entry context[MAX_CTX];
    size_t count = 0;
    for (; count < MAX_CTX && c->context[count].key; count++) {
        size_t values = 0;
        while (values < 3 && c->context[count].values[values])
            values++;
        context[count] = (struct eval_context_entry){c->context[count].key,
                                                     c->context[count].values, values};
    }
    struct eval_request request = {c->action, c->resource, "arn:aws:iam::123456789012:user/alice",
                                   context, count, false};
    struct eval_result result;
    policy_evaluate(&policies, &request, &result);
    CHECK(result.decision == c->want, "%s: got %s, want %s", c->name,
          eval_decision_name(result.decision), eval_decision_name(c->want));
    cJSON_Delete(identity);
    cJSON_Delete(boundary);
    cJSON_Delete(resource_policy);
}

static void missing_context_keys_are_reported(void)
{
    cJSON *policy = cJSON_Parse(DOC(ALLOW(COND("\"StringEquals\":{\"s3:prefix\":\"a\"},"
                                               "\"Bool\":{\"aws:SecureTransport\":\"true\"}"))));
    const cJSON *list[1] = {policy};
    struct eval_policies policies = {list, 1, NULL, 0, NULL};
    struct eval_request request = {"s3:GetObject", OBJ, NULL, NULL, 0, false};
    struct eval_result result;
    policy_evaluate(&policies, &request, &result);
    CHECK(result.decision == EVAL_IMPLICIT_DENY, "missing keys deny");
    CHECK(result.missing_count == 2, "both keys reported, got %zu", result.missing_count);
    cJSON_Delete(policy);
}

static void deciding_statements_are_reported(void)
{
    cJSON *identity = cJSON_Parse(DOC(ALLOW(ALL_S3) "," DENY(
        "\"Action\":\"s3:Delete*\",\"Resource\":\"*\"") "," ALLOW(
        "\"Action\":\"s3:Get*\",\"Resource\":\"*\"")));
    cJSON *resource_policy = cJSON_Parse(DOC(ALLOW(GET ",\"Principal\":\"*\"")));
    const cJSON *list[1] = {identity};
    struct eval_policies policies = {list, 1, NULL, 0, resource_policy};
    struct eval_result result;

    struct eval_request get = {"s3:GetObject", OBJ, NULL, NULL, 0, false};
    policy_evaluate(&policies, &get, &result);
    CHECK(result.decision == EVAL_ALLOWED && result.matched_count == 3,
          "allow reports every allowing statement, got %zu", result.matched_count);
    CHECK(result.matched[0].set == EVAL_SET_IDENTITY && result.matched[0].statement == 0 &&
              result.matched[1].statement == 2 && result.matched[2].set == EVAL_SET_RESOURCE,
          "identity statements 0 and 2, then the resource policy's");

    struct eval_request delete = {"s3:DeleteObject", OBJ, NULL, NULL, 0, false};
    policy_evaluate(&policies, &delete, &result);
    CHECK(result.decision == EVAL_EXPLICIT_DENY && result.matched_count == 1 &&
              result.matched[0].statement == 1,
          "explicit deny reports only the denying statement");

    struct eval_request publish = {"sns:Publish", OBJ, NULL, NULL, 0, false};
    policy_evaluate(&policies, &publish, &result);
    CHECK(result.decision == EVAL_IMPLICIT_DENY && result.matched_count == 0,
          "implicit deny reports no statement");
    cJSON_Delete(identity);
    cJSON_Delete(resource_policy);
}

static void cross_account_needs_both_policies(void)
{
    cJSON *identity = cJSON_Parse(DOC(ALLOW(GET)));
    cJSON *resource_policy = cJSON_Parse(DOC(ALLOW(GET ",\"Principal\":\"*\"")));
    const cJSON *list[1] = {identity};
    struct eval_result result;
    struct eval_request other_account = {"s3:GetObject", OBJ, NULL, NULL, 0, true};

    struct eval_policies identity_only = {list, 1, NULL, 0, NULL};
    policy_evaluate(&identity_only, &other_account, &result);
    CHECK(result.decision == EVAL_IMPLICIT_DENY, "cross-account: identity policy alone denies");
    struct eval_policies resource_only = {NULL, 0, NULL, 0, resource_policy};
    policy_evaluate(&resource_only, &other_account, &result);
    CHECK(result.decision == EVAL_IMPLICIT_DENY, "cross-account: resource policy alone denies");
    struct eval_policies both = {list, 1, NULL, 0, resource_policy};
    policy_evaluate(&both, &other_account, &result);
    CHECK(result.decision == EVAL_ALLOWED && result.matched_count == 2,
          "cross-account: both allow, both reported");
    struct eval_request same_account = {"s3:GetObject", OBJ, NULL, NULL, 0, false};
    policy_evaluate(&resource_only, &same_account, &result);
    CHECK(result.decision == EVAL_ALLOWED, "same account: the resource policy alone allows");
    cJSON_Delete(identity);
    cJSON_Delete(resource_policy);
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    missing_context_keys_are_reported();
    deciding_statements_are_reported();
    cross_account_needs_both_policies();
    CHECK(sizeof cases / sizeof cases[0] >= 50, "table has %zu cases", sizeof cases / sizeof cases[0]);
    return test_summary("iam_policy_eval");
}
