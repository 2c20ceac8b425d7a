/* What S3 parses itself: Range and copy-source-range headers, x-amz-copy-source, and listing
 * pages over keys and a query taken from the input. Input: lines; the first is the Range
 * header, the second the copy source, the third prefix, the fourth delimiter, the fifth the
 * marker, the rest keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/s3/copy_source.h"
#include "../../services/s3/listing.h"
#include "../../services/s3/range.h"
#include "../../services/s3/sorted_map.h"

#define MAX_LINES 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size); /* stops at a NUL like C strings do */
    char *lines[MAX_LINES];
    int n = 0;
    for (char *p = text; p && n < MAX_LINES;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : NULL;
    }
    uint64_t first = 0, last = 0;
    uint64_t object_size = size * 37;
    if (range_parse(lines[0], object_size, &first, &last) == RANGE_OK && (first > last || last >= object_size))
        abort();
    if (copy_range_parse(lines[0], &first, &last) && first > last)
        abort();
    struct copy_source src;
    if (n > 1 && copy_source_parse(lines[1], &src)) {
        if (!*src.bucket || !*src.key)
            abort();
        copy_source_free(&src);
    }
    struct sorted_map *m = sorted_map_new();
    for (int i = 5; i < n; i++)
        sorted_map_put(m, lines[i], NULL);
    for (long max = 0; max <= 3; max++) {
        struct listing_query q = {n > 2 ? lines[2] : "", n > 3 ? lines[3] : NULL,
                                  n > 4 && *lines[4] ? lines[4] : NULL, max, NULL, NULL};
        struct listing_page page;
        listing_run(m, &q, &page);
        if ((long)(page.n_keys + page.n_prefixes) > max)
            abort();
        listing_page_free(&page);
    }
    for (int i = 5; i < n; i += 2)
        sorted_map_remove(m, lines[i]);
    sorted_map_free(m, NULL);
    free(text);
    return 0;
}
