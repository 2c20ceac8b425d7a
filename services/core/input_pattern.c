#include "input_pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* Enough for every pattern of every model motoc serves, with room to spare. */
#define CACHE_SLOTS 4096
/* Backtracking steps one match may take: model patterns are simple, a value never needs more,
 * and a hostile value cannot keep a request busy. */
#define MATCH_LIMIT 200000

struct compiled {
    const char *pattern; /* NULL: the slot is free */
    pcre2_code *code;    /* NULL: PCRE2 cannot read the pattern */
};

static struct compiled cache[CACHE_SLOTS];
static size_t cached;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pcre2_match_context *match_context;

static pcre2_code *compile(const char *pattern)
{
    int error;
    PCRE2_SIZE offset;
    /* Java's matches(): the whole value, $ at its very end only; \w, \d and \s are ASCII
     * classes in Java as in PCRE2 without PCRE2_UCP, while \p{L} and its kin see Unicode. */
    return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DOLLAR_ENDONLY,
                         &error, &offset, NULL);
}

/* The compiled pattern, compiled on first use and kept (*owned false), or compiled for this call
 * alone once the cache is full (*owned true); NULL when it cannot be. Open addressing by the
 * pattern's address: models hand out the same pointer each time. */
static pcre2_code *compiled(const char *pattern, bool *owned)
{
    *owned = false;
    size_t slot = ((uintptr_t)pattern >> 3) % CACHE_SLOTS;
    for (size_t probes = 0; probes < CACHE_SLOTS; probes++, slot = (slot + 1) % CACHE_SLOTS) {
        if (cache[slot].pattern == pattern)
            return cache[slot].code;
        if (!cache[slot].pattern)
            break;
    }
    pcre2_code *code = compile(pattern);
    if (!cache[slot].pattern && cached < CACHE_SLOTS - 1) {
        cache[slot].pattern = pattern;
        cache[slot].code = code;
        cached++;
    } else {
        *owned = true;
    }
    return code;
}

bool input_pattern_matches(const char *pattern, const char *text, size_t len)
{
    pthread_mutex_lock(&cache_lock);
    if (!match_context) {
        match_context = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(match_context, MATCH_LIMIT);
    }
    bool owned;
    pcre2_code *code = compiled(pattern, &owned);
    int rc = 1;
    if (code) {
        pcre2_match_data *data = pcre2_match_data_create_from_pattern(code, NULL);
        rc = pcre2_match(code, (PCRE2_SPTR)text, len, 0, 0, data, match_context);
        pcre2_match_data_free(data);
        if (owned)
            pcre2_code_free(code);
    }
    pthread_mutex_unlock(&cache_lock);
    /* Only "no match" refuses; a step limit or a malformed value is not the pattern's to judge. */
    return rc != PCRE2_ERROR_NOMATCH;
}
