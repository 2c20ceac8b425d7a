/* Resource tags, as every service keeps them: a tag set is a JSON array of {"Key", "Value"}
 * objects in the order keys were first added (AWS lists them so), read from requests in either
 * form AWS uses (a list of {Key, Value} or SQS's map of key to value) and written back in either.
 *
 * The kit checks AWS's rules (per resource count, key 1-128 and value 0-256 Unicode characters,
 * the allowed characters, the reserved "aws:" prefix, repeated keys); the service says which
 * rules apply and answers each problem with its own error. */
#ifndef MOTOC_TAGS_H
#define MOTOC_TAGS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct proto_error;

#define TAGS_MAX_PER_RESOURCE 50
#define TAG_KEY_MAX_CHARS 128
#define TAG_VALUE_MAX_CHARS 256

enum tag_problem {
    TAG_MALFORMED,     /* an entry without a string Key (or Value) */
    TAG_KEY_INVALID,   /* empty, longer than 128 characters or with a character AWS refuses */
    TAG_VALUE_INVALID, /* longer than 256 characters or with a character AWS refuses */
    TAG_KEY_RESERVED,  /* starts with "aws:" in any case */
    TAG_KEY_REPEATED,  /* the request names a key twice */
    TAG_TOO_MANY,      /* the resource would have more than max_tags */
};

struct tag_rules {
    int max_tags;          /* per resource; 0 = TAGS_MAX_PER_RESOURCE */
    bool check_characters; /* letters, digits, white space and + - = . _ : / @ only */
    bool reserve_aws_prefix;
    bool refuse_repeated_keys; /* otherwise the last value given for a key wins */
    /* Fails err with the service's error for problem; tag is the offending key (NULL for
     * TAG_TOO_MANY and TAG_MALFORMED), resource what the caller named in tags_* calls. */
    int (*refuse)(struct proto_error *err, enum tag_problem problem, const char *tag,
                  const char *resource);
};

/* A new tag set from a request's tags (list or map form; NULL = none), checked against rules
 * on its own. NULL after failing err. */
cJSON *tags_from_request(const cJSON *input, const struct tag_rules *rules, const char *resource,
                         struct proto_error *err);

/* Adds the request's tags to set (values of keys already there are replaced in place), or fails
 * err and leaves set as it was; the count limit applies to the merged set. 0 or -1. */
int tags_merge(cJSON *set, const cJSON *input, const struct tag_rules *rules, const char *resource,
               struct proto_error *err);

/* Removes the keys (a JSON array of strings) from set; keys set lacks are ignored. */
void tags_remove(cJSON *set, const cJSON *keys);

/* The value of key in set, or NULL. */
const char *tags_get(const cJSON *set, const char *key);

/* The same keys with the same values, in any order. */
bool tags_equal(const cJSON *a, const cJSON *b);

/* Whether a tag set read back from saved state is one: a list of {Key, Value} strings with no
 * key twice. (cJSON_bool, so loaders can pass it as a cJSON_Is* style check.) */
cJSON_bool tags_set_valid(const cJSON *set);

/* Copies of set for an answer: as a list of {Key, Value} or as an object of key to value. */
cJSON *tags_to_list(const cJSON *set);
cJSON *tags_to_map(const cJSON *set);

#endif
