/* The filters of ListSecrets and BatchGetSecretValue (list_filter.h). */
#include "list_filter.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_WORDS 256

static const char *const filter_keys[] = {
    "description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all",
};

static bool is_separator(char ch)
{
    return isspace((unsigned char)ch) || (ch && strchr("/_+=.@-", ch));
}

static bool is_upper(char ch)
{
    return isupper((unsigned char)ch) != 0;
}

static bool is_lower(char ch)
{
    return islower((unsigned char)ch) != 0;
}

size_t filter_split_words(const char *text, struct word_span *words, size_t max)
{
    size_t count = 0;
    const char *p = text;
    while (*p && count < max) {
        while (*p && is_separator(*p))
            p++;
        if (!*p)
            break;
        const char *begin = p++;
        while (*p && !is_separator(*p)) {
            /* a word ends before an upper-case letter that follows a lower-case one or a digit,
             * and before the last letter of an upper-case run that a lower-case letter follows */
            if (is_upper(*p) && (is_lower(p[-1]) || isdigit((unsigned char)p[-1]) ||
                                 (is_upper(p[-1]) && is_lower(p[1]))))
                break;
            p++;
        }
        words[count].begin = begin;
        words[count].length = (size_t)(p - begin);
        count++;
    }
    return count;
}

static bool starts_with(const struct word_span *word, const struct word_span *prefix,
                        bool case_sensitive)
{
    if (prefix->length > word->length)
        return false;
    return case_sensitive ? strncmp(word->begin, prefix->begin, prefix->length) == 0
                          : strncasecmp(word->begin, prefix->begin, prefix->length) == 0;
}

bool filter_words_match(const char *text, const char *value, bool case_sensitive)
{
    if (!text || !value)
        return false;
    struct word_span text_words[MAX_WORDS], value_words[MAX_WORDS];
    size_t n_text = filter_split_words(text, text_words, MAX_WORDS);
    size_t n_value = filter_split_words(value, value_words, MAX_WORDS);
    if (n_value == 0)
        return false;
    for (size_t i = 0; i < n_value; i++) {
        bool found = false;
        for (size_t j = 0; j < n_text && !found; j++)
            found = starts_with(&text_words[j], &value_words[i], case_sensitive);
        if (!found)
            return false;
    }
    return true;
}

int list_filters_check(const cJSON *filters, char *problem, size_t size)
{
    const cJSON *filter;
    cJSON_ArrayForEach(filter, filters) {
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(filter, "Key");
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(filter, "Values");
        bool known = false;
        for (size_t i = 0; cJSON_IsString(key) && i < sizeof filter_keys / sizeof *filter_keys; i++)
            known = known || strcmp(key->valuestring, filter_keys[i]) == 0;
        if (!known) {
            snprintf(problem, size, "Invalid filter key");
            return -1;
        }
        bool any = false;
        const cJSON *value;
        cJSON_ArrayForEach(value, values)
            any = any || cJSON_IsString(value);
        if (!cJSON_IsArray(values) || !any) {
            snprintf(problem, size, "Invalid filter values for key: %s", key->valuestring);
            return -1;
        }
    }
    return 0;
}

static bool tags_match(const cJSON *tags, const char *member, const char *value,
                       bool case_sensitive)
{
    const cJSON *tag;
    cJSON_ArrayForEach(tag, tags) {
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(tag, member);
        if (cJSON_IsString(text) && filter_words_match(text->valuestring, value, case_sensitive))
            return true;
    }
    return false;
}

static bool value_matches(const char *key, const char *value, const struct filter_fields *f)
{
    if (strcmp(key, "name") == 0)
        return filter_words_match(f->name, value, true);
    if (strcmp(key, "description") == 0)
        return filter_words_match(f->description, value, false);
    if (strcmp(key, "tag-key") == 0)
        return tags_match(f->tags, "Key", value, true);
    if (strcmp(key, "tag-value") == 0)
        return tags_match(f->tags, "Value", value, true);
    if (strcmp(key, "primary-region") == 0)
        return filter_words_match(f->primary_region, value, true);
    if (strcmp(key, "owning-service") == 0)
        return filter_words_match(f->owning_service, value, true);
    return filter_words_match(f->name, value, false) ||
           filter_words_match(f->description, value, false) ||
           tags_match(f->tags, "Key", value, false) || tags_match(f->tags, "Value", value, false);
}

static bool filter_matches(const cJSON *filter, const struct filter_fields *fields)
{
    const char *key = cJSON_GetObjectItemCaseSensitive(filter, "Key")->valuestring;
    const cJSON *value;
    cJSON_ArrayForEach(value, cJSON_GetObjectItemCaseSensitive(filter, "Values")) {
        if (!cJSON_IsString(value))
            continue;
        const char *text = value->valuestring;
        bool negated = text[0] == '!';
        if (value_matches(key, negated ? text + 1 : text, fields) != negated)
            return true;
    }
    return false;
}

bool list_filters_match(const cJSON *filters, const struct filter_fields *fields)
{
    const cJSON *filter;
    cJSON_ArrayForEach(filter, filters)
        if (!filter_matches(filter, fields))
            return false;
    return true;
}
