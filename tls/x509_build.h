/* Small steps shared by the CA and the leaf certificates: keys, serials, validity, extensions.
 * Internal to tls/. */
#ifndef MOTOC_X509_BUILD_H
#define MOTOC_X509_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A fresh ECDSA P-256 key, or NULL. */
EVP_PKEY *ec_p256_key_new(void);

/* A new v3 certificate with a random positive 127-bit serial, the given validity and key. */
X509 *x509_start(EVP_PKEY *subject_key, time_t not_before, time_t not_after);

/* Adds one extension written in OpenSSL's configuration syntax ("critical,CA:TRUE"). issuer is the
 * signing certificate (the certificate itself when self-signed), for authorityKeyIdentifier. */
bool x509_add_ext(X509 *cert, X509 *issuer, int nid, const char *value);

/* Writes what to err followed by OpenSSL's most recent error, and empties OpenSSL's error queue
 * so the next operation starts clean. */
void tls_error_describe(char *err, size_t err_len, const char *what);

#endif
