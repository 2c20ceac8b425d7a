/* SSM's ParameterFilters (reading, AWS's errors, matching), paths, and the YAML ↔ JSON
 * conversion of documents. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/protocol.h"
#include "../../services/ssm/parameter_filters.h"
#include "../../services/ssm/yaml_json.h"
#include "check.h"

static cJSON *parameter(const char *name, const char *type, const char *label)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "Name", name);
    cJSON *tags = cJSON_AddArrayToObject(p, "Tags");
    cJSON *tag = cJSON_CreateObject();
    cJSON_AddStringToObject(tag, "Key", "env");
    cJSON_AddStringToObject(tag, "Value", "prod");
    cJSON_AddItemToArray(tags, tag);
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "Type", type);
    cJSON_AddStringToObject(v, "Tier", "Standard");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(v, "Labels"), cJSON_CreateString(label));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "Versions"), v);
    return p;
}

/* Reads filters (JSON text) for the context: the error code, or "" when they are accepted. */
static const char *read_error(const char *json, enum filter_context context,
                              struct parameter_filters *f, char message[512])
{
    static char code[128];
    cJSON *list = cJSON_Parse(json);
    struct proto_error err = {0};
    int rc = parameter_filters_read(list, context, f, &err);
    snprintf(code, sizeof code, "%s", rc == 0 ? "" : err.code);
    snprintf(message, 512, "%s", err.message ? err.message : "");
    proto_error_clear(&err);
    /* the filters borrow from list: keep it for matching */
    static cJSON *kept;
    cJSON_Delete(kept);
    kept = list;
    return code;
}

static bool matches(const char *json, const cJSON *p)
{
    struct parameter_filters f;
    char message[512];
    const char *code = read_error(json, FILTERS_FOR_DESCRIBE, &f, message);
    CHECK(code[0] == '\0', "%s refused: %s", json, message);
    return parameter_filters_match(&f, p);
}

static void test_errors(void)
{
    struct parameter_filters f;
    char message[512];
    CHECK_STR(read_error("[{\"Key\":\"Label\",\"Values\":[\"x\"]}]", FILTERS_FOR_DESCRIBE, &f,
                         message), "InvalidFilterKey", "Label is for GetParametersByPath");
    CHECK_STR(read_error("[{\"Key\":\"Label\",\"Values\":[\"x\"]}]", FILTERS_FOR_PATH, &f,
                         message), "", "Label by path");
    CHECK_STR(read_error("[{\"Key\":\"Path\",\"Values\":[\"/a\"]}]", FILTERS_FOR_PATH, &f,
                         message), "InvalidFilterKey", "no Path by path");
    CHECK(strstr(message, "[Type, KeyId]") != NULL, "%s", message);
    CHECK_STR(read_error("[{\"Key\":\"Name\"}]", FILTERS_FOR_DESCRIBE, &f, message),
              "InvalidFilterValue", "Name without values");
    CHECK_STR(message, "The following filter values are missing : null for filter key Name.",
              "text");
    CHECK_STR(read_error("[{\"Key\":\"Type\",\"Values\":[\"String\"]},"
                         "{\"Key\":\"Type\",\"Values\":[\"String\"]}]",
                         FILTERS_FOR_DESCRIBE, &f, message), "InvalidFilterKey", "twice");
    CHECK_STR(read_error("[{\"Key\":\"Path\",\"Option\":\"Equals\",\"Values\":[\"/a\"]}]",
                         FILTERS_FOR_DESCRIBE, &f, message), "InvalidFilterOption", "path option");
    CHECK_STR(read_error("[{\"Key\":\"Path\",\"Values\":[\"/SSM/a\"]}]", FILTERS_FOR_DESCRIBE,
                         &f, message), "ValidationException", "reserved path");
    CHECK_STR(read_error("[{\"Key\":\"Path\",\"Values\":[\"a//b\"]}]", FILTERS_FOR_DESCRIBE,
                         &f, message), "ValidationException", "malformed path");
    CHECK_STR(read_error("[{\"Key\":\"Type\",\"Values\":[\"Number\"]}]", FILTERS_FOR_DESCRIBE,
                         &f, message), "InvalidFilterValue", "unknown type");
    CHECK_STR(read_error("[{\"Key\":\"Type\",\"Option\":\"Contains\",\"Values\":[\"String\"]}]",
                         FILTERS_FOR_DESCRIBE, &f, message), "InvalidFilterOption",
              "Contains is for Name only");
    CHECK_STR(read_error("[{\"Key\":\"colour\",\"Values\":[\"x\"]}]", FILTERS_FOR_DESCRIBE,
                         &f, message), "ValidationException", "key outside the pattern");
    CHECK_STR(read_error("[{\"Key\":\"tag:team\"}]", FILTERS_FOR_DESCRIBE, &f, message), "",
              "a tag key alone");
}

static void test_matching(void)
{
    cJSON *single = parameter("single", "String", "blue");
    cJSON *deep = parameter("/a/b/c", "SecureString", "green");
    CHECK(matches("[{\"Key\":\"Name\",\"Values\":[\"/single\"]}]", single), "/single = single");
    CHECK(matches("[{\"Key\":\"Name\",\"Option\":\"Contains\",\"Values\":[\"/sin\"]}]", single),
          "single is /single to Contains");
    CHECK(!matches("[{\"Key\":\"Name\",\"Option\":\"BeginsWith\",\"Values\":[\"/a/c\"]}]", deep),
          "prefix");
    CHECK(matches("[{\"Key\":\"Path\",\"Option\":\"Recursive\",\"Values\":[\"/a\"]}]", deep),
          "recursive");
    CHECK(!matches("[{\"Key\":\"Path\",\"Values\":[\"/a\"]}]", deep), "one level");
    CHECK(matches("[{\"Key\":\"Path\",\"Values\":[\"/\"]}]", single), "root holds single");
    CHECK(matches("[{\"Key\":\"Type\",\"Values\":[\"String\",\"SecureString\"]}]", deep),
          "any value");
    CHECK(matches("[{\"Key\":\"tag:env\",\"Values\":[\"prod\"]}]", deep), "tag");
    CHECK(matches("[{\"Key\":\"tag:env\"}]", deep), "tag key only");
    CHECK(!matches("[{\"Key\":\"tag:env\",\"Values\":[\"dev\"]}]", deep), "tag value");
    CHECK(!matches("[{\"Key\":\"Tier\",\"Values\":[\"Advanced\"]},"
                   "{\"Key\":\"Type\",\"Values\":[\"SecureString\"]}]", deep), "all must match");
    cJSON_Delete(single);
    cJSON_Delete(deep);
    CHECK(parameter_under_path("/a/b", "/a/", false), "trailing slash");
    CHECK(!parameter_under_path("/ab/c", "/a", true), "a path is whole segments");
    CHECK(parameter_under_path("x", "/", false) && parameter_under_path("/a/b", "/", true),
          "root");
}

static void test_yaml(void)
{
    const char *text = "schemaVersion: '2.2'\ncount: 3\nratio: 0.5\nflag: yes\nnothing: ~\n"
                       "list: &l [a, \"b\"]\ncopy: *l\ntext: |\n  two\n  lines\n";
    cJSON *json = yaml_to_json(text, strlen(text));
    CHECK(json != NULL, "parses");
    char *compact = cJSON_PrintUnformatted(json);
    CHECK_STR(compact, "{\"schemaVersion\":\"2.2\",\"count\":3,\"ratio\":0.5,\"flag\":true,"
                       "\"nothing\":null,\"list\":[\"a\",\"b\"],\"copy\":[\"a\",\"b\"],"
                       "\"text\":\"two\\nlines\\n\"}", "YAML 1.1 types");
    char *yaml = json_to_yaml(json);
    cJSON *again = yaml_to_json(yaml, strlen(yaml));
    CHECK(cJSON_Compare(json, again, true), "round trip through %s", yaml);
    free(compact);
    free(yaml);
    cJSON_Delete(again);
    cJSON_Delete(json);
    CHECK(yaml_to_json("a: [", 4) == NULL, "unclosed flow sequence");
    cJSON *keys = cJSON_Parse("{\"true\":1,\"12\":\"yes\",\"~\":[]}");
    char *keys_yaml = json_to_yaml(keys);
    cJSON *keys_again = yaml_to_json(keys_yaml, strlen(keys_yaml));
    CHECK(cJSON_Compare(keys, keys_again, true), "keys stay text: %s", keys_yaml);
    free(keys_yaml);
    cJSON_Delete(keys_again);
    cJSON_Delete(keys);
    const char *laughs = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                         "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\n"
                         "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e]\n"
                         "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    CHECK(yaml_to_json(laughs, strlen(laughs)) == NULL, "alias expansion is bounded");
}

int main(void)
{
    test_errors();
    test_matching();
    test_yaml();
    return test_summary("ssm_filters");
}
