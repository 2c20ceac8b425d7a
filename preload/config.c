/* Reads the MOTOC_* environment once per process into the preload's configuration, reporting
 * values it cannot understand and falling back to keeping AWS traffic local. */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>

#include "../http/log.h"
#include "../tls/state_dir.h"
#include "fake_hosts.h"

static struct motoc_config config;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

void config_complain(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "motoc: %s\n", line);
}

static bool parse_disable(const char *v)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off", ""};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(v, no[i]) == 0)
            return false;
    config_complain("MOTOC_DISABLE=%s is not 1 or 0; motoc stays on", v);
    return false;
}

static bool set_unix_endpoint(const char *path)
{
    struct sockaddr_un *sun = (struct sockaddr_un *)&config.endpoint;
    if (path[0] != '/' || strlen(path) >= sizeof sun->sun_path)
        return false;
    sun->sun_family = AF_UNIX;
    strcpy(sun->sun_path, path);
    config.endpoint_len = sizeof *sun;
    return true;
}

/* "127.0.0.1:4566", "[::1]:4566", "localhost:4566": loopback only, so that redirected AWS
 * traffic never leaves the machine. */
static bool set_tcp_endpoint(const char *hostport)
{
    char host[64];
    const char *colon;
    if (hostport[0] == '[') {
        const char *close = strchr(hostport, ']');
        if (!close || close[1] != ':' || (size_t)(close - hostport - 1) >= sizeof host)
            return false;
        memcpy(host, hostport + 1, (size_t)(close - hostport - 1));
        host[close - hostport - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(hostport, ':');
        if (!colon || (size_t)(colon - hostport) >= sizeof host)
            return false;
        memcpy(host, hostport, (size_t)(colon - hostport));
        host[colon - hostport] = '\0';
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (port <= 0 || port > 65535 || (*end && strcmp(end, "/") != 0))
        return false;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&config.endpoint;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&config.endpoint;
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127)
            return false;
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        config.endpoint_len = sizeof *v4;
        return true;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1 && IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        config.endpoint_len = sizeof *v6;
        return true;
    }
    return false;
}

static void parse_endpoint(const char *v)
{
    config.shared = true;
    snprintf(config.endpoint_text, sizeof config.endpoint_text, "%s", v);
    if (strncmp(v, "unix:", 5) == 0)
        config.endpoint_ok = set_unix_endpoint(v + 5);
    else if (v[0] == '/')
        config.endpoint_ok = set_unix_endpoint(v);
    else if (strncmp(v, "http://", 7) == 0)
        config.endpoint_ok = set_tcp_endpoint(v + 7);
    else
        config.endpoint_ok = set_tcp_endpoint(v);
    if (!config.endpoint_ok)
        config_complain("MOTOC_ENDPOINT=%s is neither unix:/absolute/path nor http://127.0.0.1:PORT "
                 "(loopback only); AWS connections will fail", v);
}

/* dns_name_normalize has checked the names' syntax; services are checked against the service
 * list when the core is loaded (passthrough.c). */
static bool any_name(const char *s)
{
    (void)s;
    return true;
}

static bool single_label(const char *s)
{
    return strncmp(s, "*.", 2) != 0 && !strchr(s, '.');
}

/* A comma- or space-separated list; entries that fail valid() are reported and dropped. */
static void parse_list(const char *env_name, bool (*valid)(const char *), const char *what,
                       struct name_list *out)
{
    const char *v = getenv(env_name);
    if (!v)
        return;
    while (*v) {
        v += strspn(v, ", ");
        size_t len = strcspn(v, ", ");
        if (len == 0)
            break;
        /* "*." stays as it is; the name after it is normalized like any host name. */
        size_t wild = len > 2 && strncmp(v, "*.", 2) == 0 ? 2 : 0;
        char item[DNS_NAME_SIZE + 2] = "*.";
        bool ok = dns_name_normalize(v + wild, len - wild, item + wild) && valid(item);
        v += len;
        if (!ok) {
            config_complain("%s: '%.*s' is not %s; ignoring it", env_name, (int)len, v - len, what);
            continue;
        }
        char *copy = strdup(item);
        char **items = copy ? realloc(out->items, (out->count + 1) * sizeof *items) : NULL;
        if (!items) {
            free(copy);
            return;
        }
        out->items = items;
        out->items[out->count++] = copy;
    }
}

/* True if libmotoc.so was named in LD_PRELOAD (rather than linked by a program that uses the
 * C API): preloading asks for interception from the first call on. */
static bool preloaded(void)
{
    Dl_info self;
    const char *list = getenv("LD_PRELOAD");
    if (!list || !dladdr((void *)motoc_config, &self) || !self.dli_fname)
        return false;
    const char *own = strrchr(self.dli_fname, '/');
    own = own ? own + 1 : self.dli_fname;
    size_t own_len = strlen(own);
    while (*list) {
        size_t len = strcspn(list, ": ");
        const char *base = list;
        for (size_t i = 0; i < len; i++)
            if (list[i] == '/')
                base = list + i + 1;
        if ((size_t)(list + len - base) == own_len && memcmp(base, own, own_len) == 0)
            return true;
        list += len;
        list += strspn(list, ": ");
    }
    return false;
}

static void read_config(void)
{
    const char *v = getenv("MOTOC_DISABLE");
    config.disabled = v && parse_disable(v);
    if (config.disabled)
        return; /* not even a log file is opened */
    /* Quiet inside foreign programs unless asked: only errors that explain a failure. */
    log_set_level(LOG_ERROR);
    log_init_from_env();
    v = getenv("MOTOC_ENDPOINT");
    if (v && *v)
        parse_endpoint(v);
    config.always_on = config.shared || preloaded();
    parse_list("MOTOC_PASSTHROUGH_HOSTS", any_name, "a host name or *.domain",
               &config.passthrough_hosts);
    parse_list("MOTOC_PASSTHROUGH_SERVICES", single_label,
               "an AWS service name (botocore's, e.g. s3, sqs)", &config.passthrough_services);
    char dir[PATH_MAX - 8], err[256];
    if (state_dir_path(dir, sizeof dir, err, sizeof err) == 0)
        snprintf(config.ca_file, sizeof config.ca_file, "%s/ca.pem", dir);
}

const struct motoc_config *motoc_config(void)
{
    pthread_once(&config_once, read_config);
    return &config;
}
