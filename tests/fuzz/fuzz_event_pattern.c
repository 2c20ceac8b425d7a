/* Fuzzes EventBridge's event pattern validation and matching. Input: "<pattern>\n---\n<event>";
 * without the separator the pattern runs against a fixed event. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/events/event_pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *split = strstr(text, "\n---\n");
    const char *event_text = "{\"source\":\"s\",\"detail\":{\"a\":[1,\"x\",{\"b\":null}],"
                             "\"ip\":\"10.1.2.3\",\"n\":-2.5,\"t\":true}}";
    if (split) {
        *split = '\0';
        event_text = split + 5;
    }
    char reason[256];
    cJSON *pattern = event_pattern_parse(text, reason, sizeof reason);
    cJSON *event = cJSON_Parse(event_text);
    if (pattern && event)
        (void)event_pattern_matches(pattern, event);
    cJSON_Delete(pattern);
    cJSON_Delete(event);
    free(text);
    return 0;
}
