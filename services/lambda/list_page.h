/* Lambda's listings page with Marker and MaxItems (1 to 10000, 50 by default); a listing walks
 * its entries in a stable order and stops where the page ends. */
#ifndef MOTOC_LAMBDA_LIST_PAGE_H
#define MOTOC_LAMBDA_LIST_PAGE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct call;

struct list_page {
    long start, size; /* the position the page starts at, and its most entries */
    long index;       /* the position of the entry being offered */
    cJSON *out, *list;
};

/* Reads Marker and MaxItems and adds the array member to out. 0, or -1 after failing the call
 * with Lambda's InvalidParameterValueException. */
int list_page_begin(struct call *c, const cJSON *in, cJSON *out, const char *member,
                    struct list_page *page);
/* Offers the next entry of the listing: true when it belongs on the page (the caller adds it to
 * page->list); false when it comes before the page, or after it (NextMarker is then set and
 * list_page_full says so). */
bool list_page_take(struct list_page *page);
bool list_page_full(const struct list_page *page);

#endif
