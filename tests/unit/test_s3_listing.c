/* Bucket listing pages: prefix, delimiter, markers and truncation at page boundaries, checked
 * against a brute-force model over the same keys; and the Range header rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/s3/listing.h"
#include "../../services/s3/range.h"
#include "../../services/s3/sorted_map.h"
#include "check.h"

static const char *const keys[] = {
    "a", "a/", "a/b", "a/b/c", "a/c", "a%", "a0", "b", "b/x", "b/y/z", "c\xc3\xa9", "c\xef\xbf\xbd",
    "d", "e/f/g", "e/f/h", "e/g", "z\xff",
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Expected page as one string: "k:a k:b p:c/ |T" (keys and prefixes in listing order). */
static void brute_force(const char *prefix, const char *delim, const char *after, long max,
                        struct buf *out)
{
    const char *sorted[N_KEYS];
    memcpy(sorted, keys, sizeof sorted);
    qsort(sorted, N_KEYS, sizeof sorted[0], compare_strings);
    long count = 0;
    char last_prefix[64] = "";
    bool truncated = false;
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *k = sorted[i];
        if (strncmp(k, prefix, strlen(prefix)) != 0 || (after && strcmp(k, after) <= 0))
            continue;
        char *common = listing_common_prefix(k, prefix, delim);
        if (common && (strcmp(common, last_prefix) == 0 ||
                       (after && strncmp(after, common, strlen(common)) == 0))) {
            free(common);
            continue;
        }
        if (count == max) {
            truncated = max > 0;
            free(common);
            break;
        }
        count++;
        if (common) {
            buf_printf(out, "p:%s ", common);
            snprintf(last_prefix, sizeof last_prefix, "%s", common);
            free(common);
        } else {
            buf_printf(out, "k:%s ", k);
        }
    }
    buf_printf(out, "|%s", truncated ? "T" : "F");
}

static void describe(const struct listing_page *page, struct buf *out)
{
    /* merge keys and prefixes back into listing order */
    size_t ki = 0, pi = 0;
    while (ki < page->n_keys || pi < page->n_prefixes) {
        const char *k = ki < page->n_keys ? sorted_node_key(page->keys[ki]) : NULL;
        const char *p = pi < page->n_prefixes ? page->prefixes[pi] : NULL;
        if (k && (!p || strcmp(k, p) < 0)) {
            buf_printf(out, "k:%s ", k);
            ki++;
        } else {
            buf_printf(out, "p:%s ", p);
            pi++;
        }
    }
    buf_printf(out, "|%s", page->truncated ? "T" : "F");
}

static void check_against_model(const struct sorted_map *m)
{
    const char *prefixes[] = {"", "a", "a/", "b/", "e/f", "zz", "c"};
    const char *delims[] = {NULL, "/", "f", "b/"};
    const char *afters[] = {NULL, "a", "a/", "a/b", "b/x", "e/", "c\xc3", "zzz", ""};
    for (size_t pi = 0; pi < sizeof prefixes / sizeof *prefixes; pi++)
        for (size_t di = 0; di < sizeof delims / sizeof *delims; di++)
            for (size_t ai = 0; ai < sizeof afters / sizeof *afters; ai++)
                for (long max = 0; max <= 20; max++) {
                    const char *after = afters[ai] && *afters[ai] ? afters[ai] : NULL;
                    struct listing_query q = {prefixes[pi], delims[di], after, max, NULL, NULL};
                    struct listing_page page;
                    listing_run(m, &q, &page);
                    struct buf got = BUF_INIT, want = BUF_INIT;
                    describe(&page, &got);
                    brute_force(prefixes[pi], delims[di], after, max, &want);
                    CHECK_STR(got.data, want.data, "prefix '%s' delim '%s' after '%s' max %ld",
                              prefixes[pi], delims[di] ? delims[di] : "-", after ? after : "-",
                              max);
                    buf_free(&got);
                    buf_free(&want);
                    listing_page_free(&page);
                }
}

/* Following NextMarker page by page visits every entry exactly once. */
static void check_pagination(const struct sorted_map *m)
{
    for (long max = 1; max <= 5; max++) {
        struct buf all = BUF_INIT, paged = BUF_INIT;
        struct listing_query q = {"", "/", NULL, 1000, NULL, NULL};
        struct listing_page page;
        listing_run(m, &q, &page);
        describe(&page, &all);
        listing_page_free(&page);
        char *after = NULL;
        int pages = 0;
        do {
            struct listing_query pq = {"", "/", after, max, NULL, NULL};
            listing_run(m, &pq, &page);
            struct buf one = BUF_INIT;
            describe(&page, &one);
            one.len -= 2; /* drop "|T" / "|F" */
            one.data[one.len] = '\0';
            buf_puts(&paged, one.data);
            buf_free(&one);
            free(after);
            after = page.truncated && page.last ? strdup(page.last) : NULL;
            listing_page_free(&page);
            pages++;
        } while (after && pages < 100);
        buf_puts(&paged, "|F");
        CHECK_STR(paged.data, all.data, "pages of %ld", max);
        buf_free(&all);
        buf_free(&paged);
    }
}

static void check_large_map(void)
{
    struct sorted_map *m = sorted_map_new();
    char key[32];
    for (int i = 0; i < 200000; i++) {
        snprintf(key, sizeof key, "dir%03d/file%06d", i % 100, i);
        sorted_map_put(m, key, NULL);
    }
    CHECK(sorted_map_count(m) == 200000, "count");
    struct listing_query q = {"", "/", "dir050/", 10, NULL, NULL};
    struct listing_page page;
    listing_run(m, &q, &page);
    CHECK(page.n_prefixes == 10 && strcmp(page.prefixes[0], "dir051/") == 0 && page.truncated,
          "prefix page after a marker");
    listing_page_free(&page);
    for (int i = 0; i < 200000; i += 2) {
        snprintf(key, sizeof key, "dir%03d/file%06d", i % 100, i);
        sorted_map_remove(m, key);
    }
    CHECK(sorted_map_count(m) == 100000, "count after removals");
    sorted_map_free(m, NULL);
}

static void check_ranges(void)
{
    uint64_t a = 0, b = 0;
    CHECK(range_parse("bytes=0-9", 100, &a, &b) == RANGE_OK && a == 0 && b == 9, "closed");
    CHECK(range_parse("bytes=90-", 100, &a, &b) == RANGE_OK && a == 90 && b == 99, "open");
    CHECK(range_parse("bytes=-10", 100, &a, &b) == RANGE_OK && a == 90 && b == 99, "suffix");
    CHECK(range_parse("bytes=-200", 100, &a, &b) == RANGE_OK && a == 0 && b == 99, "long suffix");
    CHECK(range_parse("bytes=50-500", 100, &a, &b) == RANGE_OK && b == 99, "clamped");
    CHECK(range_parse("bytes=100-", 100, &a, &b) == RANGE_UNSATISFIABLE, "past the end");
    CHECK(range_parse("bytes=-0", 100, &a, &b) == RANGE_UNSATISFIABLE, "empty suffix");
    CHECK(range_parse("bytes=0-", 0, &a, &b) == RANGE_UNSATISFIABLE, "empty object");
    CHECK(range_parse("bytes=5-2", 100, &a, &b) == RANGE_NONE, "reversed");
    CHECK(range_parse("bytes=0-1,5-6", 100, &a, &b) == RANGE_NONE, "several ranges");
    CHECK(range_parse("items=0-1", 100, &a, &b) == RANGE_NONE, "other unit");
    CHECK(range_parse("bytes=99999999999999999999-", 100, &a, &b) == RANGE_NONE, "overflow");
    CHECK(copy_range_parse("bytes=0-9", &a, &b) && a == 0 && b == 9, "copy range");
    CHECK(!copy_range_parse("bytes=5-", &a, &b), "copy range needs both ends");
}

int main(void)
{
    struct sorted_map *m = sorted_map_new();
    for (size_t i = 0; i < N_KEYS; i++)
        sorted_map_put(m, keys[i], NULL);
    check_against_model(m);
    check_pagination(m);
    sorted_map_free(m, NULL);
    check_large_map();
    check_ranges();
    return test_summary("s3_listing");
}
