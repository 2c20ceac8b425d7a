/* Collects a map's entries in request order and builds the tree object keeping the first of
 * each repeated key. */
#include "map_entries.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

struct map_entry {
    char *key;
    cJSON *value;
    size_t position;
    bool repeated;
};

void map_entries_add(struct map_entries *e, const char *key, cJSON *value)
{
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->items = xrealloc(e->items, e->cap * sizeof *e->items);
    }
    e->items[e->count] = (struct map_entry){xstrdup(key), value, e->count, false};
    e->count++;
}

static int by_key_then_position(const void *a, const void *b)
{
    const struct map_entry *x = *(const struct map_entry *const *)a;
    const struct map_entry *y = *(const struct map_entry *const *)b;
    int order = strcmp(x->key, y->key);
    if (order)
        return order;
    return x->position < y->position ? -1 : x->position > y->position;
}

static void mark_repeats(struct map_entries *e)
{
    if (e->count < 2)
        return;
    struct map_entry **sorted = xmalloc(e->count * sizeof *sorted);
    for (size_t i = 0; i < e->count; i++)
        sorted[i] = &e->items[i];
    qsort(sorted, e->count, sizeof *sorted, by_key_then_position);
    for (size_t i = 1; i < e->count; i++)
        sorted[i]->repeated = strcmp(sorted[i]->key, sorted[i - 1]->key) == 0;
    free(sorted);
}

cJSON *map_entries_build(struct map_entries *e)
{
    mark_repeats(e);
    cJSON *map = cJSON_CreateObject();
    for (size_t i = 0; i < e->count; i++) {
        struct map_entry *entry = &e->items[i];
        if (entry->repeated)
            cJSON_Delete(entry->value);
        else
            cJSON_AddItemToObject(map, entry->key, entry->value);
        free(entry->key);
    }
    free(e->items);
    *e = (struct map_entries)MAP_ENTRIES_INIT;
    return map;
}
