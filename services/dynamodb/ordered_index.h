/* An ordered set of entries keyed by a tuple of AttributeValues (partition key, sort key, …).
 * Entries sit sorted in blocks of a few dozen, and a skiplist over the blocks finds the one to
 * look in: seeks cost O(log n), walking on costs O(1) per entry and touches memory in order,
 * which is what keeps a Query on a big table close to one on a small table.
 * A table keeps its items in one (partition key, sort key); each secondary index in another
 * (index keys, then the table's keys, so entries are unique). Keys are borrowed from the entry's
 * item and must live as long as the entry.
 * Entry pointers stay valid until the next insert or remove on the same index. */
#ifndef MOTOC_DDB_ORDERED_INDEX_H
#define MOTOC_DDB_ORDERED_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define OIDX_MAX_KEYS 4

struct oidx_block;

struct oidx_node {
    void *value;
    /* The value's data as its owner caches it here (a table: the item's attributes and size),
     * so walks over many entries need not load each value record. */
    const cJSON *attrs;
    size_t weight;
    const cJSON *keys[OIDX_MAX_KEYS];
    /* Order-preserving 64-bit digests of the keys: most comparisons end here without touching
     * the keys' memory. */
    uint64_t digests[OIDX_MAX_KEYS];
    unsigned exact; /* bit i: digests[i] holds the whole key, equal digests mean equal keys */
    struct oidx_block *block;
};

struct ordered_index;

struct ordered_index *oidx_new(int nkeys);
void oidx_free(struct ordered_index *x);
size_t oidx_count(const struct ordered_index *x);

/* Adds an entry; keys must not be present yet. */
struct oidx_node *oidx_insert(struct ordered_index *x, const cJSON *const *keys, void *value);
/* Removes the entry with exactly these keys; returns its value or NULL. */
void *oidx_remove(struct ordered_index *x, const cJSON *const *keys);
struct oidx_node *oidx_find(const struct ordered_index *x, const cJSON *const *keys);

/* The first entry whose first nprefix keys compare >= keys (or > keys when after). NULL if none. */
struct oidx_node *oidx_seek(const struct ordered_index *x, const cJSON *const *keys, int nprefix,
                            bool after);
/* The last entry whose first nprefix keys compare <= keys (or < keys when before). */
struct oidx_node *oidx_seek_back(const struct ordered_index *x, const cJSON *const *keys,
                                 int nprefix, bool before);
struct oidx_node *oidx_first(const struct ordered_index *x);
struct oidx_node *oidx_last(const struct ordered_index *x);
struct oidx_node *oidx_next(const struct oidx_node *n);
struct oidx_node *oidx_prev(const struct ordered_index *x, const struct oidx_node *n);
/* The entry delta places away in n's own block, or NULL: a cheap look-ahead for prefetching. */
const struct oidx_node *oidx_nearby(const struct oidx_node *n, int delta);

/* A digest d(k) with d(a) < d(b) ⇒ a < b and a = b ⇒ d(a) = d(b) (key order of av_key_compare);
 * *exact tells whether d(k) determines k. */
uint64_t oidx_key_digest(const cJSON *key, bool *exact);

/* A key with its digest, for comparing many entries against it without touching their keys. */
struct oidx_probe {
    const cJSON *key;
    uint64_t digest;
    bool exact;
};
void oidx_probe_init(struct oidx_probe *p, const cJSON *key);
/* Entry n's key i against the probe: <0, 0, >0. A missing key sorts first. */
int oidx_compare_probe(const struct oidx_node *n, int i, const struct oidx_probe *p);

/* Compares key tuples over their first n keys (a missing key sorts first). */
int oidx_compare_keys(const cJSON *const *a, const cJSON *const *b, int n);

#endif
