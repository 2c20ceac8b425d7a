/* motoc's certificate authority: an ECDSA P-256 key and a self-signed certificate whose name
 * constraints permit only the AWS domains. Created once per user in the state directory
 * (ca.pem, ca.key) and shared by every motoc process of that user. */
#ifndef MOTOC_CA_H
#define MOTOC_CA_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define CA_CERT_FILE "ca.pem"
#define CA_KEY_FILE "ca.key"

struct ca;

/* Loads the CA from the state directory (state_dir.h), creating it on first use. Processes that
 * start together all end up with the same CA. NULL with a reason in err on failure. */
struct ca *ca_open(char *err, size_t err_len);
void ca_free(struct ca *ca);

/* Absolute path of ca.pem, for trust bundles. */
const char *ca_cert_path(const struct ca *ca);
X509 *ca_cert_ref(const struct ca *ca);
EVP_PKEY *ca_key_ref(const struct ca *ca);

#endif
