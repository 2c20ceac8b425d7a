/* Listing pages (paging.h): tokens are base64 of what they resume after, so clients treat them
 * as opaque and a token from elsewhere is recognised as not ours. */
#include "paging.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../../http/buf.h"
#include "codec_util.h"
#include "params.h"

static void add_token(cJSON *out, const char *member, const char *text)
{
    struct buf token = BUF_INIT;
    base64_encode(text, strlen(text), &token);
    cJSON_AddStringToObject(out, member, token.data ? token.data : "");
    buf_free(&token);
}

void page_token_add_name(cJSON *out, const char *member, const char *last_listed)
{
    add_token(out, member, last_listed);
}

char *page_token_name(const char *token)
{
    struct buf name = BUF_INIT;
    if (!token || !base64_decode(token, strlen(token), &name) || !name.data ||
        memchr(name.data, '\0', name.len)) {
        buf_free(&name);
        return NULL;
    }
    return buf_take(&name);
}

void page_token_add_index(cJSON *out, const char *member, size_t next)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%zu", next);
    add_token(out, member, digits);
}

long page_token_index(const char *token)
{
    if (!token || !*token)
        return 0;
    struct buf digits = BUF_INIT;
    long index = -1;
    if (base64_decode(token, strlen(token), &digits) && digits.len > 0 && digits.len < 12) {
        index = 0;
        for (size_t i = 0; i < digits.len && index >= 0; i++)
            index =
                isdigit((unsigned char)digits.data[i]) ? index * 10 + (digits.data[i] - '0') : -1;
    }
    buf_free(&digits);
    return index;
}

int page_size_read(const cJSON *in, const char *member, long min, long max, long fallback,
                   long *size)
{
    if (!cJSON_GetObjectItemCaseSensitive(in, member)) {
        *size = fallback;
        return 0;
    }
    *size = (long)param_int(in, member, fallback);
    return *size < min || *size > max ? -1 : 0;
}

struct page_range page_after_name(const void *array, size_t count,
                                  const char *(*name_at)(const void *array, size_t i),
                                  const char *after, size_t size)
{
    size_t lo = 0, hi = count;
    while (after && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(name_at(array, mid), after) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    struct page_range page = {lo, lo, false};
    page.end = count - lo > size ? lo + size : count;
    page.more = page.end < count;
    return page;
}
