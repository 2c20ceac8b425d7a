/* GetRandomPassword: a password of letters, digits, punctuation and optionally spaces, drawn
 * from OpenSSL's random generator, with at least one character of each included type unless
 * asked otherwise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "lookup.h"
#include "ops.h"

#define DEFAULT_LENGTH 32

static const char lowercase[] = "abcdefghijklmnopqrstuvwxyz";
static const char uppercase[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char digits[] = "0123456789";
static const char punctuation[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/* A uniformly drawn index below bound. */
static size_t random_below(size_t bound)
{
    uint32_t limit = UINT32_MAX - UINT32_MAX % (uint32_t)bound, value;
    do {
        if (RAND_bytes((unsigned char *)&value, sizeof value) != 1)
            abort();
    } while (value >= limit);
    return value % bound;
}

/* The characters of set that are not excluded, into out (NUL-terminated). */
static size_t usable(const char *set, const char *excluded, char *out)
{
    size_t n = 0;
    for (const char *p = set; *p; p++)
        if (!strchr(excluded, *p))
            out[n++] = *p;
    out[n] = '\0';
    return n;
}

OPERATION(secretsmanager_get_random_password)
{
    long long length = param_int(in, "PasswordLength", DEFAULT_LENGTH);
    const char *excluded = param_string(in, "ExcludeCharacters");
    if (!excluded)
        excluded = "";
    const char *sets[] = {
        param_true(in, "ExcludeLowercase") ? NULL : lowercase,
        param_true(in, "ExcludeUppercase") ? NULL : uppercase,
        param_true(in, "ExcludeNumbers") ? NULL : digits,
        param_true(in, "ExcludePunctuation") ? NULL : punctuation,
        param_true(in, "IncludeSpace") ? " " : NULL,
    };
    enum { N_SETS = sizeof sets / sizeof *sets, REQUIRED_SETS = 4 /* space is never required */ };
    char usable_sets[N_SETS][sizeof punctuation];
    char all[sizeof lowercase + sizeof uppercase + sizeof digits + sizeof punctuation + 2] = "";
    size_t n_all = 0, required = 0;
    bool each = param_bool(in, "RequireEachIncludedType", true);
    for (size_t i = 0; i < N_SETS; i++) {
        size_t n = sets[i] ? usable(sets[i], excluded, usable_sets[i]) : 0;
        if (!sets[i])
            usable_sets[i][0] = '\0';
        memcpy(all + n_all, usable_sets[i], n + 1);
        n_all += n;
        if (n > 0 && i < REQUIRED_SETS && each)
            required++;
    }
    if (n_all == 0)
        return sm_invalid_parameter(c, "The password can't be generated: every character type is "
                                       "excluded.");
    if (length < (long long)required)
        return sm_invalid_parameter(c, "Password length is too short based on the required types.");
    char *password = xmalloc((size_t)length + 1);
    size_t n = 0;
    for (size_t i = 0; i < REQUIRED_SETS && each; i++) {
        size_t size = strlen(usable_sets[i]);
        if (size > 0)
            password[n++] = usable_sets[i][random_below(size)];
    }
    while (n < (size_t)length)
        password[n++] = all[random_below(n_all)];
    /* shuffle, so the required characters sit anywhere (Fisher-Yates) */
    for (size_t i = n; i > 1; i--) {
        size_t j = random_below(i);
        char t = password[i - 1];
        password[i - 1] = password[j];
        password[j] = t;
    }
    password[n] = '\0';
    cJSON_AddStringToObject(out, "RandomPassword", password);
    free(password);
    return 0;
}
