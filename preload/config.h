/* The MOTOC_* environment, read once per process on the first intercepted call. A value that
 * cannot be understood is reported on stderr and replaced by the choice that keeps AWS traffic
 * on this machine. */
#ifndef MOTOC_CONFIG_H
#define MOTOC_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct name_list {
    char **items; /* lower case */
    size_t count;
};

struct motoc_config {
    bool disabled;   /* MOTOC_DISABLE: behave as if not loaded */
    bool always_on;  /* loaded by LD_PRELOAD or given MOTOC_ENDPOINT: intercept without
                        motoc_start() */
    bool shared;     /* MOTOC_ENDPOINT is set: redirect there, even when it is unusable */
    bool endpoint_ok;
    char endpoint_text[128]; /* as given, for messages */
    struct sockaddr_storage endpoint; /* a unix socket or a loopback TCP address */
    socklen_t endpoint_len;
    struct name_list passthrough_hosts;    /* "name" or "*.domain" */
    struct name_list passthrough_services; /* botocore names */
    char ca_file[PATH_MAX]; /* motoc's CA certificate in the state dir; "" if unknown */
};

const struct motoc_config *motoc_config(void);

/* Reports a configuration problem on stderr, whatever the log settings. */
void config_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
