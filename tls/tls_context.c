/* The shared server-side SSL_CTX: motoc's CA, the leaf cache, and callbacks picking each
 * connection's certificate by SNI and its protocol by ALPN. */
#include "tls_context.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "../http/buf.h"
#include "../http/log.h"
#include "aws_names.h"
#include "ca.h"
#include "leaf.h"
#include "x509_build.h"

struct tls_context {
    SSL_CTX *ssl_ctx;
    struct ca *ca;
    struct leaf_cache *leaves;
};

/* Chooses the certificate once the ClientHello's SNI is known. */
static int on_server_name(SSL *ssl, int *alert, void *arg)
{
    struct tls_context *ctx = arg;
    const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    const char *default_name = SSL_get_app_data(ssl);
    char normalized[DNS_NAME_SIZE];
    const char *name = default_name ? default_name : TLS_FALLBACK_NAME;
    if (sni && dns_name_normalize(sni, strlen(sni), normalized) && aws_name_matches(normalized))
        name = normalized;
    else if (sni)
        log_msg(LOG_DEBUG, "TLS: SNI '%.253s' is not an AWS name; presenting %s", sni, name);

    X509 *cert = leaf_cache_cert_ref(ctx->leaves, name);
    if (!cert || SSL_use_certificate(ssl, cert) != 1 ||
        SSL_use_PrivateKey(ssl, leaf_cache_key_ref(ctx->leaves)) != 1) {
        ERR_clear_error();
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    return SSL_TLSEXT_ERR_OK;
}

/* motoc speaks HTTP/1.1 only: say so to clients that offer ALPN (some insist on an answer). */
static int on_alpn(SSL *ssl, const unsigned char **out, unsigned char *out_len,
                   const unsigned char *in, unsigned int in_len, void *arg)
{
    (void)ssl, (void)arg;
    static const unsigned char http11[] = "\x08http/1.1";
    unsigned char *selected;
    if (SSL_select_next_proto(&selected, out_len, http11, sizeof http11 - 1, in, in_len) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

static bool configure(struct tls_context *ctx, char *err, size_t err_len)
{
    SSL_CTX *c = ctx->ssl_ctx;
    /* A certificate from the start, so a handshake never finds none even if the SNI callback
     * were skipped. */
    X509 *fallback = leaf_cache_cert_ref(ctx->leaves, TLS_FALLBACK_NAME);
    bool ok = fallback && SSL_CTX_use_certificate(c, fallback) == 1 &&
              SSL_CTX_use_PrivateKey(c, leaf_cache_key_ref(ctx->leaves)) == 1 &&
              SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) == 1 &&
              SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION) == 1;
    if (!ok) {
        tls_error_describe(err, err_len, "cannot set up TLS");
        return false;
    }
    SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_NO_COMPRESSION);
    /* Tickets resume sessions without a server-side cache, which would only grow. */
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(c, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_tlsext_servername_callback(c, on_server_name);
    SSL_CTX_set_tlsext_servername_arg(c, ctx);
    SSL_CTX_set_alpn_select_cb(c, on_alpn, NULL);
    return true;
}

struct tls_context *tls_context_new(char *err, size_t err_len)
{
    struct tls_context *ctx = xcalloc(1, sizeof *ctx);
    ctx->ca = ca_open(err, err_len);
    if (!ctx->ca)
        goto fail;
    ctx->leaves = leaf_cache_new(ctx->ca, err, err_len);
    if (!ctx->leaves)
        goto fail;
    ctx->ssl_ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx->ssl_ctx) {
        tls_error_describe(err, err_len, "cannot create a TLS context");
        goto fail;
    }
    if (!configure(ctx, err, err_len))
        goto fail;
    log_msg(LOG_INFO, "TLS ready with the CA %s", ca_cert_path(ctx->ca));
    return ctx;
fail:
    tls_context_free(ctx);
    return NULL;
}

void tls_context_free(struct tls_context *ctx)
{
    if (!ctx)
        return;
    SSL_CTX_free(ctx->ssl_ctx);
    leaf_cache_free(ctx->leaves);
    ca_free(ctx->ca);
    free(ctx);
}

SSL *tls_context_new_ssl(struct tls_context *ctx, const char *default_name)
{
    SSL *ssl = SSL_new(ctx->ssl_ctx);
    if (!ssl) {
        ERR_clear_error();
        return NULL;
    }
    SSL_set_app_data(ssl, (void *)default_name);
    SSL_set_accept_state(ssl);
    return ssl;
}
