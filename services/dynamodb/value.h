/* DynamoDB AttributeValues as they sit in the params tree: an object with exactly one member
 * named after the type ({"S": "x"}, {"N": "1"}, {"B": "<base64>"}, {"SS": [...]}, {"M": {...}},
 * {"L": [...]}, {"NULL": true}, {"BOOL": false}). Items are objects of name → AttributeValue. */
#ifndef MOTOC_DDB_VALUE_H
#define MOTOC_DDB_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"

enum av_type { AV_NONE, AV_S, AV_N, AV_B, AV_BOOL, AV_NULL, AV_M, AV_L, AV_SS, AV_NS, AV_BS };

#define AV_MAX_DEPTH 32
#define DDB_ITEM_MAX_BYTES 409600

enum av_type av_type(const cJSON *av);
/* "S", "N", … as DynamoDB spells them; "" for AV_NONE. */
const char *av_type_name(enum av_type t);
enum av_type av_type_from_name(const char *name);
/* The member holding the value ({"S": "x"} → "x"); NULL if av is not an AttributeValue. */
const cJSON *av_payload(const cJSON *av);
bool av_is_set(enum av_type t);
/* The element type of a set type (AV_SS → AV_S). */
enum av_type av_set_element(enum av_type t);

/* Checks one AttributeValue (recursively) and canonicalises its numbers in place. NULL when valid,
 * else DynamoDB's ValidationException message (static, or written to msg). */
const char *av_validate(cJSON *av, char *msg, size_t msg_size);
/* The same for every attribute of an item. */
const char *item_validate(cJSON *item, char *msg, size_t msg_size);

/* Equality as DynamoDB defines it (sets ignore order, numbers compare by value). */
bool av_equal(const cJSON *a, const cJSON *b);
/* Ordering of two scalars of the same type (S, N, B); 0 for other types. */
int av_compare(const cJSON *a, const cJSON *b);
/* Total order used for partition keys and index entries (type, then value). */
int av_key_compare(const cJSON *a, const cJSON *b);

/* The elements (payload strings) of a set's payload array, sorted by value: malloc'd array of
 * *n pointers, for O(n log n) duplicate checks and membership tests on big sets. */
const cJSON **av_set_sorted(const cJSON *set_payload, enum av_type element, size_t *n);
/* Whether text's value is among sorted (from av_set_sorted). */
bool av_set_sorted_has(const cJSON **sorted, size_t n, enum av_type element, const cJSON *text);

/* Size DynamoDB accounts for the value / an attribute / a whole item. */
size_t av_size(const cJSON *av);
size_t item_size(const cJSON *item);

/* New AttributeValue objects. */
cJSON *av_new_string(enum av_type t, const char *text); /* S, N or B */
cJSON *av_new_number_take(char *canonical);
/* Bytes of a B value (or of a BS element, given its payload string); false on bad base64. */
bool av_binary_bytes(const cJSON *payload, struct buf *out);

/* Characters in a UTF-8 string. */
size_t utf8_chars(const char *s);

#endif
