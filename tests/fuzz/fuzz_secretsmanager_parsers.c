/* Fuzzes Secrets Manager's parsers. The first byte picks one, the rest is its input:
 * 's' a rotation ScheduleExpression (checked, and stepped when valid), 'd' a Duration,
 * 'f' a Filters list in JSON (checked, and matched against a secret when valid),
 * 'w' "text\nvalue" for filter word matching, 'r' a saved secret record (loaded, and saved again
 * when it loads), anything else a policy for the public-policy test. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../services/secretsmanager/list_filter.h"
#include "../../services/secretsmanager/public_policy.h"
#include "../../services/secretsmanager/schedule.h"
#include "../../services/secretsmanager/secret.h"

static void fuzz_filters(const char *text)
{
    cJSON *filters = cJSON_Parse(text);
    char problem[256];
    if (filters && list_filters_check(filters, problem, sizeof problem) == 0) {
        cJSON *tags = cJSON_Parse("[{\"Key\":\"Team\",\"Value\":\"core/Ledger-v2\"}]");
        struct filter_fields fields = {
            .name = "prod/BillingAPIKey",
            .description = "Main payment database",
            .tags = tags,
            .primary_region = "us-east-1",
            .owning_service = "rds",
        };
        (void)list_filters_match(filters, &fields);
        cJSON_Delete(tags);
    }
    cJSON_Delete(filters);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char problem[256];
    switch (data[0]) {
    case 's':
        if (schedule_check(text, problem, sizeof problem) == 0)
            (void)schedule_next(text, 1893456000.0);
        break;
    case 'd':
        (void)schedule_duration_check(text, problem, sizeof problem);
        break;
    case 'f':
        fuzz_filters(text);
        break;
    case 'w': {
        char *value = strchr(text, '\n');
        if (value) {
            *value++ = '\0';
            (void)filter_words_match(text, value, true);
            (void)filter_words_match(text, value, false);
        }
        break;
    }
    case 'r': {
        cJSON *record = cJSON_Parse(text);
        struct sm_secret *secret = record ? secret_from_record(record) : NULL;
        if (secret) {
            cJSON_Delete(secret_to_record(secret));
            cJSON *described = cJSON_CreateObject();
            secret_describe(secret, described, false);
            cJSON_Delete(described);
            secret_free(secret);
        }
        cJSON_Delete(record);
        break;
    }
    default:
        (void)policy_is_public(text);
        break;
    }
    free(text);
    return 0;
}
