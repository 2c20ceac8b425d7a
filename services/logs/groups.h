/* Finding log groups and streams for a call, with AWS's errors when they are missing. */
#ifndef MOTOC_LOGS_GROUPS_H
#define MOTOC_LOGS_GROUPS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "../core/json_array.h"
#include "state.h"

struct logs_region *logs_state(struct call *c);

/* The group named name, or NULL. */
cJSON *group_find(const struct logs_region *r, const char *name);
/* The same, failing the call with ResourceNotFoundException when it is missing. */
cJSON *group_for_call(struct call *c, const struct logs_region *r, const char *name);
/* The group a request names by logGroupName or logGroupIdentifier (a name or an ARN);
 * fails the call when neither or both are given or the group is missing. */
cJSON *group_from_request(struct call *c, const struct logs_region *r, const cJSON *in);
/* The group an ARN names ("arn:…:log-group:NAME" with or without ":*"), or NULL. */
cJSON *group_from_arn(const struct logs_region *r, const char *arn);

cJSON *stream_find(const cJSON *group, const char *name);
/* Creates the stream named name in g (no check that it is new) and returns it. */
cJSON *stream_add(cJSON *g, const char *name);
cJSON *stream_for_call(struct call *c, const cJSON *group, const char *name);

/* Removes and deletes the entry of array whose key member is name; false when none. */
bool sorted_remove(cJSON *array, const char *key, const char *name);
/* The entry of array whose key member is name, or NULL. */
cJSON *entry_named(const cJSON *array, const char *key, const char *name);

/* Lists into list the entries of array (sorted by key) keep accepts (keep NULL: all), a page at
 * a time ("limit" up to max_limit, "nextToken" naming the last entry listed), each as present
 * answers it (NULL: public_copy). */
int logs_list_page(struct call *c, const cJSON *in, const cJSON *array, const char *key,
                   bool (*keep)(const cJSON *entry, const cJSON *in),
                   cJSON *(*present)(const cJSON *entry), cJSON *list, cJSON *out, long max_limit);


/* 400 InvalidParameterException with message. */
int logs_fail_invalid_parameter(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
