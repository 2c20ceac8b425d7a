/* A skiplist map from strings to pointers in byte order, for keys and buckets listed in
 * S3's order. */
#include "sorted_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/wire_text.h"

/* With p = 1/4 per level, 16 levels index 4^16 keys before lookups degrade. */
#define MAX_LEVEL 16

struct sorted_node {
    char *key;                  /* stored after next[], in the node's own allocation */
    void *value;
    int level;
    struct sorted_node *next[]; /* level entries */
};

struct sorted_map {
    struct sorted_node *head; /* sentinel with MAX_LEVEL links */
    int level;
    size_t count;
    uint64_t rng;
};

static struct sorted_node *node_new(const char *key, void *value, int level)
{
    size_t links = (size_t)level * sizeof(struct sorted_node *);
    size_t key_size = key ? strlen(key) + 1 : 0;
    struct sorted_node *n = xcalloc(1, sizeof *n + links + key_size);
    if (key)
        n->key = memcpy((char *)n + sizeof *n + links, key, key_size);
    n->value = value;
    n->level = level;
    return n;
}

struct sorted_map *sorted_map_new(void)
{
    struct sorted_map *m = xcalloc(1, sizeof *m);
    m->head = node_new(NULL, NULL, MAX_LEVEL);
    m->level = 1;
    m->rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)m;
    return m;
}

void sorted_map_free(struct sorted_map *m, void (*free_value)(void *value))
{
    if (!m)
        return;
    struct sorted_node *n = m->head->next[0];
    while (n) {
        struct sorted_node *next = n->next[0];
        if (free_value)
            free_value(n->value);
        free(n);
        n = next;
    }
    free(m->head);
    free(m);
}

size_t sorted_map_count(const struct sorted_map *m)
{
    return m->count;
}

static int random_level(struct sorted_map *m)
{
    /* xorshift64: the levels need no more than a cheap, well-spread bit source */
    m->rng ^= m->rng << 13;
    m->rng ^= m->rng >> 7;
    m->rng ^= m->rng << 17;
    uint64_t bits = m->rng;
    int level = 1;
    while (level < MAX_LEVEL && (bits & 3) == 0) {
        level++;
        bits >>= 2;
    }
    return level;
}

/* Fills update[i] with the last node at level i whose key is < key (<= key when inclusive). */
static struct sorted_node *find_before(const struct sorted_map *m, const char *key, bool inclusive,
                                       struct sorted_node **update)
{
    struct sorted_node *x = m->head;
    for (int i = m->level - 1; i >= 0; i--) {
        while (x->next[i]) {
            int cmp = wire_text_compare(x->next[i]->key, key);
            if (cmp < 0 || (inclusive && cmp == 0))
                x = x->next[i];
            else
                break;
        }
        if (update)
            update[i] = x;
    }
    return x;
}

void *sorted_map_get(const struct sorted_map *m, const char *key)
{
    struct sorted_node *x = find_before(m, key, false, NULL)->next[0];
    return x && strcmp(x->key, key) == 0 ? x->value : NULL;
}

void *sorted_map_put(struct sorted_map *m, const char *key, void *value)
{
    struct sorted_node *update[MAX_LEVEL];
    struct sorted_node *x = find_before(m, key, false, update)->next[0];
    if (x && strcmp(x->key, key) == 0) {
        void *old = x->value;
        x->value = value;
        return old;
    }
    int level = random_level(m);
    for (int i = m->level; i < level; i++)
        update[i] = m->head;
    if (level > m->level)
        m->level = level;
    struct sorted_node *n = node_new(key, value, level);
    for (int i = 0; i < level; i++) {
        n->next[i] = update[i]->next[i];
        update[i]->next[i] = n;
    }
    m->count++;
    return NULL;
}

void *sorted_map_remove(struct sorted_map *m, const char *key)
{
    struct sorted_node *update[MAX_LEVEL];
    struct sorted_node *x = find_before(m, key, false, update)->next[0];
    if (!x || strcmp(x->key, key) != 0)
        return NULL;
    for (int i = 0; i < x->level; i++)
        if (update[i]->next[i] == x)
            update[i]->next[i] = x->next[i];
    while (m->level > 1 && !m->head->next[m->level - 1])
        m->level--;
    void *value = x->value;
    free(x);
    m->count--;
    return value;
}

const struct sorted_node *sorted_map_seek(const struct sorted_map *m, const char *from,
                                          bool exclusive)
{
    if (!from)
        return m->head->next[0];
    return find_before(m, from, exclusive, NULL)->next[0];
}

const struct sorted_node *sorted_map_next(const struct sorted_node *n)
{
    return n ? n->next[0] : NULL;
}

const char *sorted_node_key(const struct sorted_node *n)
{
    return n->key;
}

void *sorted_node_value(const struct sorted_node *n)
{
    return n->value;
}
