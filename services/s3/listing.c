/* Computes one page of a bucket listing: prefix, delimiter roll-up into common prefixes,
 * marker and page size. */
#include "listing.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/wire_text.h"

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *listing_common_prefix(const char *key, const char *prefix, const char *delimiter)
{
    if (!delimiter || !*delimiter)
        return NULL;
    size_t skip = prefix ? strlen(prefix) : 0;
    const char *hit = strstr(key + skip, delimiter);
    if (!hit)
        return NULL;
    return xstrndup(key, (size_t)(hit - key) + strlen(delimiter));
}

char *listing_prefix_successor(const char *p)
{
    size_t len = strlen(p);
    /* U+0000 (C0 80 in wire text) is the byte 0 on the wire: its successor is the byte 1. */
    if (len >= 2 && memcmp(p + len - 2, WIRE_TEXT_NUL, 2) == 0) {
        char *next = xstrndup(p, len - 1);
        next[len - 2] = '\x01';
        return next;
    }
    while (len > 0 && (unsigned char)p[len - 1] == 0xff)
        len--;
    if (len == 0)
        return NULL;
    char *next = xstrndup(p, len);
    next[len - 1] = (char)((unsigned char)next[len - 1] + 1);
    return next;
}

static void add_key(struct listing_page *page, const struct sorted_node *n, size_t *cap)
{
    if (page->n_keys == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        page->keys = xrealloc(page->keys, *cap * sizeof *page->keys);
    }
    page->keys[page->n_keys++] = n;
}

static void add_prefix(struct listing_page *page, char *prefix, size_t *cap)
{
    if (page->n_prefixes == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        page->prefixes = xrealloc(page->prefixes, *cap * sizeof *page->prefixes);
    }
    page->prefixes[page->n_prefixes++] = prefix;
}

/* The first node at or after where the listing starts: past the marker, inside the prefix. */
static const struct sorted_node *first_node(const struct sorted_map *m,
                                            const struct listing_query *q)
{
    const char *prefix = q->prefix ? q->prefix : "";
    if (q->after && wire_text_compare(q->after, prefix) >= 0)
        return sorted_map_seek(m, q->after, true);
    return sorted_map_seek(m, prefix, false);
}

void listing_run(const struct sorted_map *m, const struct listing_query *q,
                 struct listing_page *page)
{
    memset(page, 0, sizeof *page);
    const char *prefix = q->prefix ? q->prefix : "";
    size_t key_cap = 0, prefix_cap = 0;
    long count = 0;
    const struct sorted_node *n = first_node(m, q);
    while (n && has_prefix(sorted_node_key(n), prefix)) {
        const char *key = sorted_node_key(n);
        if (q->visible && !q->visible(n, q->ctx)) {
            n = sorted_map_next(n);
            continue;
        }
        char *common = listing_common_prefix(key, prefix, q->delimiter);
        /* A marker inside a rolled-up group means that group was on an earlier page. */
        if (common && q->after && has_prefix(q->after, common) &&
            wire_text_compare(q->after, common) >= 0) {
            char *next = listing_prefix_successor(common);
            free(common);
            if (!next)
                break;
            n = sorted_map_seek(m, next, false);
            free(next);
            continue;
        }
        if (count >= q->max_keys) {
            page->truncated = count > 0 || q->max_keys > 0;
            free(common);
            break;
        }
        count++;
        free(page->last);
        if (common) {
            page->last = xstrdup(common);
            char *next = listing_prefix_successor(common);
            add_prefix(page, common, &prefix_cap);
            if (!next)
                break;
            n = sorted_map_seek(m, next, false);
            free(next);
        } else {
            page->last = xstrdup(key);
            add_key(page, n, &key_cap);
            n = sorted_map_next(n);
        }
    }
}

void listing_page_free(struct listing_page *page)
{
    for (size_t i = 0; i < page->n_prefixes; i++)
        free(page->prefixes[i]);
    free(page->prefixes);
    free(page->keys);
    free(page->last);
    memset(page, 0, sizeof *page);
}
