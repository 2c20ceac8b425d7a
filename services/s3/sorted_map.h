/* A map from strings to pointers kept in the byte order of their UTF-8 on the wire (S3's listing
 * order, U+0000 first: wire_text.h): a
 * skiplist, so lookups, inserts and "first key after X" are O(log n) and a listing page at a
 * million keys costs only the page. */
#ifndef MOTOC_S3_SORTED_MAP_H
#define MOTOC_S3_SORTED_MAP_H

#include <stdbool.h>
#include <stddef.h>

struct sorted_map;
struct sorted_node;

struct sorted_map *sorted_map_new(void);
/* free_value (may be NULL) is called for every value. */
void sorted_map_free(struct sorted_map *m, void (*free_value)(void *value));
size_t sorted_map_count(const struct sorted_map *m);

void *sorted_map_get(const struct sorted_map *m, const char *key);
/* Inserts key (copied) or replaces its value; returns the value replaced, else NULL. */
void *sorted_map_put(struct sorted_map *m, const char *key, void *value);
/* Removes key; returns its value, else NULL. */
void *sorted_map_remove(struct sorted_map *m, const char *key);

/* The first node whose key is >= from (> from when exclusive); from NULL: the first node. NULL
 * past the end. */
const struct sorted_node *sorted_map_seek(const struct sorted_map *m, const char *from,
                                          bool exclusive);
const struct sorted_node *sorted_map_next(const struct sorted_node *n);
const char *sorted_node_key(const struct sorted_node *n);
void *sorted_node_value(const struct sorted_node *n);

#endif
