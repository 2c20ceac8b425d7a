/* Tag sets (tags.h): reading tags from requests, AWS's rules on them, merging and answering. */
#include "tags.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"

struct tag_ref {
    const char *key;
    const char *value;
};

/* Unicode characters in UTF-8 text: continuation bytes are not counted. */
static size_t utf8_chars(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

/* Letters and digits of any script, white space and + - = . _ : / @; bytes of non-ASCII
 * characters are taken as letters. */
static bool allowed_characters(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < 0x80 && !isalnum(*p) && !isspace(*p) && !strchr("+-=._:/@", *p))
            return false;
    return true;
}

static int max_tags(const struct tag_rules *rules)
{
    return rules->max_tags > 0 ? rules->max_tags : TAGS_MAX_PER_RESOURCE;
}

/* The request's tags as key/value pairs, in request order; *count of them. NULL with *count 0
 * when there are none; NULL with *count -1 after failing err. */
static struct tag_ref *read_request(const cJSON *input, const struct tag_rules *rules,
                                    const char *resource, struct proto_error *err, int *count)
{
    *count = 0;
    int n = cJSON_GetArraySize(input);
    if (n == 0)
        return NULL;
    if (n > max_tags(rules)) {
        *count = -1;
        rules->refuse(err, TAG_TOO_MANY, NULL, resource);
        return NULL;
    }
    struct tag_ref *tags = xcalloc((size_t)n, sizeof *tags);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, input)
    {
        struct tag_ref t;
        if (cJSON_IsArray(input)) {
            t.key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "Key"));
            t.value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "Value"));
        } else {
            t.key = entry->string;
            t.value = cJSON_IsString(entry) ? entry->valuestring : "";
        }
        enum tag_problem problem;
        if (!t.key || !t.value)
            problem = TAG_MALFORMED;
        else if (!*t.key || utf8_chars(t.key) > TAG_KEY_MAX_CHARS ||
                 (rules->check_characters && !allowed_characters(t.key)))
            problem = TAG_KEY_INVALID;
        else if (utf8_chars(t.value) > TAG_VALUE_MAX_CHARS ||
                 (rules->check_characters && !allowed_characters(t.value)))
            problem = TAG_VALUE_INVALID;
        else if (rules->reserve_aws_prefix && strncasecmp(t.key, "aws:", 4) == 0)
            problem = TAG_KEY_RESERVED;
        else {
            int i = 0;
            while (i < *count && strcmp(tags[i].key, t.key) != 0)
                i++;
            if (i < *count && rules->refuse_repeated_keys)
                problem = TAG_KEY_REPEATED;
            else {
                tags[i] = t; /* a repeated key keeps its first place, with the last value */
                *count += i == *count;
                continue;
            }
        }
        free(tags);
        *count = -1;
        rules->refuse(err, problem, problem == TAG_MALFORMED ? NULL : t.key, resource);
        return NULL;
    }
    return tags;
}

static cJSON *find(const cJSON *set, const char *key)
{
    cJSON *tag;
    cJSON_ArrayForEach(tag, set)
    {
        const char *k = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Key"));
        if (k && strcmp(k, key) == 0)
            return tag;
    }
    return NULL;
}

static void put(cJSON *set, const struct tag_ref *t)
{
    cJSON *tag = find(set, t->key);
    if (tag) {
        cJSON_ReplaceItemInObjectCaseSensitive(tag, "Value", cJSON_CreateString(t->value));
        return;
    }
    tag = cJSON_CreateObject();
    cJSON_AddStringToObject(tag, "Key", t->key);
    cJSON_AddStringToObject(tag, "Value", t->value);
    cJSON_AddItemToArray(set, tag);
}

int tags_merge(cJSON *set, const cJSON *input, const struct tag_rules *rules, const char *resource,
               struct proto_error *err)
{
    int count;
    struct tag_ref *tags = read_request(input, rules, resource, err, &count);
    if (count < 0)
        return -1;
    int total = cJSON_GetArraySize(set);
    for (int i = 0; i < count; i++)
        total += find(set, tags[i].key) == NULL;
    if (total > max_tags(rules)) {
        free(tags);
        return rules->refuse(err, TAG_TOO_MANY, NULL, resource);
    }
    for (int i = 0; i < count; i++)
        put(set, &tags[i]);
    free(tags);
    return 0;
}

cJSON *tags_from_request(const cJSON *input, const struct tag_rules *rules, const char *resource,
                         struct proto_error *err)
{
    cJSON *set = cJSON_CreateArray();
    if (tags_merge(set, input, rules, resource, err) != 0) {
        cJSON_Delete(set);
        return NULL;
    }
    return set;
}

void tags_remove(cJSON *set, const cJSON *keys)
{
    const cJSON *key;
    cJSON_ArrayForEach(key, keys)
    {
        cJSON *tag = cJSON_IsString(key) ? find(set, key->valuestring) : NULL;
        if (tag)
            cJSON_Delete(cJSON_DetachItemViaPointer(set, tag));
    }
}

const char *tags_get(const cJSON *set, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(find(set, key), "Value"));
}

bool tags_equal(const cJSON *a, const cJSON *b)
{
    if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
        return false;
    const cJSON *tag;
    cJSON_ArrayForEach(tag, a)
    {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Key"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Value"));
        const char *other = key ? tags_get(b, key) : NULL;
        if (!other || !value || strcmp(other, value) != 0)
            return false;
    }
    return true;
}

cJSON *tags_to_list(const cJSON *set)
{
    return set ? cJSON_Duplicate(set, true) : cJSON_CreateArray();
}

cJSON *tags_to_map(const cJSON *set)
{
    cJSON *map = cJSON_CreateObject();
    const cJSON *tag;
    cJSON_ArrayForEach(tag, set)
    {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Key"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Value"));
        if (key)
            cJSON_AddStringToObject(map, key, value ? value : "");
    }
    return map;
}

cJSON_bool tags_set_valid(const cJSON *set)
{
    if (!cJSON_IsArray(set))
        return false;
    for (const cJSON *tag = set->child; tag; tag = tag->next) {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tag, "Key"));
        if (!key || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(tag, "Value")))
            return false;
        for (const cJSON *earlier = set->child; earlier != tag; earlier = earlier->next)
            if (strcmp(cJSON_GetObjectItemCaseSensitive(earlier, "Key")->valuestring, key) == 0)
                return false;
    }
    return true;
}
