/* A hash map from strings to pointers (open addressing), for service state looked up by name,
 * id or ARN. Keys are copied; values are the caller's. */
#ifndef MOTOC_STRMAP_H
#define MOTOC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
    char *key; /* NULL: empty; STRMAP_TOMBSTONE: removed */
    void *value;
};

struct strmap {
    struct strmap_slot *slots;
    size_t cap;   /* a power of two, or 0 */
    size_t count; /* live keys */
    size_t used;  /* live keys + tombstones */
};

#define STRMAP_INIT {NULL, 0, 0, 0}

void *strmap_get(const struct strmap *m, const char *key);
/* Sets key to value; returns the value it replaces, or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* Removes key; returns its value, or NULL when absent. */
void *strmap_remove(struct strmap *m, const char *key);
/* Frees the keys and the table (not the values); the map is empty and reusable afterwards. */
void strmap_clear(struct strmap *m);

/* Iteration: for (size_t i = 0; strmap_next(m, &i, &key, &value);) — the map must not change
 * during the walk, except through strmap_remove of the key just returned. */
bool strmap_next(const struct strmap *m, size_t *pos, const char **key, void **value);

#endif
