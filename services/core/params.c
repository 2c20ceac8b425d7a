/* Typed reads from a validated params tree, and timestamps written into results. */
#include "params.h"

const char *param_string(const cJSON *in, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

long long param_int(const cJSON *in, const char *name, long long fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : fallback;
}

bool param_bool(const cJSON *in, const char *name, bool fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

double param_number(const cJSON *in, const char *name, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

bool param_true(const cJSON *in, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(in, name));
}

cJSON *param_copy(const cJSON *in, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return v ? cJSON_Duplicate(v, true) : NULL;
}

void result_add_timestamp(cJSON *out, const char *name, double epoch)
{
    cJSON_AddNumberToObject(out, name, epoch);
}
