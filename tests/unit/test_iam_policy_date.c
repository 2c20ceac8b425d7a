/* The dates of IAM policy conditions: every form IAM's parser accepts names the right instant,
 * and what it refuses (short or malformed zones among them) is refused without reading past the
 * text. */
#include <stddef.h>
#include <stdlib.h>

#include "../../services/iam/policy_date.h"
#include "check.h"

#define REFUSED (-1e300)

static const struct {
    const char *text;
    double seconds; /* REFUSED: not a policy date */
} cases[] = {
    {"0", 0},
    {"1717243200", 1717243200},
    {"-86400", -86400},
    {"99999999999999999999", REFUSED}, /* epoch beyond 64 bits */
    {"2024", 2024}, /* digits alone are epoch seconds, never a year */
    {"2024-06", 1717200000},
    {"2024-06-01", 1717200000},
    {"2024-06-01T12", 1717243200},
    {"2024-06-01t12Z", 1717243200},
    {"2024-06-01T12:00", 1717243200},
    {"2024-06-01T12:00:00Z", 1717243200},
    {"2024-06-01T12:00:00.5Z", 1717243200.5},
    {"2024-06-01T12:00:00.123456789Z", 1717243200.123456789},
    {"2024-06-01T12:00:00+01:00", 1717243200 - 3600},
    {"2024-06-01T12:00:00-0130", 1717243200 + 5400},
    {"2024-06-01T12:00:00+02", 1717243200 - 7200},
    {"2024-06-01T12:00:00+02:", 1717243200 - 7200},
    {"2024-06-01T", 1717200000},
    {"", REFUSED},
    {"-", REFUSED},
    {"yesterday", REFUSED},
    {"2024-13-01", REFUSED},
    {"2024-06-32", REFUSED},
    {"2024-6-01", REFUSED},
    {"2024-06-01 12:00:00", REFUSED},
    {"2024-06-01T12:0", REFUSED},
    {"2024-06-01T:30", REFUSED},
    {"2024-06-01T12:00:00.Z", REFUSED},
    {"2024-06-01T12:00:00.1234567890Z", REFUSED},
    {"2024-06-01T12:00:00ZZ", REFUSED},
    {"2024-06-01T12:00:00+1", REFUSED},
    {"2024-06-01T12:00:00-8:0", REFUSED},
    {"1-01-01T00:00:8.001-8:0", REFUSED},
    {"2024-06-01T12:00:00+01:0", REFUSED},
    {"2024-06-01T12:00:00+01:000", REFUSED},
};

/* A text alone in an allocation of its exact size, so that reading past its end is caught by
 * the sanitizers. */
static bool parse_exact(const char *text, double *seconds)
{
    size_t size = strlen(text) + 1;
    char *copy = malloc(size);
    memcpy(copy, text, size);
    bool ok = policy_date_parse(copy, seconds);
    free(copy);
    return ok;
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double seconds = REFUSED;
        bool ok = parse_exact(cases[i].text, &seconds);
        if (cases[i].seconds == REFUSED) {
            CHECK(!ok, "'%s' is refused", cases[i].text);
        } else {
            CHECK(ok, "'%s' is a date", cases[i].text);
            CHECK(seconds > cases[i].seconds - 1e-6 && seconds < cases[i].seconds + 1e-6,
                  "'%s' is %.9f, got %.9f", cases[i].text, cases[i].seconds, seconds);
        }
        CHECK(parse_exact(cases[i].text, NULL) == ok, "'%s': same answer without a result",
              cases[i].text);
    }
    return test_summary("iam_policy_date");
}
