/* What the three forms of filter patterns (terms, JSON, space-delimited) share. */
#ifndef MOTOC_LOGS_FILTER_PATTERN_INTERNAL_H
#define MOTOC_LOGS_FILTER_PATTERN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "filter_pattern.h"

/* A condition's right side: a "quoted" or bare string (with '*' wildcards), a %regex%, or a
 * number. text points into the pattern. */
struct pattern_value {
    const char *text;
    size_t len;
    bool is_regex;
    bool is_number;
    double number;
};

/* Reads a value at *at up to white space or one of stops; false when there is none. */
bool pattern_read_value(const char **at, const char *stops, struct pattern_value *v);

/* Reads a comparison operator at *at (=, !=, <, <=, >, >=) into op; false when there is none. */
bool pattern_read_operator(const char **at, char op[3]);

/* Whether text satisfies "text op value": strings compare with wildcards or the regex (= and
 * != only), numbers numerically when both sides are numbers. text NULL: the field is absent. */
bool pattern_compare(const char *text, const char *op, const struct pattern_value *v);

bool json_pattern_matches(const char *pattern, const char *message);

/* The scalar a JSON selector ($.a.b[0]) names in a JSON message, as text in out; false when the
 * message is not JSON or the selector names no string, number or boolean. */
bool json_message_field(const char *message, const char *selector, char *out, size_t size);
bool space_pattern_matches(const char *pattern, const char *message);

/* The message's field the space-delimited pattern names name, copied into out; false when the
 * pattern has no such field or the message does not fit it. */
bool space_pattern_field(const char *pattern, const char *message, const char *name, char *out,
                         size_t size);

#endif
