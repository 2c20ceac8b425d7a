/* Log level and destination from MOTOC_LOG_LEVEL / MOTOC_LOG / MOTOC_LOG_FILE, and the one
 * logging function the server, the core and the preload write through. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

static enum log_level current_level = LOG_WARN;
static FILE *log_stream;

static int parse_level(const char *s, enum log_level *out)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(s, names[i]) == 0) {
            *out = (enum log_level)i;
            return 1;
        }
    }
    return 0;
}

/* MOTOC_LOG, the switch users are told about: off (errors only), requests, debug. */
static int parse_switch(const char *s, enum log_level *out)
{
    static const struct {
        const char *name;
        enum log_level level;
    } switches[] = {{"off", LOG_ERROR}, {"requests", LOG_INFO}, {"debug", LOG_DEBUG}};
    for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++) {
        if (strcasecmp(s, switches[i].name) == 0) {
            *out = switches[i].level;
            return 1;
        }
    }
    return 0;
}

void log_init_from_env(void)
{
    enum log_level level;
    const char *s = getenv("MOTOC_LOG_LEVEL");
    if (s && parse_level(s, &level))
        current_level = level;
    s = getenv("MOTOC_LOG");
    if (s && *s) {
        if (parse_switch(s, &level))
            current_level = level;
        else
            fprintf(stderr, "motoc: MOTOC_LOG=%s is not one of off, requests, debug; ignoring it\n",
                    s);
    }
    const char *path = getenv("MOTOC_LOG_FILE");
    if (path && *path && !log_stream) {
        log_stream = fopen(path, "ae");
        if (log_stream)
            setvbuf(log_stream, NULL, _IOLBF, 0);
    }
}

void log_set_level(enum log_level level)
{
    current_level = level;
}

int log_enabled(enum log_level level)
{
    return level <= current_level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const tags[] = {"error", "warn", "info", "debug"};
    if (!log_enabled(level))
        return;
    FILE *out = log_stream ? log_stream : stderr;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(out, "%s.%03ldZ motoc %s: %s\n", stamp, (long)(tv.tv_usec / 1000), tags[level], line);
    fflush(out);
}
