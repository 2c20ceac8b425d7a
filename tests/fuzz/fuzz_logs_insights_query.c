/* Fuzzes the Logs Insights query parser and runs what parses over a few events.
 * Input: the query string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/logs/insights_eval.h"
#include "../../services/logs/insights_query.h"

static const struct insights_event events[] = {
    {"1:/g", "s", "{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":[1,\"two\",null],\"e\":true}", 1.7e12,
     "p1", 1.7e12 + 5},
    {"1:/g", "s", "10.0.0.1 - GET /index.html 200 512", 1.7e12 + 61000, "p2", 0},
    {"1:/g", "t", "ERROR [worker-3] timeout after 30s", 1.7e12 + 3600000, "p3", 0},
    {"1:/g", "t", "", 1.7e12 + 3600000, "p4", 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 10000) /* StartQuery's limit on a query string */
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct insights_error err;
    struct insights_query *q = insights_query_parse(text, &err);
    if (q) {
        struct insights_statistics stats;
        cJSON_Delete(insights_query_run(q, events, sizeof events / sizeof events[0], 100, &stats));
        insights_query_free(q);
    }
    free(text);
    return 0;
}
