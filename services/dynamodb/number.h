/* DynamoDB numbers: decimal strings of up to 38 significant digits with a decimal exponent, kept
 * exact (never through a double). Stored numbers are canonical: plain notation, no leading or
 * trailing zeros, no "-0" — the form DynamoDB returns them in. */
#ifndef MOTOC_DDB_NUMBER_H
#define MOTOC_DDB_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#define DDB_NUMBER_MAX_DIGITS 38

/* A parsed number: sign × digits × 10^exponent; digits has no leading or trailing zeros
 * (zero is ndigits 0). */
struct ddb_decimal {
    int sign; /* -1, 0, 1 */
    int ndigits;
    long exponent;
    char digits[DDB_NUMBER_MAX_DIGITS + 1];
};

/* The message for text that is no number at all (DynamoDB adds ": <text>" when it is not empty). */
extern const char DDB_NOT_A_NUMBER[];

/* Parses text. NULL on success, else the ValidationException message DynamoDB gives for it. */
const char *ddb_number_parse(const char *text, struct ddb_decimal *out);
/* The canonical text of d (malloc'd). */
char *ddb_decimal_format(const struct ddb_decimal *d);
/* Canonical form of text (malloc'd) or NULL with *error set. */
char *ddb_number_canonical(const char *text, const char **error);

/* <0, 0, >0 as the values of a and b compare; both must be valid numbers. */
int ddb_number_compare(const char *a, const char *b);
int ddb_decimal_compare(const struct ddb_decimal *a, const struct ddb_decimal *b);

/* a + b or a - b, exactly, as canonical text (malloc'd); NULL with *error set when the result
 * leaves DynamoDB's range or precision. */
char *ddb_number_add(const char *a, const char *b, bool subtract, const char **error);

/* The bytes DynamoDB bills a number for (item size accounting). */
size_t ddb_number_size(const char *canonical);

#endif
