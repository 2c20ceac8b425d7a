/* The resolver entry points: AWS names get fake addresses (fake_hosts.h), every other name, and
 * every AWS name while interception is off or passed through, goes to libc untouched. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "export.h"
#include "fake_hosts.h"
#include "mode.h"
#include "passthrough.h"
#include "real.h"

/* Whether name is intercepted, with its normalized form in out. The cheap test first: names that
 * are not AWS names never read the configuration. */
static bool intercepts(const char *name, char out[DNS_NAME_SIZE])
{
    return name && dns_name_normalize(name, strlen(name), out) && aws_name_matches(out) &&
           interception_active() && !host_passes_through(out);
}

/* ---- getaddrinfo ---- */

/* libc builds the entries for the numeric fake address itself, so socket types, protocols and
 * services come out exactly as for a real name, and freeaddrinfo() frees them as its own. */
static int numeric_entries(int family, const void *addr, const char *service,
                           struct addrinfo *hints, struct addrinfo ***tail)
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(family, addr, text, sizeof text);
    hints->ai_family = family;
    struct addrinfo *part;
    int rc = real_libc()->getaddrinfo(text, service, hints, &part);
    if (rc != 0)
        return rc;
    **tail = part;
    while (part->ai_next)
        part = part->ai_next;
    *tail = &part->ai_next;
    return 0;
}

static int fake_getaddrinfo(const char *node, const char *normalized, const char *service,
                            const struct addrinfo *hints, struct addrinfo **res)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (fake_addresses_for(normalized, &v4, &v6) != 0)
        return EAI_MEMORY;
    int family = hints ? hints->ai_family : AF_UNSPEC;
    struct addrinfo numeric = {.ai_flags = AI_V4MAPPED | AI_ADDRCONFIG};
    if (hints) {
        numeric.ai_flags = hints->ai_flags;
        numeric.ai_socktype = hints->ai_socktype;
        numeric.ai_protocol = hints->ai_protocol;
    }
    /* Both families are always reachable through motoc, whatever interfaces the host has. */
    numeric.ai_flags = (numeric.ai_flags | AI_NUMERICHOST) &
                       ~(AI_CANONNAME | AI_ADDRCONFIG | AI_V4MAPPED | AI_ALL);
    struct addrinfo *list = NULL, **tail = &list;
    int rc = 0;
    if (family != AF_INET6)
        rc = numeric_entries(AF_INET, &v4, service, &numeric, &tail);
    if (rc == 0 && family != AF_INET)
        rc = numeric_entries(AF_INET6, &v6, service, &numeric, &tail);
    if (rc == 0 && hints && (hints->ai_flags & AI_CANONNAME) &&
        !(list->ai_canonname = strdup(node)))
        rc = EAI_MEMORY;
    if (rc != 0) {
        if (list)
            freeaddrinfo(list);
        return rc;
    }
    *res = list;
    return 0;
}

MOTOC_EXPORT int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                             struct addrinfo **res)
{
    int family = hints ? hints->ai_family : AF_UNSPEC;
    char normalized[DNS_NAME_SIZE];
    if ((family != AF_UNSPEC && family != AF_INET && family != AF_INET6) ||
        (hints && (hints->ai_flags & AI_NUMERICHOST)) || !intercepts(node, normalized))
        return real_libc()->getaddrinfo(node, service, hints, res);
    return fake_getaddrinfo(node, normalized, service, hints, res);
}

/* ---- gethostbyname and friends ---- */

/* What a hostent points into: laid out in the caller's buffer (the _r variants) or ours. */
struct hostent_data {
    char *aliases[1];
    char *addr_list[2];
    union {
        struct in_addr v4;
        struct in6_addr v6;
    } addr;
    char name[DNS_NAME_SIZE + 1]; /* as the caller wrote it, final dot included */
};

/* Fills ret for an intercepted name; returns 0 or an errno value as the _r functions do. */
static int fake_hostent(const char *name, const char *normalized, int af, struct hostent *ret,
                        char *buf, size_t buflen, struct hostent **result, int *h_errnop)
{
    *result = NULL;
    uintptr_t aligned = ((uintptr_t)buf + alignof(struct hostent_data) - 1) &
                        ~(uintptr_t)(alignof(struct hostent_data) - 1);
    if (!buf || aligned - (uintptr_t)buf + sizeof(struct hostent_data) > buflen) {
        *h_errnop = NETDB_INTERNAL;
        return ERANGE;
    }
    struct hostent_data *d = (struct hostent_data *)aligned;
    struct in_addr v4;
    struct in6_addr v6;
    if (strlen(name) >= sizeof d->name || fake_addresses_for(normalized, &v4, &v6) != 0) {
        *h_errnop = NO_RECOVERY;
        return ENOMEM;
    }
    strcpy(d->name, name);
    d->aliases[0] = NULL;
    if (af == AF_INET)
        d->addr.v4 = v4;
    else
        d->addr.v6 = v6;
    d->addr_list[0] = (char *)&d->addr;
    d->addr_list[1] = NULL;
    ret->h_name = d->name;
    ret->h_aliases = d->aliases;
    ret->h_addrtype = af;
    ret->h_length = af == AF_INET ? (int)sizeof v4 : (int)sizeof v6;
    ret->h_addr_list = d->addr_list;
    *result = ret;
    *h_errnop = 0;
    return 0;
}

/* The non-reentrant variants return storage of their own, as libc's do; per thread here. */
static struct hostent *fake_hostent_static(const char *name, const char *normalized, int af)
{
    static _Thread_local struct hostent ent;
    static _Thread_local char buf[sizeof(struct hostent_data) + alignof(struct hostent_data)];
    struct hostent *result;
    int h_err;
    int rc = fake_hostent(name, normalized, af, &ent, buf, sizeof buf, &result, &h_err);
    if (rc != 0) {
        h_errno = h_err;
        errno = rc;
        return NULL;
    }
    return result;
}

MOTOC_EXPORT struct hostent *gethostbyname(const char *name)
{
    char normalized[DNS_NAME_SIZE];
    if (!intercepts(name, normalized))
        return real_libc()->gethostbyname(name);
    return fake_hostent_static(name, normalized, AF_INET);
}

MOTOC_EXPORT struct hostent *gethostbyname2(const char *name, int af)
{
    char normalized[DNS_NAME_SIZE];
    if ((af != AF_INET && af != AF_INET6) || !intercepts(name, normalized))
        return real_libc()->gethostbyname2(name, af);
    return fake_hostent_static(name, normalized, af);
}

MOTOC_EXPORT int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
                                 struct hostent **result, int *h_errnop)
{
    char normalized[DNS_NAME_SIZE];
    if (!intercepts(name, normalized))
        return real_libc()->gethostbyname_r(name, ret, buf, buflen, result, h_errnop);
    return fake_hostent(name, normalized, AF_INET, ret, buf, buflen, result, h_errnop);
}

MOTOC_EXPORT int gethostbyname2_r(const char *name, int af, struct hostent *ret, char *buf,
                                  size_t buflen, struct hostent **result, int *h_errnop)
{
    char normalized[DNS_NAME_SIZE];
    if ((af != AF_INET && af != AF_INET6) || !intercepts(name, normalized))
        return real_libc()->gethostbyname2_r(name, af, ret, buf, buflen, result, h_errnop);
    return fake_hostent(name, normalized, af, ret, buf, buflen, result, h_errnop);
}

/* ---- reverse lookups: a fake address names its host without asking DNS ---- */

MOTOC_EXPORT int getnameinfo(const struct sockaddr *addr, socklen_t addr_len, char *host,
                             socklen_t host_len, char *serv, socklen_t serv_len, int flags)
{
    char name[DNS_NAME_SIZE];
    if (!host || host_len == 0 || (flags & NI_NUMERICHOST) ||
        !fake_address_host(addr, addr_len, name, sizeof name) || motoc_config()->disabled)
        return real_libc()->getnameinfo(addr, addr_len, host, host_len, serv, serv_len, flags);
    if (strlen(name) >= host_len)
        return EAI_OVERFLOW;
    if (serv && serv_len > 0) {
        int rc = real_libc()->getnameinfo(addr, addr_len, NULL, 0, serv, serv_len, flags);
        if (rc != 0)
            return rc;
    }
    strcpy(host, name);
    return 0;
}
