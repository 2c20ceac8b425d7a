/* The kit's tag sets: both request forms, AWS's limits, merging in order, both answer forms. */
#include <stdlib.h>

#include "../../services/core/call_error.h"
#include "../../services/core/protocol.h"
#include "../../services/core/tags.h"
#include "check.h"

static enum tag_problem last_problem;
static char last_tag[512];

static int refuse(struct proto_error *err, enum tag_problem problem, const char *tag,
                  const char *resource)
{
    last_problem = problem;
    snprintf(last_tag, sizeof last_tag, "%s", tag ? tag : "(none)");
    return error_fail(err, 400, "InvalidTag", "%s", resource ? resource : "");
}

static const struct tag_rules plain = {.refuse = refuse};
static const struct tag_rules strict = {.max_tags = 3,
                                        .check_characters = true,
                                        .reserve_aws_prefix = true,
                                        .refuse_repeated_keys = true,
                                        .refuse = refuse};

static struct proto_error err;

/* Runs tags_from_request on JSON; the problem it refused with, or -1 when it accepted. */
static int problem_of(const char *json, const struct tag_rules *rules)
{
    cJSON *input = cJSON_Parse(json);
    last_problem = (enum tag_problem) - 1;
    cJSON *set = tags_from_request(input, rules, "res", &err);
    int rc = set ? -1 : (int)last_problem;
    if (!set)
        CHECK_STR(err.message, "res", "the resource reaches the service's answer");
    cJSON_Delete(set);
    cJSON_Delete(input);
    proto_error_clear(&err);
    return rc;
}

static char *repeat(char c, int n)
{
    static char text[1100];
    memset(text, c, (size_t)n);
    text[n] = 0;
    return text;
}

static void test_limits(void)
{
    char json[2048];
    snprintf(json, sizeof json, "[{\"Key\":\"%s\",\"Value\":\"v\"}]", repeat('k', 128));
    CHECK(problem_of(json, &plain) == -1, "128-character key");
    snprintf(json, sizeof json, "[{\"Key\":\"%s\",\"Value\":\"v\"}]", repeat('k', 129));
    CHECK(problem_of(json, &plain) == TAG_KEY_INVALID, "129-character key");
    CHECK(problem_of("[{\"Key\":\"\",\"Value\":\"v\"}]", &plain) == TAG_KEY_INVALID, "empty key");
    snprintf(json, sizeof json, "{\"k\":\"%s\"}", repeat('v', 256));
    CHECK(problem_of(json, &plain) == -1, "256-character value, map form");
    snprintf(json, sizeof json, "{\"k\":\"%s\"}", repeat('v', 257));
    CHECK(problem_of(json, &plain) == TAG_VALUE_INVALID, "257-character value");
    CHECK(problem_of("{\"k\":\"\"}", &plain) == -1, "empty value");

    /* 128 two-byte characters: 256 bytes, still within the limit */
    char key[400] = "";
    for (int i = 0; i < 128; i++)
        strcat(key, "\xc3\xa9");
    snprintf(json, sizeof json, "[{\"Key\":\"%s\",\"Value\":\"v\"}]", key);
    CHECK(problem_of(json, &plain) == -1, "limits count characters, not bytes");
    strcat(key, "\xc3\xa9");
    snprintf(json, sizeof json, "[{\"Key\":\"%s\",\"Value\":\"v\"}]", key);
    CHECK(problem_of(json, &plain) == TAG_KEY_INVALID, "129 characters");

    CHECK(problem_of("[{\"Key\":\"k\"}]", &plain) == TAG_MALFORMED, "no Value");
    CHECK(problem_of("[{\"Value\":\"v\"}]", &plain) == TAG_MALFORMED, "no Key");
}

static void test_rules_a_service_chooses(void)
{
    CHECK(problem_of("[{\"Key\":\"aws:x\",\"Value\":\"v\"}]", &plain) == -1, "aws: allowed");
    CHECK(problem_of("[{\"Key\":\"AWS:x\",\"Value\":\"v\"}]", &strict) == TAG_KEY_RESERVED,
          "aws: reserved in any case");
    CHECK_STR(last_tag, "AWS:x", "the offending key");
    CHECK(problem_of("[{\"Key\":\"a#b\",\"Value\":\"v\"}]", &strict) == TAG_KEY_INVALID,
          "# is not a tag character");
    CHECK(problem_of("[{\"Key\":\"a b+-=._:/@\xc3\xa9\",\"Value\":\"x#\"}]", &strict) ==
              TAG_VALUE_INVALID,
          "the key's characters pass, the value's # does not");
    CHECK(problem_of("[{\"Key\":\"k\",\"Value\":\"1\"},{\"Key\":\"k\",\"Value\":\"2\"}]",
                     &strict) == TAG_KEY_REPEATED,
          "repeated key refused");
    CHECK(problem_of("[{\"Key\":\"a\",\"Value\":\"1\"},{\"Key\":\"b\",\"Value\":\"1\"},"
                     "{\"Key\":\"c\",\"Value\":\"1\"},{\"Key\":\"d\",\"Value\":\"1\"}]",
                     &strict) == TAG_TOO_MANY,
          "more than max_tags");

    cJSON *input = cJSON_Parse("[{\"Key\":\"k\",\"Value\":\"1\"},{\"Key\":\"j\",\"Value\":\"0\"},"
                               "{\"Key\":\"k\",\"Value\":\"2\"}]");
    cJSON *set = tags_from_request(input, &plain, NULL, &err);
    CHECK(cJSON_GetArraySize(set) == 2, "a repeated key counts once");
    CHECK_STR(tags_get(set, "k"), "2", "the last value wins");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(set, 0), "Key")), "k",
              "at the first place");
    cJSON_Delete(set);
    cJSON_Delete(input);
}

static void test_merge_remove_and_answers(void)
{
    cJSON *set = cJSON_CreateArray();
    cJSON *first = cJSON_Parse("{\"team\":\"a\",\"env\":\"dev\"}");
    CHECK(tags_merge(set, first, &strict, "res", &err) == 0, "map form merged");
    cJSON *second =
        cJSON_Parse("[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"x\",\"Value\":\"1\"}]");
    CHECK(tags_merge(set, second, &strict, "res", &err) == 0, "list form merged up to the limit");
    CHECK_STR(tags_get(set, "env"), "prod", "value replaced");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(set, 1), "Key")), "env",
              "replaced in place, order kept");

    cJSON *third = cJSON_Parse("[{\"Key\":\"y\",\"Value\":\"1\"}]");
    CHECK(tags_merge(set, third, &strict, "res", &err) == -1, "merged set over the limit");
    CHECK(last_problem == TAG_TOO_MANY, "too many");
    CHECK(cJSON_GetArraySize(set) == 3 && !tags_get(set, "y"), "nothing changed on failure");
    proto_error_clear(&err);

    cJSON *same =
        cJSON_Parse("[{\"Key\":\"x\",\"Value\":\"1\"},{\"Key\":\"env\",\"Value\":\"prod\"},"
                    "{\"Key\":\"team\",\"Value\":\"a\"}]");
    CHECK(tags_equal(set, same), "equal in another order");
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(same, 0), "Value", cJSON_CreateString("2"));
    CHECK(!tags_equal(set, same), "a value differs");

    cJSON *keys = cJSON_Parse("[\"team\",\"missing\"]");
    tags_remove(set, keys);
    CHECK(cJSON_GetArraySize(set) == 2 && !tags_get(set, "team"), "removed; a missing key ignored");

    cJSON *map = tags_to_map(set);
    char *text = cJSON_PrintUnformatted(map);
    CHECK_STR(text, "{\"env\":\"prod\",\"x\":\"1\"}", "map form");
    free(text);
    cJSON *list = tags_to_list(set);
    text = cJSON_PrintUnformatted(list);
    CHECK_STR(text, "[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"x\",\"Value\":\"1\"}]",
              "list form");
    free(text);
    cJSON *none = tags_from_request(NULL, &strict, NULL, &err);
    CHECK(none && cJSON_GetArraySize(none) == 0, "no tags in the request: an empty set");
    for (cJSON **p = (cJSON *[]){set, first, second, third, same, keys, map, list, none, NULL}; *p;
         p++)
        cJSON_Delete(*p);
}

int main(void)
{
    test_limits();
    test_rules_a_service_chooses();
    test_merge_remove_and_answers();
    proto_error_clear(&err);
    return test_summary("kit_tags");
}
