/* Fuzzes the CloudWatch Logs filter pattern evaluator and field selection. Input: "<pattern>\n---\n<message>". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/logs/filter_pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *split = strstr(text, "\n---\n");
    const char *message = "{\"a\":1,\"b\":[\"x\",{\"c\":null}],\"d\":\"ERROR disk\"} plain words";
    if (split) {
        *split = '\0';
        message = split + 5;
    }
    (void)filter_pattern_matches(text, message);
    char selected[64];
    (void)filter_pattern_select(text, message, "$b", selected, sizeof selected);
    (void)filter_pattern_select(text, message, "$.b[1].c", selected, sizeof selected);
    free(text);
    return 0;
}
