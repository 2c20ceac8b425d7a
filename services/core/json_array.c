/* Edits and copies of the JSON documents services keep their state in (json_array.h). */
#include <string.h>

#include "json_array.h"

void json_array_insert(cJSON *array, int index, cJSON *item)
{
    cJSON *before = index >= 0 ? cJSON_GetArrayItem(array, index) : NULL;
    if (!before) {
        cJSON_AddItemToArray(array, item);
        return;
    }
    /* cJSON keeps the tail in the head's prev, so the links are: prev → item → before. */
    item->next = before;
    item->prev = before->prev;
    before->prev = item;
    if (before == array->child)
        array->child = item;
    else
        item->prev->next = item;
}

void json_sorted_insert(cJSON *array, cJSON *item, const char *key)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, key));
    int at = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, array) {
        const char *other = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, key));
        if (name && other && strcmp(other, name) > 0)
            break;
        at++;
    }
    json_array_insert(array, at, item);
}

cJSON *json_public_copy(const cJSON *obj)
{
    cJSON *copy = cJSON_CreateObject();
    const cJSON *member;
    cJSON_ArrayForEach(member, obj) {
        if (member->string && member->string[0] != '_')
            cJSON_AddItemToObject(copy, member->string, cJSON_Duplicate(member, 1));
    }
    return copy;
}
