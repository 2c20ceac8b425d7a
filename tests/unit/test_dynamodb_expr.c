/* DynamoDB's values, numbers, ordered index and expression languages: tables of inputs and the
 * results or exact error messages DynamoDB gives. */
#include <stdlib.h>
#include <string.h>

#include "../../services/dynamodb/expr.h"
#include "../../services/dynamodb/number.h"
#include "../../services/dynamodb/ordered_index.h"
#include "../../services/dynamodb/partiql.h"
#include "../../services/dynamodb/value.h"
#include "check.h"

static const char ITEM[] =
    "{\"id\":{\"S\":\"abc\"},\"n\":{\"N\":\"5\"},\"s\":{\"S\":\"hello world\"},"
    "\"b\":{\"B\":\"AAEC\"},\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},"
    "\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2.5\"]},"
    "\"l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"two\"},{\"M\":{\"x\":{\"N\":\"3\"}}}]},"
    "\"m\":{\"M\":{\"a\":{\"M\":{\"b\":{\"S\":\"deep\"}}},\"k\":{\"N\":\"7\"}}},"
    "\"status\":{\"S\":\"active\"}}";

static const char VALUES[] =
    "{\":five\":{\"N\":\"5\"},\":six\":{\"N\":\"6\"},\":one\":{\"N\":\"1\"},"
    "\":hello\":{\"S\":\"hello\"},\":world\":{\"S\":\"world\"},\":a\":{\"S\":\"a\"},"
    "\":S\":{\"S\":\"S\"},\":SS\":{\"S\":\"SS\"},\":bogus\":{\"S\":\"XX\"},"
    "\":b0\":{\"B\":\"AA==\"},\":two\":{\"S\":\"two\"},\":list\":{\"L\":[{\"N\":\"9\"}]},"
    "\":numset\":{\"NS\":[\"3\"]},\":strset\":{\"SS\":[\"c\",\"a\"]},\":deep\":{\"S\":\"deep\"},"
    "\":n25\":{\"N\":\"2.50\"},\":ten\":{\"N\":\"10\"}}";

static const char NAMES[] = "{\"#s\":\"status\",\"#n\":\"n\",\"#dot\":\"a.b\"}";

struct condition_case {
    const char *expression;
    int expect; /* 1 true, 0 false, -1 error */
    const char *error;
};

static const struct condition_case CONDITIONS[] = {
    {"n = :five", 1, NULL},
    {"n <> :five", 0, NULL},
    {"n < :six AND n > :one", 1, NULL},
    {"n <= :five and n >= :five", 1, NULL},
    {"n BETWEEN :one AND :six", 1, NULL},
    {"n between :six and :ten", 0, NULL},
    {"n IN (:one, :five)", 1, NULL},
    {"n IN (:one, :six)", 0, NULL},
    {"attribute_exists(s) AND attribute_not_exists(nope)", 1, NULL},
    {"attribute_exists(m.a.b)", 1, NULL},
    {"attribute_exists(l[2].x)", 1, NULL},
    {"attribute_exists(l[3])", 0, NULL},
    {"attribute_type(s, :S)", 1, NULL},
    {"attribute_type(ss, :SS)", 1, NULL},
    {"attribute_type(s, :SS)", 0, NULL},
    {"begins_with(s, :hello)", 1, NULL},
    {"begins_with(s, :world)", 0, NULL},
    {"begins_with(b, :b0)", 1, NULL},
    {"contains(s, :world)", 1, NULL},
    {"contains(ss, :a)", 1, NULL},
    {"contains(l, :two)", 1, NULL},
    {"contains(ns, :n25)", 1, NULL},
    {"size(s) = :ten OR size(s) > :ten", 1, NULL},
    {"size(l) < :five", 1, NULL},
    {"NOT n = :six", 1, NULL},
    {"NOT (n = :five OR n = :six)", 0, NULL},
    {"(n = :five) AND ((#s = :a) OR m.a.b = :deep)", 1, NULL},
    {"#s <> :a", 1, NULL},
    {"nope <> :a", 1, NULL},
    {"nope = :a", 0, NULL},
    {"s < :five", 0, NULL},
    {"#n = :five", 1, NULL},
    {"", -1, "Invalid ConditionExpression: The expression can not be empty;"},
    {"   ", -1, "Invalid ConditionExpression: The expression can not be empty;"},
    {"status = :a", -1,
     "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"},
    {"#missing = :a", -1,
     "Invalid ConditionExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #missing"},
    {"n = :missing", -1,
     "Invalid ConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :missing"},
    {"n = ", -1, "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""},
    {"n = :five :six", -1,
     "Invalid ConditionExpression: Syntax error; token: \":six\", near: \":five :six\""},
    {"n == :five", -1,
     "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :five\""},
    {"n = :five AND", -1,
     "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
    {"n % :five", -1,
     "Invalid ConditionExpression: Syntax error; token: \"%\", near: \"n % :five\""},
    {"frobnicate(n)", -1,
     "Invalid ConditionExpression: Invalid function name; function: frobnicate"},
    {"attribute_exists(n, s)", -1,
     "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
     "operator or function: attribute_exists, number of operands: 2"},
    {"attribute_exists(:five)", -1,
     "Invalid ConditionExpression: Operator or function requires a document path; operator or "
     "function: attribute_exists"},
    {"begins_with(s, :five)", -1,
     "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
     "function: begins_with, operand type: N"},
    {"attribute_type(s, :bogus)", -1,
     "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: { B, "
     "NULL, SS, BOOL, L, BS, N, NS, S, M }"},
    {"n BETWEEN :six AND :one", -1,
     "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
     "equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: "
     "AttributeValue: {N:1}"},
    {"if_not_exists(n, :five) = :five", -1,
     "Invalid ConditionExpression: The function is not allowed in a condition expression; "
     "function: if_not_exists"},
    {"l[x] = :five", -1, "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x]\""},
};

static void test_conditions(void)
{
    cJSON *item = cJSON_Parse(ITEM), *values = cJSON_Parse(VALUES), *names = cJSON_Parse(NAMES);
    for (size_t i = 0; i < sizeof CONDITIONS / sizeof CONDITIONS[0]; i++) {
        const struct condition_case *tc = &CONDITIONS[i];
        struct expr_ctx ctx;
        expr_ctx_init(&ctx, names, values);
        struct expr *e;
        int rc = expr_parse_condition(&ctx, "ConditionExpression", tc->expression, &e);
        if (tc->expect < 0) {
            CHECK(rc < 0, "%s should fail", tc->expression);
            CHECK_STR(ctx.error, tc->error, "%s", tc->expression);
        } else {
            CHECK(rc == 0, "%s: %s", tc->expression, ctx.error);
            if (rc == 0)
                CHECK(expr_eval_condition(e, item) == (tc->expect == 1), "%s", tc->expression);
        }
        expr_ctx_free(&ctx);
    }
    cJSON_Delete(item);
    cJSON_Delete(values);
    cJSON_Delete(names);
}

static void test_unused_placeholders(void)
{
    cJSON *values = cJSON_Parse(VALUES), *names = cJSON_Parse("{\"#a\":\"x\",\"#b\":\"y\"}");
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, names, values);
    struct expr *e;
    CHECK(expr_parse_condition(&ctx, "ConditionExpression", "#a = :five", &e) == 0, "%s",
          ctx.error);
    CHECK(expr_check_unused(&ctx) < 0, "unused #b");
    CHECK_STR(ctx.error,
              "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
              "names");
    expr_ctx_free(&ctx);
    cJSON *one = cJSON_Parse("{\":v\":{\"S\":\"x\"},\":w\":{\"S\":\"y\"}}");
    expr_ctx_init(&ctx, NULL, one);
    CHECK(expr_parse_condition(&ctx, "ConditionExpression", "a = :v", &e) == 0, "%s", ctx.error);
    CHECK(expr_check_unused(&ctx) < 0, "unused :w");
    CHECK_STR(ctx.error,
              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
              "values");
    expr_ctx_free(&ctx);
    cJSON_Delete(one);
    cJSON_Delete(values);
    cJSON_Delete(names);
}

struct update_case {
    const char *expression;
    const char *expect; /* the item afterwards (JSON), or NULL when an error is expected */
    const char *error;
};

static const struct update_case UPDATES[] = {
    {"SET n = n + :one",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"6\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"SET n = :one - n",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"-4\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"SET newattr = if_not_exists(newattr, :one), n = if_not_exists(n, :one)",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}},\"newattr\":{"
     "\"N\":\"1\"}}",
     NULL},
    {"SET l = list_append(l, :list)",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"},{\"N\":\"9\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"REMOVE l[0], l[2]",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"2\"}]},\"ss\":{\"SS\":["
     "\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"SET m.y = :one REMOVE n",
     "{\"id\":{\"S\":\"k\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":\"3\"}]},\"ss\":{"
     "\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"N\":\"1\"}}}}",
     NULL},
    {"ADD n :ten, ss :strset",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"15\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"}]},\"ss\":{\"SS\":[\"a\",\"b\",\"c\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"DELETE ss :strset",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"}]},\"ss\":{\"SS\":[\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"SET l[9] = :one",
     "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{\"N\":"
     "\"3\"},{\"N\":\"1\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}",
     NULL},
    {"SET n = nope + :one", NULL,
     "The provided expression refers to an attribute that does not exist in the item"},
    {"SET n = ss + :one", NULL, "An operand in the update expression has an incorrect data type"},
    {"SET nope.x = :one", NULL,
     "The document path provided in the update expression is invalid for update"},
    {"ADD ss :numset", NULL, "An operand in the update expression has an incorrect data type"},
};

static const struct update_case UPDATE_ERRORS[] = {
    {"SET a = :one SET b = :one", NULL,
     "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
     "expression;"},
    {"SET a = :one, a.b = :one", NULL,
     "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
     "one of these paths; path one: [a], path two: [a, b]"},
    {"SET a.b = :one REMOVE a[0]", NULL,
     "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
     "rewrite one of these paths; path one: [a, b], path two: [a, [0]]"},
    {"ADD a :hello", NULL,
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
     "operand type: STRING"},
    {"DELETE a :one", NULL,
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
     "DELETE, operand type: NUMBER"},
    {"SET a = size(b)", NULL,
     "Invalid UpdateExpression: The function is not allowed in an update expression; function: "
     "size"},
    {"SET a = :one + :hello", NULL,
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
     "function: +, operand type: S"},
    {"SET a = list_append(:one, b)", NULL,
     "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
     "function: list_append, operand type: N"},
    {"SET path = VALUE 1", NULL,
     "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"VALUE 1\""},
    {"UPSERT a = :one", NULL,
     "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT a\""},
    {"INVALID SYNTAX HERE", NULL,
     "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\""},
    {"ADD hits : incr", NULL,
     "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\""},
    {"SET a-b = :one", NULL, "Invalid UpdateExpression: Syntax error; token: \"-\", near: \"a-b\""},
};

static void test_updates(void)
{
    const char *base =
        "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"},{"
        "\"N\":\"3\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}}}";
    cJSON *item = cJSON_Parse(base), *values = cJSON_Parse(VALUES);
    for (size_t i = 0; i < sizeof UPDATES / sizeof UPDATES[0]; i++) {
        const struct update_case *tc = &UPDATES[i];
        struct expr_ctx ctx;
        expr_ctx_init(&ctx, NULL, values);
        struct update_expr u;
        int rc = expr_parse_update(&ctx, tc->expression, &u);
        CHECK(rc == 0, "%s: %s", tc->expression, ctx.error);
        if (rc == 0) {
            char error[512] = "";
            cJSON *result = update_apply(&u, item, error, sizeof error);
            if (tc->expect) {
                cJSON *want = cJSON_Parse(tc->expect);
                char *got = result ? cJSON_PrintUnformatted(result) : NULL;
                CHECK(result && cJSON_Compare(result, want, true), "%s: got %s (%s)",
                      tc->expression, got ? got : "NULL", error);
                free(got);
                cJSON_Delete(want);
            } else {
                CHECK(!result, "%s should fail", tc->expression);
                CHECK_STR(error, tc->error, "%s", tc->expression);
            }
            cJSON_Delete(result);
        }
        expr_ctx_free(&ctx);
    }
    for (size_t i = 0; i < sizeof UPDATE_ERRORS / sizeof UPDATE_ERRORS[0]; i++) {
        const struct update_case *tc = &UPDATE_ERRORS[i];
        struct expr_ctx ctx;
        expr_ctx_init(&ctx, NULL, values);
        struct update_expr u;
        CHECK(expr_parse_update(&ctx, tc->expression, &u) < 0, "%s should fail", tc->expression);
        CHECK_STR(ctx.error, tc->error, "%s", tc->expression);
        expr_ctx_free(&ctx);
    }
    cJSON_Delete(item);
    cJSON_Delete(values);
}

static void test_projection(void)
{
    cJSON *item = cJSON_Parse(ITEM), *names = cJSON_Parse(NAMES);
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, names, NULL);
    struct projection p;
    CHECK(expr_parse_projection(&ctx, "id, m.a.b, l[2].x, l[0], #s", &p) == 0, "%s", ctx.error);
    cJSON *got = projection_apply(item, &p);
    cJSON *want = cJSON_Parse(
        "{\"id\":{\"S\":\"abc\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"M\":{\"x\":{\"N\":\"3\"}}}]},"
        "\"m\":{\"M\":{\"a\":{\"M\":{\"b\":{\"S\":\"deep\"}}}}},\"status\":{\"S\":\"active\"}}");
    char *text = cJSON_PrintUnformatted(got);
    CHECK(cJSON_Compare(got, want, true), "projection: %s", text);
    free(text);
    cJSON_Delete(got);
    cJSON_Delete(want);
    expr_ctx_free(&ctx);
    expr_ctx_init(&ctx, names, NULL);
    CHECK(expr_parse_projection(&ctx, "a, a.b", &p) < 0, "overlap");
    CHECK_STR(ctx.error,
              "Invalid ProjectionExpression: Two document paths overlap with each other; must "
              "remove or rewrite one of these paths; path one: [a], path two: [a, b]",
              "projection overlap");
    expr_ctx_free(&ctx);
    cJSON_Delete(item);
    cJSON_Delete(names);
}

static void test_numbers(void)
{
    static const struct {
        const char *in, *canonical, *error;
    } CASES[] = {
        {"1.50", "1.5", NULL},
        {"00042", "42", NULL},
        {"-0", "0", NULL},
        {"1.5E2", "150", NULL},
        {"1e-3", "0.001", NULL},
        {"+7", "7", NULL},
        {".5", "0.5", NULL},
        {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678", NULL},
        {"123456789012345678901234567890123456789", NULL,
         "Attempting to store more than 38 significant digits in a Number"},
        {"1E126", NULL,
         "Number overflow. Attempting to store a number with magnitude larger than supported "
         "range"},
        {"9.9999999999999999999999999999999999999E+125",
         "99999999999999999999999999999999999999000000000000000000000000000000000000000000000000000"
         "0"
         "000000000000000000000000000000000000",
         NULL},
        {"1E-131", NULL,
         "Number underflow. Attempting to store a number with magnitude smaller than supported "
         "range"},
        {"abc", NULL, "The parameter cannot be converted to a numeric value"},
        {"1e", NULL, "The parameter cannot be converted to a numeric value"},
        {"", NULL, "The parameter cannot be converted to a numeric value"},
        {" 1", NULL, "The parameter cannot be converted to a numeric value"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const char *error = NULL;
        char *got = ddb_number_canonical(CASES[i].in, &error);
        if (CASES[i].canonical)
            CHECK_STR(got, CASES[i].canonical, "canonical of %s", CASES[i].in);
        else
            CHECK_STR(error, CASES[i].error, "error of %s", CASES[i].in);
        free(got);
    }
    CHECK(ddb_number_compare("10", "9") > 0, "10 > 9");
    CHECK(ddb_number_compare("-10", "-9") < 0, "-10 < -9");
    CHECK(ddb_number_compare("0.001", "0.0001") > 0, "0.001 > 0.0001");
    CHECK(ddb_number_compare("1.0", "1") == 0, "1.0 == 1");
    CHECK(ddb_number_compare("12345678901234567890123456789012345678",
                             "12345678901234567890123456789012345677") > 0,
          "38 digits compare exactly");
    const char *error = NULL;
    char *sum = ddb_number_add("0.1", "0.2", false, &error);
    CHECK_STR(sum, "0.3", "0.1 + 0.2");
    free(sum);
    sum = ddb_number_add("12345678901234567890123456789012345678", "1", false, &error);
    CHECK_STR(sum, "12345678901234567890123456789012345679", "38-digit + 1");
    free(sum);
    sum = ddb_number_add("99999999999999999999999999999999999999", "1", false, &error);
    CHECK_STR(sum, "100000000000000000000000000000000000000", "carry to 39 digits, 1 significant");
    free(sum);
    sum = ddb_number_add("1E125", "1E-5", false, &error);
    CHECK(!sum, "precision lost");
    CHECK_STR(error, "Attempting to store more than 38 significant digits in a Number",
              "precision");
    sum = ddb_number_add("5", "7", true, &error);
    CHECK_STR(sum, "-2", "5 - 7");
    free(sum);
}

static void test_values(void)
{
    static const struct {
        const char *av, *error;
    } CASES[] = {
        {"{\"SS\":[]}",
         "One or more parameter values were invalid: An string set  may not be empty"},
        {"{\"NS\":[]}",
         "One or more parameter values were invalid: An number set  may not be empty"},
        {"{\"SS\":[\"a\",\"a\"]}",
         "One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
        {"{\"NS\":[\"1\",\"1.0\"]}",
         "One or more parameter values were invalid: Input collection [1, 1] contains duplicates."},
        {"{}",
         "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
        {"{\"S\":\"a\",\"N\":\"1\"}",
         "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
         "supported datatypes"},
        {"{\"NULL\":false}", "One or more parameter values were invalid: Null attribute value "
                             "types must have the value "
                             "of true"},
        {"{\"N\":\"x\"}", "The parameter cannot be converted to a numeric value: x"},
        {"{\"N\":\"\"}", "The parameter cannot be converted to a numeric value"},
        {"{\"NS\":[\"1\",\"nan\"]}", "The parameter cannot be converted to a numeric value: nan"},
        {"{\"S\":\"\"}", NULL},
        {"{\"SS\":[\"\"]}", NULL},
        {"{\"M\":{\"a\":{\"L\":[{\"N\":\"1.0\"}]}}}", NULL},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        cJSON *av = cJSON_Parse(CASES[i].av);
        char msg[512];
        const char *error = av_validate(av, msg, sizeof msg);
        if (CASES[i].error)
            CHECK_STR(error, CASES[i].error, "%s", CASES[i].av);
        else
            CHECK(!error, "%s: %s", CASES[i].av, error);
        cJSON_Delete(av);
    }
    /* Big sets are checked in O(n log n): this would take minutes pairwise. */
    cJSON *big = cJSON_CreateObject();
    cJSON *elements = cJSON_AddArrayToObject(big, "NS");
    for (int i = 0; i < 100000; i++) {
        char text[16];
        snprintf(text, sizeof text, "%d", i);
        cJSON_AddItemToArray(elements, cJSON_CreateString(text));
    }
    char msg[512];
    CHECK(av_validate(big, msg, sizeof msg) == NULL, "100000 distinct numbers");
    cJSON_AddItemToArray(elements, cJSON_CreateString("5.0"));
    CHECK(av_validate(big, msg, sizeof msg) != NULL, "a duplicate among 100001 numbers");
    cJSON_Delete(big);

    cJSON *a = cJSON_Parse("{\"SS\":[\"x\",\"y\"]}"), *b = cJSON_Parse("{\"SS\":[\"y\",\"x\"]}");
    CHECK(av_equal(a, b), "sets compare without order");
    cJSON_Delete(a);
    cJSON_Delete(b);
}

static void test_ordered_index(void)
{
    struct ordered_index *x = oidx_new(2);
    cJSON *pk = cJSON_Parse("{\"S\":\"p\"}");
    cJSON *keys = cJSON_CreateArray();
    for (int i = 1000; i > 0; i--) {
        char text[16];
        snprintf(text, sizeof text, "%d", i);
        cJSON *sk = av_new_string(AV_N, text);
        cJSON_AddItemToArray(keys, sk);
        const cJSON *k[2] = {pk, sk};
        oidx_insert(x, k, sk);
    }
    CHECK(oidx_count(x) == 1000, "count");
    long previous = 0, n = 0;
    bool ordered = true;
    for (struct oidx_node *node = oidx_first(x); node; node = oidx_next(node), n++) {
        long v = strtol(av_payload(node->keys[1])->valuestring, NULL, 10);
        ordered = ordered && v > previous;
        previous = v;
    }
    CHECK(ordered && n == 1000, "numeric order, %ld entries", n);
    cJSON *probe = av_new_string(AV_N, "500");
    const cJSON *k[2] = {pk, probe};
    struct oidx_node *at = oidx_seek(x, k, 2, false);
    CHECK(at && strcmp(av_payload(at->keys[1])->valuestring, "500") == 0, "seek >= 500");
    at = oidx_seek(x, k, 2, true);
    CHECK(at && strcmp(av_payload(at->keys[1])->valuestring, "501") == 0, "seek > 500");
    at = oidx_seek_back(x, k, 2, true);
    CHECK(at && strcmp(av_payload(at->keys[1])->valuestring, "499") == 0, "seek back < 500");
    CHECK(oidx_remove(x, k) != NULL, "remove 500");
    CHECK(!oidx_find(x, k), "500 gone");
    at = oidx_seek_back(x, k, 2, false);
    CHECK(at && strcmp(av_payload(at->keys[1])->valuestring, "499") == 0, "seek back <= 500");
    CHECK(oidx_count(x) == 999, "count after remove");
    cJSON_Delete(probe);
    oidx_free(x);
    cJSON_Delete(keys);
    cJSON_Delete(pk);
}

/* Random inserts and removes against a reference bitmap: order, counts, seeks both ways. */
static void test_ordered_index_random(void)
{
    enum { RANGE = 3000, OPS = 40000 };
    static bool present[RANGE];
    cJSON *values = cJSON_CreateArray();
    const cJSON *avs[RANGE];
    for (int i = 0; i < RANGE; i++) {
        char text[16];
        snprintf(text, sizeof text, "%d", i);
        cJSON *av = av_new_string(AV_N, text);
        cJSON_AddItemToArray(values, av);
        avs[i] = av;
    }
    struct ordered_index *x = oidx_new(1);
    unsigned seed = 12345;
    size_t count = 0;
    bool ok = true;
    for (int op = 0; op < OPS && ok; op++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 8) % RANGE);
        const cJSON *key[1] = {avs[k]};
        if (present[k]) {
            ok = oidx_remove(x, key) == avs[k];
            present[k] = false;
            count--;
        } else {
            oidx_insert(x, key, (void *)avs[k]);
            present[k] = true;
            count++;
        }
        if (op % 997 == 0) {
            /* full walk forward and back */
            int previous = -1;
            size_t n = 0;
            for (struct oidx_node *e = oidx_first(x); e && ok; e = oidx_next(e), n++) {
                int v = atoi(av_payload(e->keys[0])->valuestring);
                ok = v > previous && present[v];
                previous = v;
            }
            ok = ok && n == count;
            n = 0;
            for (struct oidx_node *e = oidx_last(x); e; e = oidx_prev(x, e))
                n++;
            ok = ok && n == count;
        }
        const cJSON *probe[1] = {avs[(k * 7) % RANGE]};
        struct oidx_node *at = oidx_seek(x, probe, 1, false);
        int want = -1;
        for (int v = (k * 7) % RANGE; v < RANGE; v++)
            if (present[v]) {
                want = v;
                break;
            }
        ok = ok && (want < 0 ? at == NULL : at && at->value == avs[want]);
        struct oidx_node *back = oidx_seek_back(x, probe, 1, true);
        want = -1;
        for (int v = (k * 7) % RANGE - 1; v >= 0; v--)
            if (present[v]) {
                want = v;
                break;
            }
        ok = ok && (want < 0 ? back == NULL : back && back->value == avs[want]);
    }
    CHECK(ok, "random operations keep the index consistent");
    CHECK(oidx_count(x) == count, "count %zu", count);
    oidx_free(x);
    cJSON_Delete(values);
}

static void test_partiql_parser(void)
{
    static const struct {
        const char *statement, *error; /* error NULL: parses */
    } CASES[] = {
        {"SELECT * FROM t WHERE a = ? AND b BETWEEN 1 AND 2", NULL},
        {"select a, b.c[0], \"d e\" from \"t\".\"idx\" where x IS NOT MISSING", NULL},
        {"INSERT INTO t VALUE {'a': 'x', 'n': -1.5e3, 's': <<'p', 'q'>>, 'l': [true, null]}", NULL},
        {"UPDATE t SET a = a + 1 SET b = list_append(b, [1]) REMOVE c WHERE k = 'x'", NULL},
        {"DELETE FROM t WHERE k = 'x' AND attribute_exists(y)", NULL},
        {"SELEC * FROM t",
         "Statement wasn't well formed, can't be processed: Unexpected token: SELEC"},
        {"SELECT * FROM",
         "Statement wasn't well formed, can't be processed: Unexpected end of statement"},
        {"DELETE FROM t",
         "Statement wasn't well formed, can't be processed: Where clause must be specified"},
        {"SELECT * FROM t WHERE a = ? AND b = ?",
         "Number of parameters in request and statement don't match."},
        {"INSERT INTO t VALUE <<1, 'a'>>",
         "Statement wasn't well formed, can't be processed: Set elements must all have one type"},
        {"SELECT * FROM t WHERE a = 'unterminated",
         "Statement wasn't well formed, can't be processed: Unexpected character: '''"},
    };
    cJSON *params = cJSON_Parse("[{\"S\":\"a\"}]");
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char error[512] = "";
        const cJSON *given = strchr(CASES[i].statement, '?') ? params : NULL;
        int rc = partiql_parse_only(CASES[i].statement, given, error, sizeof error);
        if (CASES[i].error) {
            CHECK(rc < 0, "%s should fail", CASES[i].statement);
            CHECK_STR(error, CASES[i].error, "%s", CASES[i].statement);
        } else {
            CHECK(rc == 0, "%s: %s", CASES[i].statement, error);
        }
    }
    cJSON_Delete(params);
}

static void test_nesting_is_bounded(void)
{
    char text[4000];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        text[n++] = '(';
    text[n] = '\0';
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, NULL, NULL);
    struct expr *e;
    CHECK(expr_parse_condition(&ctx, "ConditionExpression", text, &e) < 0, "deep nesting fails");
    expr_ctx_free(&ctx);
}

int main(void)
{
    test_conditions();
    test_unused_placeholders();
    test_updates();
    test_projection();
    test_numbers();
    test_values();
    test_ordered_index();
    test_ordered_index_random();
    test_nesting_is_bounded();
    test_partiql_parser();
    return test_summary("dynamodb_expr");
}
