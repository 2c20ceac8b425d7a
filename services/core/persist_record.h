/* Members of persistence records (persist.h) in the forms every service writes them: 64-bit
 * counters beyond JSON's exact integers as decimal strings, optional strings left out when
 * absent, and deadlines of the event loop's monotonic clock as wall-clock epoch milliseconds (a
 * monotonic time means nothing to the next process). */
#ifndef MOTOC_PERSIST_RECORD_H
#define MOTOC_PERSIST_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct state_reader;
struct state_writer;

/* Writes record through w, then frees it: w->record's 0 or -1. */
int record_write(struct state_writer *w, cJSON *record);

/* Adds name unless value is NULL. */
void record_add_string(cJSON *record, const char *name, const char *value);
/* Adds a copy of value unless it is NULL. */
void record_add_json(cJSON *record, const char *name, const cJSON *value);
/* A number while JSON numbers hold it exactly (up to 2^53), a decimal string beyond. */
void record_add_u64(cJSON *record, const char *name, uint64_t value);

/* The string member name, or NULL when absent or not a string. */
const char *record_string(const cJSON *record, const char *name);
/* The member as written by record_add_u64: true with *out, false when absent or not a whole
 * non-negative number. */
bool record_u64(const cJSON *record, const char *name, uint64_t *out);
/* An integer member within [min, max]: true with *out, false when absent or out of range. */
bool record_int(const cJSON *record, const char *name, long min, long max, long *out);
/* A boolean member, or fallback when absent. */
bool record_bool(const cJSON *record, const char *name, bool fallback);
/* A number member, or fallback when absent or not a number. */
double record_number(const cJSON *record, const char *name, double fallback);
/* A copy of the string member (xstrdup), or NULL when absent. */
char *record_strdup(const cJSON *record, const char *name);
/* Copies the string member into out[size]; false when absent or too long for out. */
bool record_text(const cJSON *record, const char *name, char *out, size_t size);
/* A copy of the member when is(member) holds (cJSON_IsObject, cJSON_IsArray, …), else NULL. */
cJSON *record_json(const cJSON *record, const char *name, cJSON_bool (*is)(const cJSON *));
/* The record's "account" and "region" members, which name the regional state it belongs to:
 * true with both, or false after state_refuse() when either is missing, empty or longer than
 * motoc keeps them (15 and 31 characters, regional_state.h). */
bool record_account_region(struct state_reader *r, const cJSON *record, const char **account,
                           const char **region);

/* A deadline of loop_now_ms()'s clock as epoch milliseconds, and back. */
uint64_t record_wall_from_monotonic(uint64_t monotonic_ms);
uint64_t record_monotonic_from_wall(uint64_t wall_ms);

#endif
