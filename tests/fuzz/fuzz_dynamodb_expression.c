/* DynamoDB's expression parsers and evaluators. The first byte picks the language (condition,
 * update, projection, PartiQL) and the rest is the expression; whatever parses is also evaluated
 * against a fixed item, so the evaluator and the update engine see every tree the parser can build.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/dynamodb/expr.h"
#include "../../services/dynamodb/partiql.h"

static const char ITEM[] =
    "{\"id\":{\"S\":\"abc\"},\"n\":{\"N\":\"5\"},\"s\":{\"S\":\"hello\"},\"b\":{\"B\":\"AAEC\"},"
    "\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2\"]},\"bs\":{\"BS\":[\"AA==\"]},"
    "\"l\":{\"L\":[{\"N\":\"1\"},{\"L\":[{\"S\":\"x\"}]},{\"M\":{\"k\":{\"N\":\"3\"}}}]},"
    "\"m\":{\"M\":{\"a\":{\"M\":{\"b\":{\"S\":\"deep\"}}},\"k\":{\"NULL\":true}}},"
    "\"t\":{\"BOOL\":false}}";

static const char NAMES[] = "{\"#a\":\"n\",\"#b\":\"m\",\"#c\":\"l\",\"#d\":\"new\"}";

static const char VALUES[] =
    "{\":n\":{\"N\":\"1\"},\":big\":{\"N\":\"9.9999999999999999999999999999999999999E+125\"},"
    "\":s\":{\"S\":\"he\"},\":b\":{\"B\":\"AA==\"},\":ss\":{\"SS\":[\"a\",\"z\"]},"
    "\":ns\":{\"NS\":[\"2\",\"7\"]},\":l\":{\"L\":[{\"N\":\"1\"}]},\":m\":{\"M\":{\"q\":{\"S\":"
    "\"r\"}}},"
    "\":t\":{\"S\":\"SS\"},\":null\":{\"NULL\":true},\":bool\":{\"BOOL\":true}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cJSON *item, *names, *values;
    if (!item) {
        item = cJSON_Parse(ITEM);
        names = cJSON_Parse(NAMES);
        values = cJSON_Parse(VALUES);
    }
    if (size == 0)
        return 0;
    char *text = xstrndup((const char *)data + 1, size - 1);
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, names, values);
    switch (data[0] % 4) {
    case 0: {
        struct expr *e;
        if (expr_parse_condition(&ctx, "ConditionExpression", text, &e) == 0) {
            expr_eval_condition(e, item);
            expr_eval_condition(e, NULL);
        }
        break;
    }
    case 1: {
        struct update_expr u;
        if (expr_parse_update(&ctx, text, &u) == 0) {
            char error[512];
            cJSON_Delete(update_apply(&u, item, error, sizeof error));
            cJSON_Delete(update_apply(&u, NULL, error, sizeof error));
        }
        break;
    }
    case 3: {
        char error[512];
        cJSON *params = cJSON_Parse("[{\"S\":\"a\"},{\"N\":\"1\"}]");
        partiql_parse_only(text, params, error, sizeof error);
        cJSON_Delete(params);
        break;
    }
    default: {
        struct projection p;
        if (expr_parse_projection(&ctx, text, &p) == 0)
            cJSON_Delete(projection_apply(item, &p));
        break;
    }
    }
    expr_check_unused(&ctx);
    expr_ctx_free(&ctx);
    free(text);
    return 0;
}
