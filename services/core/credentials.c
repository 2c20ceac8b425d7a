/* The access keys motoc has issued and the identities (and accounts) they stand for. */
#include "credentials.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../../http/buf.h"

struct issued_key {
    char access_key[21];
    struct issued_identity identity;
    struct credential_use last_use;
};

static struct issued_key *keys;
static size_t n_keys, cap_keys;

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
    if (n_keys == cap_keys) {
        cap_keys = cap_keys ? cap_keys * 2 : 16;
        keys = xrealloc(keys, cap_keys * sizeof *keys);
    }
    memcpy(keys[n_keys].access_key, key_out, 21);
    keys[n_keys].identity = *identity;
    memset(&keys[n_keys].last_use, 0, sizeof keys[n_keys].last_use);
    n_keys++;
}

static struct issued_key *key_find(const char *access_key)
{
    if (!access_key || !*access_key)
        return NULL;
    /* Newest first: a test that assumes many roles most often uses the latest. */
    for (size_t i = n_keys; i-- > 0;)
        if (strcmp(keys[i].access_key, access_key) == 0)
            return &keys[i];
    return NULL;
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
    for (size_t i = 0; access_key && i < n_keys; i++) {
        if (strcmp(keys[i].access_key, access_key) == 0) {
            memmove(&keys[i], &keys[i + 1], (n_keys - i - 1) * sizeof *keys);
            n_keys--;
            return true;
        }
    }
    return false;
}

void credentials_reset(void)
{
    free(keys);
    keys = NULL;
    n_keys = cap_keys = 0;
}

int credentials_each(int (*fn)(const char *access_key, const struct issued_identity *identity,
                               void *arg),
                     void *arg)
{
    for (size_t i = 0; i < n_keys; i++)
        if (fn(keys[i].access_key, &keys[i].identity, arg) != 0)
            return -1;
    return 0;
}

void credentials_restore(const char *access_key, const struct issued_identity *identity)
{
    if (n_keys == cap_keys) {
        cap_keys = cap_keys ? cap_keys * 2 : 16;
        keys = xrealloc(keys, cap_keys * sizeof *keys);
    }
    snprintf(keys[n_keys].access_key, sizeof keys[n_keys].access_key, "%s", access_key);
    keys[n_keys].identity = *identity;
    memset(&keys[n_keys].last_use, 0, sizeof keys[n_keys].last_use);
    n_keys++;
}

struct detached_keys {
    struct issued_key *keys;
    size_t n, cap;
};

void *credentials_detach(void)
{
    struct detached_keys *d = xmalloc(sizeof *d);
    *d = (struct detached_keys){keys, n_keys, cap_keys};
    keys = NULL;
    n_keys = cap_keys = 0;
    return d;
}

void credentials_attach(void *detached)
{
    struct detached_keys *d = detached;
    credentials_reset();
    keys = d->keys;
    n_keys = d->n;
    cap_keys = d->cap;
    free(d);
}

void credentials_discard(void *detached)
{
    struct detached_keys *d = detached;
    free(d->keys);
    free(d);
}
