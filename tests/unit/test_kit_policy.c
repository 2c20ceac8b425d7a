/* The kit's policy documents: the strictness levels, the complete grammar's checks, and the
 * statement edits of AddPermission / RemovePermission. */
#include <stdlib.h>

#include "../../services/core/policy.h"
#include "check.h"

static struct policy_problem problem;

static int complete(const char *text)
{
    return policy_check(text, POLICY_COMPLETE, &problem);
}

#define STATEMENT(body) "{\"Version\":\"2012-10-17\",\"Statement\":" body "}"
#define GOOD_BODY "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"*\""

static void test_strictness(void)
{
    CHECK(policy_check("  {}", POLICY_ANY_OBJECT, &problem) == 0, "any object");
    CHECK(policy_check("[]", POLICY_ANY_OBJECT, &problem) == -1 && problem.not_json, "a list");
    CHECK(policy_check("{oops", POLICY_ANY_OBJECT, &problem) == -1 && problem.not_json, "bad JSON");
    CHECK(policy_check(NULL, POLICY_ANY_OBJECT, &problem) == -1, "no text");
    CHECK(policy_check("{}", POLICY_WITH_STATEMENT, &problem) == -1 && !problem.not_json,
          "no Statement");
    CHECK_STR(problem.message, "Missing required field Statement", "message");
    CHECK(policy_check("{\"Statement\":[]}", POLICY_WITH_STATEMENT, &problem) == 0,
          "a Statement of any shape");
}

static void test_complete_grammar(void)
{
    CHECK(complete(STATEMENT("{" GOOD_BODY "}")) == 0, "one statement as an object");
    CHECK(complete(STATEMENT("[{\"Sid\":\"a\"," GOOD_BODY "},{\"Sid\":\"b\",\"Effect\":\"Deny\","
                             "\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::1:root\"]},"
                             "\"NotAction\":[\"sqs:SendMessage\"],\"NotResource\":\"x\","
                             "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"1\"}}}]")) ==
              0,
          "a list with the Not* forms and a condition");
    CHECK(complete("{\"Version\":\"2020-01-01\",\"Statement\":{" GOOD_BODY "}}") == -1,
          "unknown version");
    CHECK(complete(STATEMENT("[]")) == -1, "no statements");
    CHECK(complete(STATEMENT("{\"Principal\":\"*\",\"Action\":\"a\",\"Resource\":\"*\"}")) == -1,
          "no Effect");
    CHECK_STR(problem.message, "Missing required field Effect", "message");
    CHECK(complete(STATEMENT("{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"a\","
                             "\"Resource\":\"*\"}")) == -1,
          "bad Effect");
    CHECK(complete(STATEMENT("{\"Effect\":\"Allow\",\"Action\":\"a\",\"Resource\":\"*\"}")) == -1,
          "no Principal");
    CHECK_STR(problem.message, "Missing required field Principal", "message");
    CHECK(complete(STATEMENT("{" GOOD_BODY ",\"NotAction\":\"b\"}")) == -1, "Action and NotAction");
    CHECK(complete(STATEMENT("{\"Effect\":\"Allow\",\"Principal\":\"me\",\"Action\":\"a\","
                             "\"Resource\":\"*\"}")) == -1,
          "a principal string other than *");
    CHECK(complete(STATEMENT("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[],"
                             "\"Resource\":\"*\"}")) == -1,
          "an empty action list");
    CHECK(complete(STATEMENT("{" GOOD_BODY ",\"Condition\":{\"StringEquals\":\"x\"}}")) == -1,
          "a condition operator that is not an object");
    CHECK(complete(STATEMENT("[{\"Sid\":\"a\"," GOOD_BODY "},{\"Sid\":\"a\"," GOOD_BODY "}]")) ==
              -1,
          "repeated Sid");
}

static void test_statement_edits(void)
{
    cJSON *doc = policy_document_for_edit(NULL, "2012-10-17", "q/SQSDefaultPolicy");
    char *text = cJSON_PrintUnformatted(doc);
    CHECK_STR(text, "{\"Version\":\"2012-10-17\",\"Id\":\"q/SQSDefaultPolicy\",\"Statement\":[]}",
              "a new document");
    free(text);

    cJSON *accounts = cJSON_Parse("[\"111122223333\"]");
    cJSON *actions = cJSON_Parse("[\"SendMessage\",\"ReceiveMessage\"]");
    cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "Statement"),
                         policy_statement_for_accounts("lbl", "cn-north-1", accounts, "SQS",
                                                       actions, "arn:aws-cn:sqs:cn-north-1:1:q"));
    text = cJSON_PrintUnformatted(policy_statement_find(doc, "lbl"));
    CHECK_STR(text,
              "{\"Sid\":\"lbl\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
              "\"arn:aws-cn:iam::111122223333:root\"},\"Action\":[\"SQS:SendMessage\","
              "\"SQS:ReceiveMessage\"],\"Resource\":\"arn:aws-cn:sqs:cn-north-1:1:q\"}",
              "one principal as a string, two actions as a list");
    free(text);
    CHECK(policy_statement_find(doc, "other") == NULL, "no such Sid");
    CHECK(!policy_statement_remove(doc, "other"), "nothing removed");
    CHECK(policy_statement_remove(doc, "lbl"), "removed");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "Statement")) == 0, "empty again");
    cJSON_Delete(doc);
    cJSON_Delete(accounts);
    cJSON_Delete(actions);

    doc = policy_document_for_edit("{\"Version\":\"2008-10-17\",\"Statement\":{\"Sid\":\"x\"}}",
                                   "2012-10-17", NULL);
    CHECK(cJSON_IsArray(cJSON_GetObjectItem(doc, "Statement")),
          "a single statement becomes a list");
    CHECK(policy_statement_find(doc, "x") != NULL, "and is kept");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "Version")), "2008-10-17",
              "the document's own version kept");
    cJSON_Delete(doc);
}

int main(void)
{
    test_strictness();
    test_complete_grammar();
    test_statement_edits();
    return test_summary("kit_policy");
}
