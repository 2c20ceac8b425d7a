/* The map between AWS host names and the fake IPv4/IPv6 addresses handed out for them, kept
 * consistent across fork(). */
#include "fake_hosts.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fake address n is 240.0.0.0 + n and 100::n; n starts at 1 and stays below 2^24. */
#define FAKE_V4_NET 0xF0000000u
#define FAKE_V4_MASK 0xFF000000u
#define MAX_FAKE_HOSTS 0xFFFFFEu

static const uint8_t fake_v6_prefix[8] = {0x01, 0x00, 0, 0, 0, 0, 0, 0};

/* Names by number (names[n - 1]) and an open-addressing index from name to number. */
static struct {
    pthread_mutex_t lock;
    char **names;
    uint32_t count, names_cap;
    uint32_t *slots; /* 0 = empty, else a number */
    uint32_t n_slots;
} table = {.lock = PTHREAD_MUTEX_INITIALIZER};

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The slot holding name, or the empty slot where it belongs. */
static uint32_t *find_slot(const char *name)
{
    uint32_t mask = table.n_slots - 1;
    for (uint32_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
        uint32_t n = table.slots[i];
        if (n == 0 || strcmp(table.names[n - 1], name) == 0)
            return &table.slots[i];
    }
}

static bool grow_index(void)
{
    uint32_t old_n = table.n_slots;
    uint32_t *old = table.slots;
    uint32_t new_n = old_n ? old_n * 2 : 64;
    uint32_t *slots = calloc(new_n, sizeof *slots);
    if (!slots)
        return false;
    table.slots = slots;
    table.n_slots = new_n;
    for (uint32_t i = 0; i < old_n; i++)
        if (old[i])
            *find_slot(table.names[old[i] - 1]) = old[i];
    free(old);
    return true;
}

/* The number of name, adding it if new; 0 when the table cannot take it. Called locked. */
static uint32_t number_for(const char *name)
{
    if ((table.count + 1) * 2 > table.n_slots && !grow_index())
        return 0;
    uint32_t *slot = find_slot(name);
    if (*slot)
        return *slot;
    if (table.count == MAX_FAKE_HOSTS)
        return 0;
    if (table.count == table.names_cap) {
        uint32_t cap = table.names_cap ? table.names_cap * 2 : 32;
        char **names = realloc(table.names, cap * sizeof *names);
        if (!names)
            return 0;
        table.names = names;
        table.names_cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return 0;
    table.names[table.count++] = copy;
    *slot = table.count;
    return *slot;
}

int fake_addresses_for(const char *normalized, struct in_addr *v4, struct in6_addr *v6)
{
    pthread_mutex_lock(&table.lock);
    uint32_t n = number_for(normalized);
    pthread_mutex_unlock(&table.lock);
    if (n == 0)
        return -1;
    v4->s_addr = htonl(FAKE_V4_NET | n);
    memset(v6, 0, sizeof *v6);
    memcpy(v6->s6_addr, fake_v6_prefix, sizeof fake_v6_prefix);
    uint32_t be = htonl(n);
    memcpy(v6->s6_addr + 12, &be, sizeof be);
    return 0;
}

/* The number inside a fake address (0 if it is none; numbers never handed out are still fake). */
static bool fake_number(const struct sockaddr *addr, socklen_t len, uint32_t *number)
{
    uint32_t v4;
    if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        v4 = ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr);
    } else if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)addr)->sin6_addr;
        if (memcmp(a->s6_addr, fake_v6_prefix, sizeof fake_v6_prefix) == 0) {
            uint32_t be;
            memcpy(&be, a->s6_addr + 12, sizeof be);
            *number = ntohl(be);
            return true;
        }
        if (!IN6_IS_ADDR_V4MAPPED(a))
            return false;
        uint32_t be;
        memcpy(&be, a->s6_addr + 12, sizeof be);
        v4 = ntohl(be);
    } else {
        return false;
    }
    if ((v4 & FAKE_V4_MASK) != FAKE_V4_NET)
        return false;
    *number = v4 & ~FAKE_V4_MASK;
    return true;
}

bool sockaddr_is_fake(const struct sockaddr *addr, socklen_t len)
{
    uint32_t number;
    return addr && fake_number(addr, len, &number);
}

bool fake_address_host(const struct sockaddr *addr, socklen_t len, char *out, size_t size)
{
    uint32_t n;
    if (!addr || !fake_number(addr, len, &n) || n == 0)
        return false;
    bool found = false;
    pthread_mutex_lock(&table.lock);
    if (n <= table.count && strlen(table.names[n - 1]) < size) {
        strcpy(out, table.names[n - 1]);
        found = true;
    }
    pthread_mutex_unlock(&table.lock);
    return found;
}

void fake_hosts_before_fork(void)
{
    pthread_mutex_lock(&table.lock);
}

void fake_hosts_after_fork(void)
{
    pthread_mutex_unlock(&table.lock);
}
