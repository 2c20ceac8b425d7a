/* PartiQL statements for DynamoDB. The input is a statement; whatever parses is also run against
 * a fixed item the way the statement would be: its WHERE clause evaluated, its projection
 * applied, its updates made, so the evaluator and the update engine see every PartiQL tree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/dynamodb/expr.h"
#include "../../services/dynamodb/partiql.h"

static const char ITEM[] =
    "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"s\":{\"S\":\"hello\"},\"n\":{\"NULL\":true},"
    "\"ss\":{\"SS\":[\"x\",\"y\"]},\"l\":{\"L\":[{\"N\":\"1\"},{\"M\":{\"k\":{\"S\":\"v\"}}}]},"
    "\"m\":{\"M\":{\"a\":{\"M\":{\"b\":{\"BOOL\":true}}}}}}";

/* Statements with a ? get these two parameters (they must then use both); others get none. */
static const char PARAMETERS[] = "[{\"S\":\"a\"},{\"N\":\"1\"}]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cJSON *item, *parameters;
    if (!item) {
        item = cJSON_Parse(ITEM);
        parameters = cJSON_Parse(PARAMETERS);
    }
    char *text = xstrndup((const char *)data, size);
    struct expr_ctx ctx;
    expr_ctx_init(&ctx, NULL, NULL);
    struct statement st;
    char error[512];
    const cJSON *given = strchr(text, '?') ? parameters : NULL;
    if (partiql_parse(&ctx, text, given, &st, error, sizeof error) == 0) {
        if (st.where) {
            expr_eval_condition(st.where, item);
            expr_eval_condition(st.where, NULL);
        }
        if (st.projection.n)
            cJSON_Delete(projection_apply(item, &st.projection));
        if (st.update.n) {
            cJSON_Delete(update_apply(&st.update, item, error, sizeof error));
            cJSON_Delete(update_apply(&st.update, NULL, error, sizeof error));
        }
    }
    partiql_statement_free(&st);
    expr_ctx_free(&ctx);
    free(text);
    return 0;
}
