/* Listing pages, as every service pages them: opaque NextToken/Marker values saying where the
 * next page starts, page sizes read from MaxResults/Limit members with their range, and the page
 * of a sorted array that follows a name. A token motoc did not issue is reported, and the service
 * answers it with its own error. */
#ifndef MOTOC_PAGING_H
#define MOTOC_PAGING_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* A token that resumes a listing after the entry named last_listed, added to out as member. */
void page_token_add_name(cJSON *out, const char *member, const char *last_listed);
/* The name such a token resumes after (owned by the caller), or NULL when token is not one
 * motoc issued. */
char *page_token_name(const char *token);

/* A token that resumes a listing at position next, added to out as member. */
void page_token_add_index(cJSON *out, const char *member, size_t next);
/* The position such a token resumes at; 0 when token is NULL or empty, -1 when it is not one
 * motoc issued. */
long page_token_index(const char *token);

/* The page size in[member] asks for, fallback when absent. 0, or -1 when it lies outside
 * [min, max]: *size then holds the value given, for the service's error. */
int page_size_read(const cJSON *in, const char *member, long min, long max, long fallback,
                   long *size);

/* The page of a sorted array (count entries, name_at(array, i) ascending by strcmp) that follows
 * the entry named after (NULL: from the first), at most size entries: [begin, end), and whether
 * entries remain after it. */
struct page_range {
    size_t begin, end;
    bool more;
};
struct page_range page_after_name(const void *array, size_t count,
                                  const char *(*name_at)(const void *array, size_t i),
                                  const char *after, size_t size);

#endif
