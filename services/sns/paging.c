/* SNS listings page through the kit's index tokens, SNS_PAGE_SIZE entries at a time. */
#include "paging.h"

#include "../core/paging.h"
#include "errors.h"

long page_start(struct call *c, const char *token)
{
    long start = page_token_index(token);
    if (start < 0)
        return fail_invalid_parameter(c, "NextToken");
    return start;
}
