/* Minimal test harness: CHECK records a failure and goes on; test_summary prints and exits. */
#ifndef MOTOC_TEST_CHECK_H
#define MOTOC_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int checks_run, checks_failed;

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        checks_run++;                                                                             \
        if (!(cond)) {                                                                            \
            checks_failed++;                                                                      \
            fprintf(stderr, "%s:%d: FAILED %s: ", __FILE__, __LINE__, #cond);                     \
            fprintf(stderr, __VA_ARGS__);                                                         \
            fputc('\n', stderr);                                                                  \
        }                                                                                         \
    } while (0)

#define CHECK_STR(got, want, ...)                                                                 \
    do {                                                                                          \
        const char *got_ = (got), *want_ = (want);                                                \
        CHECK(got_ && want_ && strcmp(got_, want_) == 0, "got '%s', want '%s' — ",                \
              got_ ? got_ : "(null)", want_ ? want_ : "(null)");                                  \
        if (!(got_ && want_ && strcmp(got_, want_) == 0))                                         \
            fprintf(stderr, __VA_ARGS__), fputc('\n', stderr);                                    \
    } while (0)

static inline int test_summary(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, checks_run, checks_failed);
    return checks_failed ? 1 : 0;
}

#endif
