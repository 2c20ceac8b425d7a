/* Batch entry checks SQS's batch operations share (ids, count, distinctness) and the
 * failure entry they report. */
#include "batch.h"

#include <ctype.h>
#include <string.h>

#include "../core/params.h"
#include "../core/strmap.h"

#define MAX_BATCH_ID 80

bool batch_entry_id_valid(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > MAX_BATCH_ID)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

int batch_check_entries(struct call *c, const cJSON *entries, const char *entry_name)
{
    int count = cJSON_GetArraySize(entries);
    if (count == 0)
        return call_fail(c, 400, "AWS.SimpleQueueService.EmptyBatchRequest",
                         "There should be at least one %s in the request.", entry_name);
    if (count > SQS_MAX_BATCH_ENTRIES)
        return call_fail(c, 400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                         "Maximum number of entries per request are %d. You have sent %d.",
                         SQS_MAX_BATCH_ENTRIES, count);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *id = param_string(entry, "Id");
        if (!id || !batch_entry_id_valid(id))
            return call_fail(c, 400, "AWS.SimpleQueueService.InvalidBatchEntryId",
                             "A batch entry id can only contain alphanumeric characters, hyphens "
                             "and underscores. It can be at most %d letters long.",
                             MAX_BATCH_ID);
    }
    struct strmap seen = STRMAP_INIT;
    int rc = 0;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *id = param_string(entry, "Id");
        if (strmap_get(&seen, id)) {
            rc = call_fail(c, 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                           "Id %s repeated.", id);
            break;
        }
        strmap_put(&seen, id, (void *)entry);
    }
    strmap_clear(&seen);
    return rc;
}

void batch_add_failure(cJSON *failed, const char *id, const struct proto_error *err)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Id", id);
    cJSON_AddBoolToObject(entry, "SenderFault", err->sender_fault);
    cJSON_AddStringToObject(entry, "Code", err->code);
    cJSON_AddStringToObject(entry, "Message", err->message);
    cJSON_AddItemToArray(failed, entry);
}
