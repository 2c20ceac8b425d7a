/* The connection limits every front end starts from, and their MOTOC_* environment overrides
 * (how motoc-run's server and the preload's embedded core are configured). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "server.h"

void http_server_config_defaults(struct http_server_config *cfg)
{
    cfg->limits = (struct http_limits){HTTP_DEFAULT_MAX_HEADER_BYTES, HTTP_DEFAULT_MAX_BODY_BYTES};
    cfg->idle_timeout_ms = HTTP_DEFAULT_IDLE_TIMEOUT_MS;
    cfg->header_timeout_ms = HTTP_DEFAULT_HEADER_TIMEOUT_MS;
    cfg->body_min_rate = HTTP_DEFAULT_BODY_MIN_RATE;
    cfg->body_grace_ms = HTTP_DEFAULT_BODY_GRACE_MS;
    cfg->max_connections = HTTP_DEFAULT_MAX_CONNECTIONS;
}

/* 1 and *out set when name is set to a number in [min, max]; 0 when unset; -1 when invalid. */
static int env_number(const char *name, unsigned long min, unsigned long max, unsigned long *out)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || *end || v[0] == '-' || n < min || n > max)
        return -1;
    *out = n;
    return 1;
}

int http_server_config_from_env(struct http_server_config *cfg, char *err, size_t err_len)
{
    static const struct {
        const char *name;
        unsigned long min, max, scale;
        size_t offset;
    } vars[] = {
        {"MOTOC_IDLE_TIMEOUT", 1, 86400, 1000, offsetof(struct http_server_config, idle_timeout_ms)},
        {"MOTOC_HEADER_TIMEOUT", 0, 86400, 1000,
         offsetof(struct http_server_config, header_timeout_ms)},
        {"MOTOC_BODY_GRACE", 0, 86400, 1000, offsetof(struct http_server_config, body_grace_ms)},
        {"MOTOC_BODY_MIN_RATE", 0, 1ul << 30, 1, offsetof(struct http_server_config, body_min_rate)},
        {"MOTOC_MAX_CONNECTIONS", 1, 1ul << 20, 1,
         offsetof(struct http_server_config, max_connections)},
    };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        unsigned long n;
        int rc = env_number(vars[i].name, vars[i].min, vars[i].max, &n);
        if (rc < 0) {
            snprintf(err, err_len, "%s must be a whole number from %lu to %lu", vars[i].name,
                     vars[i].min, vars[i].max);
            return -1;
        }
        if (rc > 0)
            *(unsigned *)((char *)cfg + vars[i].offset) = (unsigned)(n * vars[i].scale);
    }
    return 0;
}
