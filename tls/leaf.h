/* Server certificates for the names clients ask for (SNI), signed by motoc's CA and kept in a
 * bounded in-memory cache. All leaves share one key, generated per process. */
#ifndef MOTOC_LEAF_H
#define MOTOC_LEAF_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca.h"

/* Most distinct names kept at once; the least recently used is dropped beyond that. */
#define LEAF_CACHE_CAPACITY 256

struct leaf_cache;

/* The CA must outlive the cache. NULL with a reason in err on failure. */
struct leaf_cache *leaf_cache_new(const struct ca *ca, char *err, size_t err_len);
void leaf_cache_free(struct leaf_cache *cache);

/* The certificate for a normalized DNS name (aws_names.h) inside the CA's name constraints,
 * minted on first use. Borrowed: valid until the next call; take a reference to keep it
 * (SSL_use_certificate does). NULL if minting failed. */
X509 *leaf_cache_cert_ref(struct leaf_cache *cache, const char *name);
/* The private key of every certificate from this cache. */
EVP_PKEY *leaf_cache_key_ref(const struct leaf_cache *cache);

#endif
