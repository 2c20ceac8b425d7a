/* Array edits that cJSON's own calls get wrong on some installed versions. */
#ifndef MOTOC_JSON_ARRAY_H
#define MOTOC_JSON_ARRAY_H

#include <cjson/cJSON.h>

/* Puts item at position index of array (appends when index is past the end). Some packaged
 * cJSON releases refuse cJSON_InsertItemInArray anywhere but the head and drop the item, so
 * sorted lists built with it silently lose entries. */
void json_array_insert(cJSON *array, int index, cJSON *item);

#endif
