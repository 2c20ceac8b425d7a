/* Mints leaf certificates for SNI names, signed by motoc's CA, and keeps them in a bounded
 * cache; all leaves share one per-process key. */
#include "leaf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509v3.h>

#include "../http/buf.h"
#include "../http/log.h"
#include "aws_names.h"
#include "x509_build.h"

/* Well under the 398 days browsers and Apple's verifiers allow; clients never see an expiry
 * because a cached certificate is replaced long before it. */
#define LEAF_VALIDITY_SECONDS (30 * 86400)
#define LEAF_REUSE_SECONDS (7 * 86400)
#define BACKDATE_SECONDS 3600
/* commonName holds at most 64 characters; longer names live in the SAN alone. */
#define MAX_COMMON_NAME 64

struct leaf_entry {
    char name[DNS_NAME_SIZE];
    X509 *cert;
    time_t minted;
    uint64_t last_used;
};

struct leaf_cache {
    const struct ca *ca;
    EVP_PKEY *key;
    struct leaf_entry entries[LEAF_CACHE_CAPACITY];
    uint64_t clock; /* ordering for least-recently-used */
};

struct leaf_cache *leaf_cache_new(const struct ca *ca, char *err, size_t err_len)
{
    EVP_PKEY *key = ec_p256_key_new();
    if (!key) {
        tls_error_describe(err, err_len, "cannot generate the server key");
        return NULL;
    }
    struct leaf_cache *cache = xcalloc(1, sizeof *cache);
    cache->ca = ca;
    cache->key = key;
    return cache;
}

void leaf_cache_free(struct leaf_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < LEAF_CACHE_CAPACITY; i++)
        X509_free(cache->entries[i].cert);
    EVP_PKEY_free(cache->key);
    free(cache);
}

EVP_PKEY *leaf_cache_key_ref(const struct leaf_cache *cache)
{
    return cache->key;
}

static bool set_subject(X509 *cert, const char *name)
{
    if (strlen(name) > MAX_COMMON_NAME)
        return true; /* an empty subject, and the SAN marked critical */
    return X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                                      (const unsigned char *)name, -1, -1, 0) == 1;
}

static X509 *mint_leaf(const struct leaf_cache *cache, const char *name, time_t now)
{
    X509 *ca_cert = ca_cert_ref(cache->ca);
    time_t not_after = now + LEAF_VALIDITY_SECONDS;
    /* Never outlive the CA: a chain past its root's expiry fails in some verifiers. */
    const ASN1_TIME *ca_not_after = X509_get0_notAfter(ca_cert);
    if (X509_cmp_time(ca_not_after, &not_after) < 0) {
        struct tm tm;
        if (ASN1_TIME_to_tm(ca_not_after, &tm) == 1)
            not_after = timegm(&tm);
    }
    X509 *cert = x509_start(cache->key, now - BACKDATE_SECONDS, not_after);
    struct buf san = BUF_INIT;
    bool empty_subject = strlen(name) > MAX_COMMON_NAME;
    buf_printf(&san, "%sDNS:%s", empty_subject ? "critical," : "", name);
    bool ok = cert && set_subject(cert, name) &&
              X509_set_issuer_name(cert, X509_get_subject_name(ca_cert)) == 1 &&
              x509_add_ext(cert, ca_cert, NID_basic_constraints, "critical,CA:FALSE") &&
              x509_add_ext(cert, ca_cert, NID_key_usage, "critical,digitalSignature") &&
              x509_add_ext(cert, ca_cert, NID_ext_key_usage, "serverAuth") &&
              x509_add_ext(cert, ca_cert, NID_subject_key_identifier, "hash") &&
              x509_add_ext(cert, ca_cert, NID_authority_key_identifier, "keyid:always") &&
              x509_add_ext(cert, ca_cert, NID_subject_alt_name, san.data) &&
              X509_sign(cert, ca_key_ref(cache->ca), EVP_sha256()) > 0;
    buf_free(&san);
    if (!ok) {
        char err[256];
        tls_error_describe(err, sizeof err, "cannot mint a certificate");
        log_msg(LOG_ERROR, "%s for %s", err, name);
        X509_free(cert);
        return NULL;
    }
    return cert;
}

static struct leaf_entry *find_entry(struct leaf_cache *cache, const char *name)
{
    for (size_t i = 0; i < LEAF_CACHE_CAPACITY; i++)
        if (cache->entries[i].cert && strcmp(cache->entries[i].name, name) == 0)
            return &cache->entries[i];
    return NULL;
}

static struct leaf_entry *free_or_oldest_entry(struct leaf_cache *cache)
{
    struct leaf_entry *oldest = &cache->entries[0];
    for (size_t i = 0; i < LEAF_CACHE_CAPACITY; i++) {
        struct leaf_entry *e = &cache->entries[i];
        if (!e->cert)
            return e;
        if (e->last_used < oldest->last_used)
            oldest = e;
    }
    return oldest;
}

X509 *leaf_cache_cert_ref(struct leaf_cache *cache, const char *name)
{
    if (strlen(name) >= DNS_NAME_SIZE)
        return NULL;
    time_t now = time(NULL);
    struct leaf_entry *e = find_entry(cache, name);
    if (e && now - e->minted < LEAF_REUSE_SECONDS && now >= e->minted) {
        e->last_used = ++cache->clock;
        return e->cert;
    }
    X509 *cert = mint_leaf(cache, name, now);
    if (!cert)
        return NULL;
    if (!e)
        e = free_or_oldest_entry(cache);
    X509_free(e->cert);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->cert = cert;
    e->minted = now;
    e->last_used = ++cache->clock;
    return cert;
}
