/* Parses, checks and formats DynamoDB numbers exactly (38 significant digits, decimal
 * exponent), and produces their canonical text. */
#include "number.h"

#include <ctype.h>
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

#define MAX_ADJUSTED_EXPONENT 125
#define MIN_ADJUSTED_EXPONENT (-130)
/* Exponents beyond this are out of range whatever the digits; parsing stops growing there. */
#define EXPONENT_CLAMP 100000L

const char DDB_NOT_A_NUMBER[] = "The parameter cannot be converted to a numeric value";
static const char TOO_PRECISE[] = "Attempting to store more than 38 significant digits in a Number";
static const char OVERFLOW[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
static const char UNDERFLOW[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

/* Range and precision of a number given as all its significant digits. */
static const char *check_limits(int ndigits, long exponent)
{
    if (ndigits == 0)
        return NULL;
    if (ndigits > DDB_NUMBER_MAX_DIGITS)
        return TOO_PRECISE;
    long adjusted = exponent + ndigits - 1;
    if (adjusted > MAX_ADJUSTED_EXPONENT)
        return OVERFLOW;
    if (adjusted < MIN_ADJUSTED_EXPONENT)
        return UNDERFLOW;
    return NULL;
}

/* The digits of a mantissa as written: the integer part, then the fraction part. */
struct mantissa {
    const char *int_part, *frac_part;
    size_t int_len, frac_len;
};

static char mantissa_digit(const struct mantissa *m, size_t k)
{
    return k < m->int_len ? m->int_part[k] : m->frac_part[k - m->int_len];
}

/* Fills out from the digits of m times 10^exponent, dropping leading and trailing zeros; no
 * allocation, as comparisons parse numbers all the time. */
static const char *decimal_from_mantissa(int sign, const struct mantissa *m, long exponent,
                                         struct ddb_decimal *out)
{
    size_t len = m->int_len + m->frac_len;
    size_t first = 0, last = len;
    while (first < len && mantissa_digit(m, first) == '0')
        first++;
    memset(out, 0, sizeof *out);
    if (first == len)
        return NULL;
    while (mantissa_digit(m, last - 1) == '0')
        last--;
    exponent += (long)(len - last);
    size_t n = last - first;
    const char *limit = check_limits(n > 1000 ? 1000 : (int)n, exponent);
    if (limit)
        return limit;
    out->sign = sign;
    out->ndigits = (int)n;
    out->exponent = exponent;
    for (size_t k = 0; k < n; k++)
        out->digits[k] = mantissa_digit(m, first + k);
    return NULL;
}

static const char *decimal_from_digits(int sign, const char *digits, size_t len, long exponent,
                                       struct ddb_decimal *out)
{
    struct mantissa m = {digits, "", len, 0};
    return decimal_from_mantissa(sign, &m, exponent, out);
}

const char *ddb_number_parse(const char *text, struct ddb_decimal *out)
{
    const char *p = text;
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    struct mantissa m = {p, "", 0, 0};
    while (isdigit((unsigned char)*p))
        p++, m.int_len++;
    if (*p == '.') {
        m.frac_part = ++p;
        while (isdigit((unsigned char)*p))
            p++, m.frac_len++;
    }
    if (m.int_len + m.frac_len == 0)
        return DDB_NOT_A_NUMBER;
    long exponent = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        int exp_sign = 1;
        if (*p == '+' || *p == '-')
            exp_sign = *p++ == '-' ? -1 : 1;
        if (!isdigit((unsigned char)*p))
            return DDB_NOT_A_NUMBER;
        for (; isdigit((unsigned char)*p); p++)
            if (exponent < EXPONENT_CLAMP)
                exponent = exponent * 10 + (*p - '0');
        exponent *= exp_sign;
    }
    if (*p)
        return DDB_NOT_A_NUMBER;
    return decimal_from_mantissa(sign, &m, exponent - (long)m.frac_len, out);
}

char *ddb_decimal_format(const struct ddb_decimal *d)
{
    struct buf out = BUF_INIT;
    if (d->ndigits == 0) {
        buf_puts(&out, "0");
        return out.data;
    }
    if (d->sign < 0)
        buf_puts(&out, "-");
    if (d->exponent >= 0) {
        buf_append(&out, d->digits, (size_t)d->ndigits);
        for (long i = 0; i < d->exponent; i++)
            buf_puts(&out, "0");
    } else {
        long point = d->ndigits + d->exponent; /* digits before the decimal point */
        if (point <= 0) {
            buf_puts(&out, "0.");
            for (long i = 0; i < -point; i++)
                buf_puts(&out, "0");
            buf_append(&out, d->digits, (size_t)d->ndigits);
        } else {
            buf_append(&out, d->digits, (size_t)point);
            buf_puts(&out, ".");
            buf_append(&out, d->digits + point, (size_t)(d->ndigits - point));
        }
    }
    return out.data;
}

char *ddb_number_canonical(const char *text, const char **error)
{
    struct ddb_decimal d;
    *error = ddb_number_parse(text, &d);
    return *error ? NULL : ddb_decimal_format(&d);
}

static int compare_magnitude(const struct ddb_decimal *a, const struct ddb_decimal *b)
{
    long adj_a = a->exponent + a->ndigits, adj_b = b->exponent + b->ndigits;
    if (adj_a != adj_b)
        return adj_a < adj_b ? -1 : 1;
    int n = a->ndigits < b->ndigits ? a->ndigits : b->ndigits;
    int c = memcmp(a->digits, b->digits, (size_t)n);
    if (c)
        return c < 0 ? -1 : 1;
    return a->ndigits == b->ndigits ? 0 : a->ndigits < b->ndigits ? -1 : 1;
}

int ddb_decimal_compare(const struct ddb_decimal *a, const struct ddb_decimal *b)
{
    if (a->sign != b->sign)
        return a->sign < b->sign ? -1 : 1;
    if (a->sign == 0)
        return 0;
    int c = compare_magnitude(a, b);
    return a->sign > 0 ? c : -c;
}

int ddb_number_compare(const char *a, const char *b)
{
    struct ddb_decimal da, db;
    if (ddb_number_parse(a, &da) || ddb_number_parse(b, &db))
        return strcmp(a, b);
    return ddb_decimal_compare(&da, &db);
}

static void decimal_to_mpz(const struct ddb_decimal *d, long exponent, mpz_t out)
{
    char digits[DDB_NUMBER_MAX_DIGITS + 1];
    memcpy(digits, d->digits, (size_t)d->ndigits);
    digits[d->ndigits] = '\0';
    if (d->ndigits == 0) {
        mpz_set_ui(out, 0);
        return;
    }
    mpz_set_str(out, digits, 10);
    mpz_t scale;
    mpz_init(scale);
    mpz_ui_pow_ui(scale, 10, (unsigned long)(d->exponent - exponent));
    mpz_mul(out, out, scale);
    mpz_clear(scale);
    if (d->sign < 0)
        mpz_neg(out, out);
}

char *ddb_number_add(const char *a, const char *b, bool subtract, const char **error)
{
    struct ddb_decimal da, db;
    if ((*error = ddb_number_parse(a, &da)) || (*error = ddb_number_parse(b, &db)))
        return NULL;
    if (subtract)
        db.sign = -db.sign;
    /* Both operands are within DynamoDB's range, so aligning them needs at most a few hundred
     * digits: exact, then checked like any stored number. */
    long exponent = da.exponent < db.exponent ? da.exponent : db.exponent;
    if (da.ndigits == 0)
        exponent = db.exponent;
    if (db.ndigits == 0)
        exponent = da.exponent;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    decimal_to_mpz(&da, exponent, x);
    decimal_to_mpz(&db, exponent, y);
    mpz_add(x, x, y);
    int sign = mpz_sgn(x);
    mpz_abs(x, x);
    char *digits = mpz_get_str(NULL, 10, x);
    mpz_clears(x, y, NULL);
    struct ddb_decimal sum;
    *error = decimal_from_digits(sign, digits, strlen(digits), exponent, &sum);
    free(digits);
    return *error ? NULL : ddb_decimal_format(&sum);
}

size_t ddb_number_size(const char *canonical)
{
    struct ddb_decimal d;
    if (ddb_number_parse(canonical, &d) || d.ndigits == 0)
        return 1;
    /* Integer and fraction digits are stored in separate base-100 groups. */
    long int_digits = d.ndigits + d.exponent;
    long frac = 0, whole = 0;
    if (int_digits <= 0) {
        frac = d.ndigits;
    } else if (int_digits >= d.ndigits) {
        whole = d.ndigits;
    } else {
        whole = int_digits;
        frac = d.ndigits - int_digits;
    }
    return (size_t)(1 + (whole + 1) / 2 + (frac + 1) / 2 + (d.sign < 0 ? 1 : 0));
}
