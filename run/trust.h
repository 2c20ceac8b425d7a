/* Trust in motoc's CA for the usual clients, without touching the system store: bundles of the
 * CAs a client would trust anyway plus motoc's, and a Java trust store, all cached in the state
 * directory and rebuilt only when an input changes. */
#ifndef MOTOC_RUN_TRUST_H
#define MOTOC_RUN_TRUST_H

#include <stdbool.h>

#include "exports.h"

/* The CA certificate's path into ca_file: the state directory's ca.pem, created by
 * `motoc-server --ca-path` if missing. -1 when there is none (a motoc-server without TLS). */
int trust_find_ca(const char *server_program, const char *state_dir, char *ca_file,
                  size_t size, bool verbose);

/* Adds AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, SSL_CERT_FILE, CURL_CA_BUNDLE, NODE_EXTRA_CA_CERTS and,
 * where keytool exists, JAVA_TOOL_OPTIONS. A bundle the user already set is extended, not
 * replaced. Problems are reported and leave that client without motoc's CA. */
void trust_export(const char *state_dir, const char *ca_file, struct exports *out, bool verbose);

#endif
