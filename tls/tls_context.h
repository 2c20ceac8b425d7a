/* The server side's shared TLS configuration: motoc's CA, the leaf cache and an SSL_CTX that picks
 * each connection's certificate from the name the client asked for (SNI). */
#ifndef MOTOC_TLS_CONTEXT_H
#define MOTOC_TLS_CONTEXT_H

#include <stddef.h>

#include <openssl/ssl.h>

/* The certificate's name when the client sends no usable SNI and the connection has no default. */
#define TLS_FALLBACK_NAME "amazonaws.com"

struct tls_context;

/* Opens (or creates) the CA in the state directory. NULL with a reason in err on failure. */
struct tls_context *tls_context_new(char *err, size_t err_len);
void tls_context_free(struct tls_context *ctx);

/* A server-side SSL (TLS 1.2 and 1.3, no renegotiation). default_name is the certificate's name
 * when the client sends no AWS name in its SNI (e.g. the host of a CONNECT tunnel); NULL for
 * TLS_FALLBACK_NAME. It is borrowed and must outlive the SSL. */
SSL *tls_context_new_ssl(struct tls_context *ctx, const char *default_name);

#endif
