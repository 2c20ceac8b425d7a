/* Marker paging shared by Lambda's listings: the marker is the position of the first entry of
 * the next page. */
#include "list_page.h"

#include "../core/backend.h"
#include "../core/paging.h"
#include "../core/params.h"

int list_page_begin(struct call *c, const cJSON *in, cJSON *out, const char *member,
                    struct list_page *page)
{
    page->size = 50;
    if (page_size_read(in, "MaxItems", 1, 10000, 50, &page->size) != 0)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "MaxItems must be between 1 and 10000");
    page->start = page_token_index(param_string(in, "Marker"));
    if (page->start < 0)
        return call_fail(c, 400, "InvalidParameterValueException", "Invalid marker");
    page->index = 0;
    page->out = out;
    page->list = cJSON_AddArrayToObject(out, member);
    return 0;
}

bool list_page_full(const struct list_page *page)
{
    return cJSON_GetArraySize(page->list) >= page->size;
}

bool list_page_take(struct list_page *page)
{
    long index = page->index++;
    if (index < page->start)
        return false;
    if (list_page_full(page)) {
        if (!cJSON_GetObjectItemCaseSensitive(page->out, "NextMarker"))
            page_token_add_index(page->out, "NextMarker", (size_t)index);
        return false;
    }
    return true;
}
