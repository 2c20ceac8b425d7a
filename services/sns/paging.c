/* NextToken paging for SNS listings, and the not-found and invalid-parameter errors they
 * share. */
#include "paging.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"

long page_start(struct call *c, const char *token)
{
    if (!token || !*token)
        return 0;
    struct buf digits = BUF_INIT;
    long start = -1;
    if (base64_decode(token, strlen(token), &digits) && digits.len > 0 && digits.len < 12) {
        start = 0;
        for (size_t i = 0; i < digits.len && start >= 0; i++)
            start = isdigit((unsigned char)digits.data[i]) ? start * 10 + (digits.data[i] - '0')
                                                           : -1;
    }
    buf_free(&digits);
    if (start < 0)
        return fail_invalid_parameter(c, "NextToken");
    return start;
}

void page_add_token(cJSON *out, const char *member, size_t next)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%zu", next);
    struct buf token = BUF_INIT;
    base64_encode(digits, strlen(digits), &token);
    cJSON_AddStringToObject(out, member, token.data);
    buf_free(&token);
}

int fail_invalid_parameter(struct call *c, const char *what)
{
    return call_fail(c, 400, "InvalidParameter", "Invalid parameter: %s", what);
}

int fail_not_found(struct call *c, const char *message)
{
    return call_fail(c, 404, "NotFound", "%s", message);
}
