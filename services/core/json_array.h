/* Edits and copies of the JSON documents services keep their state in: array inserts that
 * cJSON's own call gets wrong on some installed versions, sorted lists, public copies. */
#ifndef MOTOC_JSON_ARRAY_H
#define MOTOC_JSON_ARRAY_H

#include <cjson/cJSON.h>

/* Puts item at position index of array (appends when index is past the end). Some packaged
 * cJSON releases refuse cJSON_InsertItemInArray anywhere but the head and drop the item, so
 * sorted lists built with it silently lose entries. */
void json_array_insert(cJSON *array, int index, cJSON *item);

/* Inserts item into array sorted by its string member key (strcmp order). */
void json_sorted_insert(cJSON *array, cJSON *item, const char *key);

/* A copy of obj for an answer, leaving out the members motoc keeps beside AWS's (named with a
 * leading '_'). */
cJSON *json_public_copy(const cJSON *obj);

#endif
