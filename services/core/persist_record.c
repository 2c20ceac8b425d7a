/* Typed members of persistence records, shared by every service's side of the contract. */
#include "persist_record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "persist.h"

#define EXACT_DOUBLE_LIMIT (UINT64_C(1) << 53)

void record_add_string(cJSON *record, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(record, name, value);
}

int record_write(struct state_writer *w, cJSON *record)
{
    int rc = w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

void record_add_json(cJSON *record, const char *name, const cJSON *value)
{
    if (value)
        cJSON_AddItemToObject(record, name, cJSON_Duplicate(value, true));
}

void record_add_u64(cJSON *record, const char *name, uint64_t value)
{
    if (value <= EXACT_DOUBLE_LIMIT) {
        cJSON_AddNumberToObject(record, name, (double)value);
        return;
    }
    char text[24];
    snprintf(text, sizeof text, "%" PRIu64, value);
    cJSON_AddStringToObject(record, name, text);
}

const char *record_string(const cJSON *record, const char *name)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(record, name));
}

bool record_u64(const cJSON *record, const char *name, uint64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, name);
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!(d >= 0) || d > (double)EXACT_DOUBLE_LIMIT || d != (double)(uint64_t)d)
            return false;
        *out = (uint64_t)d;
        return true;
    }
    const char *text = cJSON_GetStringValue(v);
    if (!text || *text < '0' || *text > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(text, &end, 10);
    if (errno || *end)
        return false;
    *out = n;
    return true;
}

bool record_int(const cJSON *record, const char *name, long min, long max, long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, name);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= (double)min) ||
        !(v->valuedouble <= (double)max) || v->valuedouble != (double)(long)v->valuedouble)
        return false;
    *out = (long)v->valuedouble;
    return true;
}

bool record_bool(const cJSON *record, const char *name, bool fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, name);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

double record_number(const cJSON *record, const char *name, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, name);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

char *record_strdup(const cJSON *record, const char *name)
{
    const char *v = record_string(record, name);
    return v ? xstrdup(v) : NULL;
}

bool record_text(const cJSON *record, const char *name, char *out, size_t size)
{
    const char *v = record_string(record, name);
    size_t len = v ? strlen(v) : 0;
    if (!v || len >= size)
        return false;
    memcpy(out, v, len + 1);
    return true;
}

cJSON *record_json(const cJSON *record, const char *name, cJSON_bool (*is)(const cJSON *))
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(record, name);
    return v && is(v) ? cJSON_Duplicate(v, true) : NULL;
}

bool record_account_region(struct state_reader *r, const cJSON *record, const char **account,
                           const char **region)
{
    *account = record_string(record, "account");
    *region = record_string(record, "region");
    if (*account && **account && strlen(*account) < 16 && *region && **region &&
        strlen(*region) < 32)
        return true;
    const char *kind = record_string(record, "kind");
    if (!kind)
        kind = record_string(record, "type");
    state_refuse(r, "a %s record without a valid account and region", kind ? kind : "");
    return false;
}

static uint64_t wall_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t record_wall_from_monotonic(uint64_t monotonic_ms)
{
    uint64_t mono = loop_now_ms(), wall = wall_now_ms();
    return monotonic_ms >= mono ? wall + (monotonic_ms - mono)
                                : wall - (mono - monotonic_ms < wall ? mono - monotonic_ms : wall);
}

uint64_t record_monotonic_from_wall(uint64_t wall_ms)
{
    uint64_t mono = loop_now_ms(), wall = wall_now_ms();
    return wall_ms >= wall ? mono + (wall_ms - wall)
                           : mono - (wall - wall_ms < mono ? wall - wall_ms : mono);
}
