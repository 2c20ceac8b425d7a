/* The access keys motoc has issued and the identities (and accounts) they stand for. */
#include "credentials.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../../http/buf.h"
#include "strmap.h"

struct issued_key {
    char access_key[21];
    struct issued_identity identity;
    struct credential_use last_use;
};

/* Every request looks its signing key up, so keys are found by hash; the list keeps the order
 * they were issued in, which persistence saves. */
struct key_registry {
    struct issued_key **list;
    size_t n, cap;
    struct strmap index; /* access key -> struct issued_key */
};

static struct key_registry registry = {NULL, 0, 0, STRMAP_INIT};

static void registry_add(const char *access_key, const struct issued_identity *identity)
{
    struct issued_key *key = xmalloc(sizeof *key);
    snprintf(key->access_key, sizeof key->access_key, "%s", access_key);
    key->identity = *identity;
    memset(&key->last_use, 0, sizeof key->last_use);
    if (registry.n == registry.cap) {
        registry.cap = registry.cap ? registry.cap * 2 : 16;
        registry.list = xrealloc(registry.list, registry.cap * sizeof *registry.list);
    }
    registry.list[registry.n++] = key;
    free(strmap_put(&registry.index, key->access_key, key));
}

static void registry_free(struct key_registry *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->list[i]);
    free(r->list);
    strmap_clear(&r->index);
    *r = (struct key_registry){NULL, 0, 0, STRMAP_INIT};
}

static void random_key_suffix(char *out, size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint8_t bytes[32];
    if (getrandom(bytes, n, 0) != (ssize_t)n)
        memset(bytes, 0, sizeof bytes);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[bytes[i] % 32];
    out[n] = '\0';
}

void credentials_issue(const struct issued_identity *identity, const char *key_prefix,
                       char key_out[21])
{
    size_t prefix_len = strlen(key_prefix);
    if (prefix_len > 8)
        prefix_len = 8;
    memcpy(key_out, key_prefix, prefix_len);
    random_key_suffix(key_out + prefix_len, 20 - prefix_len);
    registry_add(key_out, identity);
}

static struct issued_key *key_find(const char *access_key)
{
    if (!access_key || !*access_key)
        return NULL;
    return strmap_get(&registry.index, access_key);
}

const struct issued_identity *credentials_lookup(const char *access_key)
{
    struct issued_key *key = key_find(access_key);
    return key ? &key->identity : NULL;
}

void credentials_note_use(const char *access_key, const char *service, const char *region,
                          double when)
{
    struct issued_key *key = key_find(access_key);
    if (!key)
        return;
    key->last_use.when = when;
    snprintf(key->last_use.service, sizeof key->last_use.service, "%s", service);
    snprintf(key->last_use.region, sizeof key->last_use.region, "%s", region);
}

bool credentials_last_use(const char *access_key, struct credential_use *out)
{
    const struct issued_key *key = key_find(access_key);
    if (key)
        *out = key->last_use;
    return key != NULL;
}

bool credentials_revoke(const char *access_key)
{
    struct issued_key *key = access_key ? strmap_remove(&registry.index, access_key) : NULL;
    if (!key)
        return false;
    for (size_t i = 0; i < registry.n; i++) {
        if (registry.list[i] == key) {
            memmove(&registry.list[i], &registry.list[i + 1],
                    (registry.n - i - 1) * sizeof *registry.list);
            registry.n--;
            break;
        }
    }
    free(key);
    return true;
}

void credentials_reset(void)
{
    registry_free(&registry);
}

int credentials_each(int (*fn)(const char *access_key, const struct issued_identity *identity,
                               void *arg),
                     void *arg)
{
    for (size_t i = 0; i < registry.n; i++)
        if (fn(registry.list[i]->access_key, &registry.list[i]->identity, arg) != 0)
            return -1;
    return 0;
}

void credentials_restore(const char *access_key, const struct issued_identity *identity)
{
    registry_add(access_key, identity);
}

void *credentials_detach(void)
{
    struct key_registry *detached = xmalloc(sizeof *detached);
    *detached = registry;
    registry = (struct key_registry){NULL, 0, 0, STRMAP_INIT};
    return detached;
}

void credentials_attach(void *detached)
{
    struct key_registry *r = detached;
    registry_free(&registry);
    registry = *r;
    free(r);
}

void credentials_discard(void *detached)
{
    struct key_registry *r = detached;
    registry_free(r);
    free(r);
}
