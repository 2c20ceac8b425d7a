/* Datapoints other services publish to CloudWatch (cloudwatch_metrics.h). */
#include "cloudwatch_metrics.h"

#include <stdbool.h>
#include <string.h>

#include "alarms.h"
#include "metrics.h"
#include "state.h"

void cloudwatch_publish(const char *account, const char *region, const struct metric_datum *data,
                        size_t n)
{
    if (n == 0)
        return;
    struct cloudwatch_region *r = cloudwatch_region_get(account, region);
    cJSON *one = cJSON_CreateArray();
    cJSON *value = cJSON_CreateNumber(0);
    cJSON_AddItemToArray(one, value);
    for (size_t i = 0; i < n; i++) {
        const struct metric_datum *d = &data[i];
        cJSON *metric = metric_find(r, d->namespace, d->name, d->dimensions, true);
        cJSON_SetNumberValue(value, d->value);
        metric_add_point(metric, d->timestamp, d->value, 1, d->value, d->value, d->unit, one,
                         NULL);
    }
    cJSON_Delete(one);
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(data[j].namespace, data[i].namespace) == 0;
        if (!seen)
            alarms_evaluate(r, data[i].namespace);
    }
}
