/* Secrets Manager's parsers and data type: the words filters match, filter lists and how they
 * combine, rotation schedule expressions and durations, public policies, and how staging labels
 * move between versions. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../services/secretsmanager/list_filter.h"
#include "../../services/secretsmanager/public_policy.h"
#include "../../services/secretsmanager/schedule.h"
#include "../../services/secretsmanager/secret.h"
#include "check.h"

static void check_words(const char *text, const char *want)
{
    struct word_span words[16];
    size_t n = filter_split_words(text, words, 16);
    char joined[256] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(joined, i ? "|" : "");
        strncat(joined, words[i].begin, words[i].length);
    }
    CHECK_STR(joined, want, "words of '%s'", text);
}

static void test_words(void)
{
    check_words("single", "single");
    check_words("two  words", "two|words");
    check_words("camelCase", "camel|Case");
    check_words("Capitalised", "Capitalised");
    check_words("ThreeWordsHere", "Three|Words|Here");
    check_words("ACRONYMthen", "ACRONY|Mthen");
    check_words("ALLCAPS", "ALLCAPS");
    check_words("a/b_c+d=e.f@g-h", "a|b|c|d|e|f|g|h");
    check_words("//", "");
    check_words("v2Api", "v2|Api");
}

static void test_word_matching(void)
{
    CHECK(filter_words_match("prod/BillingApi", "Bill", true), "word prefix");
    CHECK(!filter_words_match("prod/BillingApi", "illing", true), "not a word start");
    CHECK(!filter_words_match("prod/BillingApi", "bill", true), "case-sensitive");
    CHECK(filter_words_match("prod/BillingApi", "bill", false), "case-insensitive");
    CHECK(filter_words_match("prod/BillingApi", "BillingApi", true), "value split too");
    CHECK(filter_words_match("one and two", "two one", true), "every word, any order");
    CHECK(!filter_words_match("one", "one two", true), "a value word missing");
    CHECK(!filter_words_match("a+b", "+", true), "a value without words matches nothing");
    CHECK(!filter_words_match(NULL, "x", true), "no field");
}

static bool listed(const char *filters_json, const struct filter_fields *fields)
{
    cJSON *filters = cJSON_Parse(filters_json);
    char problem[256];
    bool ok = list_filters_check(filters, problem, sizeof problem) == 0 &&
              list_filters_match(filters, fields);
    cJSON_Delete(filters);
    return ok;
}

static void test_filters(void)
{
    cJSON *tags = cJSON_Parse("[{\"Key\":\"team\",\"Value\":\"Ledger\"}]");
    struct filter_fields fields = {.name = "prod/db", .description = "Main Database", .tags = tags};
    CHECK(listed("[]", &fields), "no filters");
    CHECK(listed("[{\"Key\":\"name\",\"Values\":[\"prod\"]}]", &fields), "name");
    CHECK(listed("[{\"Key\":\"name\",\"Values\":[\"x\",\"db\"]}]", &fields), "values OR");
    CHECK(!listed("[{\"Key\":\"name\",\"Values\":[\"prod\"]},{\"Key\":\"name\",\"Values\":"
                  "[\"x\"]}]",
                  &fields),
          "filters AND");
    CHECK(listed("[{\"Key\":\"description\",\"Values\":[\"main data\"]}]", &fields),
          "description ignores case");
    CHECK(listed("[{\"Key\":\"tag-value\",\"Values\":[\"Led\"]}]", &fields), "tag value");
    CHECK(!listed("[{\"Key\":\"tag-value\",\"Values\":[\"led\"]}]", &fields), "tag value case");
    CHECK(listed("[{\"Key\":\"all\",\"Values\":[\"led\"]}]", &fields), "all ignores case");
    CHECK(listed("[{\"Key\":\"tag-key\",\"Values\":[\"!owner\"]}]", &fields), "negation");
    CHECK(!listed("[{\"Key\":\"tag-key\",\"Values\":[\"!team\"]}]", &fields), "negated match");
    CHECK(!listed("[{\"Key\":\"owning-service\",\"Values\":[\"rds\"]}]", &fields), "no owner");

    char problem[256];
    cJSON *bad = cJSON_Parse("[{\"Values\":[\"x\"]}]");
    CHECK(list_filters_check(bad, problem, sizeof problem) == -1, "no key");
    CHECK_STR(problem, "Invalid filter key", "no key");
    cJSON_Delete(bad);
    bad = cJSON_Parse("[{\"Key\":\"name\",\"Values\":[]}]");
    CHECK(list_filters_check(bad, problem, sizeof problem) == -1, "no values");
    CHECK_STR(problem, "Invalid filter values for key: name", "no values");
    cJSON_Delete(bad);
    cJSON_Delete(tags);
}

static void check_schedule(const char *expression, bool valid)
{
    char problem[256] = "";
    CHECK((schedule_check(expression, problem, sizeof problem) == 0) == valid, "%s: %s",
          expression, problem);
}

static void test_schedules(void)
{
    check_schedule("rate(4 hours)", true);
    check_schedule("rate(1 day)", true);
    check_schedule("rate(1000 days)", true);
    check_schedule("rate(3 hours)", false);
    check_schedule("rate(1001 days)", false);
    check_schedule("rate(0 days)", false);
    check_schedule("rate(2 weeks)", false);
    check_schedule("rate(2days)", false);
    check_schedule("rate(2 days", false);
    check_schedule("cron(0 16 1,15 * ? *)", true);
    check_schedule("cron(0 8 ? * MON-FRI *)", true);
    check_schedule("cron(0/30 */4 L * ? 2030)", true);
    check_schedule("cron(0 10 ? * 6#3 *)", true);
    check_schedule("cron(0 16 * * * *)", false);
    check_schedule("cron(0 16 ? * ? *)", false);
    check_schedule("cron(60 16 1 * ? *)", false);
    check_schedule("cron(0 16 1 13 ? *)", false);
    check_schedule("cron(0 16 1 * ?)", false);
    check_schedule("cron(0 16 1 * ? * *)", false);
    check_schedule("cron(0 16 1,,2 * ? *)", false);
    check_schedule("cron(0 16 1 * ? *", false);
    check_schedule("every day", false);

    char problem[256];
    CHECK(schedule_duration_check("3h", problem, sizeof problem) == 0, "3h");
    CHECK(schedule_duration_check("24h", problem, sizeof problem) == 0, "24h");
    CHECK(schedule_duration_check("25h", problem, sizeof problem) == -1, "25h");
    CHECK(schedule_duration_check("0h", problem, sizeof problem) == -1, "0h");
    CHECK(schedule_duration_check("3", problem, sizeof problem) == -1, "no unit");
    CHECK(schedule_duration_check("3d", problem, sizeof problem) == -1, "days");

    /* 2030-01-01 00:00:00 UTC, a Tuesday */
    double from = 1893456000;
    CHECK(schedule_next("rate(10 days)", from) == from + 10 * 86400, "rate");
    CHECK(schedule_next("cron(30 16 1,15 * ? *)", from) == from + 16 * 3600 + 30 * 60,
          "same day");
    CHECK(schedule_next("cron(0 8 ? * MON *)", from) == from + 6 * 86400 + 8 * 3600,
          "next Monday");
    CHECK(schedule_next("cron(0 0 1 1 ? 2029)", from) == 0, "in the past");
}

static void test_public_policies(void)
{
    CHECK(policy_is_public("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\"}}"), "star");
    CHECK(policy_is_public("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                           "[\"arn:aws:iam::1:root\",\"*\"]}}]}"),
          "star among AWS principals");
    CHECK(!policy_is_public("{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\"}]}"),
          "deny");
    CHECK(!policy_is_public("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                            "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}]}"),
          "narrowed by a condition");
    CHECK(!policy_is_public("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                            "\"arn:aws:iam::1:root\"}}]}"),
          "one account");
    CHECK(!policy_is_public("not json"), "not json");
}

static cJSON *value(const char *text)
{
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "SecretString", text);
    return in;
}

static const char *stages_of(struct sm_secret *s, const char *id)
{
    static char text[128];
    char *printed = cJSON_PrintUnformatted(secret_version(s, id)->stages);
    snprintf(text, sizeof text, "%s", printed);
    free(printed);
    return text;
}

static void test_labels_and_records(void)
{
    struct sm_secret *s = secret_new("n", "arn:aws:secretsmanager:us-east-1:1:secret:n-abcdef");
    cJSON *one = value("1"), *two = value("2");
    cJSON *pending = cJSON_Parse("[\"AWSPENDING\"]");
    secret_add_version(s, "v1", one, pending);
    CHECK_STR(stages_of(s, "v1"), "[\"AWSPENDING\",\"AWSCURRENT\"]", "first version is current");
    secret_add_version(s, "v2", two, NULL);
    CHECK_STR(stages_of(s, "v1"), "[\"AWSPENDING\",\"AWSPREVIOUS\"]", "previous");
    CHECK_STR(stages_of(s, "v2"), "[\"AWSCURRENT\"]", "current");
    secret_move_stage(s, "AWSCURRENT", secret_version(s, "v1"));
    CHECK_STR(stages_of(s, "v2"), "[\"AWSPREVIOUS\"]", "current moved back");
    CHECK_STR(stages_of(s, "v1"), "[\"AWSPENDING\",\"AWSCURRENT\"]", "current again");
    CHECK(version_same_value(secret_version(s, "v2"), two), "same value");
    CHECK(!version_same_value(secret_version(s, "v2"), one), "other value");

    CHECK(secret_matches_id(s, "n"), "name");
    CHECK(secret_matches_id(s, "arn:aws:secretsmanager:us-east-1:1:secret:n-abcdef"), "ARN");
    CHECK(secret_matches_id(s, "arn:aws:secretsmanager:us-east-1:1:secret:n"), "partial ARN");
    CHECK(!secret_matches_id(s, "arn:aws:secretsmanager:us-east-1:1:secret:n-abc"), "cut ARN");
    CHECK(!secret_matches_id(s, "m"), "other name");

    cJSON *record = secret_to_record(s);
    struct sm_secret *back = secret_from_record(record);
    cJSON *again = back ? secret_to_record(back) : NULL;
    CHECK(again && cJSON_Compare(record, again, 1), "record round trip");
    cJSON_Delete(again);
    secret_free(back);
    cJSON_DeleteItemFromObject(record, "name");
    CHECK(secret_from_record(record) == NULL, "a record without a name");
    cJSON_Delete(record);

    cJSON_Delete(one);
    cJSON_Delete(two);
    cJSON_Delete(pending);
    secret_free(s);
}

static void test_version_bound(void)
{
    struct sm_secret *s = secret_new("n", "arn:aws:secretsmanager:us-east-1:1:secret:n-abcdef");
    cJSON *in = value("v");
    char id[32];
    for (int i = 0; i < 250; i++) {
        snprintf(id, sizeof id, "v%d", i);
        secret_add_version(s, id, in, NULL);
    }
    CHECK(s->n_versions <= 101, "%zu versions kept", s->n_versions);
    CHECK(secret_version(s, "v249") && version_has_stage(secret_version(s, "v249"), "AWSCURRENT"),
          "the current version stays");
    CHECK(secret_version(s, "v248") && version_has_stage(secret_version(s, "v248"), "AWSPREVIOUS"),
          "the previous version stays");
    CHECK(secret_version(s, "v0") == NULL, "the oldest deprecated version is gone");
    cJSON_Delete(in);
    secret_free(s);
}

int main(void)
{
    test_words();
    test_word_matching();
    test_filters();
    test_schedules();
    test_public_policies();
    test_labels_and_records();
    test_version_bound();
    return test_summary("secretsmanager");
}
