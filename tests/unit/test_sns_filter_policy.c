/* The SNS filter policy engine: a table of policies, messages and whether they match, and the
 * policies SNS refuses. */
#include <stdbool.h>

#include "../../services/sns/filter_policy.h"
#include "check.h"

#define ATTRS FILTER_SCOPE_MESSAGE_ATTRIBUTES
#define BODY FILTER_SCOPE_MESSAGE_BODY

struct match_case {
    enum filter_scope scope;
    const char *policy;
    const char *attributes; /* MessageAttributes, for the attribute scope */
    const char *message;    /* for the body scope */
    bool want;
};

#define S(name, value) "\"" name "\":{\"DataType\":\"String\",\"StringValue\":\"" value "\"}"
#define N(name, value) "\"" name "\":{\"DataType\":\"Number\",\"StringValue\":\"" value "\"}"
#define A(name, value) "\"" name "\":{\"DataType\":\"String.Array\",\"StringValue\":\"" value "\"}"

static const struct match_case match_cases[] = {
    /* exact strings, several values, all keys must match */
    {ATTRS, "{\"color\":[\"red\",\"blue\"]}", "{" S("color", "blue") "}", NULL, true},
    {ATTRS, "{\"color\":[\"red\",\"blue\"]}", "{" S("color", "green") "}", NULL, false},
    {ATTRS, "{\"color\":[\"red\"]}", "{}", NULL, false},
    {ATTRS, "{\"color\":[\"red\"],\"size\":[\"L\"]}", "{" S("color", "red") "," S("size", "L") "}",
     NULL, true},
    {ATTRS, "{\"color\":[\"red\"],\"size\":[\"L\"]}", "{" S("color", "red") "," S("size", "M") "}",
     NULL, false},
    {ATTRS, "{}", "{}", NULL, true},
    /* exact numbers match Number attributes, not String ones */
    {ATTRS, "{\"n\":[100]}", "{" N("n", "100.0") "}", NULL, true},
    {ATTRS, "{\"n\":[100]}", "{" S("n", "100") "}", NULL, false},
    /* prefix, suffix, equals-ignore-case */
    {ATTRS, "{\"c\":[{\"prefix\":\"bas\"}]}", "{" S("c", "baseball") "}", NULL, true},
    {ATTRS, "{\"c\":[{\"prefix\":\"bas\"}]}", "{" S("c", "football") "}", NULL, false},
    {ATTRS, "{\"c\":[{\"suffix\":\"ball\"}]}", "{" S("c", "football") "}", NULL, true},
    {ATTRS, "{\"c\":[{\"suffix\":\"ball\"}]}", "{" S("c", "rugby") "}", NULL, false},
    {ATTRS, "{\"c\":[{\"equals-ignore-case\":\"RED\"}]}", "{" S("c", "rEd") "}", NULL, true},
    {ATTRS, "{\"c\":[{\"prefix\":{\"equals-ignore-case\":\"BAS\"}}]}", "{" S("c", "baseball") "}",
     NULL, true},
    /* anything-but: values, lists, numbers, prefix, suffix; needs the attribute */
    {ATTRS, "{\"c\":[{\"anything-but\":\"red\"}]}", "{" S("c", "blue") "}", NULL, true},
    {ATTRS, "{\"c\":[{\"anything-but\":\"red\"}]}", "{" S("c", "red") "}", NULL, false},
    {ATTRS, "{\"c\":[{\"anything-but\":\"red\"}]}", "{}", NULL, false},
    {ATTRS, "{\"c\":[{\"anything-but\":[\"red\",\"blue\"]}]}", "{" S("c", "blue") "}", NULL,
     false},
    {ATTRS, "{\"n\":[{\"anything-but\":[100,200]}]}", "{" N("n", "150") "}", NULL, true},
    {ATTRS, "{\"n\":[{\"anything-but\":100}]}", "{" N("n", "100") "}", NULL, false},
    {ATTRS, "{\"c\":[{\"anything-but\":{\"prefix\":\"inf\"}}]}", "{" S("c", "info") "}", NULL,
     false},
    {ATTRS, "{\"c\":[{\"anything-but\":{\"prefix\":\"inf\"}}]}", "{" S("c", "warn") "}", NULL,
     true},
    {ATTRS, "{\"c\":[{\"anything-but\":{\"suffix\":\".png\"}}]}", "{" S("c", "a.jpg") "}", NULL,
     true},
    /* numeric ranges */
    {ATTRS, "{\"p\":[{\"numeric\":[\">\",0,\"<=\",100]}]}", "{" N("p", "100") "}", NULL, true},
    {ATTRS, "{\"p\":[{\"numeric\":[\">\",0,\"<=\",100]}]}", "{" N("p", "0") "}", NULL, false},
    {ATTRS, "{\"p\":[{\"numeric\":[\"=\",3.5]}]}", "{" N("p", "3.50") "}", NULL, true},
    {ATTRS, "{\"p\":[{\"numeric\":[\"<\",10]}]}", "{" S("p", "5") "}", NULL, false},
    /* numbers agree to five digits after the decimal point, and no further */
    {ATTRS, "{\"p\":[7.000001]}", "{" N("p", "7.0000012") "}", NULL, true},
    {ATTRS, "{\"p\":[7.00001]}", "{" N("p", "7.00002") "}", NULL, false},
    {ATTRS, "{\"p\":[{\"numeric\":[\"=\",2.000004]}]}", "{" N("p", "2") "}", NULL, true},
    {ATTRS, "{\"p\":[{\"numeric\":[\">\",2.000004]}]}", "{" N("p", "2.000001") "}", NULL,
     false},
    {ATTRS, "{\"p\":[{\"numeric\":[\"<\",1]}]}", "{" N("p", "0.99999") "}", NULL, true},
    {ATTRS, "{\"p\":[{\"anything-but\":[5.5]}]}", "{" N("p", "5.500001") "}", NULL, false},
    {BODY, "{\"p\":[3.141592]}", NULL, "{\"p\":3.1415926}", true},
    {BODY, "{\"p\":[3.14159]}", NULL, "{\"p\":3.14158}", false},
    {ATTRS, "{\"p\":[{\"numeric\":[\"<\",999999999]}]}", "{" N("p", "1e300") "}", NULL,
     false},
    {ATTRS, "{\"p\":[{\"numeric\":[\">\",-999999999]}]}", "{" N("p", "-1e300") "}", NULL,
     false},
    /* exists */
    {ATTRS, "{\"c\":[{\"exists\":true}]}", "{" S("c", "x") "}", NULL, true},
    {ATTRS, "{\"c\":[{\"exists\":true}]}", "{}", NULL, false},
    {ATTRS, "{\"c\":[{\"exists\":false}]}", "{}", NULL, true},
    {ATTRS, "{\"c\":[{\"exists\":false}]}", "{" S("c", "x") "}", NULL, false},
    /* cidr */
    {ATTRS, "{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}", "{" S("ip", "10.0.0.255") "}", NULL, true},
    {ATTRS, "{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}", "{" S("ip", "10.0.1.1") "}", NULL, false},
    {ATTRS, "{\"ip\":[{\"cidr\":\"2001:db8::/32\"}]}", "{" S("ip", "2001:db8::1") "}", NULL, true},
    {ATTRS, "{\"ip\":[{\"cidr\":\"10.0.0.0/8\"}]}", "{" S("ip", "not-an-ip") "}", NULL, false},
    /* String.Array: any element */
    {ATTRS, "{\"tags\":[\"b\"]}", "{" A("tags", "[\\\"a\\\",\\\"b\\\"]") "}", NULL, true},
    {ATTRS, "{\"tags\":[\"c\"]}", "{" A("tags", "[\\\"a\\\",\\\"b\\\"]") "}", NULL, false},
    {ATTRS, "{\"tags\":[{\"numeric\":[\">\",5]}]}", "{" A("tags", "[1,7]") "}", NULL, true},
    /* a String.Array that is not an array is one value: a JSON scalar, or else the text */
    {ATTRS, "{\"n\":[100,500]}", "{" A("n", "100") "}", NULL, true},
    {ATTRS, "{\"n\":[100]}", "{" A("n", "one hundred") "}", NULL, false},
    {ATTRS, "{\"t\":[\"one hundred\"]}", "{" A("t", "one hundred") "}", NULL, true},
    {ATTRS, "{\"n\":[{\"numeric\":[\"<\",100]}]}", "{" A("n", "[100.000001,99.9]") "}", NULL,
     true},
    /* $or */
    {ATTRS, "{\"$or\":[{\"a\":[\"1\"]},{\"b\":[\"2\"]}]}", "{" S("b", "2") "}", NULL, true},
    {ATTRS, "{\"$or\":[{\"a\":[\"1\"]},{\"b\":[\"2\"]}]}", "{" S("b", "3") "}", NULL, false},
    {ATTRS, "{\"c\":[\"x\"],\"$or\":[{\"a\":[\"1\"]},{\"b\":[\"2\"]}]}",
     "{" S("c", "x") "," S("a", "1") "}", NULL, true},
    /* binary attributes are not matched */
    {ATTRS, "{\"b\":[{\"exists\":true}]}",
     "{\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAE=\"}}", NULL, false},
    /* body scope: nested keys, arrays of objects, booleans and null */
    {BODY, "{\"order\":{\"status\":[\"paid\"]}}", NULL, "{\"order\":{\"status\":\"paid\"}}", true},
    {BODY, "{\"order\":{\"status\":[\"paid\"]}}", NULL, "{\"order\":{\"status\":\"new\"}}", false},
    {BODY, "{\"order\":{\"status\":[\"paid\"]}}", NULL, "{\"other\":1}", false},
    {BODY, "{\"Records\":{\"eventName\":[{\"prefix\":\"ObjectCreated:\"}]}}", NULL,
     "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\"},"
     "{\"eventName\":\"ObjectCreated:Put\"}]}",
     true},
    {BODY, "{\"ok\":[true]}", NULL, "{\"ok\":true}", true},
    {BODY, "{\"ok\":[true]}", NULL, "{\"ok\":\"true\"}", false},
    {BODY, "{\"gone\":[null]}", NULL, "{\"gone\":null}", true},
    {BODY, "{\"p\":[{\"numeric\":[\">=\",10]}]}", NULL, "{\"p\":10}", true},
    {BODY, "{\"a\":{\"b\":[{\"exists\":false}]}}", NULL, "{\"c\":1}", true},
    {BODY, "{\"a\":[\"x\"]}", NULL, "not json", false},
    {BODY, "{\"a\":[\"x\"]}", NULL, "[\"x\"]", false},
    {BODY, "{}", NULL, "not json", true},
};

static void test_matching(void)
{
    for (size_t i = 0; i < sizeof match_cases / sizeof match_cases[0]; i++) {
        const struct match_case *t = &match_cases[i];
        struct proto_error err = {0};
        cJSON *policy = filter_policy_parse(t->policy, t->scope, &err);
        CHECK(policy != NULL, "case %zu: policy %s refused: %s", i, t->policy, err.message);
        cJSON *attributes = t->attributes ? cJSON_Parse(t->attributes) : NULL;
        bool got = filter_policy_match(policy, t->scope, attributes, t->message);
        CHECK(got == t->want, "case %zu: %s against %s%s: got %d", i, t->policy,
              t->attributes ? t->attributes : "", t->message ? t->message : "", got);
        cJSON_Delete(attributes);
        cJSON_Delete(policy);
        proto_error_clear(&err);
    }
}

struct refusal_case {
    enum filter_scope scope;
    const char *policy;
    const char *message_fragment;
};

static const struct refusal_case refusal_cases[] = {
    {ATTRS, "[1]", "JSON object"},
    {ATTRS, "not json", "JSON object"},
    {ATTRS, "{\"a\":\"x\"}", "\"a\" must be an object or an array"},
    {ATTRS, "{\"a\":{\"b\":[\"x\"]}}", "Filter policy scope MessageAttributes does not support nested"},
    {ATTRS, "{\"a\":[]}", "Empty arrays are not allowed"},
    {ATTRS, "{\"a\":[[1]]}", "Match value must be String, number, true, false, or null"},
    {ATTRS, "{\"a\":[{\"wildcard\":\"x\"}]}", "Unrecognized match type wildcard"},
    {ATTRS, "{\"a\":[{\"exists\":\"yes\"}]}", "exists match pattern must be either true or false."},
    {ATTRS, "{\"a\":[{\"prefix\":1}]}", "prefix match pattern must be a string"},
    {ATTRS, "{\"a\":[{\"numeric\":[]}]}", "Invalid member in numeric match"},
    {ATTRS, "{\"a\":[{\"numeric\":[\"~\",1]}]}", "Unrecognized numeric range operator: ~"},
    {ATTRS, "{\"a\":[{\"numeric\":[\"<\",\"1\"]}]}", "Value of < must be numeric"},
    {ATTRS, "{\"a\":[{\"numeric\":[\"<\",1,\">\",0]}]}", "Too many elements in numeric expression"},
    {ATTRS, "{\"a\":[{\"numeric\":[\">\",1,\">\",5]}]}", "Bad numeric range operator: >"},
    {ATTRS, "{\"a\":[{\"numeric\":[\">\",5,\"<\",1]}]}", "Bottom must be less than top"},
    {ATTRS, "{\"a\":[{\"cidr\":\"10.0.0.1\"}]}", "Malformed CIDR"},
    {ATTRS, "{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}",
     "can not have more than 5 keys"},
    {ATTRS,
     "{\"a\":[1,2,3,4,5,6,7,8,9,10],\"b\":[1,2,3,4,5,6,7,8,9,10],\"c\":[1,2]}",
     "Filter policy is too complex"},
    {ATTRS, "{\"$or\":[{\"a\":[\"1\"]}]}", "$or"},
    {ATTRS, "{\"a\":[1e12]}", "between"},
};

static void test_refusals(void)
{
    for (size_t i = 0; i < sizeof refusal_cases / sizeof refusal_cases[0]; i++) {
        const struct refusal_case *t = &refusal_cases[i];
        struct proto_error err = {0};
        cJSON *policy = filter_policy_parse(t->policy, t->scope, &err);
        CHECK(policy == NULL, "case %zu: %s accepted", i, t->policy);
        CHECK_STR(err.code, "InvalidParameter", "case %zu", i);
        CHECK(strstr(err.message, t->message_fragment) != NULL, "case %zu: %s: message '%s'", i,
              t->policy, err.message);
        CHECK(strncmp(err.message, "Invalid parameter: ", 19) == 0, "case %zu: prefix", i);
        cJSON_Delete(policy);
        proto_error_clear(&err);
    }
}

int main(void)
{
    test_matching();
    test_refusals();
    return test_summary("sns_filter_policy");
}
