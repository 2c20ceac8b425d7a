/* Array edits that cJSON's own calls get wrong on some installed versions (json_array.h). */
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
