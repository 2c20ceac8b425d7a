/* Fuzzes EventBridge's schedule expressions (rate() and cron()) and the search for their next
 * firing. Input: the expression. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/events/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    /* 2024-02-29T23:59:30Z, a leap day's last minute, and the epoch */
    static const double times[] = {1709251170.0, 0.0};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        double next;
        if (schedule_next_fire(text, times[i], &next) && next <= times[i])
            abort(); /* a next firing is always later */
    }
    free(text);
    return 0;
}
