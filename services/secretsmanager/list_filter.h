/* ListSecrets and BatchGetSecretValue filters: [{Key, Values}], every filter must match (AND),
 * any value of a filter may (OR), and a value starting with '!' matches what the rest does not.
 * A value matches a field when each of its words starts a word of the field: words split at
 * white space, at the characters / _ + = . @ - and where case turns ("myTest" is "my" "Test",
 * "v2Api" is "v2" "Api", "COMPANYthings" is "COMPAN" "Ythings"). name, tag-key, tag-value,
 * primary-region and owning-service compare case-sensitively; description and all (any of name,
 * description, tag keys and values) do not. */
#ifndef MOTOC_SECRETSMANAGER_LIST_FILTER_H
#define MOTOC_SECRETSMANAGER_LIST_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* What filters look at in a secret. */
struct filter_fields {
    const char *name;
    const char *description;    /* NULL = none */
    const cJSON *tags;          /* [{Key, Value}] or NULL */
    const char *primary_region; /* NULL = none */
    const char *owning_service; /* NULL = none */
};

/* Checks a Filters list: 0, or -1 with AWS's message in problem ("Invalid filter key"). */
int list_filters_check(const cJSON *filters, char *problem, size_t size);

/* Whether fields pass every filter (a checked list). */
bool list_filters_match(const cJSON *filters, const struct filter_fields *fields);

/* Whether value matches text as described above. */
bool filter_words_match(const char *text, const char *value, bool case_sensitive);

/* The words of text, each a [begin, begin+length) span; at most max of them. The count. */
struct word_span {
    const char *begin;
    size_t length;
};
size_t filter_split_words(const char *text, struct word_span *words, size_t max);

#endif
