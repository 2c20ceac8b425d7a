/* Batch entries (batch.h). */
#include "batch.h"

#include <ctype.h>
#include <string.h>

#include "params.h"
#include "strmap.h"

bool batch_entry_id_valid(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > BATCH_ENTRY_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

int batch_check_entries(struct call *c, const cJSON *entries, const struct batch_rules *rules)
{
    int count = cJSON_GetArraySize(entries);
    if (count == 0)
        return rules->refuse(c, rules, BATCH_EMPTY, NULL, count);
    if (count > rules->max_entries)
        return rules->refuse(c, rules, BATCH_TOO_MANY, NULL, count);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *id = param_string(entry, "Id");
        if (!id || !batch_entry_id_valid(id))
            return rules->refuse(c, rules, BATCH_ID_INVALID, id, count);
    }
    struct strmap seen = STRMAP_INIT;
    int rc = 0;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *id = param_string(entry, "Id");
        if (strmap_put(&seen, id, (void *)entry)) {
            rc = rules->refuse(c, rules, BATCH_IDS_NOT_DISTINCT, id, count);
            break;
        }
    }
    strmap_clear(&seen);
    return rc;
}

static void add_failure(cJSON *failed, const char *id, const struct proto_error *err)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "Id", id);
    cJSON_AddBoolToObject(entry, "SenderFault", err->sender_fault);
    cJSON_AddStringToObject(entry, "Code", err->code);
    cJSON_AddStringToObject(entry, "Message", err->message);
    cJSON_AddItemToArray(failed, entry);
}

void batch_run(const cJSON *entries, batch_entry_fn run, void *ctx, cJSON *out)
{
    cJSON *successful = cJSON_AddArrayToObject(out, "Successful");
    cJSON *failed = cJSON_AddArrayToObject(out, "Failed");
    const cJSON *entry;
    cJSON_ArrayForEach(entry, entries)
    {
        const char *id = param_string(entry, "Id");
        struct proto_error err = {0};
        cJSON *result = cJSON_CreateObject();
        cJSON_AddStringToObject(result, "Id", id ? id : "");
        if (run(ctx, entry, result, &err) == 0) {
            cJSON_AddItemToArray(successful, result);
        } else {
            cJSON_Delete(result);
            add_failure(failed, id ? id : "", &err);
        }
        proto_error_clear(&err);
    }
}
