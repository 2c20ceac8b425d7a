/* FilterCriteria applied to the records of event source mappings. */
#include "event_filters.h"

#include <string.h>

#include "../core/codec_util.h"
#include "../core/params.h"
#include "../events/event_pattern.h"

static const cJSON *filters_of(const cJSON *criteria)
{
    return cJSON_GetObjectItemCaseSensitive(criteria, "Filters");
}

bool lambda_filters_valid(const cJSON *criteria)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, filters_of(criteria)) {
        const char *text = param_string(f, "Pattern");
        char reason[256];
        cJSON *pattern = text ? event_pattern_parse(text, reason, sizeof reason) : NULL;
        if (!pattern)
            return false;
        cJSON_Delete(pattern);
    }
    return true;
}

/* Replaces obj's member name, a JSON text (or base64 of one when encoded), by the document it
 * holds; a value that is not JSON stays as it is and only matches as a string. */
static void expand_json_member(cJSON *obj, const char *name, bool encoded)
{
    const char *text = param_string(obj, name);
    if (!text)
        return;
    cJSON *doc = encoded ? json_from_base64(text) : cJSON_Parse(text);
    if (doc)
        cJSON_ReplaceItemInObjectCaseSensitive(obj, name, doc);
}

/* What the patterns see: SQS records with their body parsed, the inner object of a Kinesis
 * record with its data decoded, DynamoDB records as they are. */
static cJSON *filterable(const cJSON *record)
{
    const cJSON *kinesis = cJSON_GetObjectItemCaseSensitive(record, "kinesis");
    cJSON *copy = cJSON_Duplicate(kinesis ? kinesis : record, true);
    if (kinesis)
        expand_json_member(copy, "data", true);
    else
        expand_json_member(copy, "body", false);
    return copy;
}

cJSON *lambda_filters_parse(const cJSON *mapping)
{
    const cJSON *filters = filters_of(cJSON_GetObjectItemCaseSensitive(mapping, "FilterCriteria"));
    if (cJSON_GetArraySize(filters) == 0)
        return NULL;
    cJSON *patterns = cJSON_CreateArray();
    const cJSON *f;
    cJSON_ArrayForEach(f, filters) {
        char reason[256];
        const char *text = param_string(f, "Pattern");
        cJSON *pattern = text ? event_pattern_parse(text, reason, sizeof reason) : NULL;
        if (pattern) /* valid when stored; one that is not matches nothing */
            cJSON_AddItemToArray(patterns, pattern);
    }
    return patterns;
}

bool lambda_filters_keep(const cJSON *patterns, const cJSON *record)
{
    if (!patterns)
        return true;
    cJSON *subject = filterable(record);
    bool keep = false;
    const cJSON *pattern;
    cJSON_ArrayForEach(pattern, patterns) {
        if ((keep = event_pattern_matches(pattern, subject)))
            break;
    }
    cJSON_Delete(subject);
    return keep;
}
