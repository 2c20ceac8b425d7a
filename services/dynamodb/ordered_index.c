/* The ordered index behind tables and secondary indexes: sorted blocks of entries with a
 * skiplist over them, for O(log n) seeks and in-order walks. */
#include "ordered_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../http/buf.h"
#include "../core/wire_text.h"
#include "number.h"
#include "value.h"

/* 2^24 blocks before the top level stops helping; tables in a test mock stay far below. */
#define MAX_LEVELS 24
/* Entries per block: a Query page reads one or two blocks, and a seek in a million entries
 * passes about ten of them. */
#define BLOCK_CAPACITY 128

/* A skiplist link also carries the digests of the first two keys of the block it points to, so
 * a search decides most steps without loading the next block. */
#define LINK_DIGESTS 2
struct oidx_link {
    struct oidx_block *block;
    uint64_t digests[LINK_DIGESTS];
    unsigned exact;
};

static void link_set_first(struct oidx_link *l, const uint64_t *digests, unsigned exact)
{
    memcpy(l->digests, digests, sizeof l->digests);
    l->exact = exact;
}

struct oidx_block {
    struct oidx_block *prev; /* NULL for the first block */
    int count;
    int levels;
    struct oidx_link next[MAX_LEVELS]; /* only the first `levels` are used */
    struct oidx_node entries[BLOCK_CAPACITY];
};

struct ordered_index {
    int nkeys;
    int levels;
    size_t count;
    uint64_t rng;
    struct oidx_block *head; /* sentinel with MAX_LEVELS links and no entries */
    struct oidx_block *tail;
};

/* ---- block memory ----
 * Blocks come from 2 MiB regions the kernel may back with huge pages: a seek in a big index
 * visits a dozen blocks, and with 4 KiB pages each visit would also miss the TLB. Freed blocks
 * are reused; the regions go back to the system when no block is left (e.g. after a reset).
 * Like all service state, the pool belongs to the event loop's thread. */
#define REGION_BYTES (2u * 1024 * 1024)

struct free_block {
    struct free_block *next;
};

static struct {
    void **regions;
    size_t nregions;
    char *cursor, *end; /* unused tail of the newest region */
    struct free_block *free_list;
    size_t live;
} pool;

static void *pool_alloc(void)
{
    pool.live++;
    if (pool.free_list) {
        void *b = pool.free_list;
        pool.free_list = pool.free_list->next;
        return b;
    }
    if (!pool.cursor || (size_t)(pool.end - pool.cursor) < sizeof(struct oidx_block)) {
        void *region = aligned_alloc(REGION_BYTES, REGION_BYTES);
        if (!region)
            abort();
        madvise(region, REGION_BYTES, MADV_HUGEPAGE);
        pool.regions = xrealloc(pool.regions, (pool.nregions + 1) * sizeof *pool.regions);
        pool.regions[pool.nregions++] = region;
        pool.cursor = region;
        pool.end = pool.cursor + REGION_BYTES;
    }
    void *b = pool.cursor;
    pool.cursor += (sizeof(struct oidx_block) + 63) / 64 * 64;
    return b;
}

static void pool_free(void *b)
{
    struct free_block *f = b;
    f->next = pool.free_list;
    pool.free_list = f;
    if (--pool.live > 0)
        return;
    for (size_t i = 0; i < pool.nregions; i++)
        free(pool.regions[i]);
    free(pool.regions);
    memset(&pool, 0, sizeof pool);
}

static struct oidx_block *block_new(int levels)
{
    struct oidx_block *b = pool_alloc();
    memset(b, 0, sizeof *b);
    b->levels = levels;
    return b;
}

struct ordered_index *oidx_new(int nkeys)
{
    struct ordered_index *x = xcalloc(1, sizeof *x);
    x->nkeys = nkeys;
    x->levels = 1;
    x->rng = 0x9e3779b97f4a7c15ull;
    x->head = block_new(MAX_LEVELS);
    return x;
}

void oidx_free(struct ordered_index *x)
{
    if (!x)
        return;
    struct oidx_block *b = x->head;
    while (b) {
        struct oidx_block *next = b->next[0].block;
        pool_free(b);
        b = next;
    }
    free(x);
}

size_t oidx_count(const struct ordered_index *x)
{
    return x->count;
}

int oidx_compare_keys(const cJSON *const *a, const cJSON *const *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (a[i] == b[i])
            continue;
        if (!a[i] || !b[i])
            return a[i] ? 1 : -1;
        int c = av_key_compare(a[i], b[i]);
        if (c)
            return c;
    }
    return 0;
}

#define DIGEST_TYPE_SHIFT 56
#define NUMBER_MIDDLE (1ull << 55)
#define NUMBER_DIGITS 14 /* packed below the exponent: 10^14 < 2^47 */

static uint64_t bytes_digest(const unsigned char *p, size_t len)
{
    uint64_t d = 0;
    for (size_t i = 0; i < 7; i++)
        d = (d << 8) | (i < len ? p[i] : 0);
    return d;
}

static uint64_t number_digest(const char *text, bool *exact)
{
    struct ddb_decimal n;
    *exact = false;
    if (ddb_number_parse(text, &n))
        return NUMBER_MIDDLE;
    *exact = n.ndigits <= NUMBER_DIGITS;
    if (n.sign == 0)
        return NUMBER_MIDDLE;
    uint64_t digits = 0;
    for (int i = 0; i < NUMBER_DIGITS; i++)
        digits = digits * 10 + (uint64_t)(i < n.ndigits ? n.digits[i] - '0' : 0);
    long adjusted = n.exponent + n.ndigits - 1 + 130; /* 0..255 for DynamoDB's range */
    if (adjusted < 0)
        adjusted = 0;
    if (adjusted > 255)
        adjusted = 255;
    uint64_t magnitude = ((uint64_t)adjusted << 47) | digits;
    return n.sign > 0 ? NUMBER_MIDDLE + magnitude : NUMBER_MIDDLE - 1 - magnitude;
}

uint64_t oidx_key_digest(const cJSON *key, bool *exact)
{
    enum av_type t = av_type(key);
    const cJSON *p = av_payload(key);
    uint64_t d = 0;
    *exact = false;
    if (t == AV_S && cJSON_IsString(p)) {
        /* The digest orders as the wire bytes do, where U+0000 is a 0 byte (wire_text.h). */
        struct buf bytes = BUF_INIT;
        wire_text_append_bytes(&bytes, p->valuestring, strlen(p->valuestring));
        d = bytes_digest((const unsigned char *)bytes.data, bytes.len);
        /* like binary values, one holding a zero byte may digest like a shorter one */
        *exact = bytes.len <= 7 && !memchr(bytes.data, 0, bytes.len);
        buf_free(&bytes);
    } else if (t == AV_N && cJSON_IsString(p)) {
        d = number_digest(p->valuestring, exact);
    } else if (t == AV_B) {
        struct buf bytes = BUF_INIT;
        av_binary_bytes(p, &bytes);
        d = bytes_digest((const unsigned char *)bytes.data, bytes.len);
        /* never exact: a trailing zero byte digests like a shorter value */
        buf_free(&bytes);
    }
    return ((uint64_t)t << DIGEST_TYPE_SHIFT) | d;
}

static unsigned digest_keys(const cJSON *const *keys, int n, uint64_t *out)
{
    unsigned exact = 0;
    for (int i = 0; i < n; i++) {
        bool e = false;
        out[i] = keys[i] ? oidx_key_digest(keys[i], &e) : 0;
        if (e)
            exact |= 1u << i;
    }
    return exact;
}

/* oidx_compare_keys with digests at hand. */
static int compare_digested(const struct oidx_node *node, const cJSON *const *keys,
                            const uint64_t *digests, unsigned exact, int n)
{
    for (int i = 0; i < n; i++) {
        if (node->keys[i] == keys[i])
            continue;
        if (!node->keys[i] || !keys[i])
            return node->keys[i] ? 1 : -1;
        if (node->digests[i] != digests[i])
            return node->digests[i] < digests[i] ? -1 : 1;
        if (node->exact & exact & (1u << i))
            continue;
        int c = av_key_compare(node->keys[i], keys[i]);
        if (c)
            return c;
    }
    return 0;
}

void oidx_probe_init(struct oidx_probe *p, const cJSON *key)
{
    p->key = key;
    p->exact = false;
    p->digest = key ? oidx_key_digest(key, &p->exact) : 0;
}

int oidx_compare_probe(const struct oidx_node *n, int i, const struct oidx_probe *p)
{
    if (!n->keys[i] || !p->key)
        return n->keys[i] ? 1 : p->key ? -1 : 0;
    if (n->digests[i] != p->digest)
        return n->digests[i] < p->digest ? -1 : 1;
    if (p->exact && (n->exact & (1u << i)))
        return 0;
    return av_key_compare(n->keys[i], p->key);
}

static int random_levels(struct ordered_index *x)
{
    /* xorshift64: deterministic, so index shapes are reproducible between runs */
    x->rng ^= x->rng << 13;
    x->rng ^= x->rng >> 7;
    x->rng ^= x->rng << 17;
    uint64_t r = x->rng;
    int levels = 1;
    while ((r & 3) == 0 && levels < MAX_LEVELS) {
        levels++;
        r >>= 2;
    }
    return levels;
}

/* A probe: keys with their digests, compared against many entries. */
struct probe {
    const cJSON *const *keys;
    uint64_t digests[OIDX_MAX_KEYS];
    unsigned exact;
    int n;
};

static void probe_make(struct probe *p, const cJSON *const *keys, int n)
{
    p->keys = keys;
    p->n = n;
    p->exact = digest_keys(keys, n, p->digests);
}

static int probe_compare(const struct oidx_node *e, const struct probe *p)
{
    return compare_digested(e, p->keys, p->digests, p->exact, p->n);
}

#define UNDECIDED 2

/* The probe against the first entry of a link's block, from the link's digests alone when they
 * decide it. */
static int link_compare(const struct oidx_link *l, const struct probe *p)
{
    int n = p->n < LINK_DIGESTS ? p->n : LINK_DIGESTS;
    for (int i = 0; i < n; i++) {
        if (l->digests[i] != p->digests[i])
            return l->digests[i] < p->digests[i] ? -1 : 1;
        if (!(l->exact & p->exact & (1u << i)))
            return UNDECIDED;
    }
    return p->n <= LINK_DIGESTS ? 0 : UNDECIDED;
}

/* The last block whose first entry is < the probe (<= when include_equal), or the head; fills
 * update[] with that block's predecessors at each level. */
static struct oidx_block *find_block(const struct ordered_index *x, const struct probe *p,
                                     bool include_equal, struct oidx_block **update)
{
    struct oidx_block *b = x->head;
    for (int level = x->levels - 1; level >= 0; level--) {
        for (;;) {
            struct oidx_block *next = b->next[level].block;
            if (!next)
                break;
            int c = link_compare(&b->next[level], p);
            if (c == UNDECIDED)
                c = probe_compare(&next->entries[0], p);
            if (c < 0 || (c == 0 && include_equal))
                b = next;
            else
                break;
        }
        if (update)
            update[level] = b;
    }
    return b;
}

/* The first index in b whose entry is >= the probe (> when after); b->count if none. */
static int block_position(const struct oidx_block *b, const struct probe *p, bool after)
{
    int lo = 0, hi = b->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = probe_compare(&b->entries[mid], p);
        if (c < 0 || (c == 0 && after))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct oidx_node *first_of(struct oidx_block *b)
{
    return b && b->count ? &b->entries[0] : NULL;
}

static struct oidx_node *seek_probe(const struct ordered_index *x, const struct probe *p,
                                    bool after)
{
    struct oidx_block *b = find_block(x, p, after, NULL);
    if (b == x->head)
        return first_of(b->next[0].block);
    int i = block_position(b, p, after);
    return i < b->count ? &b->entries[i] : first_of(b->next[0].block);
}

struct oidx_node *oidx_seek(const struct ordered_index *x, const cJSON *const *keys, int nprefix,
                            bool after)
{
    struct probe p;
    probe_make(&p, keys, nprefix);
    return seek_probe(x, &p, after);
}

struct oidx_node *oidx_seek_back(const struct ordered_index *x, const cJSON *const *keys,
                                 int nprefix, bool before)
{
    struct oidx_node *n = oidx_seek(x, keys, nprefix, !before);
    return n ? oidx_prev(x, n) : oidx_last(x);
}

struct oidx_node *oidx_find(const struct ordered_index *x, const cJSON *const *keys)
{
    struct probe p;
    probe_make(&p, keys, x->nkeys);
    struct oidx_node *n = seek_probe(x, &p, false);
    return n && probe_compare(n, &p) == 0 ? n : NULL;
}

struct oidx_node *oidx_first(const struct ordered_index *x)
{
    return first_of(x->head->next[0].block);
}

struct oidx_node *oidx_last(const struct ordered_index *x)
{
    return x->tail && x->tail->count ? &x->tail->entries[x->tail->count - 1] : NULL;
}

struct oidx_node *oidx_next(const struct oidx_node *n)
{
    struct oidx_block *b = n->block;
    int i = (int)(n - b->entries);
    return i + 1 < b->count ? &b->entries[i + 1] : first_of(b->next[0].block);
}

struct oidx_node *oidx_prev(const struct ordered_index *x, const struct oidx_node *n)
{
    (void)x;
    struct oidx_block *b = n->block;
    int i = (int)(n - b->entries);
    if (i > 0)
        return &b->entries[i - 1];
    return b->prev ? &b->prev->entries[b->prev->count - 1] : NULL;
}

const struct oidx_node *oidx_nearby(const struct oidx_node *n, int delta)
{
    const struct oidx_block *b = n->block;
    long i = (long)(n - b->entries) + delta;
    return i >= 0 && i < b->count ? &b->entries[i] : NULL;
}

/* Links a new block after `after` in every level it has, using the probe of its first entry. */
static void link_block(struct ordered_index *x, struct oidx_block *nb, const struct probe *first)
{
    struct oidx_block *update[MAX_LEVELS];
    find_block(x, first, false, update);
    if (nb->levels > x->levels) {
        for (int l = x->levels; l < nb->levels; l++)
            update[l] = x->head;
        x->levels = nb->levels;
    }
    for (int l = 0; l < nb->levels; l++) {
        nb->next[l] = update[l]->next[l];
        update[l]->next[l].block = nb;
        link_set_first(&update[l]->next[l], first->digests, first->exact);
    }
    nb->prev = update[0] == x->head ? NULL : update[0];
    if (nb->next[0].block)
        nb->next[0].block->prev = nb;
    else
        x->tail = nb;
}

/* After b's first entry changed: the links into b carry its new first digest. update[] holds
 * b's predecessors (found while the links still led to b correctly). */
static void refresh_first_digest(struct oidx_block *b, struct oidx_block **update)
{
    for (int l = 0; l < b->levels; l++)
        if (update[l]->next[l].block == b)
            link_set_first(&update[l]->next[l], b->entries[0].digests, b->entries[0].exact);
}

static void fix_back_pointers(struct oidx_block *b, int from)
{
    for (int i = from; i < b->count; i++)
        b->entries[i].block = b;
}

/* Moves the upper half of a full block into a new block linked after it. */
static struct oidx_block *split_block(struct ordered_index *x, struct oidx_block *b)
{
    struct oidx_block *nb = block_new(random_levels(x));
    int keep = b->count / 2;
    nb->count = b->count - keep;
    memcpy(nb->entries, &b->entries[keep], (size_t)nb->count * sizeof b->entries[0]);
    b->count = keep;
    fix_back_pointers(nb, 0);
    struct probe first;
    probe_make(&first, nb->entries[0].keys, x->nkeys);
    link_block(x, nb, &first);
    return nb;
}

struct oidx_node *oidx_insert(struct ordered_index *x, const cJSON *const *keys, void *value)
{
    struct probe p;
    probe_make(&p, keys, x->nkeys);
    struct oidx_block *b = find_block(x, &p, true, NULL);
    if (b == x->head)
        b = b->next[0].block; /* smaller than every entry: it goes first in the first block */
    if (!b) {
        b = block_new(random_levels(x));
        link_block(x, b, &p);
    }
    int i = block_position(b, &p, false);
    if (b->count == BLOCK_CAPACITY) {
        struct oidx_block *nb = split_block(x, b);
        if (i > b->count) {
            i -= b->count;
            b = nb;
        }
    }
    memmove(&b->entries[i + 1], &b->entries[i], (size_t)(b->count - i) * sizeof b->entries[0]);
    b->count++;
    struct oidx_node *n = &b->entries[i];
    memset(n, 0, sizeof *n);
    n->value = value;
    memcpy(n->keys, keys, (size_t)x->nkeys * sizeof keys[0]);
    memcpy(n->digests, p.digests, sizeof p.digests);
    n->exact = p.exact;
    fix_back_pointers(b, i);
    x->count++;
    if (i == 0) {
        /* the links into b still carry its old, larger first key: they stop before b */
        struct oidx_block *update[MAX_LEVELS];
        find_block(x, &p, false, update);
        refresh_first_digest(b, update);
    }
    return n;
}

static void unlink_block(struct ordered_index *x, struct oidx_block *b, const struct probe *p)
{
    struct oidx_block *update[MAX_LEVELS];
    find_block(x, p, false, update);
    for (int l = 0; l < b->levels && l < x->levels; l++)
        if (update[l]->next[l].block == b)
            update[l]->next[l] = b->next[l];
    if (b->next[0].block)
        b->next[0].block->prev = b->prev;
    else
        x->tail = b->prev;
    while (x->levels > 1 && !x->head->next[x->levels - 1].block)
        x->levels--;
    pool_free(b);
}

void *oidx_remove(struct ordered_index *x, const cJSON *const *keys)
{
    struct probe p;
    probe_make(&p, keys, x->nkeys);
    struct oidx_node *n = seek_probe(x, &p, false);
    if (!n || probe_compare(n, &p) != 0)
        return NULL;
    struct oidx_block *b = n->block;
    int i = (int)(n - b->entries);
    void *value = n->value;
    x->count--;
    if (b->count == 1) {
        /* the block's only entry still gives the probe that finds its predecessors */
        unlink_block(x, b, &p);
        return value;
    }
    struct oidx_block *update[MAX_LEVELS];
    if (i == 0)
        find_block(x, &p, false, update); /* the links into b still carry the removed key */
    memmove(&b->entries[i], &b->entries[i + 1], (size_t)(b->count - i - 1) * sizeof b->entries[0]);
    b->count--;
    if (i == 0)
        refresh_first_digest(b, update);
    return value;
}
