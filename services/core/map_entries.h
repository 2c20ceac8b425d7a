/* A map's entries gathered in the order a request lists them, then built into a tree object
 * that keeps the first entry of each key, as AWS does with repeated keys. Sorting finds the
 * repeats, so a map with many entries costs n log n, not a search per entry. */
#ifndef MOTOC_MAP_ENTRIES_H
#define MOTOC_MAP_ENTRIES_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct map_entry;

struct map_entries {
    struct map_entry *items;
    size_t count;
    size_t cap;
};

#define MAP_ENTRIES_INIT {NULL, 0, 0}

/* Takes value; key is copied. */
void map_entries_add(struct map_entries *e, const char *key, cJSON *value);
/* The object (never NULL); the entries are consumed and e is left empty. */
cJSON *map_entries_build(struct map_entries *e);

#endif
