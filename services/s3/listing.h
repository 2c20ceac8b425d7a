/* One page of a bucket listing: keys in byte order under a prefix, rolled up into common
 * prefixes at a delimiter, after a marker, at most max_keys entries — the rules ListObjects,
 * ListObjectsV2, ListObjectVersions and ListMultipartUploads share. */
#ifndef MOTOC_S3_LISTING_H
#define MOTOC_S3_LISTING_H

#include <stdbool.h>
#include <stddef.h>

#include "sorted_map.h"

struct listing_query {
    const char *prefix;    /* NULL or "" for all keys */
    const char *delimiter; /* NULL or "" for none */
    const char *after;     /* list only keys > after (marker, start-after, token); NULL */
    long max_keys;
    /* Whether a key counts (e.g. its latest version is not a delete marker); NULL: all do. */
    bool (*visible)(const struct sorted_node *node, void *ctx);
    void *ctx;
};

struct listing_page {
    const struct sorted_node **keys;
    size_t n_keys;
    char **prefixes; /* common prefixes, owned */
    size_t n_prefixes;
    bool truncated;
    /* The last key or common prefix on the page (owned), NULL for an empty page. */
    char *last;
};

void listing_run(const struct sorted_map *m, const struct listing_query *q,
                 struct listing_page *page);
void listing_page_free(struct listing_page *page);

/* The common prefix key rolls up into (prefix + up to and including the first delimiter after
 * it), as a new string; NULL when the key is listed as itself. */
char *listing_common_prefix(const char *key, const char *prefix, const char *delimiter);
/* The smallest string greater than every string starting with p; NULL if there is none (p is
 * all 0xff bytes). */
char *listing_prefix_successor(const char *p);

#endif
