#include "ordered_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "number.h"
#include "value.h"

/* 2^24 entries before the top level stops helping; tables in a test mock stay far below. */
#define MAX_LEVELS 24

struct ordered_index {
    int nkeys;
    int levels;
    size_t count;
    uint64_t rng;
    struct oidx_node *head; /* sentinel with MAX_LEVELS links */
    struct oidx_node *tail;
};

static struct oidx_node *node_new(int levels)
{
    struct oidx_node *n = xcalloc(1, sizeof *n + (size_t)levels * sizeof n->next[0]);
    n->levels = levels;
    return n;
}

struct ordered_index *oidx_new(int nkeys)
{
    struct ordered_index *x = xcalloc(1, sizeof *x);
    x->nkeys = nkeys;
    x->levels = 1;
    x->rng = 0x9e3779b97f4a7c15ull;
    x->head = node_new(MAX_LEVELS);
    return x;
}

void oidx_free(struct ordered_index *x)
{
    if (!x)
        return;
    struct oidx_node *n = x->head;
    while (n) {
        struct oidx_node *next = n->next[0];
        free(n);
        n = next;
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
        size_t len = strlen(p->valuestring);
        d = bytes_digest((const unsigned char *)p->valuestring, len);
        *exact = len <= 7;
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

/* Fills update[] with the last node at each level whose keys are < keys (or <= when
 * include_equal), returns the node after update[0]. */
static struct oidx_node *find_path(const struct ordered_index *x, const cJSON *const *keys,
                                   int nprefix, bool include_equal, struct oidx_node **update)
{
    uint64_t digests[OIDX_MAX_KEYS];
    unsigned exact = digest_keys(keys, nprefix, digests);
    struct oidx_node *n = x->head;
    for (int level = x->levels - 1; level >= 0; level--) {
        for (;;) {
            struct oidx_node *next = n->next[level];
            if (!next)
                break;
            int c = compare_digested(next, keys, digests, exact, nprefix);
            if (c < 0 || (c == 0 && include_equal))
                n = next;
            else
                break;
        }
        if (update)
            update[level] = n;
    }
    return n->next[0];
}

struct oidx_node *oidx_insert(struct ordered_index *x, const cJSON *const *keys, void *value)
{
    struct oidx_node *update[MAX_LEVELS];
    find_path(x, keys, x->nkeys, false, update);
    int levels = random_levels(x);
    if (levels > x->levels) {
        for (int l = x->levels; l < levels; l++)
            update[l] = x->head;
        x->levels = levels;
    }
    struct oidx_node *n = node_new(levels);
    n->value = value;
    memcpy(n->keys, keys, (size_t)x->nkeys * sizeof keys[0]);
    n->exact = digest_keys(keys, x->nkeys, n->digests);
    for (int l = 0; l < levels; l++) {
        n->next[l] = update[l]->next[l];
        update[l]->next[l] = n;
    }
    n->prev = update[0] == x->head ? NULL : update[0];
    if (n->next[0])
        n->next[0]->prev = n;
    else
        x->tail = n;
    x->count++;
    return n;
}

void *oidx_remove(struct ordered_index *x, const cJSON *const *keys)
{
    struct oidx_node *update[MAX_LEVELS];
    struct oidx_node *n = find_path(x, keys, x->nkeys, false, update);
    if (!n || oidx_compare_keys(n->keys, keys, x->nkeys) != 0)
        return NULL;
    for (int l = 0; l < n->levels; l++)
        if (update[l]->next[l] == n)
            update[l]->next[l] = n->next[l];
    if (n->next[0])
        n->next[0]->prev = n->prev;
    else
        x->tail = n->prev;
    while (x->levels > 1 && !x->head->next[x->levels - 1])
        x->levels--;
    void *value = n->value;
    free(n);
    x->count--;
    return value;
}

struct oidx_node *oidx_find(const struct ordered_index *x, const cJSON *const *keys)
{
    struct oidx_node *n = find_path(x, keys, x->nkeys, false, NULL);
    return n && oidx_compare_keys(n->keys, keys, x->nkeys) == 0 ? n : NULL;
}

struct oidx_node *oidx_seek(const struct ordered_index *x, const cJSON *const *keys, int nprefix,
                            bool after)
{
    return find_path(x, keys, nprefix, after, NULL);
}

struct oidx_node *oidx_seek_back(const struct ordered_index *x, const cJSON *const *keys,
                                 int nprefix, bool before)
{
    struct oidx_node *n = find_path(x, keys, nprefix, !before, NULL);
    return n ? n->prev : x->tail;
}

struct oidx_node *oidx_first(const struct ordered_index *x)
{
    return x->head->next[0];
}

struct oidx_node *oidx_last(const struct ordered_index *x)
{
    return x->tail;
}

struct oidx_node *oidx_prev(const struct ordered_index *x, const struct oidx_node *n)
{
    (void)x;
    return n->prev;
}
