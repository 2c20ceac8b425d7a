/* An open-addressing hash map from copied string keys to the caller's pointers. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

static char tombstone_mark;
#define STRMAP_TOMBSTONE (&tombstone_mark)

static uint64_t hash_key(const char *key)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return h;
}

static bool is_live(const struct strmap_slot *s)
{
    return s->key && s->key != STRMAP_TOMBSTONE;
}

/* The slot holding key, else NULL. */
static struct strmap_slot *find_slot(const struct strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
        struct strmap_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->key != STRMAP_TOMBSTONE && strcmp(s->key, key) == 0)
            return s;
    }
}

static void insert_fresh(struct strmap *m, char *key, void *value)
{
    size_t mask = m->cap - 1;
    size_t i = hash_key(key) & mask;
    while (m->slots[i].key)
        i = (i + 1) & mask;
    m->slots[i] = (struct strmap_slot){key, value};
    m->count++;
    m->used++;
}

/* Rebuilds the table with room for more keys, dropping tombstones. */
static void grow(struct strmap *m)
{
    struct strmap_slot *old = m->slots;
    size_t old_cap = m->cap;
    size_t cap = 16;
    while (cap < (m->count + 1) * 2)
        cap *= 2;
    m->slots = xcalloc(cap, sizeof *m->slots);
    m->cap = cap;
    m->count = m->used = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (is_live(&old[i]))
            insert_fresh(m, old[i].key, old[i].value);
    free(old);
}

void *strmap_get(const struct strmap *m, const char *key)
{
    struct strmap_slot *s = find_slot(m, key);
    return s ? s->value : NULL;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
    struct strmap_slot *s = find_slot(m, key);
    if (s) {
        void *previous = s->value;
        s->value = value;
        return previous;
    }
    /* Keep at least a quarter of the slots empty so probes stay short and always end. */
    if ((m->used + 1) * 4 > m->cap * 3)
        grow(m);
    insert_fresh(m, xstrdup(key), value);
    return NULL;
}

void *strmap_remove(struct strmap *m, const char *key)
{
    struct strmap_slot *s = find_slot(m, key);
    if (!s)
        return NULL;
    void *value = s->value;
    free(s->key);
    s->key = STRMAP_TOMBSTONE;
    s->value = NULL;
    m->count--;
    return value;
}

void strmap_clear(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (is_live(&m->slots[i]))
            free(m->slots[i].key);
    free(m->slots);
    *m = (struct strmap)STRMAP_INIT;
}

bool strmap_next(const struct strmap *m, size_t *pos, const char **key, void **value)
{
    while (*pos < m->cap) {
        const struct strmap_slot *s = &m->slots[(*pos)++];
        if (is_live(s)) {
            if (key)
                *key = s->key;
            if (value)
                *value = s->value;
            return true;
        }
    }
    return false;
}
