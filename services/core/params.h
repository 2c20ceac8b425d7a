/* Reading a validated params tree in service code. */
#ifndef MOTOC_PARAMS_H
#define MOTOC_PARAMS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* The string member, or NULL when absent. */
const char *param_string(const cJSON *in, const char *name);
/* The number member as an integer, or fallback when absent. */
long long param_int(const cJSON *in, const char *name, long long fallback);
bool param_bool(const cJSON *in, const char *name, bool fallback);
/* The number member as it is (a double), or fallback when absent. */
double param_number(const cJSON *in, const char *name, double fallback);
/* True only for a member that is the boolean true. */
bool param_true(const cJSON *in, const char *name);
/* A copy of the member, for storing (NULL if absent). */
cJSON *param_copy(const cJSON *in, const char *name);

/* Adds a timestamp (epoch seconds) to a result tree. */
void result_add_timestamp(cJSON *out, const char *name, double epoch);

#endif
