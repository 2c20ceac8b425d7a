/* IAM's checks of policy documents: the first problem of the earliest phase wins (grammar,
 * version, what the legacy parser refused, statement ids, then actions and resources). */
#include <stddef.h>

#include "../../services/iam/policy_document.h"
#include "check.h"

struct document_case {
    enum policy_document_kind kind;
    const char *document;
    const char *problem; /* NULL: the document is valid */
};

#define V "\"Version\":\"2012-10-17\","
#define STATEMENT(body) "{" V "\"Statement\":{" body "}}"
#define S3_ALLOW "\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","

static const struct document_case cases[] = {
    /* valid identity policies */
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\""), NULL},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":[\"arn:aws:s3:::b/*\",null]"), NULL},
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\"],"
                                "\"NotResource\":\"arn:aws:iam::123456789012:role/x\""),
     NULL},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":"
                                "{\"aws:CurrentTime\":\"2024-01-01T00:00:00Z\"}}"),
     NULL},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:"
                                "StringLikeIfExists\":{\"aws:TagKeys\":[\"a*\"]}}"),
     NULL},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"arn:aws:s3:us-west-2:123456789012:"
                                "accesspoint/ap\""),
     NULL},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Condition\":{\"Unknown\":{}}"), NULL},
    /* grammar */
    {IDENTITY_POLICY, "not json", "Syntax errors in policy."},
    {IDENTITY_POLICY, "{" V "\"Statement\":[]}", "Syntax errors in policy."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Extra\":1"),
     "Syntax errors in policy."},
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"Maybe\",\"Action\":\"s3:*\",\"Resource\":\"*\""),
     "Syntax errors in policy."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"NotAction\":\"s3:*\",\"Resource\":\"*\""),
     "Syntax errors in policy."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Condition\":{\"Nope\":{\"a\":\"b\"}}"),
     "Syntax errors in policy."},
    {IDENTITY_POLICY, "{\"Version\":\"2013-10-17\",\"Statement\":{" S3_ALLOW "\"Resource\":\"*\"}}",
     "Syntax errors in policy."},
    /* version */
    {IDENTITY_POLICY, "{\"Statement\":{" S3_ALLOW "\"Resource\":\"*\"}}",
     "Policy document must be version 2012-10-17 or greater."},
    {IDENTITY_POLICY, "{\"Version\":\"2008-10-17\",\"Statement\":{" S3_ALLOW "\"Resource\":\"*\"}}",
     "Policy document must be version 2012-10-17 or greater."},
    /* legacy parser */
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\""),
     "The policy failed legacy parsing"},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"arn:aws:s3::bucket\""),
     "The policy failed legacy parsing"},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":"
                                "{\"aws:CurrentTime\":\"yesterday\"}}"),
     "The policy failed legacy parsing"},
    /* statement ids */
    {IDENTITY_POLICY, "{" V "\"Statement\":[{\"Sid\":\"a\"," S3_ALLOW "\"Resource\":\"*\"},"
                      "{\"Sid\":\"a\"," S3_ALLOW "\"Resource\":\"*\"}]}",
     "Statement IDs (SID) in a single policy must be unique."},
    /* meaning */
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"Allow\",\"Resource\":\"*\""),
     "Policy statement must contain actions."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":[]"),
     "Policy statement must contain resources."},
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"Allow\",\"Action\":\"s3\",\"Resource\":\"*\""),
     "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
    {IDENTITY_POLICY, STATEMENT("\"Effect\":\"Allow\",\"Action\":\"s3:a:b\",\"Resource\":\"*\""),
     "Actions/Condition can contain only one colon."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"bucket\""),
     "Resource bucket must be in ARN format or \"*\"."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"arn:nope:s3\""),
     "Partition \"nope\" is not valid for resource \"arn:nope:s3:*:*:*\"."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Resource\":\"arn:aws:iam:us-east-1::user/x\""),
     "IAM resource arn:aws:iam:us-east-1::user/x cannot contain region information."},
    {IDENTITY_POLICY, STATEMENT(S3_ALLOW "\"Principal\":\"*\",\"Resource\":\"*\""),
     "Policy document should not specify a principal."},
    /* trust policies */
    {TRUST_POLICY, "{" V "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                   "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
     NULL},
    {TRUST_POLICY, "{" V "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                   "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
     "Has prohibited field Resource."},
    {TRUST_POLICY, "{" V "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                   "\"Action\":\"s3:GetObject\"}]}",
     "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
     "sts:AssumeRoleWithWebIdentity"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char message[1400];
        const char *problem = policy_document_problem(cases[i].document, cases[i].kind, message,
                                                      sizeof message);
        if (cases[i].problem)
            CHECK_STR(problem, cases[i].problem, "case %zu: %s", i, cases[i].document);
        else
            CHECK(problem == NULL, "case %zu: %s refused: %s", i, cases[i].document,
                  problem ? problem : "");
    }
    return test_summary("iam_policy_document");
}
