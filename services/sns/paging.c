/* SNS listings page through the kit's index tokens, SNS_PAGE_SIZE entries at a time. */
#include "paging.h"

#include "../core/paging.h"

long page_start(struct call *c, const char *token)
{
    long start = page_token_index(token);
    if (start < 0)
        return fail_invalid_parameter(c, "NextToken");
    return start;
}

int fail_invalid_parameter(struct call *c, const char *what)
{
    return call_fail(c, 400, "InvalidParameter", "Invalid parameter: %s", what);
}

int fail_not_found(struct call *c, const char *message)
{
    return call_fail(c, 404, "NotFound", "%s", message);
}
