/* The kit's paging: tokens round-trip and foreign ones are refused, page sizes keep their range,
 * pages of a sorted array follow a name. */
#include <stdlib.h>

#include "../../services/core/paging.h"
#include "check.h"

static void test_name_tokens(void)
{
    cJSON *out = cJSON_CreateObject();
    page_token_add_name(out, "NextToken", "queue-7");
    const char *token = cJSON_GetStringValue(cJSON_GetObjectItem(out, "NextToken"));
    CHECK(token && !strstr(token, "queue"), "the token is opaque: %s", token ? token : "");
    char *name = page_token_name(token);
    CHECK_STR(name, "queue-7", "round trip");
    free(name);
    CHECK(page_token_name("not base64!") == NULL, "a foreign token");
    CHECK(page_token_name(NULL) == NULL, "no token");
    cJSON_Delete(out);
}

static void test_index_tokens(void)
{
    cJSON *out = cJSON_CreateObject();
    page_token_add_index(out, "Marker", 300);
    const char *token = cJSON_GetStringValue(cJSON_GetObjectItem(out, "Marker"));
    CHECK(page_token_index(token) == 300, "round trip");
    CHECK(page_token_index(NULL) == 0 && page_token_index("") == 0, "no token starts at 0");
    CHECK(page_token_index("eHl6") == -1, "base64 of letters is not ours");
    CHECK(page_token_index("%%%") == -1, "not base64");
    CHECK(page_token_index("OTk5OTk5OTk5OTk5OTk5") == -1, "too many digits");
    cJSON_Delete(out);
}

static void test_page_size(void)
{
    cJSON *in = cJSON_Parse("{\"MaxResults\":20,\"Limit\":0}");
    long size = 0;
    CHECK(page_size_read(in, "MaxResults", 1, 100, 50, &size) == 0 && size == 20, "given");
    CHECK(page_size_read(in, "Absent", 1, 100, 50, &size) == 0 && size == 50, "fallback");
    CHECK(page_size_read(in, "Limit", 1, 100, 50, &size) == -1 && size == 0,
          "below the range, the value given kept for the message");
    CHECK(page_size_read(in, "MaxResults", 1, 10, 1, &size) == -1 && size == 20, "above");
    cJSON_Delete(in);
}

static const char *name_at(const void *array, size_t i)
{
    return ((const char *const *)array)[i];
}

static void test_sorted_pages(void)
{
    static const char *const names[] = {"a", "b", "c", "d", "e"};
    struct page_range p = page_after_name(names, 5, name_at, NULL, 2);
    CHECK(p.begin == 0 && p.end == 2 && p.more, "first page");
    p = page_after_name(names, 5, name_at, "b", 2);
    CHECK(p.begin == 2 && p.end == 4 && p.more, "after b");
    p = page_after_name(names, 5, name_at, "bb", 2);
    CHECK(p.begin == 2 && p.end == 4, "after a name no longer there");
    p = page_after_name(names, 5, name_at, "c", 2);
    CHECK(p.begin == 3 && p.end == 5 && !p.more, "last page: nothing more");
    p = page_after_name(names, 5, name_at, "z", 2);
    CHECK(p.begin == 5 && p.end == 5 && !p.more, "after the last");
    p = page_after_name(names, 0, name_at, NULL, 2);
    CHECK(p.begin == 0 && p.end == 0 && !p.more, "empty");
}

int main(void)
{
    test_name_tokens();
    test_index_tokens();
    test_page_size();
    test_sorted_pages();
    return test_summary("kit_paging");
}
